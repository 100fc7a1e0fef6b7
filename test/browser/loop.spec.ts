// The loop in real Chromium: holdout, exposures, attribution, "not interested" and forwarding, through the built script.
import { test, expect, type Page, type Request } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { ready, exported, eventsNamed, demoCatalog, watchConsole } from './helpers.ts';

const COLLECTED = new URL('../../.tmp/collected.ndjson', import.meta.url);

type Rec = { item: { product_id: string }; source: string };
type Api = { recommend(r: unknown): Promise<Rec[]>; setClock(ms: number | null): Promise<void>; consent(g: boolean): void; track(e: string, p: object): void };
const api = (page: Page) => ({
  recommend: (r: unknown) => page.evaluate((x) => (window as unknown as { clientele: Api }).clientele.recommend(x), r),
});

/** Queues an init() before the page's own config (the snippet keeps an existing queue), so it applies from the start. */
async function preInit(page: Page, config: Record<string, unknown>, withCallback = false) {
  await page.addInitScript(({ c, cb }) => {
    const w = window as unknown as { clientele: unknown[]; __forwarded: unknown[] };
    w.__forwarded = [];
    if (cb) (c as { forward: Record<string, unknown> }).forward = { ...(c as { forward: object }).forward, callback: (list: unknown[]) => w.__forwarded.push(...list) };
    w.clientele = [['init', [c]]];
  }, { c: config, cb: withCallback });
}

/** From the home page: clicks the first "for you" card, then adds that product to the cart. Returns its id. */
async function clickFirstCardAndAdd(page: Page): Promise<string> {
  await page.goto('/demo/index.html');
  await ready(page);
  const card = page.locator('#for-you [data-clientele-widget-item]').first();
  await card.waitFor({ timeout: 20_000 });
  const id = (await card.getAttribute('data-product-id'))!;
  await card.click();
  await page.waitForURL(/product\.html/);
  await ready(page);
  await page.locator('#product [data-clientele-add]').first().click();
  return id;
}

