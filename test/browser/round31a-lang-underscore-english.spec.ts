// Round 31 (tester A). README, Languages: "The language is `config.locale`, else the page's `<html lang>`, else the
// browser's; a language without a catalogue gets English"; catalogues ship for de, fr, es, zh-CN.
// Shops generated from POSIX/Java/PHP locale names write `<html lang="de_DE">` or `lang="zh_CN"` (the form OpenGraph's
// og:locale uses too, which Clientele already reads for prices). The language is German / Chinese, which have
// catalogues, yet src/messages/format.ts catalogueFor() splits the tag on "-" only, finds no language "de_de", and
// the rows speak English on a German page ("Similar items", "Previous items", "similar to ..."); no message says why.
// Expected: `de_DE` is read as German (row title "Ähnliche Artikel") and `zh_CN` as Simplified Chinese ("相似商品"),
// as `de-DE` and `zh-CN` are. Observed: English titles, labels and reasons.
import { test, expect } from '@playwright/test';
import { ready } from './helpers.ts';

type C = Record<string, (...a: unknown[]) => unknown>;

for (const [lang, title] of [['de_DE', 'Ähnliche Artikel'], ['zh_CN', '相似商品']] as const) {
  test(`<html lang="${lang}">: the row speaks the page's language`, async ({ page }) => {
    await page.route('**/demo/fixtures/blank.html', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: (await res.text()).replace('lang="en-GB"', `lang="${lang}"`) });
    });
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await page.evaluate(() => {
      const el = document.body.appendChild(document.createElement('div'));
      el.id = 'recs';
      ((window as unknown as { clientele: C }).clientele).mount(el, { type: 'similar', itemId: '85123A', limit: 3 });
    });
    await expect.poll(() => page.evaluate(() => document.getElementById('recs')?.getAttribute('data-clientele-state'))).toBe('ready');
    await expect(page.locator('#recs h2')).toHaveText(title, { timeout: 5000 });
  });
}
