// Round 41e (a new user's messages). An owner who rewords messages in `config.messages` writes what their other tools
// take: ICU MessageFormat plurals (`{count, plural, one {# day} other {# days}}`, as FormatJS, i18next-icu and
// Lingui write them) and their own placeholder names. Clientele's plurals are forms ({ one, other }) and its
// placeholders {name}, {count}, {growth}, {ago}; both kinds of text were shown to shoppers raw, with no message:
// "{count, plural, one {…} other {…}}" and "like {product}". Expected: a message with braces it cannot fill (an ICU
// plural or select, a placeholder of another name) gets one console message naming the key, the value and the forms
// and placeholders it takes, and the shopper sees the catalogue's wording, with its numbers in the visitor's locale.
// (Reading ICU plurals as forms costs the worker some 175 B gzip beyond this; the message says how to write them.)
// A message with HTML stays text (a control: it passed before).
import { test, expect, type Page } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

type Rec = { reason: string; why?: { key: string; params: Record<string, unknown> } };
const recs = (page: Page, type: string) => page.evaluate((type) => (window as unknown as { clientele: { recommend(r: object): Promise<Rec[]> } }).clientele.recommend({ type, itemId: '85123A', limit: 3 }), type);

async function shop(page: Page, lang: string, messages: object) {
  await page.route('**/round41e/shop.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Shop</title>
<script>window.clientele = [['init', [${JSON.stringify({ messages })}]]]</script>
<script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json" data-site-model-url="/demo/model/manifest.json"></script></head>
<body><div id="pop" data-clientele-widget="popular" data-limit="3"></div></body></html>`,
  }));
  await page.goto('/round41e/shop.html');
  await ready(page);
}

test('ICU plurals and unknown placeholders in config.messages are refused with one message each, never shown raw; HTML stays text', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await shop(page, 'de', {
    'reason.trending-week': 'hot: {growth}× more {count, plural, one {today} other {in # days}}',
    'reason.similar': 'like {product}',
    'de': { 'reason.popular': '{count, plural, =0 {none} one {# Kauf} other {# Käufe}}' },
    'row.popular': '<img src=x onerror="window.pwned=1"><b>Best</b>sellers',
  });
  const trending = await recs(page, 'trending');
  expect(trending.length).toBe(3);
  for (const r of trending) {
    // the catalogue's German wording, its growth in the visitor's locale ("3,6"), nothing raw
    expect(r.why?.key).toBe('reason.trending-week');
    expect(r.reason).toBe(`gefragt: diese Woche ${new Intl.NumberFormat('de', { maximumFractionDigits: 1 }).format(r.why!.params.growth as number)}-mal mehr Interesse`);
  }
  // A placeholder the message cannot fill: the catalogue's wording, not "like {product}".
  const similar = await recs(page, 'similar');
  expect(similar.length).toBe(3);
  for (const r of similar) expect(r.reason).toBe(`ähnlich wie ${r.why!.params.name}`);
  for (const r of await recs(page, 'popular')) expect(r.reason).toBe('beliebt bei anderen Kunden');
  // HTML in a message is text: the row's title shows the tags as written, and makes no element.
  const row = page.locator('#pop');
  await expect.poll(() => row.evaluate((el) => el.shadowRoot?.querySelector('h2')?.textContent ?? ''), { timeout: 20_000 }).toBe('<img src=x onerror="window.pwned=1"><b>Best</b>sellers');
  expect(await row.evaluate((el) => el.shadowRoot!.querySelectorAll('h2 *, img[src=x]').length)).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  const firstPage = [...warnings];
  // The next page paints the row it kept before the widget code runs: the title is text there too.
  await page.evaluate(() => (window as unknown as { clientele: { exportData(): Promise<unknown> } }).clientele.exportData());
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#pop')?.shadowRoot?.querySelector('h2'));
  expect(await row.evaluate((el) => [el.shadowRoot!.querySelector('h2')!.textContent, el.shadowRoot!.querySelectorAll('h2 *, img[src=x]').length])).toEqual(['<img src=x onerror="window.pwned=1"><b>Best</b>sellers', 0]);
  await ready(page);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  // One message for each entry dropped, naming it (the reload's page says its own: the first page's are counted).
  const said = firstPage.filter((w) => w.startsWith('[clientele]'));
  expect(said.filter((w) => w.includes('reason.similar'))).toHaveLength(1);
  expect(said.filter((w) => w.includes('reason.similar'))[0]).toMatch(/\{name\}.*\{product\}/);
  expect(said.filter((w) => w.includes('reason.popular'))).toHaveLength(1);
  expect(said.filter((w) => w.includes('reason.trending-week'))).toHaveLength(1);
  expect(said).toHaveLength(3);
  expect(pageErrors).toEqual([]);
});

// Round 41e: the owner's wording for a language Clientele has no catalogue of (Portuguese, Japanese, ...), given per
// language tag as the README shows for zh-CN, was passed over: a pt-BR shop with { 'pt-BR': {...} } (or { pt: ... })
// showed "Popular" and "trending: 3.6× more interest this week". Expected: its words, with its numbers ("3,6").
test("the owner's wording per language tag counts for a language with no catalogue, numbers in that locale", async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await shop(page, 'pt-BR', {
    'pt-BR': { 'row.popular': 'Mais vendidos', 'reason.trending-week': 'em alta: {growth}× mais interesse esta semana' },
    pt: { 'reason.popular': 'popular entre os clientes' },
  });
  const trending = await recs(page, 'trending');
  expect(trending.length).toBe(3);
  for (const r of trending) expect(r.reason).toBe(`em alta: ${new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 1 }).format(r.why!.params.growth as number)}× mais interesse esta semana`);
  expect(trending.some((r) => /,/.test(r.reason))).toBe(true);
  for (const r of await recs(page, 'popular')) expect(r.reason).toBe('popular entre os clientes');
  await expect.poll(() => page.locator('#pop').evaluate((el) => el.shadowRoot?.querySelector('h2')?.textContent ?? ''), { timeout: 20_000 }).toBe('Mais vendidos');
  expect(warnings.filter((w) => w.startsWith('[clientele]'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});
