import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ready, exported, eventsNamed, initBeforeLoad } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

type Api = { init(c: object): void; track(e: string, p: object): void; consent(g: boolean): void; forget(): Promise<boolean>; identify(u: string, t: object): void };

test('requireConsent: nothing is stored before consent(true), recording starts after it and stops after consent(false)', async ({ page }) => {
  await initBeforeLoad(page, { requireConsent: true });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Before Consent', {}));
  expect((await exported(page)).events).toEqual([]);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(true));
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('After Consent', {}));
  await expect.poll(async () => (await exported(page)).events.map((e) => e.event)).toContain('After Consent');
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(false));
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('After Withdrawal', {}));
  await page.waitForTimeout(300);
  const events = (await exported(page)).events.map((e) => e.event);
  expect(events).not.toContain('After Withdrawal');
  expect((await exported(page)).consent).toBe(false);
});

test('requireConsent with no answer yet: no profile, no anonymous id and no event in IndexedDB, while rows and the hero slot render; consent(true) then stores the profile', async ({ page }) => {
  await initBeforeLoad(page, { requireConsent: true });
  await page.goto('/demo/index.html');
  await ready(page);
  await expect(page.locator('[data-clientele-widget="for-you"] [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('[data-clientele-slot="hero"]')).toHaveAttribute('data-clientele-variant', /.+/, { timeout: 20_000 });
  const stored = () => page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => { const r = indexedDB.open('clientele:clientele-demo'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const all = (name: string) => new Promise<unknown[]>((ok) => { const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => ok(r.result); });
    const out = { profile: await all('profile'), chunks: (await all('chunks')).length, events: (await all('events')).length };
    db.close();
    return out;
  });
  await page.waitForTimeout(500);
  expect(await stored()).toEqual({ profile: [], chunks: 0, events: 0 });
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(true));
  await expect.poll(async () => ((await stored()).profile as { consent?: boolean }[]).map((p) => p.consent)).toEqual([true]);
});

/** What IndexedDB holds for the demo's site: profile records and how many event chunks. */
const storedDemo = (page: import('@playwright/test').Page) => page.evaluate(async () => {
  const db = await new Promise<IDBDatabase>((ok, fail) => { const r = indexedDB.open('clientele:clientele-demo'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
  const all = (name: string) => new Promise<unknown[]>((ok) => { const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => ok(r.result); });
  const out = { profile: await all('profile'), chunks: (await all('chunks')).length };
  db.close();
  return out;
});

test('requireConsent, declined: consent(false) stores no profile and no anonymous id, identify() stores nothing, and the next page still honours the no', async ({ page }) => {
  await initBeforeLoad(page, { requireConsent: true });
  await page.goto('/demo/index.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.consent(false);
    c.identify('user-9', { plan: 'pro' });
    c.track('After No', {});
  });
  await expect.poll(async () => (await exported(page)).consent).toBe(false);
  await page.waitForTimeout(300);
  expect(await storedDemo(page)).toEqual({ profile: [], chunks: 0 });
  await page.reload();
  await ready(page);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Next Page', {}));
  await expect.poll(async () => (await exported(page)).consent).toBe(false);
  await page.waitForTimeout(300);
  expect(await storedDemo(page)).toEqual({ profile: [], chunks: 0 });
  expect((await exported(page)).user_id).toBeNull();
});

test('consent(true) then consent(false) in one task: the answer the worker stores is the last one', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.consent(true);
    c.consent(false);
  });
  await expect.poll(async () => (await exported(page)).consent).toBe(false);
  await page.waitForTimeout(300);
  expect((await exported(page)).consent).toBe(false);
  await page.reload();
  await ready(page);
  expect((await exported(page)).consent).toBe(false);
});

