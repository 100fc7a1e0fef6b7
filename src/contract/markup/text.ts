// Text and URL values as shops really publish them: HTML entities (sometimes escaped twice), tags
// inside JSON-LD strings, whitespace runs, template placeholders that were never rendered, relative
// and protocol-relative URLs, tracking parameters. Pure: runs in the worker and in Node.

// The named entities that occur in product names and descriptions; numeric ones are decoded generally.
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', bull: '•', middot: '·', deg: '°', times: '×',
  copy: '©', reg: '®', trade: '™', euro: '€', pound: '£', yen: '¥', frac12: '½', szlig: 'ß', oslash: 'ø', aelig: 'æ',
};
// Vowels with the usual accents: &eacute; &Uuml; &ocirc; ... composed by Unicode normalization.
const MARKS: Record<string, string> = { acute: '\u0301', grave: '\u0300', circ: '\u0302', uml: '\u0308', tilde: '\u0303', ring: '\u030A', cedil: '\u0327', caron: '\u030C' };

function entity(name: string): string | undefined {
  if (name[0] === '#') {
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : undefined;
  }
  if (name in NAMED) return NAMED[name];
  const m = /^([a-zA-Z])(acute|grave|circ|uml|tilde|ring|cedil|caron)$/.exec(name);
  return m ? (m[1] + MARKS[m[2]]).normalize('NFC') : undefined;
}

/**
 * Decodes HTML character references; text escaped twice (`&amp;amp;`, common in templated JSON-LD) is decoded twice.
 * @example decodeEntities('Caf&eacute; &amp;amp; Bar &#8211; 2') // "Café & Bar – 2"
 */
export function decodeEntities(s: string): string {
  for (let i = 0; i < 2 && s.includes('&'); i++) {
    const next = s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z][a-zA-Z0-9]{1,8});?/g, (m, name: string) => entity(name) ?? m);
    if (next === s) break;
    s = next;
  }
  return s;
}

// Unrendered template syntax of Liquid, Twig, Jinja, Handlebars, ERB/EJS, JS template literals, Smarty,
// Razor-less PHP templates and "%PLACEHOLDER%" mail-merge styles; and what JS prints for missing values.
const PLACEHOLDER = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|<%[\s\S]*?%>|\$\{[^}]*\}|\[\[[^\]]*\]\]|^\s*\{\$?[\w.\-[\]]+\}\s*$|^\s*%[\w.]+%\s*$|^\s*__[A-Z0-9_]+__\s*$|^\s*#\{[^}]*\}\s*$|^\s*\[[A-Z][A-Z0-9_]*\]\s*$/;
const EMPTY_WORDS = /^(undefined|null|none|nan|n\/a|na|\[object object\]|-+|\.+)$/i;

/**
 * True for a value that is a template placeholder left unrendered, or a stand-in for nothing.
 * @example isPlaceholder('{{ product.title }}') // true
 * @example isPlaceholder('undefined') // true
 * @example isPlaceholder('Red Mug') // false
 */
export function isPlaceholder(s: string): boolean {
  // Its start only: on a long text of unclosed "{{" the patterns took minutes (each one scanned to the end).
  s = s.slice(0, 1000);
  return PLACEHOLDER.test(s) || EMPTY_WORDS.test(s.trim());
}

/**
 * A readable text value: entities decoded, tags removed, whitespace collapsed and trimmed, cut to `max`
 * characters; undefined for empty values and placeholders.
 * @example cleanText(' Tom &amp; Jerry <b>Mug</b>\n') // "Tom & Jerry Mug"
 */
/**
 * A category as a person reads it, a path joined with " > "; Google taxonomy numbers and category URLs are none.
 * @example categoryText('Home & Garden / Lamps') // "Home & Garden > Lamps"
 */
export function categoryText(v: unknown): string | undefined {
  const s = cleanText(v);
  return s && !/^\d+$/.test(s) && !/^https?:/i.test(s) ? s.replace(/\s*(?:>|›|»|\/|\|)\s*/g, ' > ') : undefined;
}

export function cleanText(v: unknown, max = 300): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  // Far more than any field keeps, markup included: a longer text (garbage, or hostile) is cut first, so that the
  // patterns below, quadratic on unclosed tags, stay quick.
  let s = decodeEntities(v.slice(0, 10_000).replace(/<!\[CDATA\[|\]\]>/g, ''));
  s = s.replace(/<\/?[a-zA-Z][^>]*>/g, ' ').replace(/[\u0000-\u001F\u007F\u200B\u200E\u200F\u061C\uFEFF]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!s || isPlaceholder(s)) return undefined;
  return s.length > max ? s.slice(0, max).trimEnd() : s;
}

// Query parameters that say how a visitor arrived, never which product a page shows.
const TRACKING = /^(utm_\w+|[gdy]clid|gclsrc|[gw]braid|fbclid|msclkid|t[wt]clid|mc_[ce]id|_g[al]|_hs\w+|hsa_\w+|mkt_tok|srsltid|igshid|ref|ref_src|_pos|_sid|_ss|_psq|_fid|_v|pk_\w+|mtm_\w+|spm|cmpid)$/i;

/**
 * Resolves a URL against the page (relative and protocol-relative ones too); undefined unless http(s).
 * @example resolveUrl('//cdn.shop.example/a.jpg', 'https://shop.example/p/1') // "https://cdn.shop.example/a.jpg"
 */
export function resolveUrl(v: unknown, base: string | undefined): string | undefined {
  const s = cleanText(v, Infinity);
  if (!s || s.length > 2048 || /\s/.test(s)) return undefined;
  try {
    const u = new URL(s, base);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A URL without its fragment and tracking parameters (utm_*, gclid, fbclid, Shopify's _pos/_sid/_ss, ...).
 * @example withoutTracking('https://shop.example/p/1?utm_source=x&color=red#reviews') // "https://shop.example/p/1?color=red"
 */
export function withoutTracking(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    for (const k of [...u.searchParams.keys()]) if (TRACKING.test(k)) u.searchParams.delete(k);
    return u.href.replace(/\?$/, '');
  } catch {
    return url;
  }
}
