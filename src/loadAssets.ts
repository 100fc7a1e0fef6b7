// Loads the worker and the IIFE chunks (widget, markup reader, ...) from a folder URL: the script-tag build
// always does, the ESM build only when config.assetBase points at a folder that serves dist/.
import type { Chunks } from './chunks.ts';
import { OWN_SCRIPT, scriptUrlPolicy, type ScriptUrlPolicy, type TrustedTypesScope } from './contract/scriptUrl.ts';
import { explainAssets } from './client.ts';
import { bare } from './bare.ts';
import { stringify } from './stringify.ts';

let policy: ScriptUrlPolicy | null | undefined;
/** How long a page chunk's HTML check may take before the chunk's script is added anyway (see loadChunk). */
const CHECK_MS = 3000;

/**
 * `url` (one Clientele derived: its asset folder or the bundler's URL with a file name, its own blob) as a page that
 * requires Trusted Types takes it for a script's src or new Worker(): through the page's one 'clientele' policy, made
 * on first use. Where the CSP's trusted-types directive leaves clientele out, the plain string, said once.
 * @example s.src = scriptUrl('/clientele/clientele-widget.js');
 */
export function scriptUrl(url: string): string {
  // The page's own default policy, where it makes script URLs, needs no name of Clientele's (a CSP may name only
  // 'default'); one that makes none (HTML only) leaves it to the 'clientele' policy.
  const own = (window as TrustedTypesScope).trustedTypes?.defaultPolicy as ScriptUrlPolicy | null | undefined;
  if (policy === undefined && own) {
    try {
      // A policy that refuses a URL (returns null) still gives a TrustedScriptURL: an empty one.
      const made = own.createScriptURL(url);
      if (String(made)) return made;
    } catch {
      // It makes no script URLs.
    }
  }
  if (policy === undefined) policy = scriptUrlPolicy(window as never, () => explainAssets("[clientele] add clientele to the trusted-types directive of the page's Content-Security-Policy, or Trusted Types refuse Clientele's scripts"));
  return policy ? policy.createScriptURL(url) : url;
}

/**
 * Loads chunk `name` from the folder `base`: dist/clientele-<name>.js, which assigns its module to
 * window.__clientele<Name> (scripts/build.ts). Once: a chunk already there is not loaded again.
 * @example const widget = await loadChunk('/clientele/', 'widget');
 */
export function loadChunk<K extends keyof Chunks>(base: string, name: K): Promise<Chunks[K]> {
  const w = window as unknown as Record<string, Chunks[K] | undefined>;
  const global = '__clientele' + name[0].toUpperCase() + name.slice(1);
  const url = `${base}clientele-${name}.js`;
  // With no prototype, as the worker's answers (src/rpc.ts plain): under a polluted Object.prototype.then a promise
  // resolved with the module waited on the page's then() for good (no autocapture, no rows).
  const got = () => w[global] && bare(w[global]!);
  if (got()) return Promise.resolve(got()!);
  // A server that answers a file it lacks with a page (a single-page app's host sending index.html for every path, a
  // proxy's error page) would have the page run it: its SyntaxError reaches the page's own error handlers (the shop's
  // error monitoring), which a listener added after them cannot stop. So the file is fetched first (the script then
  // finds it in the HTTP cache, as the worker's chunks do) and an HTML answer is refused. Another origin's answer is
  // opaque (no type to read): it goes on to the script as before.
  // The check is the page's fetch(), which the page may have replaced: a wrapper that throws, answers something that
  // is not a Response, or never settles (waiting for a token that never comes) must not hold the chunk back, so any
  // of those, or no answer within CHECK_MS, goes on to the script.
  const check = (async () => {
    const r = await fetch(url, bare({ mode: 'no-cors' as RequestMode }));
    await r.arrayBuffer();
    return /html/i.test(r.headers.get('content-type')!);
  })().catch(() => 0);
  return new Promise((resolve, reject) => {
    Promise.race([check, new Promise((r) => setTimeout(r, CHECK_MS))]).then((page) => {
      if (page) return reject(new Error(`could not load ${url} (a page came, not the script)`));
      const s = document.createElement('script');
      s.src = scriptUrl(url);
      s.async = true;
      // A policy of nonces ('nonce-...' without 'strict-dynamic') refuses a script added without the page's nonce.
      s.nonce = (document.querySelector('script[nonce]') as HTMLScriptElement | null)?.nonce ?? '';
      s.onload = s.onerror = () => (got() ? resolve(got()!) : reject(new Error(`could not load ${url}`)));
      document.head.appendChild(s);
    }).catch(reject);
  });
}

/**
 * Starts the engine worker at `url`. A worker must be same-origin, so a script served from a CDN starts it through a tiny blob.
 * @example const worker = startWorker('https://cdn.example/clientele/clientele-worker.js');
 */
export function startWorker(url: string, name = 'clientele'): Worker {
  // The page's own origin, which a sandboxed iframe (no allow-same-origin) has opaque ("null"): its location still
  // names the shop, yet a worker from that URL is refused there, and a blob one is not.
  if (new URL(url, location.href).origin === (self.origin ?? location.origin)) return new Worker(scriptUrl(url), bare({ name }));
  // The blob worker inherits the page's Trusted Types, not its policies: it makes its own, 'clientele' or else 'default'
  // (no page code runs there), and leaves it to the engine's chunk loader (worker/chunkLoader.ts).
  const blob = new Blob([`var t=self.trustedTypes,u=${stringify(url)},p=null,r={createScriptURL:function(s){if(${OWN_SCRIPT}.test(s))return s;throw s}};if(t)try{p=t.createPolicy("clientele",r)}catch(e){try{p=t.createPolicy("default",r)}catch(e){}}self.__clienteleTT=p;importScripts(p?p.createScriptURL(u):u)`], bare({ type: 'text/javascript' }));
  return new Worker(scriptUrl(URL.createObjectURL(blob)), bare({ name }));
}
