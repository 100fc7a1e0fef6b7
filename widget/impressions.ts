// An impression counts once per element key per mount, when at least half of the element has been
// visible: a card scrolled past inside the row, or below the fold, has not been seen.

import { bare } from '../src/bare.ts';

/** Watches elements and calls each one's callback the first time it is half visible. */
export interface ImpressionTracker {
  /** Calls `seen` once per `key`, when `el` is half visible (or at once where IntersectionObserver is missing). */
  observe(el: Element, key: string, seen: () => void): void;
  /** Stops watching; no callback runs afterwards. */
  disconnect(): void;
}

/**
 * Creates an impression tracker for one mounted widget.
 * @example
 * const tracker = createImpressionTracker();
 * tracker.observe(card, 'p1@1', () => host.track('Widget Impression', props));
 * // on unmount: tracker.disconnect();
 */
export function createImpressionTracker(threshold = 0.5): ImpressionTracker {
  const fired = new Set<string>();
  const waiting = new Map<Element, [key: string, seen: () => void]>();
  let stopped = false;
  const fire = (key: string, seen: () => void) => {
    if (stopped || fired.has(key)) return;
    fired.add(key);
    seen();
  };
  const IO = typeof IntersectionObserver === 'function' ? IntersectionObserver : null;
  const io =
    IO &&
    new IO(
      (entries) => {
        for (const entry of entries) {
          // Chromium can report 0.4999 at the crossing of a 0.5 threshold; allow for the rounding.
          if (!entry.isIntersecting || entry.intersectionRatio < threshold - 0.01) continue;
          const w = waiting.get(entry.target);
          if (!w) continue;
          waiting.delete(entry.target);
          io!.unobserve(entry.target);
          fire(w[0], w[1]);
        }
      },
      bare({ threshold }),
    );
  return {
    observe(el, key, seen) {
      if (stopped || fired.has(key) || waiting.get(el)?.[0] === key) return;
      if (!io) return fire(key, seen);
      waiting.set(el, [key, seen]);
      io.observe(el);
    },
    disconnect() {
      stopped = true;
      io?.disconnect();
      waiting.clear();
    },
  };
}
