/**
 * Sets up Intl for `locale` and `currency` once, on the worker's thread. A renderer's first Intl formatter costs
 * 30-90 ms of ICU set-up (measured in Chromium on a 2-core machine), and that set-up is shared by the whole process:
 * paid here while storage opens and the feeds download, the widget's price formatter on the page's main thread then
 * costs well under 1 ms. Never throws: a bad locale or currency is the config check's to report.
 * @example setTimeout(() => warmIntl('en-GB', 'GBP'));
 */
export function warmIntl(locale: string, currency: string | undefined): void {
  try {
    new Intl.NumberFormat(locale, currency ? { style: 'currency', currency } : undefined).format(1.5);
    new Intl.PluralRules(locale).select(1);
  } catch {
    // RangeError for an invalid tag or code
  }
}
