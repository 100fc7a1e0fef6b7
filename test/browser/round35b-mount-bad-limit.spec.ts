// Round 35 (tester B, hostile input). README, Config: "A bad key falls back to its default with one console message";
// mount() options are checked so. mount(el, { type: 'popular', limit: 1e9 }) said "limit must be a whole number from 1 to
// 50" and then asked the engine for 1e9 anyway (the refused value stayed in the options the row used): a second message
// from recommend(), and a row with no cards. A limit of -3 fell back to the default, as documented. Before the fix:
// 0 cards and two messages. Expected: the default row (as with -3, or no limit), one message.
import { test, expect, type Page } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

type Api = { mount(el: Element, o: object): () => void };

const cards = (page: Page, id: string) => page.evaluate((id) => document.getElementById(id)?.shadowRoot?.querySelectorAll('[data-clientele-widget-item]').length ?? -1, id);

test('mount() with a limit out of range draws the default row, with one message', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    for (const [id, limit] of [['huge', 1e9], ['negative', -3], ['none', undefined]] as const) {
      const el = document.body.appendChild(document.createElement('div'));
      el.id = id;
      c.mount(el, { type: 'popular', ...(limit === undefined ? {} : { limit }) });
    }
  });
  await expect.poll(() => cards(page, 'none'), { timeout: 20_000 }).toBeGreaterThan(0);
  const expected = await cards(page, 'none');
  await expect.poll(() => cards(page, 'negative')).toBe(expected);
  await expect.poll(() => cards(page, 'huge')).toBe(expected);
  const ours = warnings.filter((w) => w.startsWith('[clientele]'));
  expect(ours.filter((w) => /limit/.test(w))).toEqual([
    '[clientele] mount(element, options).limit must be a whole number from 1 to 50, got 1000000000',
    '[clientele] mount(element, options).limit must be a whole number from 1 to 50, got -3',
  ]);
  expect(pageErrors).toEqual([]);
});
