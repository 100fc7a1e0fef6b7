// Trusted Types: under `require-trusted-types-for 'script'` a page refuses a plain string as a script's src or for
// new Worker(), and so does a worker for importScripts (a blob worker inherits the page's policy). Clientele passes the
// URLs it derived itself (its asset folder or the bundler's URL with one of its file names, its own blob) through one
// policy named 'clientele' per global, which the CSP's `trusted-types` directive must name. Shared by the page and the
// worker.

/**
 * The scripts Clientele loads: a .js file over http(s) (a bundler may add a query), or a blob (the worker's start from
 * a CDN). Not javascript:, data: or any other scheme, nor an address whose path is not a .js file.
 */
export const OWN_SCRIPT = /^(https?:\/\/[^?#]+\.js([?#].*)?|blob:.+)$/;

/** A Trusted Types policy as the sinks take it (a TrustedScriptURL, typed as the string the DOM typings expect). */
export type ScriptUrlPolicy = { createScriptURL(url: string): string };

/** What this needs of `window` or a worker's `self`. */
export type TrustedTypesScope = { trustedTypes?: { createPolicy(name: string, rules: ScriptUrlPolicy): ScriptUrlPolicy; defaultPolicy?: unknown } };

/**
 * A policy of `scope` named by the first of `names` its CSP allows (the page: 'clientele' only; a worker, where no page
 * code runs, may take 'default' too), whose createScriptURL throws a TypeError (the URL) for any URL but OWN_SCRIPT's.
 * Null where Trusted Types do not exist, or where every name is refused (then `refused(error)` is called: plain strings
 * go on, which the browser refuses only where it requires Trusted Types). Call once per global: a second policy of the
 * same name is refused. Never throws.
 * @example const policy = scriptUrlPolicy(window, () => console.warn('add clientele to the trusted-types directive'));
 * s.src = policy ? policy.createScriptURL(url) : url;
 */
export function scriptUrlPolicy(scope: TrustedTypesScope, refused: (e: unknown) => void, names: readonly string[] = ['clientele']): ScriptUrlPolicy | null {
  const tt = scope.trustedTypes;
  if (!tt) return null;
  // No prototype: the browser reads createHTML and createScript too, which a polluted Object.prototype would lend.
  const rules = Object.setPrototypeOf({
    createScriptURL: (url: string) => {
      if (OWN_SCRIPT.test(url)) return url;
      throw new TypeError(url);
    },
  }, null) as ScriptUrlPolicy;
  let error: unknown;
  for (const name of names) {
    try {
      return tt.createPolicy(name, rules);
    } catch (e) {
      error = e;
    }
  }
  refused(error);
  return null;
}
