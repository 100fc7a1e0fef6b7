// The app code both fixture apps run: what an adopter writes after `npm install clientele`.
import { createClientele } from 'clientele';

const clientele = createClientele({ siteId: 'bundler-fixture', catalogUrl: '/catalog.json', locale: 'en-GB', currency: 'GBP' });
window.clientele = clientele;
// For the suite: an app that calls it again (React StrictMode, hot reload) gets the same instance.
window.createClientele = createClientele;
clientele.track('Product Viewed', { product_id: 'MUG-1', name: 'Red Mug', price: 9.5, currency: 'GBP', category: 'Kitchen' });
clientele.mount('#recs', { type: 'popular', limit: 4 });
clientele.ready().then((ok) => document.body.setAttribute('data-ready', String(ok)));
