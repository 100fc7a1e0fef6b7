// Issue #8 (7): "forget() is total": it erases everything about the visitor, calls queued before it included.
// README Privacy: forget() erases calls made before it (queued, parked or in flight).
// One tab: the visitor's events are in flight to a busy worker when the shopper clicks "delete my data" (forget()) and
// closes the tab. The outbox parks the batch still in flight (the erased visitor's events, e-mail included) into
// localStorage after forget(): round 28 filters another tab's forget() (erasedBefore) but not this tab's own.
import { test, expect } from '@playwright/test';
import { localStorageHolding, readyTabs, slowWorkerTabs, closeTab } from './helpers.ts';

test('forget() while a batch is in flight, tab closed at once: localStorage keeps none of the erased events', async ({ context }) => {
  test.setTimeout(90_000);
  // B's worker answers late (busy storing): its messages after the first 4 s wait 20 s.
  const { other, slow: b } = await slowWorkerTabs(context);
  await b.evaluate(() => { const c = (window as any).clientele; for (let i = 0; i < 500; i++) c.track('Old Visitor Event', { i, email: 'old@visitor.example' }); });
  // The batch goes within a second (FLUSH_MS) and waits on the worker.
  await b.waitForTimeout(1500);
  await b.evaluate(() => { (window as any).clientele.forget(); });
  const at = await b.evaluate(() => parseFloat(localStorage.getItem('clientele:default:erased-at') ?? ''));
  await closeTab(b);
  await other.waitForTimeout(500);
  const left = await localStorageHolding(other, /old@visitor/);
  console.log('erased-at', at, '; localStorage keys holding the erased visitor after forget():', JSON.stringify(left));
  expect(at).toBeGreaterThan(0);
  expect(left).toEqual([]);
});

test('forget() right after a 20,000-event burst went to a healthy worker, tab closed at once: localStorage keeps none of the erased events', async ({ context }) => {
  test.setTimeout(90_000);
  const [other, b] = await readyTabs(context, 2);
  await b.evaluate(() => new Promise<void>((r) => { const c = (window as any).clientele; for (let i = 0; i < 20000; i++) c.track('Old Visitor Event', { i, email: 'old@visitor.example' }); setTimeout(() => setTimeout(r, 50)); }));
  await b.evaluate(() => { (window as any).clientele.forget(); });
  await closeTab(b);
  await other.waitForTimeout(500);
  const left = await localStorageHolding(other, /old@visitor/);
  console.log('healthy worker; localStorage keys holding the erased visitor after forget():', left.length, 'events', left.reduce((s, x) => s + (x[1] as number), 0));
  expect(left).toEqual([]);
});
