// The demo shop's own code: catalog, cart, header and the page renderers. It stands in for what a
// real shop already has. It talks to Clientele only through window.clientele, as a site owner would,
// and leaves Product Viewed, Product Added (the [data-clientele-add] buttons) and page views to
// Clientele's autocapture.

const CART_KEY = 'clientele-demo-cart';
const CONSENT_KEY = 'clientele-demo-consent';
const CURRENCY = 'GBP';
const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: CURRENCY });
const params = new URLSearchParams(location.search);
const cl = () => window.clientele;

// ---------------------------------------------------------------- small DOM helper

/** h('a', { href: '/x', class: 'btn' }, 'text', child) — text is always set as text, never as HTML. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
const $ = (sel, root = document) => root.querySelector(sel);
const price = (p) => money.format(p);

// ---------------------------------------------------------------- catalog

let catalogPromise;
/** The catalog feed, fetched once per page. */
function loadCatalog() {
  catalogPromise ??= fetch('/demo/data/catalog.json')
    .then((r) => {
      if (!r.ok) throw new Error(`catalog.json: HTTP ${r.status}`);
      return r.json();
    })
    .then((c) => ({ ...c, byId: new Map(c.products.map((p) => [p.product_id, p])) }));
  return catalogPromise;
}
const categoryOf = (catalog, name) => catalog.categories.find((c) => c.name === name);

// ---------------------------------------------------------------- cart (localStorage)

function readCart() {
  try {
    const lines = JSON.parse(localStorage.getItem(CART_KEY) || '[]');
    return Array.isArray(lines) ? lines.filter((l) => l && typeof l.product_id === 'string' && l.quantity > 0) : [];
  } catch {
    return [];
  }
}
function writeCart(lines) {
  localStorage.setItem(CART_KEY, JSON.stringify(lines));
  updateCartCount();
}
function addToCart(id, quantity = 1) {
  const lines = readCart();
  const line = lines.find((l) => l.product_id === id);
  if (line) line.quantity += quantity;
  else lines.push({ product_id: id, quantity });
  writeCart(lines);
}
const cartCount = () => readCart().reduce((n, l) => n + l.quantity, 0);
function updateCartCount() {
  const n = cartCount();
  for (const el of document.querySelectorAll('[data-cart-count]')) {
    el.textContent = String(n);
    el.hidden = n === 0;
  }
}
/** Cart lines joined with the catalog, as Segment product objects. */
function cartProducts(catalog) {
  return readCart()
    .map((l) => {
      const p = catalog.byId.get(l.product_id);
      return p && { product_id: p.product_id, sku: p.sku, name: p.name, price: p.price, currency: p.currency, category: p.category, url: p.url, image_url: p.image_url, quantity: l.quantity };
    })
    .filter(Boolean);
}
const cartTotal = (products) => Math.round(products.reduce((s, p) => s + p.price * p.quantity, 0) * 100) / 100;

// ---------------------------------------------------------------- header, footer, toast

function renderChrome(catalog) {
  const header = $('#site-header');
  if (header) {
    const current = params.get('c');
    header.replaceChildren(
      h('div', { class: 'bar' },
        h('a', { class: 'brand', href: '/demo/index.html' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '✿'), 'Clientele Gift Shop'),
        h('nav', { class: 'top-links', 'aria-label': 'Account' },
          h('a', { href: '/demo/account.html' }, 'Privacy & you'),
          h('a', { href: '/demo/owner.html' }, 'For shop owners'),
          h('a', { class: 'cart-link', href: '/demo/cart.html' }, 'Cart ', h('span', { class: 'badge', 'data-cart-count': '' }, '0')),
        ),
      ),
      h('nav', { class: 'cats', 'aria-label': 'Categories' },
        catalog.categories.map((c) => h('a', { href: `/demo/category.html?c=${c.id}`, 'aria-current': c.id === current ? 'page' : null }, c.name)),
      ),
    );
  }
  const footer = $('#site-footer');
  if (footer) {
    footer.replaceChildren(
      h('div', { class: 'foot' },
        h('p', {},
          'A demo shop for ', h('a', { href: '/README.md' }, 'Clientele'),
          ': personalization that runs in your browser. Nothing you do here leaves this device; see ',
          h('a', { href: '/demo/account.html' }, 'Privacy & you'), '.'),
        h('p', { class: 'small' },
          'Products and prices from the Online Retail data set (Chen, Sain & Guo 2012, doi:10.1057/dbm.2012.17; UCI Machine Learning Repository, doi:10.24432/C5BW33), CC BY 4.0. ',
          h('a', { href: '/demo/data/ATTRIBUTION.md' }, 'Attribution and changes'), '.'),
      ),
    );
  }
  updateCartCount();
}

