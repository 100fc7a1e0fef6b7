// Page-level de-duplication: the rows on one page take turns in the order they were mounted (document
// order for rows found in markup), and each row leaves out the items the rows before it show. A row that
// never answers holds the next one back for at most `timeoutMs`, so one slow row cannot blank the page.

/** One row's place in the queue. */
export interface RowTurn {
  /** Resolves, when the row's turn comes, to the product ids it must not show. */
  ready: Promise<string[]>;
  /** The row shows these items (possibly none): the rows after it skip them. */
  done(ids: string[]): void;
  /** The row is gone (unmounted): its items are free again and its turn passes. */
  leave(): void;
}

export interface PageRows {
  /** Joins the queue for the row drawn in `el` (a row whose element leaves the page frees its items). */
  enter(el?: Element): RowTurn;
  /** Product ids the page's rows show now. */
  shown(): string[];
}

/**
 * Creates the queue for one page.
 * @example
 * const turn = rows.enter();
 * const exclude = await turn.ready;
 * turn.done((await host.recommend({ type, filters: { exclude } })).map((r) => r.item.product_id));
 */
export function createPageRows(timeoutMs = 4000): PageRows {
  const showing = new Map<object, { el?: Element; ids: string[] }>();
  let tail: Promise<void> = Promise.resolve();
  // A single-page app may drop a row's element without unmounting it: its items are no longer on the page.
  const shown = () => [...new Set([...showing.values()].filter((r) => r.el?.isConnected !== false).flatMap((r) => r.ids))];
  return {
    shown,
    enter(el) {
      const token = {};
      let finish!: () => void;
      const finished = new Promise<void>((r) => (finish = r));
      const before = tail;
      tail = before.then(() => Promise.race([finished, new Promise<void>((r) => setTimeout(r, timeoutMs))]));
      return {
        ready: before.then(shown),
        done(ids) {
          showing.set(token, { el, ids });
          finish();
        },
        leave() {
          showing.delete(token);
          finish();
        },
      };
    },
  };
}
