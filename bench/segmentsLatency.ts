// segments() latency in real Chromium for one visitor with orders, on the same page as the recommend() bench.
import { summarize, type Summary } from './stats.ts';
import { timeInPage, type VisitorPage } from './recommendLatency.ts';

export interface SegmentsLatency {
  catalog_items: number;
  history: string;
  measured: string;
  first_call_ms: number;
  latency_ms: Summary;
  /** Each call right after a new product view (stored first, then the segments computed over the longer history). */
  after_new_view_ms: Summary;
  /** What the visitor came out as, so a broken setup (no orders seen, no site segments) shows in the figures. */
  result: { rfm_tier: string | null; orders: number | null; lifecycle: string | null; cluster: string | null };
}

/**
 * Median and p99 of `await clientele.segments()` from the page for the visitor of `openVisitor`.
 * @example
 * const s = await segmentsLatency(await openVisitor(b, fx)); s.latency_ms.median
 */
export async function segmentsLatency(v: VisitorPage, reps = 200, budgetMs = 5000): Promise<SegmentsLatency> {
  const r = await timeInPage(v.page, { kind: 'segments' }, reps, budgetMs);
  const fresh = await timeInPage(v.page, { kind: 'segments' }, 100, 3000, v.moreViews, 6);
  const seg = await v.page.evaluate(async () => {
    const s = (await (window as unknown as { clientele: { segments(): Promise<Record<string, unknown> | null> } }).clientele.segments()) as
      { rfm: { tier: string; orders: number } | null; lifecycle: { stage: string }; cluster: { name: string } | null } | null;
    return { rfm_tier: s?.rfm?.tier ?? null, orders: s?.rfm?.orders ?? null, lifecycle: s?.lifecycle?.stage ?? null, cluster: s?.cluster?.name ?? null };
  });
  return {
    catalog_items: v.fixture.catalogItems,
    history: '50 Product Viewed, 3 Product Added, 1 Order Completed',
    measured: 'ms per `await clientele.segments()` from the page: includes the postMessage round trip to the worker',
    first_call_ms: Math.round(r.firstMs * 10) / 10,
    latency_ms: summarize(r.samples),
    after_new_view_ms: summarize(fresh.samples),
    result: seg,
  };
}
