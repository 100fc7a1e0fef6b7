// A transaction body that either commits whole or aborts whole, with no stray rejections.

const noop = () => {};

/** Registers a request so the transaction waits for it and its failure is never reported as unhandled. */
export type Track = <P>(request: Promise<P>) => Promise<P>;

/**
 * Runs `body` in `tx` and resolves after the commit; on any error aborts, so a half-written batch never lands.
 * Requests the body fires without awaiting go through `track`.
 * @example await runTx(tx, async (track) => { for (const e of events) track(tx.store.put(e)); });
 */
export async function runTx<T>(tx: { done: Promise<void>; abort(): void; error?: DOMException | null }, body: (track: Track) => Promise<T>): Promise<T> {
  const pending: Promise<unknown>[] = [];
  const track: Track = (request) => {
    request.catch(noop);
    pending.push(request);
    return request;
  };
  tx.done.catch(noop);
  try {
    const result = await body(track);
    await Promise.all(pending);
    await tx.done;
    return result;
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // Already committed or aborted: the error below says why.
    }
    // A quota failure shows on the transaction, while its requests only report the abort.
    throw tx.error && tx.error.name === 'QuotaExceededError' ? tx.error : e;
  }
}
