// How the engine worker loads its lazy chunks (product reader, languages, experiments) under a strict CSP: no blob:
// and no eval, so importScripts runs them. importScripts blocks the worker's thread until the file has arrived, with no
// deadline of its own: a chunk that stalls on the network would stall every call, and the page would restart a worker
// that stalls again. So the file is fetched first, with a deadline, and importScripts then finds it in the HTTP cache.

import { scriptUrlPolicy, type ScriptUrlPolicy, type TrustedTypesScope } from '../src/contract/scriptUrl.ts';

/** How long a chunk may take to arrive before its feature goes without it (well inside the page's 10 s and 15 s). */
export const CHUNK_MS = 5_000;

/** What the loader needs of the worker's global scope (`self`). */
export type ChunkScope = Record<string, unknown> & TrustedTypesScope & { importScripts(url: string): void; fetch: typeof fetch; __clienteleTT?: ScriptUrlPolicy | null };

/**
 * A loader of chunks that each set a global: `load(url, global)` resolves with the global, once the chunk has run
 * (at once for one that has run before). Rejects with a message that says why: no answer within `ms` (importScripts is
 * then not tried), a file that failed to load, or one that loaded but set nothing.
 * @example const load = chunkLoader(self as unknown as ChunkScope); const m = await load('/clientele/clientele-messages.js', '__clienteleMessages');
 */
export function chunkLoader(scope: ChunkScope, ms = CHUNK_MS) {
  return async <T>(url: string, global: string): Promise<T> => {
    if (!scope[global]) {
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), ms);
      // no-cors and default credentials, as importScripts asks: a chunk on a CDN that sends no CORS headers is cached
      // for it too. A fetch refused for another reason (a connect-src that leaves the chunk out) leaves the file to
      // importScripts, as before; only silence is cut short.
      let came = false;
      await scope
        .fetch(url, { mode: 'no-cors', signal: stop.signal })
        .then((r) => ((came = /script/.test(r.headers.get('content-type')!)), r.arrayBuffer()))
        .catch(() => {
          if (stop.signal.aborted) throw new Error(`no answer within ${ms / 1000} s`);
        })
        .finally(() => clearTimeout(timer));
      // Trusted Types, where the worker's CSP (a blob worker's: the page's) requires them: the policy of the blob that
      // started the worker (src/loadAssets.ts startWorker), else this scope's own, made once. The page says what a
      // refused name needs.
      if (scope.__clienteleTT === undefined) scope.__clienteleTT = scriptUrlPolicy(scope, () => undefined, ['clientele', 'default']);
      try {
        scope.importScripts(scope.__clienteleTT ? scope.__clienteleTT.createScriptURL(url) : url);
      } catch (e) {
        // Fetched, then refused: the policy sent with the worker's own file (a server's header on every response),
        // where a nonce allows nothing importScripts loads (round41e-worker-csp).
        throw came ? Error(`the worker file's CSP refused it: add 'self' to script-src`) : e;
      }
    }
    return (scope[global] as T | undefined) ?? Promise.reject(new Error('it loaded but did not register'));
  };
}
