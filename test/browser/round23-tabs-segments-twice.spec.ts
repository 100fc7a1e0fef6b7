// Round 23 (worker, forwarding 'Segments Changed' across tabs; worker/experiments/serve.ts forwarded). The signature of
// the segments last reported is read (getMeta) and written (putMeta) in two transactions: two tabs whose batches are
// stored at the same moment both see the old signature and both forward the same change, under two message ids
// (`seg:<sig>:<now>`), so the report counts it twice. Expected: one 'Segments Changed' per change.
import { test, expect } from '@playwright/test';
import { openReady, trackMarker } from './helpers.ts';

type Api = { track(e: string, p: object): void };
type Fwd = { event: string; message_id: string; properties: Record<string, unknown> };

test('two tabs storing batches at once: a segments change is forwarded once', async ({ browser }) => {
  test.setTimeout(180_000);
  const trials = Number(process.env.TRIALS ?? 8);
  const results: Array<{ changes: number; repeats: number }> = [];
  for (let t = 0; t < trials; t++) {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      const w = window as unknown as { clientele: unknown[]; __fwd: unknown[] };
      w.__fwd = [];
      w.clientele = [['init', [{ forward: { events: ['segments'], consent: 'unless-refused', callback: (l: unknown[]) => w.__fwd.push(...l) } }]]];
    });
    const a = await openReady(context);
    await trackMarker(a, 'First');
    const b = await openReady(context);
    await trackMarker(b, 'Second');
    await a.waitForTimeout(1500);
    const order = (p: typeof a, n: number) => p.evaluate((n) => (window as unknown as { clientele: Api }).clientele.track('Order Completed', { order_id: `o${n}`, revenue: 120, currency: 'GBP', products: [{ product_id: '85123A', price: 120, quantity: 1 }] }), n);
    // Control (SEQ=1): the second order 2 s after the first: each change once.
    if (process.env.SEQ) { await order(a, 1); await a.waitForTimeout(2000); await order(b, 2); } else await Promise.all([order(a, 1), order(b, 2)]);
    await a.waitForTimeout(3000);
    const all: Fwd[] = [];
    for (const p of [a, b]) all.push(...(await p.evaluate(() => (window as unknown as { __fwd: Fwd[] }).__fwd.filter((e) => e.event === 'Segments Changed'))));
    // The same segments reported twice in a row (by time) is one change forwarded twice.
    const seq = all.sort((x, y) => Date.parse(String((x as unknown as { timestamp: string }).timestamp)) - Date.parse(String((y as unknown as { timestamp: string }).timestamp))).map((e) => JSON.stringify(e.properties));
    const repeats = seq.filter((s, i) => i > 0 && s === seq[i - 1]).length;
    results.push({ changes: seq.length, repeats, stages: all.map((e) => e.properties.lifecycle_stage) } as never);
    await context.close();
  }
  console.log(JSON.stringify(results));
  for (const r of results) expect(r.repeats).toBe(0);
});
