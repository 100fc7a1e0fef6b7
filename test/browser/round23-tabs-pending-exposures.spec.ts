// Round 23 (worker, forwarding of exposures across tabs; worker/experiments/serve.ts pend). The exposures waiting to be
// forwarded are one list in meta ('forward-pending'), changed by a read (getMeta) and a write (putMeta) in two
// transactions; serve.ts keeps one change at a time per worker, not across tabs. Two tabs serving rows of two
// experiments at the same moment each read the list before the other wrote it: one tab's exposure is overwritten,
// stored but never forwarded. README (Forwarding): "at least once ... exposures ... wait in the visitor's store".
import { test, expect } from '@playwright/test';
import { exported, openReady, trackMarker } from './helpers.ts';

const EXPS = [
  { id: 'trend-x', target: { rows: 'trending' }, variants: [{ id: 'a' }, { id: 'b' }] },
  { id: 'pop-x', target: { rows: 'popular' }, variants: [{ id: 'a' }, { id: 'b' }] },
];
type Api = { track(e: string, p: object): void; recommend(r: object): Promise<unknown[]> };

test('two tabs recording exposures at once: every stored exposure is forwarded (0 lost)', async ({ browser }) => {
  test.setTimeout(180_000);
  const trials = Number(process.env.TRIALS ?? 12);
  const results: Array<{ stored: number; forwarded: number }> = [];
  for (let t = 0; t < trials; t++) {
    const context = await browser.newContext();
    await context.addInitScript((exps) => {
      const w = window as unknown as { clientele: unknown[]; __fwd: unknown[] };
      w.__fwd = [];
      w.clientele = [['init', [{ experiments: exps, forward: { events: ['exposures'], consent: 'unless-refused', callback: (l: unknown[]) => w.__fwd.push(...l) } }]]];
    }, EXPS);
    const a = await openReady(context);
    await trackMarker(a, 'First');
    const b = await openReady(context);
    // Warm both engines (experiments chunk, segments, the events copy) with rows no experiment targets.
    for (const p of [a, b]) await p.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'for-you', limit: 4 }));
    await a.waitForTimeout(500);
    const rowA = () => a.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 4 }));
    const rowB = () => b.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'popular', limit: 4 }));
    // Control (SEQ=1): one tab after the other, always 2 of 2.
    if (process.env.SEQ) { await rowA(); await a.waitForTimeout(300); await rowB(); } else await Promise.all([rowA(), rowB()]);
    await a.waitForTimeout(300);
    await trackMarker(a, 'Carry A');
    await trackMarker(b, 'Carry B');
    await a.waitForTimeout(1500);
    const stored = (await exported(a)).events.filter((e) => e.event === 'Experiment Viewed').length;
    const fwd = new Set<string>();
    for (const p of [a, b]) for (const id of await p.evaluate(() => (window as unknown as { __fwd: Array<{ event: string; message_id: string }> }).__fwd.filter((e) => e.event === 'Experiment Viewed').map((e) => e.message_id))) fwd.add(id);
    results.push({ stored, forwarded: fwd.size });
    await context.close();
  }
  console.log(JSON.stringify(results));
  for (const r of results) expect(r).toEqual({ stored: 2, forwarded: 2 });
});
