// Page-level de-duplication: the rows on one page take turns, and each row leaves out the items the rows
// before it show. Rows mounted together (the rows found in the page's markup, a product page mounting its
// rows in a loop) take their turns in mount order, except that rows of the visitor's own items (recently
// viewed, buy again) go first: they can only show those items, while a discovery row always has others.
// A row that never answers holds the next one back for at most `timeoutMs`, so one slow row cannot blank
// the page.
import { soon } from '../src/soon.ts';
import { inert } from '../src/bare.ts';

/** One row's place in the queue. */
export interface RowTurn {
  /** Resolves, when the row's turn comes, to the product ids it must not show. */
  ready: Promise<string[]>;
  /** The row shows these items (possibly none): the rows after it skip them. */
  done(ids: string[]): void;
  /** The row is gone (unmounted): its items are free again and its turn passes. */
  leave(): void;
  /** Product ids the page's other rows show now (for a row that asks again, e.g. after a dismissal). */
  others(): string[];
}

export interface PageRows {
  /** Joins the queue for the row drawn in `el` (a row whose element leaves the page frees its items); `first` for rows of the visitor's own items. */
  enter(el?: Element, first?: boolean): RowTurn;
  /** Product ids the page's rows show now. */
  shown(): string[];
}

/**
 * Creates the queue for one page.
 * @example
 * const turn = rows.enter(el);
 * const exclude = await turn.ready;
 * turn.done((await host.recommend({ type, filters: { exclude } })).map((r) => r.item.product_id));
 */
export function createPageRows(timeoutMs = 4000): PageRows {
  const showing = new Map<object, { el?: Element; ids: string[] }>();
  let tail: Promise<void> = Promise.resolve();
  let batch: Array<{ first: boolean; start: () => void; finished: Promise<void> }> = [];
  // A single-page app may drop a row's element without unmounting it: its items are no longer on the page.
  const shown = (except?: object) => [...new Set([...showing].filter(([k, r]) => k !== except && r.el?.isConnected !== false).flatMap(([, r]) => r.ids))];
  const flush = () => {
    const rows = batch.sort((a, b) => Number(b.first) - Number(a.first));
    batch = [];
    for (const row of rows) {
      const before = tail;
      tail = before.then(() => Promise.race([row.finished, new Promise<void>((r) => setTimeout(r, timeoutMs))]));
      void before.then(row.start);
    }
  };
  return {
    shown: () => shown(),
    enter(el, first = false) {
      const token = {};
      let finish!: () => void;
      const finished = new Promise<void>((r) => (finish = r));
      let start!: () => void;
      const started = new Promise<void>((r) => (start = r));
      // Rows mounted in one go (a loop, the page's markup scanned) form one batch: it is ordered once the code that
      // mounts them has run, in a microtask, not a task of its own, which a page busy laying itself out would hold back.
      if (!batch.length) soon(flush);
      batch.push({ first, start, finished });
      return {
        ready: started.then(() => inert(shown())),
        done(ids) {
          showing.set(token, { el, ids });
          finish();
        },
        leave() {
          showing.delete(token);
          finish();
        },
        others: () => shown(token),
      };
    },
  };
}
