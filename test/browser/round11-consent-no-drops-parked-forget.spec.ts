// Round 11: a forget() made on a page whose clientele.js never arrived is parked by the snippet when that page is left,
// and the next page with the script applies it. If, in between, the visitor says no (consent(false)) in another tab,
// the page drops every parked queue (src/client.ts answer(): dropParkedQueues()), the parked forget() with them. The
// README: "forget() is total and ordered: it erases calls made before it (queued, parked or in flight)"; and under
// Privacy: "consent(false) stops recording ... what is stored stays (withdrawing consent is not erasure) until forget()
// erases it". Here the visitor asked for both; what was stored before the forget() stays for good.
import { test, expect } from '@playwright/test';
import { exported, openReady, eventsNamed, parkSnippetQueue, trackMarker, parkedQueues, seemHidden } from './helpers.ts';

type C = { track(e: string, p?: object): void; identify(u: string, t?: object): void; consent(g: boolean): void };

test('forget() parked by a page whose script never came, then consent(false) in another tab: the forget() is still applied', async ({ context }) => {
  test.setTimeout(90_000);
  const t = await openReady(context);
  await t.evaluate(() => {
    const c = (window as unknown as { clientele: C }).clientele;
    c.identify('alice', { region: 'Secret Town' });
    c.track('Before Forget', { secret: 'old' });
  });
  await trackMarker(t, 'Marker Before');

  // Tab P: its script never arrives; the visitor asks to be forgotten there, and leaves (the snippet parks the call).
  // Tab T is hidden meanwhile, so the queue stays parked (a tab shown would take it over at once).
  await seemHidden(t, true);
  const p = await parkSnippetQueue(context, `clientele.forget();`, 'forget');
  await p.goto('about:blank');
  const parked = await parkedQueues(t);
  expect(parked).toBe(1);

  // Then, back in tab T, the visitor also withdraws consent.
  await seemHidden(t, false);
  await t.evaluate(() => (window as unknown as { clientele: C }).clientele.consent(false));
  await t.waitForTimeout(500);

  // The next page of the shop.
  const next = await openReady(context);
  await next.waitForTimeout(2500);
  const d = await exported(next);
  console.log('CONSENT-NO-FORGET', JSON.stringify({ parkedLeft: await parkedQueues(next), events: d.events.map((e) => e.event), user_id: d.user_id, consent: d.consent }));
  expect(d.consent).toBe(false);
  expect(eventsNamed(d.events, 'Before Forget')).toHaveLength(0);
  expect(eventsNamed(d.events, 'Marker Before')).toHaveLength(0);
  expect(d.user_id).toBeNull();
});
