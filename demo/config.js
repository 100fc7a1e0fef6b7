// The demo shop's Clientele settings, shared by every page. Loaded right after the snippet, so
// `clientele.init` is queued by the stub if the script has not arrived yet.
// Add ?debug to any page's URL to see Clientele's log in the console.
(function () {
  var config = {
    siteId: 'clientele-demo',
    currency: 'GBP',
    locale: 'en-GB',
    catalogUrl: '/demo/data/catalog.json',
    siteModelUrl: '/demo/model/manifest.json',
    debug: /[?&]debug\b/.test(location.search),

    // Named audiences over the visitor's segments (README, "Audiences").
    audiences: {
      newcomers: { lifecycle: { in: ['prospect', 'new'] } },
      lapsing: { lifecycle: { in: ['at-risk', 'lapsed'] } },
      champions: { 'rfm.tier': 'champions' },
    },

    // The home page hero: the first variant whose audience matches is shown, else the default.
    slots: {
      hero: {
        variants: [
          {
            id: 'loyalty',
            audience: 'champions',
            title: 'Thank you for being one of our best customers',
            body: 'Delivery is on us for the rest of the year, and our new Christmas range is yours to see first.',
            cta: 'See the Christmas range',
            href: '/demo/category.html?c=christmas',
            image: '/demo/img/christmas.svg',
          },
          {
            id: 'win-back',
            audience: 'lapsing',
            title: 'We have missed you',
            body: 'It has been a while, so here is 15% off your next order with the code COMEBACK15.',
            cta: 'Pick up where you left off',
            href: '/demo/index.html#for-you',
            image: '/demo/img/accessories.svg',
          },
          {
            id: 'welcome',
            audience: 'newcomers',
            title: 'Welcome to the Clientele Gift Shop',
            body: 'Three hundred best-loved gifts from a real UK gift shop. Take 10% off your first order with HELLO10.',
            cta: 'Shop the bestsellers',
            href: '/demo/category.html?c=kitchen',
            image: '/demo/art/gifts.svg',
          },
        ],
        default: {
          id: 'classic',
          title: 'Small gifts, big smiles',
          body: 'Lunch bags, cake stands, bunting and a great many T-light holders.',
          cta: 'Browse the shop',
          href: '/demo/category.html?c=home-decor',
          image: '/demo/art/gifts.svg',
        },
      },
    },
  };
  // The owner page's "run the loop" switch: a 50% holdout, an experiment on the home row, and forwarding to the demo
  // server's collector, so the owner page's report shows this browser's own visits. Off unless switched on.
  var loop = false;
  try { loop = localStorage.getItem('clientele-demo-loop') === '1'; } catch (e) { /* storage blocked */ }
  if (loop) {
    config.holdout = { percent: 50 };
    config.experiments = [{
      id: 'home-row', name: 'Home row: grid of 8', target: { rows: 'for-you' },
      variants: [{ id: 'control', name: 'Row of 6' }, { id: 'grid', name: 'Grid of 8', row: { layout: 'grid', limit: 8, title: 'Picked for you today' } }],
    }];
    config.forward = { endpoint: '/collect', consent: 'unless-refused' };
  }
  window.CLIENTELE_DEMO_CONFIG = config;
  window.clientele.init(config);
})();
