// webpack 5 with its defaults: production mode, no loaders, no plugins. It finds the worker from
// `new Worker(new URL(..., import.meta.url))` and the widget chunk from import() on its own. WEBPACK_TRUSTED_TYPES=name
// gives its chunk loading a Trusted Types policy of that name (output.trustedTypes), as the README says for such pages.
import webpack from 'webpack';
import { copyFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const out = resolve('dist');
const stats = await new Promise((ok, fail) =>
  webpack({ mode: 'production', context: resolve('.'), entry: './src/main.js', output: { path: out, publicPath: '/', clean: true, ...(process.env.WEBPACK_TRUSTED_TYPES ? { trustedTypes: { policyName: process.env.WEBPACK_TRUSTED_TYPES } } : {}) } }, (err, s) => (err ? fail(err) : ok(s))),
);
if (stats.hasErrors()) {
  console.error(stats.toString('errors-only'));
  process.exit(1);
}
writeFileSync(resolve(out, 'index.html'), '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>webpack shop</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Cake Tin","sku":"TIN-1","offers":{"@type":"Offer","price":"14.00","priceCurrency":"GBP"}}</script></head><body><h1>webpack shop</h1><div id="recs"></div><script src="/main.js"></script></body></html>\n');
copyFileSync(resolve('catalog.json'), resolve(out, 'catalog.json'));
console.log(stats.toString({ assets: true, modules: false, colors: false }));
