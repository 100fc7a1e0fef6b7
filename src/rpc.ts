// A minimal client for comlink's wire protocol. The worker exposes the engine with comlink itself;
// the page speaks the same messages with this 1% of the code, because comlink's Proxy-based wrap()
// would cost a third of the script tag's size budget.

type Pending = [(v: unknown) => void, (e: unknown) => void];

/** Every method of T, called remotely, returns a promise of its result. */
export type Remote<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never };

/**
 * Connects to an object exposed with `Comlink.expose()` in a worker.
 * @example const engine = connect<EngineApi>(new Worker(url)); await engine.status();
 */
export function connect<T>(worker: Worker): Remote<T> {
  let next = 0;
  const pending = new Map<string, Pending>();
  // A worker that fails to load (404, CSP) must not leave callers waiting forever.
  let dead: Error | null = null;
  worker.addEventListener('error', (e) => {
    dead = new Error(e.message || 'it failed to load (missing file or Content-Security-Policy)');
    pending.forEach((p) => p[1](dead));
    pending.clear();
  });
  worker.addEventListener('message', (ev: MessageEvent) => {
    const d = ev.data as { id?: string; type?: string; value?: { value?: { message?: string } } } | null;
    const p = d?.id !== undefined ? pending.get(d.id) : undefined;
    if (!p) return;
    pending.delete(d!.id!);
    // RAW carries the return value; HANDLER "throw" carries an error the engine did not catch.
    if (d!.type === 'RAW') p[0](d!.value);
    else p[1](new Error(d!.value?.value?.message ?? 'the worker failed'));
  });
  return new Proxy({} as Remote<T>, {
    get: (_t, method) => (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        if (dead) return reject(dead);
        const id = `c${next++}`;
        pending.set(id, [resolve, reject]);
        worker.postMessage({ id, type: 'APPLY', path: [method], argumentList: args.map((value) => ({ type: 'RAW', value })) });
      }),
  });
}
