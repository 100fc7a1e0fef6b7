// Option bags for the browser's APIs. The browser reads a dictionary's members through its prototype: a page that
// polluted Object.prototype (a `type`, a `signal`, a `root`, a `notation`; a prototype-pollution bug in one of its
// libraries) lends them to every object literal we pass, and the call throws (no worker, no rows) or changes meaning
// (`once: true` on our listeners). So do our own maps keyed by a name (chunks by name, meta tags by name): a
// polluted `page` or `widget` read as a loaded chunk, and the engine never came up.
const setProto = Object.setPrototypeOf;

/**
 * `o` itself, with no prototype: the browser reads only the members written here.
 * @example new Worker(url, bare({ name: 'clientele' }));
 */
export const bare = <T extends object>(o: T): T => setProto(o, null) as T;

/**
 * `v`, made no thenable: on a page that polluted Object.prototype.then, a promise resolved with any object or array
 * waits on that then() for good (round40c-polluted-then-reads). An own `then` of undefined (not enumerable) hides it.
 * @example resolve(inert(items));
 */
export const inert = <T>(v: T): T => {
  try {
    if (typeof (v as { then?: unknown })?.then == 'function') Object.defineProperty(v, 'then', bare({}));
  } catch { /* frozen: left as it is */ }
  return v;
};
