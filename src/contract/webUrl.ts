// Whether a configured URL is one scripts may be loaded from (page and worker alike).

/**
 * A path, or an http(s) URL: a scheme other than http(s) (javascript:, data:) is not a folder to load scripts from.
 * @example isWebUrl('/clientele/') === true; isWebUrl('javascript:alert(1)') === false
 */
export const isWebUrl = (v: string): boolean => !/^\s*[a-z][\w+.-]*:/i.test(v) || /^\s*https?:/i.test(v);
