// Issue #8 (7): "forget() is total": it erases everything about the visitor, calls queued before it included.
// README Privacy: forget() erases calls made before it (queued, parked or in flight).
// Tab B tracks the old visitor's events, its worker is slow to answer, and the visitor calls forget() in tab A, then
// closes tab B. Afterwards, with forget() resolved true, localStorage should hold nothing tracked before the forget.
import { test, expect } from '@playwright/test';
import { localStorageHolding, readyTabs, slowWorkerTabs, closeTab } from './helpers.ts';

test('forget() in one tab: another tab closed just after leaves no pre-forget event parked in localStorage', async ({ context }) => {
  test.setTimeout(90_000);
  // B's worker answers late (a busy or throttled worker): its messages wait 20 s.
  const { other: a, slow: b } = await slowWorkerTabs(context);
  await b.evaluate(() => { const c = (window as any).clientele; for (let i = 0; i < 500; i++) c.track('Old Visitor Event', { i, email: 'old@visitor.example' }); });
  const ok = await a.evaluate(() => (window as any).clientele.forget());
  console.log('forget() resolved', ok);
  await b.waitForTimeout(500);
  await closeTab(b);
  await a.waitForTimeout(1000);
  const left = await localStorageHolding(a, /Old Visitor Event/);
  console.log('localStorage keys holding pre-forget events after forget():', JSON.stringify(left));
  expect(left).toEqual([]);
});

test('forget() in one tab while another is mid-burst, closed at once: no pre-forget event left in localStorage (healthy worker)', async ({ context }) => {
  test.setTimeout(60_000);
  const [a, b] = await readyTabs(context, 2);
  // B tracks a burst in paced tasks (not yet all sent), the visitor asks A to forget, then closes B.
  await b.evaluate(() => { const c = (window as any).clientele; let i = 0; const t = setInterval(() => { for (let j = 0; j < 50; j++) c.track('Old Visitor Event', { i: i++, email: 'old@visitor.example' }); }, 5); (window as any).__stop = () => clearInterval(t); });
  await b.waitForTimeout(300);
  const ok = await a.evaluate(() => (window as any).clientele.forget());
  await b.evaluate(() => (window as any).__stop());
  await closeTab(b);
  await a.waitForTimeout(1000);
  const at = await a.evaluate(() => parseFloat(localStorage.getItem('clientele:default:erased-at') ?? ''));
  const left = await a.evaluate((at) => Object.keys(localStorage).filter((k) => k.includes(':unsent:')).map((k) => {
    const ops = JSON.parse(localStorage.getItem(k)!) as unknown[];
    const old = ops.map((o) => (typeof o === 'string' ? JSON.parse(o) : o) as unknown[]).filter((o) => o[0] === 'e' && (o[2] as number) < at);
    return [k, old.length, ops.length, JSON.stringify(old[0] ?? null).slice(0, 160), at];
  }), at);
  console.log('forget() resolved', ok, 'parked after it:', JSON.stringify(left));
  expect(left.filter((x) => (x[1] as number) > 0)).toEqual([]);
});
