// 简体中文 (Simplified Chinese): also used for zh, zh-SG and zh-Hans pages. Product names sit in Chinese
// quotation marks, which read right around both Chinese names and the Latin ones many feeds carry.
import type { ReasonCatalogue, UiCatalogue } from './types.ts';

/** Row titles and labels: in the language chunk, handed to the widget by the worker. */
export const zhCNUi: UiCatalogue = {
  'row.for-you': '为你推荐',
  'row.similar': '相似商品',
  'row.bought-together': '经常一起购买',
  'row.trending': '当下热门',
  'row.popular': '人气商品',
  'row.recently-viewed': '最近浏览',
  'row.buy-again': '再次购买',
  'row.previous': '上一组商品',
  'row.next': '下一组商品',
  'row.loading': '正在加载推荐…',
  'row.dismiss': '对“{name}”不感兴趣',
  'row.dismiss-short': '不感兴趣',
  'row.dismissed': '已移除“{name}”，之后会少推荐类似商品。',
  'slot.more': '了解更多',
};

/** Reasons and times: worded in the worker (from the language chunk). */
export const zhCNReasons: ReasonCatalogue = {
  'time.just-now': '刚刚',
  'reason.viewed': '因为你浏览过“{name}”',
  'reason.added': '因为你把“{name}”加入了购物车',
  'reason.bought': '因为你购买过“{name}”',
  'reason.for-you': '根据你的喜好推荐',
  'reason.popular': '深受其他顾客喜爱',
  'reason.catalog': '来自本店商品目录',
  'reason.trending-week': '本周关注度是上周的{growth}倍',
  'reason.trending-days': '近{count}天关注度是之前的{growth}倍',
  'reason.popular-week': '本周热卖',
  'reason.popular-days': '近{count}天热卖',
  'reason.viewed-ago': '你{ago}浏览过',
  'reason.bought-ago': '你{ago}购买过',
  'reason.bought-times': '你已购买{count}次，最近一次是{ago}',
  'reason.similar': '与“{name}”相似',
  'reason.bought-together': '常与“{name}”一起购买',
  'reason.looked-together': '你曾同时浏览过“{name}”',
  'reason.also-liked': '喜欢“{name}”的顾客也喜欢它',
};