const rowIds = (page: Page, sel: string) => page.locator(`${sel} [data-clientele-widget-item]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));
const christmas = () => demoCatalog().filter((p) => p.category === 'Christmas').slice(0, 3);

test('a visitor in the holdout sees non-personalized rows and slot defaults; others see theirs', async ({ browser }) => {
  test.setTimeout(120_000);
  for (const held of [true, false]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await preInit(page, { holdout: { percent: held ? 100 : 0 } });
    for (const p of christmas()) {
      await page.goto(`/demo/product.html?id=${encodeURIComponent(p.product_id)}`);
      await ready(page);
      await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').some((e) => e.properties.product_id === p.product_id)).toBe(true);
    }
    await page.goto('/demo/index.html');
    await ready(page);
    // A new visitor is a "newcomer": personalized, the hero shows the welcome variant; in the holdout, the default.
    await expect(page.locator('[data-clientele-slot="hero"]')).toHaveAttribute('data-clientele-variant', held ? 'classic' : 'welcome');
    await expect.poll(async () => (await rowIds(page, '#for-you')).length, { timeout: 20_000 }).toBe(6);
    const forYou = await api(page).recommend({ type: 'for-you', limit: 6 });
    const popular = await api(page).recommend({ type: 'popular', limit: 6 });
    if (held) {
      expect(forYou.map((r) => r.item.product_id)).toEqual(popular.map((r) => r.item.product_id));
      expect(new Set(forYou.map((r) => r.source))).toEqual(new Set(['popularity']));
      expect(await rowIds(page, '#for-you')).toEqual(popular.map((r) => r.item.product_id));
      // "similar to the product on screen" stays: it is not personal
      const similar = await api(page).recommend({ type: 'similar', itemId: christmas()[0].product_id, limit: 4 });
      expect(similar.some((r) => r.source !== 'popularity')).toBe(true);
      // and nothing seeded by the visitor's own history
      expect((await api(page).recommend({ type: 'similar', limit: 4 })).map((r) => r.source)).toEqual(popular.slice(0, 4).map(() => 'popularity'));
    } else {
      expect(forYou.some((r) => r.source !== 'popularity')).toBe(true);
      expect(forYou.map((r) => r.item.product_id)).not.toEqual(popular.map((r) => r.item.product_id));
    }
    const seen = eventsNamed((await exported(page)).events, 'Experiment Viewed');
    if (held) expect(seen.map((e) => [e.properties.experiment_id, e.properties.variation_id])[0]).toEqual(['holdout', 'holdout']);
    else expect(seen).toEqual([]);
    await context.close();
  }
});

test('Experiment Viewed is recorded once per session and experiment, again in a new session', async ({ page }) => {
  await preInit(page, { holdout: { percent: 50 }, experiments: [{ id: 'row-title', target: { rows: 'for-you' }, variants: [{ id: 'control' }, { id: 'short', row: { title: 'For you', layout: 'grid' } }] }] });
  await page.goto('/demo/index.html');
  await ready(page);
  await expect.poll(async () => (await rowIds(page, '#for-you')).length, { timeout: 20_000 }).toBeGreaterThan(0);
  for (let i = 0; i < 3; i++) await api(page).recommend({ type: 'for-you' });
  await page.reload();
  await ready(page);
  await api(page).recommend({ type: 'for-you' });
  const first = eventsNamed((await exported(page)).events, 'Experiment Viewed');
  const ids = first.map((e) => e.properties.experiment_id).sort();
  // the holdout always; row-title only for visitors outside the holdout
  expect(ids.filter((x) => x === 'holdout')).toHaveLength(1);
  expect(ids.filter((x) => x === 'row-title').length).toBeLessThanOrEqual(1);
  expect(new Set(first.map((e) => e.session_id)).size).toBe(1);
  for (const e of first) expect(e.properties).toMatchObject({ experiment_name: expect.any(String), variation_name: expect.any(String), bucket_by: 'anonymous_id' });
  const inTitle = first.find((e) => e.properties.experiment_id === 'row-title');
  if (inTitle?.properties.variation_id === 'short') {
    await expect(page.locator('#for-you h2')).toHaveText('For you');
    await expect(page.locator('#for-you ul')).toHaveClass(/grid/);
  }
  // two hours later (the engine's clock): a new session, exposed again
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.setClock(Date.now() + 2 * 3600_000));
  await api(page).recommend({ type: 'for-you' });
  const after = eventsNamed((await exported(page)).events, 'Experiment Viewed');
  expect(after.length).toBe(first.length * 2);
  expect(new Set(after.map((e) => e.session_id)).size).toBe(2);
});

test('an order after a widget click carries its attribution, in exportData() and when forwarded', async ({ page }) => {
  test.setTimeout(90_000);
  await preInit(page, { forward: { events: ['orders', 'clicks'], consent: 'unless-refused' } }, true);
  const id = await clickFirstCardAndAdd(page);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Added').length).toBe(1);
  await page.goto('/demo/checkout.html');
  await ready(page);
  const form = page.locator('#checkout-form');
  for (const [k, v] of [['name', 'Ada'], ['email', 'ada@example.com'], ['address', '1 Row'], ['town', 'London'], ['postcode', 'SW1A 1AA']]) await form.locator(`[name=${k}]`).fill(v);
  await form.locator('button[type=submit]').click();
  await expect(page.locator('#thanks')).toBeVisible();
  await expect.poll(async () => (await exported(page) as unknown as { attribution?: unknown[] }).attribution?.length ?? 0).toBe(1);
  const data = (await exported(page)) as unknown as { attribution: Array<{ basis: string; last_touch: { widget_id: string; product_id: string; type: string }; touches: Array<{ in_order: boolean; credit_position: number }> }> };
  expect(data.attribution[0]).toMatchObject({ basis: 'click', last_touch: { widget_id: 'for-you', widget_type: 'for-you', type: 'click', product_id: id } });
  expect(data.attribution[0].touches[0]).toMatchObject({ in_order: true, credit_position: 1 });
  // the same travels with the forwarded order (the callback runs on the checkout page)
  await expect.poll(() => page.evaluate(() => ((window as unknown as { __forwarded: Array<{ event: string }> }).__forwarded).map((e) => e.event)), { timeout: 10_000 }).toContain('Order Completed');
  const fwd = await page.evaluate(() => (window as unknown as { __forwarded: Array<{ event: string; properties: { attribution: { last_touch: { widget_id: string } } } }> }).__forwarded.find((e) => e.event === 'Order Completed')!);
  expect(fwd.properties.attribution.last_touch.widget_id).toBe('for-you');
});

test('"not interested" takes the item out of the row at once, by keyboard, and out of later rows', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/index.html');
  await ready(page);
  await expect.poll(async () => (await rowIds(page, '#for-you')).length, { timeout: 20_000 }).toBe(6);
  const before = await rowIds(page, '#for-you');
  const target = before[1]!;
  const button = page.locator(`#for-you [data-clientele-dismiss="${target}"]`);
  await expect(button).toHaveAccessibleName(/^Not interested in /);
  await button.focus();
  await page.keyboard.press('Enter');
  // gone at once, focus kept on the row (the next card), and announced
  await expect.poll(async () => (await rowIds(page, '#for-you')).includes(target), { timeout: 1_000 }).toBe(false);
  await expect.poll(() => page.evaluate(() => document.querySelector('[data-clientele-widget="for-you"]')!.shadowRoot!.activeElement?.getAttribute('data-product-id') ?? null)).toBe(before[2]);
  await expect(page.locator('#for-you [role=status]')).toContainText('removed');
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Recommendation Dismissed').map((e) => e.properties.product_id)).toEqual([target]);
  // the row refills without it, and no later answer brings it back
  await expect.poll(async () => (await rowIds(page, '#for-you')).length, { timeout: 10_000 }).toBe(6);
  for (const type of ['for-you', 'popular', 'trending']) expect((await api(page).recommend({ type, limit: 20 })).map((r) => r.item.product_id)).not.toContain(target);
  await page.reload();
  await ready(page);
  await expect.poll(async () => (await rowIds(page, '#for-you')).length, { timeout: 20_000 }).toBe(6);
  expect(await rowIds(page, '#for-you')).not.toContain(target);
  expect(pageErrors).toEqual([]);
});

