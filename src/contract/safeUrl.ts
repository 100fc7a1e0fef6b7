// Config and catalog text come from the site owner's feeds and may be hostile or simply wrong,
// so every URL the widget puts into the page goes through here first, and the config check refuses the rest with a message.

/**
 * Returns `url` trimmed when it is safe for an `href` or `src` (http, https or relative), otherwise `undefined`.
 * @example safeUrl('/p/red-mug') // '/p/red-mug'
 * @example safeUrl('javascript:alert(1)') // undefined
 */
export function safeUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const trimmed = url.trim();
  if (!trimmed) return undefined;
  // Browsers drop tabs, newlines and leading control characters while parsing a URL, so
  // "java\tscript:" still runs script: judge the scheme the browser will see, not the raw text.
  const scheme = /^([a-z][a-z\d+.-]*):/i.exec(trimmed.replace(/[\u0000-\u0020]/g, ''));
  return !scheme || /^https?$/i.test(scheme[1]) ? trimmed : undefined;
}
