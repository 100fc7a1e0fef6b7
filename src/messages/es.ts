// Español (tuteo, as most Spanish-language shops address customers).
import type { ReasonCatalogue, UiCatalogue } from './types.ts';

/** Row titles and labels: in the language chunk, handed to the widget by the worker. */
export const esUi: UiCatalogue = {
  'row.for-you': 'Seleccionados para ti',
  'row.similar': 'Artículos similares',
  'row.bought-together': 'Se compran juntos a menudo',
  'row.trending': 'Tendencias',
  'row.popular': 'Populares',
  'row.recently-viewed': 'Vistos recientemente',
  'row.buy-again': 'Volver a comprar',
  'row.previous': 'Artículos anteriores',
  'row.next': 'Más artículos',
  'row.loading': 'Cargando recomendaciones…',
  'row.dismiss': 'No me interesa: {name}',
  'row.dismiss-short': 'No me interesa',
  'row.dismissed': 'Quitamos {name}. Verás menos artículos parecidos.',
  'slot.more': 'Más información',
};

/** Reasons and times: worded in the worker (from the language chunk). */
export const esReasons: ReasonCatalogue = {
  'time.just-now': 'hace un momento',
  'reason.viewed': 'porque viste {name}',
  'reason.added': 'porque añadiste {name} a tu carrito',
  'reason.bought': 'porque compraste {name}',
  'reason.for-you': 'recomendado para ti',
  'reason.popular': 'popular entre otros clientes',
  'reason.catalog': 'de nuestro catálogo',
  'reason.trending-week': 'tendencia: {growth} veces más interés esta semana',
  'reason.trending-days': { one: 'tendencia: {growth} veces más interés desde ayer', other: 'tendencia: {growth} veces más interés en los últimos {count} días' },
  'reason.popular-week': 'popular esta semana',
  'reason.popular-days': { one: 'popular desde ayer', other: 'popular en los últimos {count} días' },
  'reason.viewed-ago': 'lo viste {ago}',
  'reason.bought-ago': 'lo compraste {ago}',
  'reason.bought-times': { one: 'lo compraste una vez, la última vez {ago}', other: 'lo compraste {count} veces, la última vez {ago}' },
  'reason.similar': 'similar a {name}',
  'reason.bought-together': 'se compra a menudo con {name}',
  'reason.looked-together': 'lo viste junto con {name}',
  'reason.also-liked': 'a quienes les gustó {name} también les gustó esto',
};
