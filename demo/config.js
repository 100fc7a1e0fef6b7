// The demo shop's Clientele settings, shared by every page. Loaded right after the snippet, so
// `clientele.init` is queued by the stub if the script has not arrived yet.
// Add ?debug to any page's URL to see Clientele's log in the console.
// The Simplified Chinese pages (demo/zh-CN/, <html lang="zh-CN">) share the site id, so a visitor's
// history follows them across languages; they get their own catalog feed (links to the Chinese pages)
// and hero texts. Clientele's own words (row titles, reasons, labels) follow the locale by themselves.
(function () {
  var zh = document.documentElement.lang === 'zh-CN';
  var base = zh ? '/demo/zh-CN/' : '/demo/';
  var text = zh
    ? {
        loyalty: ['感谢你成为我们最好的顾客之一', '今年余下的订单全部免运费，新的圣诞系列也请你抢先看。', '看看圣诞系列'],
        winBack: ['好久不见，我们很想你', '好久没来了，下次下单输入优惠码 COMEBACK15 立减 15%。', '从上次离开的地方继续'],
        welcome: ['欢迎光临 Clientele 礼品店', '来自一家真实英国礼品店的三百件人气好物。首单输入 HELLO10 立减 10%。', '选购畅销好物'],
        classic: ['小礼物，大欢喜', '午餐袋、蛋糕架、彩旗，还有数不清的烛台。', '逛逛商店'],
      }
    : {
        loyalty: ['Thank you for being one of our best customers', 'Delivery is on us for the rest of the year, and our new Christmas range is yours to see first.', 'See the Christmas range'],
        winBack: ['We have missed you', 'It has been a while, so here is 15% off your next order with the code COMEBACK15.', 'Pick up where you left off'],
        welcome: ['Welcome to the Clientele Gift Shop', 'Three hundred best-loved gifts from a real UK gift shop. Take 10% off your first order with HELLO10.', 'Shop the bestsellers'],
        classic: ['Small gifts, big smiles', 'Lunch bags, cake stands, bunting and a great many T-light holders.', 'Browse the shop'],
      };
  var config = {
    siteId: 'clientele-demo',
    currency: 'GBP',
    locale: zh ? 'zh-CN' : 'en-GB',
    catalogUrl: zh ? '/demo/data/catalog.zh-CN.json' : '/demo/data/catalog.json',
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
            title: text.loyalty[0],
            body: text.loyalty[1],
            cta: text.loyalty[2],
            href: base + 'category.html?c=christmas',
            image: '/demo/img/christmas.svg',
          },
          {
            id: 'win-back',
            audience: 'lapsing',
            title: text.winBack[0],
            body: text.winBack[1],
            cta: text.winBack[2],
            href: base + 'index.html#for-you',
            image: '/demo/img/accessories.svg',
          },
          {
            id: 'welcome',
            audience: 'newcomers',
            title: text.welcome[0],
            body: text.welcome[1],
            cta: text.welcome[2],
            href: base + 'category.html?c=kitchen',
            image: '/demo/art/gifts.svg',
          },
        ],
        default: {
          id: 'classic',
          title: text.classic[0],
          body: text.classic[1],
          cta: text.classic[2],
          href: base + 'category.html?c=home-decor',
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
      variants: [{ id: 'control', name: 'Row of 6' }, { id: 'grid', name: 'Grid of 8', row: { layout: 'grid', limit: 8, title: zh ? '今日为你精选' : 'Picked for you today' } }],
    }];
    config.forward = { endpoint: '/collect', consent: 'unless-refused' };
  }
  window.CLIENTELE_DEMO_CONFIG = config;
  window.clientele.init(config);
})();
