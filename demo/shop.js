// The demo shop's own code: catalog, cart, header and the page renderers. It stands in for what a
// real shop already has. It talks to Clientele only through window.clientele, as a site owner would,
// and leaves Product Viewed, Product Added (the [data-clientele-add] buttons) and page views to
// Clientele's autocapture. The same code runs the English pages (demo/) and the Simplified Chinese
// ones (demo/zh-CN/): the page's lang picks the shop's own words below; Clientele picks its own the
// same way (its message catalogue, README "Languages").

const CART_KEY = 'clientele-demo-cart';
const CONSENT_KEY = 'clientele-demo-consent';
const CURRENCY = 'GBP';
const ZH = document.documentElement.lang === 'zh-CN';
const LOCALE = ZH ? 'zh-CN' : 'en-GB';
/** Where this language's pages and catalog feed live. */
const BASE = ZH ? '/demo/zh-CN/' : '/demo/';
const FEED = ZH ? '/demo/data/catalog.zh-CN.json' : '/demo/data/catalog.json';
const money = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: CURRENCY });

/** The shop's own words (its header, buttons, pages), in the page's language. */
const S = ZH
  ? {
      shop: 'Clientele 礼品店', account: '账户', privacy: '隐私与你', owners: '店主专区', cart: '购物车', categories: '商品分类',
      footer1: ['一家 ', 'Clientele', ' 演示商店：在你的浏览器里运行的个性化推荐。你在这里的一举一动都不会离开这台设备；详见', '隐私与你', '。'],
      footer2: '商品和价格来自 Online Retail 数据集（Chen, Sain & Guo 2012, doi:10.1057/dbm.2012.17；UCI Machine Learning Repository, doi:10.24432/C5BW33），CC BY 4.0。',
      attribution: '出处与修改', add: '加入', addAria: (n) => `将${n}加入购物车`, added: (n) => `已将${n}加入购物车`, products: (n) => `${n} 件商品`,
      popularIn: (c) => `${c}人气商品`, notFound: '找不到这件商品', notFoundBody: '它可能已经售罄。', back: '返回商店', home: '首页', breadcrumb: '面包屑导航',
      lead: (c) => `${c}系列中的人气好物，也是顾客最常订购的三百件商品之一。`, addToCart: '加入购物车', viewCart: '查看购物车', code: '商品编号', delivery: '配送',
      freeOver: '满 £30 英国境内免运费', tags: '标签', alsoLike: '你可能还喜欢', together: '经常一起购买', recent: '最近浏览', buyAgain: '再次购买',
      each: (p) => `单价 ${p}`, fewer: (n) => `减少一件${n}`, more: (n) => `增加一件${n}`, remove: '移除', removed: (n) => `已移除${n}`, free: '免运费', total: '合计',
      consentOn: '已开启：Clientele 把你的浏览记录保存在这台设备上，并据此为你个性化商店。',
      consentOff: '已关闭：不再记录新的行为，已保存的记录也不会被使用（点“忘记我”即可删除）；你看到的商店和其他人一样。',
      notLoaded: 'Clientele 还没有加载完成，请稍后再试', forgetConfirm: '删除 Clientele 在这台设备上保存的关于你的全部信息？', forgotten: '完成：你在这台设备上的记录已全部删除',
      working: '正在计算你的分群…', noSegments: 'Clientele 还没有加载，暂时没有可显示的内容。运行 npm run demo 来构建它。',
      rows: ['生命周期', 'RFM', '行为分群', '90 天内购买的可能性', '最喜欢的分类', '受众'], noOrders: '还没有订单', orders: (o, m, d) => `${o} 个订单，消费 ${m}${d === null ? '' : `，最近一次在 ${d} 天前`}`,
      notEnough: '数据不足', unknown: '未知', noneYet: '暂无', none: '无', band: (b) => `价格档位：${b}`,
      heroShows: '首页横幅显示', because: '，因为', inAudience: (a) => `你属于“${a}”受众，这是横幅各版本中第一个要求的受众`, noAudience: '你不属于横幅各版本要求的任何受众，所以显示默认版本',
      allReasons: '全部原因', catalogFailed: '商店无法加载商品目录。请用 npm run demo 启动仓库根目录的服务。',
    }
  : {
      shop: 'Clientele Gift Shop', account: 'Account', privacy: 'Privacy & you', owners: 'For shop owners', cart: 'Cart', categories: 'Categories',
      footer1: ['A demo shop for ', 'Clientele', ': personalization that runs in your browser. Nothing you do here leaves this device; see ', 'Privacy & you', '.'],
      footer2: 'Products and prices from the Online Retail data set (Chen, Sain & Guo 2012, doi:10.1057/dbm.2012.17; UCI Machine Learning Repository, doi:10.24432/C5BW33), CC BY 4.0. ',
      attribution: 'Attribution and changes', add: 'Add', addAria: (n) => `Add ${n} to cart`, added: (n) => `Added ${n} to your cart`, products: (n) => `${n} products`,
      popularIn: (c) => `Popular in ${c}`, notFound: 'We could not find that product', notFoundBody: 'It may have sold out. ', back: 'Back to the shop', home: 'Home', breadcrumb: 'Breadcrumb',
      lead: (c) => `A favourite from our ${c.toLowerCase()} range, and one of the three hundred products our customers order most.`, addToCart: 'Add to cart', viewCart: 'View cart', code: 'Product code', delivery: 'Delivery',
      freeOver: 'Free UK delivery over £30', tags: 'Tags', alsoLike: 'You may also like', together: 'Often bought together', recent: 'Recently viewed', buyAgain: 'Buy again',
      each: (p) => `${p} each`, fewer: (n) => `One fewer ${n}`, more: (n) => `One more ${n}`, remove: 'Remove', removed: (n) => `Removed ${n}`, free: 'Free', total: 'Total',
      consentOn: 'On: Clientele keeps your history on this device and personalises the shop.',
      consentOff: 'Off: nothing new is stored, what is already stored is not used (Forget me deletes it), and you see the same shop as everyone else.',
      notLoaded: 'Clientele has not loaded yet; try again in a moment', forgetConfirm: 'Delete everything Clientele has stored about you on this device?', forgotten: 'Done: your history on this device is gone',
      working: 'Working out your segments…', noSegments: 'Clientele has not loaded yet, so there is nothing to show. Run npm run demo to build it.',
      rows: ['Lifecycle', 'RFM', 'Behaviour cluster', 'Chance to buy in 90 days', 'Favourite categories', 'Audiences'], noOrders: 'no orders yet', orders: (o, m, d) => `${o} orders, ${m} spent${d === null ? '' : `, last ${d} days ago`}`,
      notEnough: 'not enough data', unknown: 'unknown', noneYet: 'none yet', none: 'none', band: (b) => `price band: ${b}`,
      heroShows: 'The hero shows ', because: ' because ', inAudience: (a) => `you are in the "${a}" audience, the first one the hero's variants ask for`, noAudience: 'you are in none of the audiences its variants ask for, so it shows the default',
      allReasons: 'All the reasons', catalogFailed: 'The shop could not load its catalog. Serve the repository root with npm run demo.',
    };