test('the "not interested" control can be turned off', async ({ page }) => {
  await preInit(page, { notInterested: false });
  await page.goto('/demo/index.html');
  await ready(page);
  await expect.poll(async () => (await rowIds(page, '#for-you')).length, { timeout: 20_000 }).toBe(6);
  expect(await page.locator('#for-you [data-clientele-dismiss]').count()).toBe(0);
});

test('forwarding sends nothing unless configured; once configured, batches go to the endpoint after consent', async ({ browser }) => {
  test.setTimeout(90_000);
  const browse = async (page: Page) => {
    await clickFirstCardAndAdd(page);
    await page.goto('/demo/index.html');
    await ready(page);
  };
  // 1. default config: no request leaves beyond the shop's own files, no chunk, no dataLayer entries
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: Request[] = [];
    context.on('request', (r) => requests.push(r));
    await browse(page);
    await page.waitForTimeout(2500);
    expect(requests.filter((r) => r.method() !== 'GET').map((r) => r.url())).toEqual([]);
    expect(requests.map((r) => new URL(r.url()).pathname)).not.toContain('/dist/clientele-forward.js');
    expect(await page.evaluate(() => (window as unknown as { dataLayer?: unknown[] }).dataLayer ?? [])).toEqual([]);
    await context.close();
  }
  // 2. an endpoint with the default consent rule: nothing before consent(true), batched NDJSON after
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    const posts: string[] = [];
    context.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/collect') posts.push(r.url()); });
    await preInit(page, { forward: { endpoint: '/collect', dataLayer: true, batchSize: 5 } });
    await browse(page);
    await page.waitForTimeout(2500);
    expect(posts).toEqual([]);
    await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(true));
    await browse(page);
    await expect.poll(() => posts.length, { timeout: 15_000 }).toBeGreaterThan(0);
    // what the demo collector appended for this visitor (Chromium does not expose a beacon's body to the test)
    const me = (await exported(page)).anonymous_id;
    const collected = () => (existsSync(COLLECTED) ? readFileSync(COLLECTED, 'utf8') : '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string; anonymous_id: string; timestamp: string }).filter((e) => e.anonymous_id === me);
    await expect.poll(() => collected().map((e) => e.event), { timeout: 10_000 }).toContain('Product Added');
    const events = collected();
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['Widget Impression', 'Widget Clicked', 'Product Added']));
    expect(events.every((e) => e.anonymous_id && !Number.isNaN(Date.parse(e.timestamp)))).toBe(true);
    expect(events.map((e) => e.event)).not.toContain('Product Viewed');
    await expect.poll(() => page.evaluate(() => ((window as unknown as { dataLayer?: Array<{ event: string }> }).dataLayer ?? []).map((e) => e.event)), { timeout: 10_000 }).toContain('view_item_list');
    await context.close();
  }
});

