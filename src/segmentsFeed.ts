// Segment changes for the owner: onSegments() listeners and the tag manager's dataLayer. It runs in a chunk of its
// own (dist/clientele-segments.js) that the script tag loads only when a page subscribes or config.dataLayer is on.
import { segmentsSignature } from './contract/segmentsSignature.ts';
import type { SegmentsResult } from './contract/types.ts';
import { show } from './contract/widgetCheck.ts';
import { pushDataLayer } from './dataLayer.ts';

/** What the feed needs from the page. */
export interface SegmentsLink {
  /** The visitor's segments now, or null when the engine cannot answer. */
  segments(): Promise<SegmentsResult | null>;
  /** The segments if their stage, tier, cluster or audiences changed since last asked (remembered across pages), else null. */
  changed(): Promise<SegmentsResult | null>;
  /** Whether config.dataLayer is on. */
  dataLayer(): boolean;
  warn(message: string): void;
}

export interface SegmentsFeed {
  /** Adds a listener, which hears the current segments first, then each change; returns an unsubscribe function. */
  subscribe(fn: (s: SegmentsResult) => void): () => void;
  /** Asks the engine for a change and tells listeners and the dataLayer. */
  check(): Promise<void>;
  /** Forgets what listeners last heard (after forget()). */
  reset(): void;
}

/**
 * @example const feed = createSegmentsFeed(link); feed.subscribe((s) => console.log(s.lifecycle.stage));
 */
export function createSegmentsFeed(link: SegmentsLink): SegmentsFeed {
  const listeners = new Set<(s: SegmentsResult) => void>();
  /** What each listener heard last: a change and a new subscription can report the same state at once. */
  let heard = new WeakMap<(s: SegmentsResult) => void, string>();
  /** Listeners hear each distinct state once, whether it came from a change or from subscribing. */
  const notify = (seg: SegmentsResult, only?: (s: SegmentsResult) => void) => {
    const sig = segmentsSignature(seg);
    (only ? [only] : listeners).forEach((fn) => {
      if (heard.get(fn) === sig) return;
      heard.set(fn, sig);
      try {
        fn(seg);
      } catch (e) {
        link.warn(`[clientele] your onSegments callback threw: ${show(e)}`);
      }
    });
  };
  return {
    subscribe(fn) {
      listeners.add(fn);
      void link.segments().then((seg) => {
        if (seg && listeners.has(fn)) notify(seg, fn);
      });
      return () => void (listeners.delete(fn), heard.delete(fn));
    },
    async check() {
      if (!listeners.size && !link.dataLayer()) return;
      const seg = await link.changed();
      if (!seg) return;
      notify(seg);
      if (link.dataLayer()) {
        pushDataLayer([{ event: 'clientele_segments', clientele: { lifecycle: seg.lifecycle.stage, rfm_tier: seg.rfm?.tier ?? null, cluster: seg.cluster?.name ?? null, audiences: seg.audiences, purchase_propensity: seg.propensity.purchase90d } }], link.warn);
      }
    },
    reset() {
      heard = new WeakMap();
    },
  };
}
