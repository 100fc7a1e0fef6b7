// Round 35 (tester A). Issue "Never lose an event" / README: "nor a consent() older than the answer given since in any
// tab". Two tabs of the shop answer at nearly the same time: tab A says yes, tab B, busy (a long task) as A answers,
// says no just after. B hears A's older "yes" (its storage event, queued behind B's long task) after its own "no",
// and applied it: the other tab's answer was taken whatever its time. Observed before the fix: localStorage and tab A
// said no, tab B's worker said yes and stored the 20 events B tracked after (consentB true, afterB 20). Expected: the
// latest answer, no, in both tabs; nothing tracked after it stored.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, initBeforeLoad, watchConsole } from './helpers.ts';

test('A says yes while B is busy, B says no just after: both tabs end on no, nothing tracked after is stored', async ({ context }) => {
  test.setTimeout(90_000);
  const open = async () => {
    const p = await context.newPage();
    await initBeforeLoad(p, { requireConsent: true, autocapture: false });
    await p.goto('/demo/fixtures/blank.html');
    await ready(p);
    return p;
  };
  const a = await open();
  const b = await open();
  const errors = [watchConsole(a).pageErrors, watchConsole(b).pageErrors];
  // B's long task: 600 ms busy, then its answer. A answers while B is busy.
  const bDone = b.evaluate(() => new Promise<number>((r) => setTimeout(() => {
    const end = Date.now() + 600;
    while (Date.now() < end) { /* busy */ }
    (window as any).clientele.consent(false);
    r(Date.now());
  }, 50)));
  await a.waitForTimeout(250);
  const aAt = await a.evaluate(() => { (window as any).clientele.consent(true); return Date.now(); });
  const bAt = await bDone;
  expect(bAt).toBeGreaterThan(aAt);
  await a.waitForTimeout(1500);
  await a.evaluate(() => { const c = (window as any).clientele; for (let i = 0; i < 20; i++) c.track('After A', { i }); });
  await b.evaluate(() => { const c = (window as any).clientele; for (let i = 0; i < 20; i++) c.track('After B', { i }); });
  await a.waitForTimeout(3000);
  await Promise.all([a.evaluate(() => (window as any).clientele.exportData()), b.evaluate(() => (window as any).clientele.exportData())]);
  const ea = await exported(a);
  const eb = await exported(b);
  // One store for both tabs: B's export reads the same events.
  const stored = ea?.events ?? [];
  expect({
    storage: await a.evaluate(() => localStorage.getItem('clientele:consent')),
    consentA: ea?.consent ?? null,
    consentB: eb?.consent ?? null,
    afterA: eventsNamed(stored, 'After A').length,
    afterB: eventsNamed(stored, 'After B').length,
    errors: errors.flat(),
  }).toEqual({ storage: '0', consentA: false, consentB: false, afterA: 0, afterB: 0, errors: [] });
});
