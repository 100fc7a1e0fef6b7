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
 * The 'clientele' policy of `scope`, whose createScriptURL throws a TypeError (the URL) for any URL but OWN_SCRIPT's; null where
 * Trusted Types do not exist, where the page has a default policy (it takes the plain strings), or where the CSP's trusted-types directive refuses the name (then `refused(error)` is
 * called: plain strings go on, which the browser refuses only where it requires Trusted Types). Call once per global:
 * a second policy of the same name is refused. Never throws.
 * @example const policy = scriptUrlPolicy(window, () => console.warn('add clientele to the trusted-types directive'));
 * s.src = policy ? policy.createScriptURL(url) : url;
 */
export function scriptUrlPolicy(scope: TrustedTypesScope, refused: (e: unknown) => void): ScriptUrlPolicy | null {
  // A page's own default policy takes plain strings at every sink: asking for another name would be a violation where
  // its CSP names only 'default'.
  if (scope.trustedTypes?.defaultPolicy) return null;
  try {
    return scope.trustedTypes?.createPolicy('clientele', {
      createScriptURL: (url) => {
        if (OWN_SCRIPT.test(url)) return url;
        throw new TypeError(url);
      },
    }) ?? null;
  } catch (e) {
    refused(e);
    return null;
  }
}
