// Deutsch (informal "du", as most German shops address customers).
import type { ReasonCatalogue, UiCatalogue } from './types.ts';

/** Row titles and labels: in the language chunk, handed to the widget by the worker. */
export const deUi: UiCatalogue = {
  'row.for-you': 'Für dich empfohlen',
  'row.similar': 'Ähnliche Artikel',
  'row.bought-together': 'Wird oft zusammen gekauft',
  'row.trending': 'Gerade gefragt',
  'row.popular': 'Beliebt',
  'row.recently-viewed': 'Zuletzt angesehen',
  'row.buy-again': 'Erneut kaufen',
  'row.previous': 'Vorherige Artikel',
  'row.next': 'Weitere Artikel',
  'row.loading': 'Empfehlungen werden geladen …',
  'row.dismiss': 'Kein Interesse an {name}',
  'row.dismiss-short': 'Kein Interesse',
  'row.dismissed': '{name} entfernt. Du siehst künftig weniger Ähnliches.',
  'slot.more': 'Mehr erfahren',
};

/** Reasons and times: worded in the worker (from the language chunk). */
export const deReasons: ReasonCatalogue = {
  'time.just-now': 'gerade eben',
  'reason.viewed': 'weil du {name} angesehen hast',
  'reason.added': 'weil du {name} in den Warenkorb gelegt hast',
  'reason.bought': 'weil du {name} gekauft hast',
  'reason.for-you': 'für dich empfohlen',
  'reason.popular': 'beliebt bei anderen Kunden',
  'reason.catalog': 'aus unserem Sortiment',
  'reason.trending-week': 'gefragt: diese Woche {growth}-mal mehr Interesse',
  'reason.trending-days': { one: 'gefragt: seit gestern {growth}-mal mehr Interesse', other: 'gefragt: in den letzten {count} Tagen {growth}-mal mehr Interesse' },
  'reason.popular-week': 'diese Woche beliebt',
  'reason.popular-days': { one: 'seit gestern beliebt', other: 'in den letzten {count} Tagen beliebt' },
  'reason.viewed-ago': 'du hast das {ago} angesehen',
  'reason.bought-ago': 'du hast das {ago} gekauft',
  'reason.bought-times': { one: 'du hast das einmal gekauft, zuletzt {ago}', other: 'du hast das {count}-mal gekauft, zuletzt {ago}' },
  'reason.similar': 'ähnlich wie {name}',
  'reason.bought-together': 'wird oft mit {name} gekauft',
  'reason.looked-together': 'du hast es zusammen mit {name} angesehen',
  'reason.also-liked': 'Kunden, denen {name} gefiel, mochten auch das',
};