/** This page in the other language (the owner page has only an English version). */
const otherLanguage = () => (ZH ? location.pathname.replace('/demo/zh-CN/', '/demo/') : document.body.dataset.page === 'owner' ? '/demo/zh-CN/index.html' : location.pathname.replace('/demo/', '/demo/zh-CN/')) + location.search;
/** A catalog URL (always /demo/...) on this language's pages. */
const local = (url) => url.replace(/^\/demo\//, BASE);
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
  catalogPromise ??= fetch(FEED)
    .then((r) => {
      if (!r.ok) throw new Error(`${FEED}: HTTP ${r.status}`);
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
        h('a', { class: 'brand', href: BASE + 'index.html' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '✿'), S.shop),
        h('nav', { class: 'top-links', 'aria-label': S.account },
          h('a', { class: 'lang-link', href: otherLanguage(), lang: ZH ? 'en-GB' : 'zh-CN', hreflang: ZH ? 'en-GB' : 'zh-CN' }, ZH ? 'English' : '中文'),
          h('a', { href: BASE + 'account.html' }, S.privacy),
          h('a', { href: '/demo/owner.html', ...(ZH ? { hreflang: 'en-GB' } : {}) }, S.owners),
          h('a', { class: 'cart-link', href: BASE + 'cart.html' }, S.cart + ' ', h('span', { class: 'badge', 'data-cart-count': '' }, '0')),
        ),
      ),
      h('nav', { class: 'cats', 'aria-label': S.categories },
        catalog.categories.map((c) => h('a', { href: `${BASE}category.html?c=${c.id}`, 'aria-current': c.id === current ? 'page' : null }, c.name)),
      ),
    );
  }
  const footer = $('#site-footer');
  if (footer) {
    footer.replaceChildren(
      h('div', { class: 'foot' },
        h('p', {},
          S.footer1[0], h('a', { href: '/README.md' }, S.footer1[1]), S.footer1[2],
          h('a', { href: BASE + 'account.html' }, S.footer1[3]), S.footer1[4]),
        h('p', { class: 'small' }, S.footer2, h('a', { href: '/demo/data/ATTRIBUTION.md' }, S.attribution), ZH ? '。' : '.'),
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
    h('a', { class: 'card-link', href: local(p.url) },
      h('img', { src: p.image_url, alt: '', loading: 'lazy', width: 400, height: 400 }),
      h('span', { class: 'card-cat' }, p.category),
      h('span', { class: 'card-name' }, p.name),
    ),
    h('div', { class: 'card-foot' },
      h('span', { class: 'price' }, price(p.price)),
      h('button', { class: 'btn small', type: 'button', 'data-clientele-add': '', 'data-product-id': p.product_id, 'aria-label': S.addAria(p.name) }, S.add),
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
  toast(S.added(p ? p.name : id));
});
window.addEventListener('storage', (e) => { if (e.key === CART_KEY) updateCartCount(); });

// ---------------------------------------------------------------- pages

const pages = {
  home(catalog) {
    const cats = $('#categories');
    cats.replaceChildren(...catalog.categories.map((c) =>
      h('a', { class: 'cat-tile', href: `${BASE}category.html?c=${c.id}` },
        h('img', { src: c.image_url, alt: '', width: 400, height: 400 }),
        h('span', { class: 'cat-name' }, c.name),
        h('span', { class: 'cat-count' }, S.products(c.count)))));
    // The catalog is ordered by how many orders hold each product, so its head is the shop's own bestseller list.
    $('#bestsellers').replaceChildren(...catalog.products.slice(0, 10).map(productCard));
  },

  category(catalog) {
    const id = params.get('c');
    const cat = catalog.categories.find((c) => c.id === id) ?? catalog.categories[0];
    document.title = `${cat.name} · ${S.shop}`;
    $('#cat-title').textContent = cat.name;
    $('#cat-count').textContent = S.products(cat.count);
    const products = catalog.products.filter((p) => p.category === cat.name);
    const grid = $('#cat-grid');
    const sortSel = $('#sort');
    const draw = () => {
      const sorted = [...products];
      if (sortSel.value === 'price-asc') sorted.sort((a, b) => a.price - b.price);
      if (sortSel.value === 'price-desc') sorted.sort((a, b) => b.price - a.price);
      if (sortSel.value === 'name') sorted.sort((a, b) => a.name.localeCompare(b.name, LOCALE));
      grid.replaceChildren(...sorted.map(productCard));
    };
    sortSel.addEventListener('change', draw);
    draw();
    recommendRow($('#cat-popular'), { type: 'popular', limit: 6, filters: { category: cat.name } }, S.popularIn(cat.name));
  },

  product(catalog) {
    const id = params.get('id');
    const p = catalog.byId.get(id);
    const main = $('#product');
    if (!p) {
      main.replaceChildren(h('div', { class: 'empty' }, h('h1', {}, S.notFound), h('p', {}, S.notFoundBody, h('a', { href: BASE + 'index.html' }, S.back), ZH ? '。' : '.')));
      return;
    }
    document.title = `${p.name} · ${S.shop}`;
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
      url: new URL(local(p.url), location.origin).href,
      offers: { '@type': 'Offer', price: p.price.toFixed(2), priceCurrency: p.currency, availability: 'https://schema.org/InStock' },
    });
    document.head.append(ld);

    main.replaceChildren(
      h('nav', { class: 'crumbs', 'aria-label': S.breadcrumb },
        h('a', { href: BASE + 'index.html' }, S.home), ' / ',
        cat ? h('a', { href: `${BASE}category.html?c=${cat.id}` }, cat.name) : p.category, ' / ',
        h('span', {}, p.name)),
      h('div', { class: 'pdp' },
        h('img', { class: 'pdp-img', src: p.image_url, alt: p.name, width: 400, height: 400 }),
        h('div', { class: 'pdp-info' },
          h('p', { class: 'card-cat' }, p.category),
          h('h1', {}, p.name),
          h('div', { class: 'pdp-price' }, price(p.price)),
          h('p', { class: 'lead' }, S.lead(p.category)),
          h('div', { class: 'pdp-actions' },
            h('button', { class: 'btn', type: 'button', 'data-clientele-add': '', 'data-product-id': p.product_id }, S.addToCart),
            h('a', { class: 'btn ghost', href: BASE + 'cart.html' }, S.viewCart)),
          h('dl', { class: 'facts' },
            h('dt', {}, S.code), h('dd', {}, p.sku),
            h('dt', {}, S.delivery), h('dd', {}, S.freeOver),
            h('dt', {}, S.tags), h('dd', {}, p.tags.map((t) => h('span', { class: 'chip', lang: 'en' }, t)))),
        ),
      ),
    );

    // Rows added after the page has loaded are mounted through the API, seeded with this product (which
    // none of them shows: "Recently viewed" leaves it out, and the rows do not repeat each other).
    const rows = [
      ['#row-similar', { type: 'similar', itemId: p.product_id, limit: 6, title: S.alsoLike }],
      ['#row-bought-together', { type: 'bought-together', itemId: p.product_id, limit: 4, title: S.together }],
      ['#row-recent', { type: 'recently-viewed', itemId: p.product_id, limit: 6, title: S.recent }],
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
          h('div', { class: 'line-info' }, h('a', { href: local(p.url) }, p.name), h('span', { class: 'muted' }, S.each(price(p.price)))),
          h('div', { class: 'qty' },
            h('button', { type: 'button', class: 'icon', 'aria-label': S.fewer(p.name), onclick: () => setQty(p, p.quantity - 1) }, '−'),
            h('span', {}, String(p.quantity)),
            h('button', { type: 'button', class: 'icon', 'aria-label': S.more(p.name), onclick: () => setQty(p, p.quantity + 1) }, '+')),
          h('span', { class: 'line-total' }, price(p.price * p.quantity)),
          h('button', { type: 'button', class: 'link', onclick: () => remove(p) }, S.remove))));
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
      toast(S.removed(p.name));
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
      h('li', { class: 'muted' }, h('span', {}, S.delivery), h('span', {}, shipping(total) ? price(shipping(total)) : S.free)),
      h('li', { class: 'sum' }, h('span', {}, S.total), h('span', {}, price(total + shipping(total)))),
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
      // Only what was just bought (and bought before): a buy-again row never shows anything else.
      cl().mount($('#row-buy-again'), { type: 'buy-again', limit: 6, title: S.buyAgain });
    });
  },

  account() {
    const toggle = $('#consent');
    toggle.checked = localStorage.getItem(CONSENT_KEY) !== 'no';
    const status = $('#consent-status');
    const showConsent = () => {
      status.textContent = toggle.checked ? S.consentOn : S.consentOff;
    };
    showConsent();
    toggle.addEventListener('change', () => {
      localStorage.setItem(CONSENT_KEY, toggle.checked ? 'yes' : 'no');
      cl().consent(toggle.checked);
      showConsent();
    });

    $('#download').addEventListener('click', async () => {
      const data = await withTimeout(cl().exportData(), 10000);
      if (data === undefined) return toast(S.notLoaded);
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const a = h('a', { href: URL.createObjectURL(blob), download: `clientele-data-${new Date().toISOString().slice(0, 10)}.json` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    });

    $('#forget').addEventListener('click', async () => {
      if (!confirm(S.forgetConfirm)) return;
      const done = await withTimeout(cl().forget(), 10000);
      if (done === undefined) return toast(S.notLoaded);
      localStorage.removeItem(CART_KEY);
      updateCartCount();
      toast(S.forgotten);
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
  return chosen ? { variant: chosen, why: S.inAudience(chosen.audience) } : { variant: slot.default, why: S.noAudience };
}

async function showSegments() {
  const panel = $('#segments');
  panel.replaceChildren(h('p', { class: 'muted' }, S.working));
  const s = await withTimeout(cl().segments(), 10000);
  if (!s) {
    panel.replaceChildren(h('p', { class: 'muted' }, S.noSegments));
    return;
  }
  const [L, R, C, P, F, A] = S.rows;
  const rows = [
    [L, `${s.lifecycle.stage}`, s.lifecycle.reason],
    [R, s.rfm ? `${s.rfm.tier} (R${s.rfm.r} F${s.rfm.f} M${s.rfm.m})` : S.noOrders, s.rfm ? S.orders(s.rfm.orders, price(s.rfm.monetary), s.rfm.recencyDays === null ? null : Math.round(s.rfm.recencyDays)) : ''],
    [C, s.cluster ? s.cluster.name : S.notEnough, ''],
    [P, s.propensity.purchase90d === null ? S.unknown : `${Math.round(s.propensity.purchase90d * 100)}%`, ''],
    [F, s.affinities.categories.slice(0, 3).map(([c]) => c).join(', ') || S.noneYet, s.affinities.priceBand ? S.band(s.affinities.priceBand) : ''],
    [A, (s.audiences || []).join(', ') || S.none, ''],
  ];
  const hero = explainHero(s);
  panel.replaceChildren(
    h('table', { class: 'seg-table' }, h('tbody', {}, rows.map(([k, v, why]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, h('strong', {}, v), why ? h('span', { class: 'muted' }, ' · ' + why) : null))))),
    hero ? h('p', { class: 'hero-why' }, S.heroShows, h('strong', {}, `"${hero.variant.id}"`), `${S.because}${hero.why}${ZH ? '。' : '.'}`) : null,
    s.reasons?.length ? h('details', {}, h('summary', {}, S.allReasons), h('ul', { lang: 'en' }, s.reasons.map((r) => h('li', {}, r)))) : null,
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
    if (main) main.prepend(h('p', { class: 'empty' }, S.catalogFailed));
  });
