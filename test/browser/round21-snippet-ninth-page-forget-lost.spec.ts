// The snippet parks no more queues once 8 pages' queues wait (README: "so a script blocked on every page never fills the
// shop's localStorage"). A script blocked on every page is the case of an ad blocker or a CDN outage: the visitor
// browses 8 pages, then asks the shop to delete their data (forget()) or says no (consent(false)) on the 9th. That page's
// queue is not parked at all, forget() and consent() included, so when the script comes back the next page replays the
// 8 queues parked before the forget()/"no" and stores them. README: "every forget() and consent(): what a forget()
// erased is never stored. A forget() or a "no" in any tab deletes the queues parked before it."
// Expected: 0 of the 8 parked 'Browsed' events stored after the forget() (or the "no").
import { test, expect } from '@playwright/test';
import { exported, parkSnippetQueue, ready, trackMarker } from './helpers.ts';

for (const [name, last] of [['forget()', 'clientele.forget();'], ['consent(false)', 'clientele.consent(false);']] as const) test(`a script blocked on 9 pages, ${name} on the 9th: nothing of the 8 parked queues is stored`, async ({ context }) => {
  for (let i = 0; i < Number(process.env.PAGES ?? 8); i++) { // PAGES=7: the control, which passes
    const p = await parkSnippetQueue(context, `clientele.identify('u-1'); clientele.track('Browsed', { i: ${i} });`, `p${i}`);
    await p.goto('about:blank');
  }
  const ninth = await parkSnippetQueue(context, `clientele.track('Privacy Page', {}); ${last}`, 'p8');
  await ninth.goto('about:blank');
  // What waits in localStorage, read on a page of the site without Clientele.
  const plain = await context.newPage();
  await plain.route('**/late/plain.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>plain</title>' }));
  await plain.goto('/late/plain.html');
  const parked = await plain.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele:queue:')).map((k) => localStorage.getItem(k)));
  await plain.close();
  const waiting = parked.length;
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  // After a "no" nothing is stored: the visitor says yes again on this page, so that its marker is (the parked calls
  // are replayed before it, at their own times).
  if (name === 'consent(false)') await next.evaluate(() => (window as unknown as { clientele: { consent(g: boolean): void } }).clientele.consent(true));
  await trackMarker(next);
  const d = await exported(next);
  const browsed = d.events.filter((e) => e.event === 'Browsed');
  console.log(JSON.stringify({ name, waiting, parked, browsed: browsed.length, user_id: d.user_id, events: d.events.map((e) => e.event) }));
  expect(browsed).toHaveLength(0);
});
