// A row's loading skeletons hold the size of the row that replaces them, so nothing on the page moves when the first
// recommendations arrive (no layout shift). The real widget chunk in Chromium, its recommend() held back by the test.
import { test, expect } from '@playwright/test';

const NAMES = ['Mug', 'White Hanging Heart T-Light Holder With A Very Long Name That Wraps', 'Tea', 'Jumbo Bag Red Retrospot'];
const CASES = [
  { row: 'popular', title: 'one reason for the whole row', reasons: NAMES.map(() => 'popular with other shoppers') },
  { row: 'popular', title: 'no reasons', reasons: NAMES.map(() => '') },
  { row: 'for-you', title: 'a reason per card, short and long', reasons: ['Because you viewed Tea', 'Because you bought the White Hanging Heart T-Light Holder and the Jumbo Bag Red Retrospot last winter', '', 'Popular in Kitchen'] },
  { row: 'for-you', title: 'the same reason on every card', reasons: NAMES.map(() => 'Because you viewed Tea') },
];

for (const c of CASES) test(`skeletons take the height of the rendered row, with short and two-line names alike: ${c.row}, ${c.title}`, async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await page.addScriptTag({ url: '/dist/clientele-widget.js' });
  const heights = await page.evaluate(async ({ row, reasons, names }) => {
    type Host = { recommend(): Promise<unknown[]>; chooseSlot(): Promise<unknown>; track(): void; locale: string; currency: string; warn(): void };
    const widget = (window as unknown as { __clienteleWidget: { mountRow(el: Element, o: object, h: Host): () => void } }).__clienteleWidget;
    const el = document.createElement('div');
    el.style.width = '900px';
    document.body.append(el);
    let release!: (items: unknown[]) => void;
    const host: Host = { recommend: () => new Promise((r) => { release = r; }), chooseSlot: async () => ({}), track: () => undefined, locale: 'en-GB', currency: 'GBP', warn: () => undefined };
    widget.mountRow(el, { type: row, limit: 4, title: 'A row' }, host);
    const settle = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await settle();
    const loading = el.getBoundingClientRect().height;
    const skeletons = el.shadowRoot?.querySelectorAll('.sk').length ?? 0;
    release(names.map((name, i) => ({ item: { product_id: `p${i}`, name, price: 2.5 + i, currency: 'GBP' }, score: 1, source: 'popularity', reason: reasons[i] })));
    await settle();
    return { loading, loaded: el.getBoundingClientRect().height, skeletons, cards: el.shadowRoot?.querySelectorAll('[data-clientele-widget-item]').length ?? 0 };
  }, { row: c.row, reasons: c.reasons, names: NAMES });
  expect(heights.skeletons).toBe(4);
  expect(heights.cards).toBe(4);
  expect(heights.loading).toBeGreaterThan(100);
  expect(Math.abs(heights.loaded - heights.loading), `skeleton row ${heights.loading}px, rendered row ${heights.loaded}px`).toBeLessThanOrEqual(1);
});