let toastTimer;
function toast(message) {
  let el = $('#toast');
  if (!el) document.body.append((el = h('div', { id: 'toast', role: 'status', 'aria-live': 'polite' })));
  el.textContent = message;
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 2200);
}

// ---------------------------------------------------------------- product cards and rows

function productCard(p) {
  // data-product-id lets autocapture record Product Clicked when the card's link is followed.
  return h('article', { class: 'card', 'data-product-id': p.product_id },
    h('a', { class: 'card-link', href: p.url },
      h('img', { src: p.image_url, alt: '', loading: 'lazy', width: 400, height: 400 }),
      h('span', { class: 'card-cat' }, p.category),
      h('span', { class: 'card-name' }, p.name),
    ),
    h('div', { class: 'card-foot' },
      h('span', { class: 'price' }, price(p.price)),
      h('button', { class: 'btn small', type: 'button', 'data-clientele-add': '', 'data-product-id': p.product_id, 'aria-label': `Add ${p.name} to cart` }, 'Add'),
    ),
  );
}

/**
 * Fills a row from clientele.recommend() and renders it with the shop's own cards: the headless way
 * to use Clientele. Shows the reason under each item. Hides the row if nothing comes back in time
 * (for instance while the script is not built yet).
 */
async function recommendRow(container, request, title) {
  container.replaceChildren(h('h2', {}, title), h('div', { class: 'grid row skeleton' }, Array.from({ length: Math.min(request.limit || 4, 6) }, () => h('div', { class: 'card ghost' }))));
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 8000));
  let recs;
  try {
    recs = await Promise.race([cl().recommend(request), timeout]);
  } catch {
    recs = null;
  }
  if (!Array.isArray(recs) || recs.length === 0) {
    container.hidden = true;
    return;
  }
  container.replaceChildren(
    h('h2', {}, title),
    h('div', { class: 'grid row' }, recs.map((r) => {
      const card = productCard(r.item);
      if (r.reason) card.append(h('p', { class: 'reason' }, r.reason));
      return card;
    })),
  );
}

// A click on any [data-clientele-add] button puts the product in the cart. Clientele's autocapture
// records Product Added from the same click, so the shop does not track it again.
document.addEventListener('click', async (e) => {
  const btn = e.target instanceof Element ? e.target.closest('[data-clientele-add]') : null;
  if (!btn) return;
  const id = btn.getAttribute('data-product-id');
  if (!id) return;
  const qty = Number(btn.getAttribute('data-quantity') || 1);
  addToCart(id, qty);
  const catalog = await loadCatalog();
  const p = catalog.byId.get(id);
  toast(`Added ${p ? p.name : id} to your cart`);
});
window.addEventListener('storage', (e) => { if (e.key === CART_KEY) updateCartCount(); });

// ---------------------------------------------------------------- pages