test('an exposure recorded on a page left before its next batch is forwarded from the next page', async ({ page }) => {
  // Page 1 stores nothing itself (no autocapture, no calls), so no batch ever carries its worker's forwarded records:
  // the exposure its row records must wait in the store, not in that worker, for page 2's first batch.
  await preInit(page, { holdout: { percent: 50 }, autocapture: false, forward: { events: ['exposures', 'cart'], consent: 'unless-refused' } }, true);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  expect((await api(page).recommend({ type: 'popular' })).length).toBeGreaterThan(0);
  const exposures = eventsNamed((await exported(page)).events, 'Experiment Viewed');
  expect(exposures.map((e) => e.properties.experiment_id)).toEqual(['holdout']);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Product Added', { product_id: '85123A' }));
  await exported(page);
  const forwarded = () => page.evaluate(() => (window as unknown as { __forwarded: Array<{ event: string; message_id: string }> }).__forwarded);
  await expect.poll(async () => (await forwarded()).map((e) => e.event).sort(), { timeout: 10_000 }).toEqual(['Experiment Viewed', 'Product Added']);
  expect((await forwarded()).find((e) => e.event === 'Experiment Viewed')!.message_id).toBe(exposures[0].message_id);
});

test("the owner page reports on the demo's own visits: holdout and experiment arms from the collector", async ({ page, request }) => {
  test.setTimeout(120_000);
  await request.delete('/collect');
  await page.goto('/demo/owner.html');
  await page.locator('#loop-on').check();
  await expect(page.locator('#report-note')).toContainText('On:');
  await clickFirstCardAndAdd(page);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Added').length).toBe(1);
  await page.goto('/demo/owner.html');
  // Exposures and the order may reach the collector in separate batches: wait for both.
  await expect.poll(async () => {
    const text = await (await request.get('/collect')).text();
    return text.includes('"Product Added"') && text.includes('"Personalization holdout"');
  }, { timeout: 15_000 }).toBe(true);
  await page.locator('#report-collected').click();
  const frame = page.locator('#report-frame');
  await expect(frame).toBeVisible({ timeout: 30_000 });
  const doc = page.frameLocator('#report-frame');
  await expect(doc.locator('h2', { hasText: 'Personalization holdout' })).toBeVisible();
  await expect(doc.getByText(/Too early to conclude|Only one arm/).first()).toBeVisible();
  await expect(doc.locator('table').first()).toBeVisible();
  await expect(page.locator('#report-downloads a')).toHaveCount(3);
  await page.locator('#loop-on').uncheck();
});
