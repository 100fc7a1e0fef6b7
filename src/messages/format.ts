// Words a message for a locale: picks the catalogue, applies the owner's overrides, fills `{params}`,
// chooses plural forms with Intl.PluralRules and words times with Intl.RelativeTimeFormat.
// Every Intl call is guarded: a bad locale tag from a page must not cost the message.
// The catalogues come as an argument so each bundle carries only what it words: the widget chunk English
// titles and labels (./en.ts) plus those the host hands it, the worker English reasons plus the other
// languages from the language chunk (./languages.ts) when the page needs one.
import { MESSAGE_KEYS, type Catalogue, type Message, type MessageKey, type MessageOverrides, type Reason } from './types.ts';

export { MESSAGE_KEYS, HISTORY_REASONS, type Catalogue, type Message, type MessageKey, type MessageOverrides, type Reason, type ReasonKey } from './types.ts';

/** Catalogues by the language tag they are chosen for; `en` must be there (the fallback). */
export type Catalogues = Readonly<Record<string, Partial<Catalogue>>>;

/** The languages with a complete catalogue. */
export const LANGUAGES = ['en', 'zh-CN', 'de', 'fr', 'es'] as const;

/**
 * The catalogue a locale gets: zh, zh-CN, zh-SG and zh-Hans get Simplified Chinese; de, fr, es by
 * language; anything else (zh-TW included: there is no Traditional catalogue yet) English.
 * @example catalogueFor('zh-Hans-CN') // 'zh-CN'
 */
export function catalogueFor(locale: string | null | undefined): string {
  const tag = (locale ?? '').toLowerCase().replace(/_/g, '-');
  if (/^zh(-hans|-cn|-sg)?(-|$)/.test(tag) && !/-(tw|hk|mo|hant)\b/.test(tag)) return 'zh-CN';
  const lang = tag.split('-')[0];
  return (LANGUAGES as readonly string[]).includes(lang) ? lang : 'en';
}

export type Params = Record<string, string | number | undefined>;
export type Translate = (key: MessageKey, params?: Params) => string;

const safe = <T>(make: () => T, fallback: () => T): T => {
  try {
    return make();
  } catch {
    return fallback();
  }
};

/** The message for each key in one language: the owner's per-language wording, their wording for all, the catalogue's, English's. */
function lookup(locale: string | null | undefined, overrides: MessageOverrides | null | undefined, catalogues: Catalogues) {
  const lang = catalogueFor(locale);
  // Numbers and times follow the page's tag (es-MX, en-GB) unless its language has no catalogue: then the
  // words are the fallback's and so are the formats, rather than "3 小時前" inside an English sentence.
  const canonical = safe(() => Intl.getCanonicalLocales(locale || lang)[0] ?? lang, () => lang);
  const base = canonical.split('-')[0];
  // The owner's wording for the page's tag, else its language, else the catalogue's tag: also for a language that has
  // no catalogue of ours ({ ja: {...} }, { 'pt-BR': {...} } were passed over for English, round41e-messages), whose
  // numbers and times then follow the page as its words do.
  const own = [canonical, base, lang].map((k) => overrides?.[k]).filter((o) => o && typeof o == 'object') as Partial<Record<MessageKey, Message>>[];
  const tag = own[0] || base == lang.split('-')[0] ? canonical : lang;
  const message = (key: MessageKey): Message => own.map((o) => o[key]).find((m) => m !== undefined) ?? (overrides?.[key] as Message | undefined) ?? catalogues[lang]?.[key] ?? catalogues.en?.[key] ?? key;
  return { tag, message };
}

/**
 * A translator for `locale` (a BCP 47 tag; Intl formats numbers and times for it) with the owner's overrides,
 * over `catalogues` (a key missing from them comes back as the key itself).
 * @example
 * const t = createTranslator('zh-CN', null, ALL_CATALOGUES);
 * t('reason.viewed', { name: '红色马克杯' }) // '因为你浏览过“红色马克杯”'
 * t('reason.bought-times', { count: 3, agoMs: 2 * 86400_000 }) // '你已购买3次，最近一次是前天'
 */
export function createTranslator(locale: string | null | undefined, overrides: MessageOverrides | null | undefined, catalogues: Catalogues): Translate {
  const { tag, message } = lookup(locale, overrides, catalogues);
  // Made on first use: the first Intl object in a fresh worker loads its locale data (40-60 ms on a first visit),
  // and most rows word no count, number or time.
  let plural: Intl.PluralRules | undefined, number: Intl.NumberFormat | undefined, relative: Intl.RelativeTimeFormat | undefined;
  const t: Translate = (key, params = {}) => {
    let m = message(key);
    if (typeof m !== 'string') {
      const count = typeof params.count === 'number' ? params.count : 0;
      plural ??= safe(() => new Intl.PluralRules(tag), () => new Intl.PluralRules('en'));
      m = m[safe(() => plural!.select(count), () => 'other') as keyof typeof m] ?? m.other;
    }
    return (m as string).replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (name === 'ago') return ago(Number(params.agoMs), t, (relative ??= safe(() => new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }), () => new Intl.RelativeTimeFormat('en', { numeric: 'auto' }))));
      const v = params[name];
      if (typeof v !== 'number') return typeof v === 'string' ? v : whole;
      number ??= safe(() => new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }), () => new Intl.NumberFormat('en', { maximumFractionDigits: 1 }));
      return number.format(v);
    });
  };
  return t;
}

/**
 * A translator for labels (row titles, button names, a product `{name}` in them): what the widget chunk
 * needs, without the plural and time formatting that reasons use in the worker.
 * @example createLabelTranslator('zh-CN', null, { en: enUi, 'zh-CN': zhCNUi })('row.next') // '下一组商品'
 * createLabelTranslator('en', null, { en: enUi })('row.dismiss', { name: 'Red Mug' }) // 'Not interested in Red Mug'
 */
export function createLabelTranslator(locale: string | null | undefined, overrides: MessageOverrides | null | undefined, catalogues: Catalogues): Translate {
  const { message } = lookup(locale, overrides, catalogues);
  return (key, params = {}) => {
    const m = message(key);
    // Own keys only: "{constructor}" showed "function Object() { [native code] }", and a key a page left on
    // Object.prototype showed in a label that names it (round40e-hostile-widgets).
    return (typeof m === 'string' ? m : m.other).replace(/\{(\w+)\}/g, (whole, name: string) => String({}.hasOwnProperty.call(params, name) ? params[name] ?? whole : whole));
  };
}

/** "3 hours ago" in the translator's language; under two minutes, the catalogue's "just now". */
function ago(ms: number, t: Translate, rtf: Intl.RelativeTimeFormat): string {
  const m = Math.max(0, Number.isFinite(ms) ? ms : 0) / 60000;
  if (m < 2) return t('time.just-now');
  if (m < 90) return rtf.format(-Math.round(m), 'minute');
  const h = m / 60;
  if (h < 36) return rtf.format(-Math.round(h), 'hour');
  const d = h / 24;
  return d < 60 ? rtf.format(-Math.round(d), 'day') : rtf.format(-Math.round(d / 30), 'month');
}

/**
 * Words a structured reason (see {@link Reason}).
 * @example wordReason(createTranslator('en'), { key: 'reason.similar', params: { name: 'Red Mug' } }) // 'similar to Red Mug'
 */
export const wordReason = (t: Translate, why: Reason): string => t(why.key, why.params);

/** True if `key` names a message. */
export const isMessageKey = (key: string): key is MessageKey => (MESSAGE_KEYS as readonly string[]).includes(key);
