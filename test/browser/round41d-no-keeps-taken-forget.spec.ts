// A page takes over a chunk another tab parked (src/outbox.ts take) that holds a forget() and events made after it,
// while a batch of its own is in flight; the visitor says "no" (src/client.ts answer): the chunk is written back with
// only the forget (clearParked), and the events are dropped from the page's line. When the in-flight batch was kept,
// the chunk's last op (an event) was no longer waiting, so the chunk was removed, with its forget op still unsent: a
// page killed then lost that forget for good, and what it was to erase stayed stored (round 41d: 5 of 5 events kept).
// Here the forgetting tab left no mark (a localStorage full when it forgot, say): only its parked op can erase.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed } from './helpers.ts';

const KEY = 'clientele:default:unsent:0.5:1000000';
type W = Window & { clientele: { track(e: string, p?: object): void; consent(g: boolean): void }; __removedK: number; __blocked: boolean };

test('a "no" while a taken-over chunk waits keeps its forget parked until it is stored', async ({ context }) => {
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  await b.evaluate(() => { for (let i = 0; i < 5; i++) (window as unknown as W).clientele.track('Old', { i }); });
  await expect.poll(async () => eventsNamed((await exported(b)).events, 'Old').length).toBe(5);
  const seen = await b.evaluate(async (key) => {
    const w = window as unknown as W;
    w.__removedK = 0;
    const rm = Storage.prototype.removeItem;
    // The page killed the moment the chunk goes: nothing more reaches its worker.
    Storage.prototype.removeItem = function (k: string) { if (k === key) (w.__removedK++, (w.__blocked = true)); return rm.call(this, k); };
    const post = Worker.prototype.postMessage;
    const log: string[] = [];
    Worker.prototype.postMessage = function (...a: unknown[]) { const t = JSON.stringify(a[0]) ?? ''; log.push(`${w.__blocked ? 'blocked' : 'sent'} ${t.length} f:${t.includes('[\\"f\\",')} pre:${t.includes('Pre')} c:${t.includes('[\\"c\\",')}`); if (!w.__blocked) return (post as (...a: unknown[]) => void).apply(this, a); };
    const tick = () => new Promise((r) => setTimeout(r));
    // A burst: its batch goes on the next task, and is in flight while the chunk is taken over.
    for (let i = 0; i < 2000; i++) w.clientele.track('Pre', { i });
    while (!log.some((l) => l.includes('pre:true'))) await tick();
    const at = Date.now();
    localStorage.setItem(key, JSON.stringify([['f', at], ['e', 'other-after-1', at + 1, 'Other', {}]]));
    dispatchEvent(new StorageEvent('storage', { key, newValue: localStorage.getItem(key) }));
    await tick();
    await tick();
    w.clientele.consent(false);
    await new Promise((r) => setTimeout(r, 1500));
    return { removed: w.__removedK, parked: localStorage.getItem(key), log };
  }, KEY);
  console.log('SEEN', JSON.stringify(seen));
  const crashed = b.waitForEvent('crash').catch(() => undefined);
  void (await context.newCDPSession(b)).send('Page.crash').catch(() => undefined);
  await crashed;
  const c: Page = await context.newPage();
  await c.goto('/demo/fixtures/blank.html?next');
  await ready(c);
  // The forget the other tab parked reaches a worker: what was stored before it is erased.
  await expect.poll(async () => eventsNamed((await exported(c)).events, 'Old').length, { timeout: 8_000 }).toBe(0);
});
