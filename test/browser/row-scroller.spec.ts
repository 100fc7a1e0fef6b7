// A row's previous/next buttons follow what the row holds: measured after layout (never by a layout forced at mount),
// and again when new cards replace the ones drawn first. The real widget chunk in Chromium, with a stand-in host whose
// kept row and fresh row the test controls.
import { test, expect } from '@playwright/test';

test('the buttons stay hidden for a kept row that fits, and show once a fresh row that overflows replaces it', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await page.addScriptTag({ url: '/dist/clientele-widget.js' });
  const states = await page.evaluate(async () => {
    type Row = { items: unknown[]; dismiss: boolean };
    type Host = { recommend(): Promise<unknown[]>; row(): Promise<Row>; cached(): Row; chooseSlot(): Promise<unknown>; track(): void; locale: string; currency: string; warn(): void };
    const widget = (window as unknown as { __clienteleWidget: { mountRow(el: Element, o: object, h: Host): () => void } }).__clienteleWidget;
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ item: { product_id: `p${i}`, name: `Product ${i}`, price: 2 + i, currency: 'GBP' }, score: 1, source: 'popularity', reason: '' }));
    const el = document.createElement('div');
    el.style.width = '700px';
    document.body.append(el);
    let release!: (r: Row) => void;
    const host: Host = {
      recommend: async () => [], row: () => new Promise((r) => { release = r; }), cached: () => ({ items: items(2), dismiss: false }),
      chooseSlot: async () => ({}), track: () => undefined, locale: 'en-GB', currency: 'GBP', warn: () => undefined,
    };
    widget.mountRow(el, { type: 'popular', limit: 12, title: 'A row' }, host);
    const settle = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const state = () => {
      const root = el.shadowRoot!;
      const next = root.querySelectorAll<HTMLButtonElement>('.nav button')[1];
      return { cards: root.querySelectorAll('[data-clientele-widget-item]').length, hidden: root.querySelector<HTMLElement>('.nav')!.hidden, nextDisabled: next.disabled };
    };
    await settle();
    const kept = state();
    release({ items: items(12), dismiss: false });
    await settle();
    return { kept, fresh: state() };
  });
  expect(states.kept).toMatchObject({ cards: 2, hidden: true });
  expect(states.fresh.cards).toBe(12);
  expect(states.fresh.hidden).toBe(false);
  expect(states.fresh.nextDisabled).toBe(false);
});
