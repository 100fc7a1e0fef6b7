// the snippet's parked queue (clientele:queue:*) against forget() and concurrent tabs.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, parkSnippetQueue, parkedQueues, seemHidden } from './helpers.ts';

type Api = { track(e: string, p?: object): void; forget(): Promise<boolean> };

/** A page whose clientele.js never arrives while it is open: its calls stay in the snippet queue, parked on pagehide. */
test('forget() in another tab erases calls the snippet parked before it (identify + track)', async ({ context }) => {
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  // B is hidden while A is left, so A's queue stays parked (a tab shown would take it over at once).
  await seemHidden(b, true);
  const a = await parkSnippetQueue(context, `clientele.identify('u-secret', { email: 'secret@example.com' });
for (let i = 0; i < 20; i++) clientele.track('Secret Before Forget', { n: i });`);
  // Tab A leaves: its snippet parks the queue (pagehide).
  await a.goto('about:blank');
  const parkedKeys = await b.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele:queue:')));
  expect(parkedKeys.length).toBe(1);
  await seemHidden(b, false);
  // The visitor asks to be forgotten, after those calls were made.
  const forgetAt = await b.evaluate(() => Date.now());
  expect(await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget())).toBe(true);
  const leftKeys = await b.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele:queue:')));
  // Next page of the site.
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await next.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Marker', {}));
  await expect.poll(async () => eventsNamed((await exported(next)).events, 'Marker').length).toBe(1);
  const data = await exported(next);
  console.log(JSON.stringify({ forgetAt, leftKeysAfterForget: leftKeys.length, secretEvents: eventsNamed(data.events, 'Secret Before Forget').length, user_id: data.user_id, traits: (data.profile as { traits?: unknown }).traits }));
  expect(leftKeys).toEqual([]);
  expect(eventsNamed(data.events, 'Secret Before Forget')).toHaveLength(0);
  expect(data.user_id).toBeNull();
  expect(JSON.stringify(data.profile)).not.toContain('secret@example.com');
});

test('several tabs opening at once replay one parked snippet queue: each call stored once', async ({ context }) => {
  const a = await parkSnippetQueue(context, `for (let i = 0; i < 20; i++) clientele.track('Parked Once', { n: i });`);
  await a.goto('about:blank');
  await a.close();
  const tabs = await Promise.all(Array.from({ length: 4 }, () => context.newPage()));
  const errs = tabs.map((t) => watchConsole(t).pageErrors);
  await Promise.all(tabs.map((t) => t.goto('/demo/fixtures/blank.html')));
  await Promise.all(tabs.map((t) => ready(t)));
  await tabs[0].waitForTimeout(2500);
  await tabs[0].evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Marker', {}));
  await expect.poll(async () => eventsNamed((await exported(tabs[0])).events, 'Marker').length).toBe(1);
  await tabs[0].waitForTimeout(1500);
  const stored = eventsNamed((await exported(tabs[0])).events, 'Parked Once');
  const perN = new Map<number, number>();
  for (const e of stored) perN.set(e.properties.n as number, (perN.get(e.properties.n as number) ?? 0) + 1);
  console.log(JSON.stringify({ stored: stored.length, distinct: perN.size }));
  expect(stored.length).toBe(20);
  expect(errs.flat()).toEqual([]);
});

test('a page left before clientele.js arrived, with one bad call (a BigInt) among 20 good ones in the snippet queue: the 20 good ones are stored on the next page', async ({ context }) => {
  const a = await parkSnippetQueue(context, `for (let i = 0; i < 10; i++) clientele.track('Good Queued', { n: i });
clientele.track('Bad Queued', { stock: 10n });
for (let i = 10; i < 20; i++) clientele.track('Good Queued', { n: i });`);
  const next = a;
  await next.unroute('**/dist/clientele.js?never');
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await next.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Marker', {}));
  await expect.poll(async () => eventsNamed((await exported(next)).events, 'Marker').length).toBe(1);
  const good = eventsNamed((await exported(next)).events, 'Good Queued').length;
  console.log(JSON.stringify({ good }));
  expect(good).toBe(20);
});

test('control: the same 20 good calls with no bad one are stored on the next page', async ({ context }) => {
  const a = await parkSnippetQueue(context, `for (let i = 0; i < 20; i++) clientele.track('Good Queued', { n: i });`);
  await a.unroute('**/dist/clientele.js?never');
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  await a.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Marker', {}));
  await expect.poll(async () => eventsNamed((await exported(a)).events, 'Marker').length).toBe(1);
  expect(eventsNamed((await exported(a)).events, 'Good Queued').length).toBe(20);
});

test('an identify() the snippet parked is replayed after a newer identify() made in another tab meanwhile: the newer one stands', async ({ context }) => {
  const a = await parkSnippetQueue(context, `clientele.identify('u-older', { plan: 'old' });`);
  await a.goto('about:blank');
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  // B's page replayed A's parked identify at its start; now the visitor logs in as someone newer, in this tab.
  await b.evaluate(() => (window as unknown as { clientele: { identify(u: string, t?: object): void } }).clientele.identify('u-newer', { plan: 'new' }));
  await expect.poll(async () => (await exported(b)).user_id).toBe('u-newer');
  // A second parked queue from before the newer identify (a tab closed later with its calls made earlier).
  const c = await parkSnippetQueue(context, `clientele.identify('u-older-2', { plan: 'old' });`);
  const madeAt = await c.evaluate(() => Date.now());
  await b.evaluate(() => (window as unknown as { clientele: { identify(u: string, t?: object): void } }).clientele.identify('u-newest', { plan: 'newest' }));
  await expect.poll(async () => (await exported(b)).user_id).toBe('u-newest');
  await c.goto('about:blank');
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await next.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('Marker', {}));
  await expect.poll(async () => eventsNamed((await exported(next)).events, 'Marker').length).toBe(1);
  const data = await exported(next);
  console.log(JSON.stringify({ madeAt, user_id: data.user_id, traits: (data.profile as { traits?: unknown }).traits }));
  expect(data.user_id).toBe('u-newest');
});

test('a consent(true) the snippet parked is replayed after the visitor said no in another tab: the no stands', async ({ context }) => {
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  await seemHidden(b, true);
  const a = await parkSnippetQueue(context, `clientele.consent(true); clientele.track('Queued With Yes', {});`);
  await a.goto('about:blank');
  expect(await parkedQueues(b)).toBe(1);
  await seemHidden(b, false);
  // Later, the visitor withdraws consent.
  await b.evaluate(() => (window as unknown as { clientele: { consent(g: boolean): void } }).clientele.consent(false));
  await b.waitForTimeout(300);
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await next.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('After The No', {}));
  await next.waitForTimeout(2500);
  const data = await exported(next);
  const stored = await next.evaluate(() => localStorage.getItem('clientele:consent'));
  console.log(JSON.stringify({ consentKey: stored, consent: data.consent, events: data.events.map((e) => e.event) }));
  expect(stored).toBe('0');
  expect(eventsNamed(data.events, 'After The No')).toHaveLength(0);
});
