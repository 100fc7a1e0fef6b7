// Français.
import type { ReasonCatalogue, UiCatalogue } from './types.ts';

/** Row titles and labels: in the language chunk, handed to the widget by the worker. */
export const frUi: UiCatalogue = {
  'row.for-you': 'Sélectionnés pour vous',
  'row.similar': 'Articles similaires',
  'row.bought-together': 'Souvent achetés ensemble',
  'row.trending': 'Tendances du moment',
  'row.popular': 'Populaires',
  'row.recently-viewed': 'Vus récemment',
  'row.buy-again': 'Acheter à nouveau',
  'row.previous': 'Articles précédents',
  'row.next': 'Articles suivants',
  'row.loading': 'Chargement des recommandations…',
  'row.dismiss': 'Ne m’intéresse pas : {name}',
  'row.dismiss-short': 'Ne m’intéresse pas',
  'row.dismissed': '{name} a été retiré. Vous verrez moins d’articles similaires.',
  'slot.more': 'En savoir plus',
};

/** Reasons and times: worded in the worker (from the language chunk). */
export const frReasons: ReasonCatalogue = {
  'time.just-now': 'à l’instant',
  'reason.viewed': 'parce que vous avez consulté {name}',
  'reason.added': 'parce que vous avez ajouté {name} à votre panier',
  'reason.bought': 'parce que vous avez acheté {name}',
  'reason.for-you': 'recommandé pour vous',
  'reason.popular': 'apprécié des autres clients',
  'reason.catalog': 'de notre catalogue',
  'reason.trending-week': 'tendance : {growth} fois plus d’intérêt cette semaine',
  'reason.trending-days': { one: 'tendance : {growth} fois plus d’intérêt depuis hier', other: 'tendance : {growth} fois plus d’intérêt ces {count} derniers jours' },
  'reason.popular-week': 'populaire cette semaine',
  'reason.popular-days': { one: 'populaire depuis hier', other: 'populaire ces {count} derniers jours' },
  'reason.viewed-ago': 'vous l’avez consulté {ago}',
  'reason.bought-ago': 'vous l’avez acheté {ago}',
  'reason.bought-times': { one: 'vous l’avez acheté une fois, la dernière fois {ago}', other: 'vous l’avez acheté {count} fois, la dernière fois {ago}' },
  'reason.similar': 'similaire à {name}',
  'reason.bought-together': 'souvent acheté avec {name}',
  'reason.looked-together': 'vous l’avez consulté avec {name}',
  'reason.also-liked': 'les clients qui ont aimé {name} ont aussi aimé cet article',
};
