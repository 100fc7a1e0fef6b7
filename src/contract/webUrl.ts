// Whether a configured URL is one scripts may be loaded from (page and worker alike).

/**
 * A path, or an http(s) URL: a scheme other than http(s) (javascript:, data:) is not a folder to load scripts from.
 * Read as the browser reads it (it drops tabs and leading control characters: "java\tscript:" is javascript:).
 * @example isWebUrl('/clientele/') === true; isWebUrl('javascript:alert(1)') === false
 */
export const isWebUrl = (v: string): boolean => {
  try {
    return /^https?:$/.test(new URL(v, 'http://h/').protocol);
  } catch {
    return false;
  }
};