test('requireConsent set by a deferred script: the worker started before it stores no profile and no anonymous id', async ({ page }) => {
  await page.route('**/privacy/late-config.js', async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.fulfill({ contentType: 'text/javascript', body: 'clientele.init({ requireConsent: true });' });
  });
  await page.route('**/privacy/deferred.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>deferred consent</title><script>${SNIPPET}</script>
<script async src="/dist/clientele.js" data-site-id="clientele-demo" data-catalog-url="/demo/data/catalog.json" data-autocapture="false"></script>
<script defer src="/privacy/late-config.js"></script>
<div data-clientele-widget="popular" data-limit="4"></div>`,
  }));
  await page.goto('/privacy/deferred.html');
  await ready(page);
  await expect(page.locator('[data-clientele-widget="popular"] [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
  await page.waitForTimeout(500);
  expect(await storedDemo(page)).toEqual({ profile: [], chunks: 0 });
});

test('an answer given in another tab applies in this one: after consent(false) there, this tab stores nothing more', async ({ context }) => {
  const a = await context.newPage();
  await initBeforeLoad(a, { requireConsent: true });
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  await a.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(true));
  await a.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Before No', {}));
  await expect.poll(async () => (await exported(a)).events.map((e) => e.event)).toContain('Before No');
  const b = await context.newPage();
  await initBeforeLoad(b, { requireConsent: true });
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(false));
  await expect.poll(async () => (await exported(a)).consent).toBe(false);
  await a.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.track('After No Elsewhere', {});
    c.identify('ux', {});
  });
  await a.waitForTimeout(1500);
  const after = await exported(b);
  expect(after.events.map((e) => e.event)).not.toContain('After No Elsewhere');
  expect(after.user_id).toBeNull();
});

test('forget() in one tab: another tab’s worker no longer recommends from the erased history', async ({ context }) => {
  const a = await context.newPage();
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  const recent = () => a.evaluate(() => (window as unknown as { clientele: { recommend(r: object): Promise<unknown[]> } }).clientele.recommend({ type: 'recently-viewed', limit: 5 }));
  await a.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    for (const id of ['85123A', '22423', '85099B']) c.track('Product Viewed', { product_id: id });
  });
  await expect.poll(async () => (await recent()).length).toBeGreaterThanOrEqual(2);
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  expect(await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget())).toBe(true);
  await expect.poll(async () => (await recent()).length).toBe(0);
});

test('identify() and track() made in one tab before forget() in another stay erased when that tab sends them later', async ({ context }) => {
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  // Tab A's calls wait on its page (its worker held back) while tab B erases the visitor.
  const a = await context.newPage();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await a.route('**/dist/clientele-worker.js', async (route) => (await gate, route.continue()));
  await a.goto('/demo/fixtures/blank.html');
  await a.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.identify('alice', { email: 'alice@example.com' });
    c.track('Before Forget Elsewhere', {});
  });
  await a.waitForTimeout(50);
  expect(await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget())).toBe(true);
  release();
  await ready(a);
  await a.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('After Forget Elsewhere', {}));
  // Tab A's batch is stored (or refused) before the marker after it.
  await expect.poll(async () => (await exported(b)).events.map((e) => e.event), { timeout: 10_000 }).toContain('After Forget Elsewhere');
  const after = await exported(b);
  expect(after.events.map((e) => e.event)).not.toContain('Before Forget Elsewhere');
  expect(after.user_id).toBeNull();
  expect(JSON.stringify(after.profile)).not.toContain('alice');
});

test('export holds the profile and traits; forget erases everything and issues a new anonymous id', async ({ page }) => {
  await page.goto('/demo/fixtures/jsonld.html');
  await ready(page);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.identify('user-7', { region: 'EU', age_band: '25-34' }));
  // The product view comes from autocapture, which may be stored after the identify() (a busy machine): wait for both.
  await expect.poll(async () => { const d = await exported(page); return [d.user_id, eventsNamed(d.events, 'Product Viewed').length]; }).toEqual(['user-7', 1]);
  const before = await exported(page);
  expect(before.profile).toMatchObject({ traits: { region: 'EU', age_band: '25-34' } });
  expect(eventsNamed(before.events, 'Product Viewed')).toHaveLength(1);
  expect(await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget())).toBe(true);
  const after = await exported(page);
  expect(after.events).toEqual([]);
  expect(after.user_id).toBeNull();
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Fresh Start', {}));
  await expect.poll(async () => (await exported(page)).events.map((e) => e.event)).toEqual(['Fresh Start']);
  expect((await exported(page)).anonymous_id).not.toBe(before.anonymous_id);
});
