// Writes demo/data/catalog.zh-CN.json, the catalog feed of the demo shop's Simplified Chinese pages
// (demo/zh-CN/): the same products, linked to the Chinese pages, with Chinese category names. Product
// names stay as the shop's data has them (English), as a real shop's feed would until it is translated.
//
//   npx tsx scripts/make-demo-catalog-zh.ts
import { readFileSync, writeFileSync } from 'node:fs';

/** Category names on the Chinese pages, by category id. */
export const CATEGORY_ZH: Record<string, string> = {
  christmas: '圣诞节',
  'candles-lights': '蜡烛与灯饰',
  party: '派对用品',
  toys: '玩具与游戏',
  garden: '花园',
  bags: '包袋',
  accessories: '温馨礼物',
  kitchen: '厨房',
  stationery: '文具',
  storage: '收纳',
  'home-decor': '家居装饰',
};

interface Feed { categories: Array<{ id: string; name: string }>; products: Array<{ category: string; url: string }>; [k: string]: unknown }
const feed = JSON.parse(readFileSync('demo/data/catalog.json', 'utf8')) as Feed;
const byName = new Map(feed.categories.map((c) => [c.name, c.id]));
const out: Feed = {
  ...feed,
  generated_by: 'scripts/make-demo-catalog-zh.ts from catalog.json',
  categories: feed.categories.map((c) => ({ ...c, name: CATEGORY_ZH[c.id] ?? c.name })),
  products: feed.products.map((p) => ({ ...p, category: CATEGORY_ZH[byName.get(p.category)!] ?? p.category, url: p.url.replace('/demo/', '/demo/zh-CN/') })),
};
writeFileSync('demo/data/catalog.zh-CN.json', JSON.stringify(out));
console.log(`demo/data/catalog.zh-CN.json: ${out.products.length} products, ${out.categories.length} categories`);