const pages = {
  home(catalog) {
    const cats = $('#categories');
    cats.replaceChildren(...catalog.categories.map((c) =>
      h('a', { class: 'cat-tile', href: `/demo/category.html?c=${c.id}` },
        h('img', { src: c.image_url, alt: '', width: 400, height: 400 }),
        h('span', { class: 'cat-name' }, c.name),
        h('span', { class: 'cat-count' }, `${c.count} products`))));
    // The catalog is ordered by how many orders hold each product, so its head is the shop's own bestseller list.
    $('#bestsellers').replaceChildren(...catalog.products.slice(0, 10).map(productCard));
  },

  category(catalog) {
    const id = params.get('c');
    const cat = catalog.categories.find((c) => c.id === id) ?? catalog.categories[0];
    document.title = `${cat.name} · Clientele Gift Shop`;
    $('#cat-title').textContent = cat.name;
    $('#cat-count').textContent = `${cat.count} products`;
    const products = catalog.products.filter((p) => p.category === cat.name);
    const grid = $('#cat-grid');
    const sortSel = $('#sort');
    const draw = () => {
      const sorted = [...products];
      if (sortSel.value === 'price-asc') sorted.sort((a, b) => a.price - b.price);
      if (sortSel.value === 'price-desc') sorted.sort((a, b) => b.price - a.price);
      if (sortSel.value === 'name') sorted.sort((a, b) => a.name.localeCompare(b.name));
      grid.replaceChildren(...sorted.map(productCard));
    };
    sortSel.addEventListener('change', draw);
    draw();
    recommendRow($('#cat-popular'), { type: 'popular', limit: 6, filters: { category: cat.name } }, `Popular in ${cat.name}`);
  },

  product(catalog) {
    const id = params.get('id');
    const p = catalog.byId.get(id);
    const main = $('#product');
    if (!p) {
      main.replaceChildren(h('div', { class: 'empty' }, h('h1', {}, 'We could not find that product'), h('p', {}, 'It may have sold out. ', h('a', { href: '/demo/index.html' }, 'Back to the shop'), '.')));
      return;
    }
    document.title = `${p.name} · Clientele Gift Shop`;
    const cat = categoryOf(catalog, p.category);

    // schema.org markup, as a shop's server would render it: Clientele reads it to record Product Viewed.
    const ld = h('script', { type: 'application/ld+json', id: 'product-jsonld' });
    ld.textContent = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: p.name,
      sku: p.sku,
      productID: p.product_id,
      image: new URL(p.image_url, location.origin).href,
      category: p.category,
      url: new URL(p.url, location.origin).href,
      offers: { '@type': 'Offer', price: p.price.toFixed(2), priceCurrency: p.currency, availability: 'https://schema.org/InStock' },
    });
    document.head.append(ld);

    main.replaceChildren(
      h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
        h('a', { href: '/demo/index.html' }, 'Home'), ' / ',
        cat ? h('a', { href: `/demo/category.html?c=${cat.id}` }, cat.name) : p.category, ' / ',
        h('span', {}, p.name)),
      h('div', { class: 'pdp' },
        h('img', { class: 'pdp-img', src: p.image_url, alt: p.name, width: 400, height: 400 }),
        h('div', { class: 'pdp-info' },
          h('p', { class: 'card-cat' }, p.category),
          h('h1', {}, p.name),
          h('p', { class: 'pdp-price' }, price(p.price)),
          h('p', { class: 'lead' }, `A favourite from our ${p.category.toLowerCase()} range, and one of the three hundred products our customers order most.`),
          h('div', { class: 'pdp-actions' },
            h('button', { class: 'btn', type: 'button', 'data-clientele-add': '', 'data-product-id': p.product_id }, 'Add to cart'),
            h('a', { class: 'btn ghost', href: '/demo/cart.html' }, 'View cart')),
          h('dl', { class: 'facts' },
            h('dt', {}, 'Product code'), h('dd', {}, p.sku),
            h('dt', {}, 'Delivery'), h('dd', {}, 'Free UK delivery over £30'),
            h('dt', {}, 'Tags'), h('dd', {}, p.tags.map((t) => h('span', { class: 'chip' }, t)))),
        ),
      ),
    );

    // Rows added after the page has loaded are mounted through the API, seeded with this product.
    const rows = [
      ['#row-similar', { type: 'similar', itemId: p.product_id, limit: 6, title: 'You may also like' }],
      ['#row-bought-together', { type: 'bought-together', itemId: p.product_id, limit: 4, title: 'Often bought together' }],
      ['#row-recent', { type: 'recently-viewed', limit: 6, title: 'Recently viewed' }],
    ];
    for (const [sel, opts] of rows) {
      const el = $(sel);
      el.setAttribute('data-item-id', p.product_id);
      cl().mount(el, opts);
    }
  },

  cart(catalog) {
    const draw = () => {
      const products = cartProducts(catalog);
      const list = $('#cart-lines');
      $('#cart-empty').hidden = products.length > 0;
      $('#cart-summary').hidden = products.length === 0;
      list.replaceChildren(...products.map((p) =>
        h('li', { class: 'line' },
          h('img', { src: p.image_url, alt: '', width: 72, height: 72 }),
          h('div', { class: 'line-info' }, h('a', { href: p.url }, p.name), h('span', { class: 'muted' }, `${price(p.price)} each`)),
          h('div', { class: 'qty' },
            h('button', { type: 'button', class: 'icon', 'aria-label': `One fewer ${p.name}`, onclick: () => setQty(p, p.quantity - 1) }, '−'),
            h('span', {}, String(p.quantity)),
            h('button', { type: 'button', class: 'icon', 'aria-label': `One more ${p.name}`, onclick: () => setQty(p, p.quantity + 1) }, '+')),
          h('span', { class: 'line-total' }, price(p.price * p.quantity)),
          h('button', { type: 'button', class: 'link', onclick: () => remove(p) }, 'Remove'))));
      $('#cart-total').textContent = price(cartTotal(products));
    };
    const setQty = (p, q) => {
      if (q <= 0) return remove(p);
      writeCart(readCart().map((l) => (l.product_id === p.product_id ? { ...l, quantity: q } : l)));
      draw();
    };
    const remove = (p) => {
      writeCart(readCart().filter((l) => l.product_id !== p.product_id));
      cl().track('Product Removed', { product_id: p.product_id, sku: p.sku, name: p.name, price: p.price, currency: p.currency, category: p.category, quantity: p.quantity });
      toast(`Removed ${p.name}`);
      draw();
    };
    draw();
    const products = cartProducts(catalog);
    cl().track('Cart Viewed', { products, value: cartTotal(products), currency: CURRENCY });
  },

  checkout(catalog) {
    const products = cartProducts(catalog);
    const form = $('#checkout-form');
    const summary = $('#order-summary');
    const shipping = (total) => (total >= 30 || total === 0 ? 0 : 3.95);
    const total = cartTotal(products);
    summary.replaceChildren(
      ...products.map((p) => h('li', {}, h('span', {}, `${p.quantity} × ${p.name}`), h('span', {}, price(p.price * p.quantity)))),
      h('li', { class: 'muted' }, h('span', {}, 'Delivery'), h('span', {}, shipping(total) ? price(shipping(total)) : 'Free')),
      h('li', { class: 'sum' }, h('span', {}, 'Total'), h('span', {}, price(total + shipping(total)))),
    );
    if (products.length === 0) {
      form.hidden = true;
      $('#checkout-empty').hidden = false;
      return;
    }
    cl().track('Checkout Started', { value: total, currency: CURRENCY, products });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const orderId = 'GS-' + Date.now().toString(36).toUpperCase() + '-' + Math.random().toString(36).slice(2, 6).toUpperCase();
      const ship = shipping(total);
      const email = String(new FormData(form).get('email') || '').trim().toLowerCase();
      // A stable id made from the email, so orders from the same customer join up; the address itself is not passed on.
      if (email) cl().identify('customer-' + hashString(email), { first_name: String(new FormData(form).get('name') || '').split(' ')[0] });
      cl().track('Order Completed', {
        order_id: orderId,
        total: Math.round((total + ship) * 100) / 100,
        revenue: total,
        shipping: ship,
        currency: CURRENCY,
        products,
      });
      writeCart([]);
      form.hidden = true;
      $('#summary-panel').hidden = true;
      $('#order-id').textContent = orderId;
      $('#thanks').hidden = false;
      $('#thanks').scrollIntoView({ behavior: 'smooth', block: 'start' });
      cl().mount($('#row-buy-again'), { type: 'buy-again', limit: 6, title: 'Buy again' });
    });
  },

  account() {
    const toggle = $('#consent');
    toggle.checked = localStorage.getItem(CONSENT_KEY) !== 'no';
    const status = $('#consent-status');
    const showConsent = () => {
      status.textContent = toggle.checked
        ? 'On: Clientele keeps your history on this device and personalises the shop.'
        : 'Off: nothing new is stored, and you see the same shop as everyone else.';
    };
    showConsent();
    toggle.addEventListener('change', () => {
      localStorage.setItem(CONSENT_KEY, toggle.checked ? 'yes' : 'no');
      cl().consent(toggle.checked);
      showConsent();
    });

    $('#download').addEventListener('click', async () => {
      const data = await withTimeout(cl().exportData(), 10000);
      if (data === undefined) return toast('Clientele has not loaded yet; try again in a moment');
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const a = h('a', { href: URL.createObjectURL(blob), download: `clientele-data-${new Date().toISOString().slice(0, 10)}.json` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    });

    $('#forget').addEventListener('click', async () => {
      if (!confirm('Delete everything Clientele has stored about you on this device?')) return;
      const done = await withTimeout(cl().forget(), 10000);
      if (done === undefined) return toast('Clientele has not loaded yet; try again in a moment');
      localStorage.removeItem(CART_KEY);
      updateCartCount();
      toast('Done: your history on this device is gone');
      showSegments();
    });

    $('#refresh-segments').addEventListener('click', showSegments);
    showSegments();
  },

  owner() {
    // The in-browser site-model build is wired up separately (see the comment in owner.html).
  },
};

/** Resolves to the promise's value, or undefined if it takes longer than ms (the script may not be built). */
function withTimeout(promise, ms) {
  return Promise.race([Promise.resolve(promise).catch(() => undefined), new Promise((r) => setTimeout(() => r(undefined), ms))]);
}

/** FNV-1a, as hex: short, stable, not reversible at a glance. */
function hashString(s) {
  let x = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return x.toString(16).padStart(8, '0');
}

/** Which hero variant the config picks for these audiences, and why: the same rule Clientele applies. */
function explainHero(segments) {
  const slot = window.CLIENTELE_DEMO_CONFIG?.slots?.hero;
  if (!slot) return null;
  const audiences = new Set(segments.audiences || []);
  const chosen = slot.variants.find((v) => v.audience && audiences.has(v.audience));
  return chosen
    ? { variant: chosen, why: `you are in the "${chosen.audience}" audience, the first one the hero's variants ask for` }
    : { variant: slot.default, why: 'you are in none of the audiences its variants ask for, so it shows the default' };
}

async function showSegments() {
  const panel = $('#segments');
  panel.replaceChildren(h('p', { class: 'muted' }, 'Working out your segments…'));
  const s = await withTimeout(cl().segments(), 10000);
  if (!s) {
    panel.replaceChildren(h('p', { class: 'muted' }, 'Clientele has not loaded yet, so there is nothing to show. Run npm run demo to build it.'));
    return;
  }
  const rows = [
    ['Lifecycle', `${s.lifecycle.stage}`, s.lifecycle.reason],
    ['RFM', s.rfm ? `${s.rfm.tier} (R${s.rfm.r} F${s.rfm.f} M${s.rfm.m})` : 'no orders yet', s.rfm ? `${s.rfm.orders} orders, ${price(s.rfm.monetary)} spent${s.rfm.recencyDays === null ? '' : `, last ${Math.round(s.rfm.recencyDays)} days ago`}` : ''],
    ['Behaviour cluster', s.cluster ? s.cluster.name : 'not enough data', ''],
    ['Chance to buy in 90 days', s.propensity.purchase90d === null ? 'unknown' : `${Math.round(s.propensity.purchase90d * 100)}%`, ''],
    ['Favourite categories', s.affinities.categories.slice(0, 3).map(([c]) => c).join(', ') || 'none yet', s.affinities.priceBand ? `price band: ${s.affinities.priceBand}` : ''],
    ['Audiences', (s.audiences || []).join(', ') || 'none', ''],
  ];
  const hero = explainHero(s);
  panel.replaceChildren(
    h('table', { class: 'seg-table' }, h('tbody', {}, rows.map(([k, v, why]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, h('strong', {}, v), why ? h('span', { class: 'muted' }, ' · ' + why) : null))))),
    hero ? h('p', { class: 'hero-why' }, 'The hero shows ', h('strong', {}, `"${hero.variant.id}"`), ` because ${hero.why}.`) : null,
    s.reasons?.length ? h('details', {}, h('summary', {}, 'All the reasons'), h('ul', {}, s.reasons.map((r) => h('li', {}, r)))) : null,
  );
}

// ---------------------------------------------------------------- start

loadCatalog()
  .then((catalog) => {
    renderChrome(catalog);
    pages[document.body.dataset.page]?.(catalog);
  })
  .catch((err) => {
    console.error('[demo shop] could not load the catalog:', err);
    const main = $('main');
    if (main) main.prepend(h('p', { class: 'empty' }, 'The shop could not load its catalog. Serve the repository root with npm run demo.'));
  });
