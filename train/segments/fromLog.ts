// The purchase rows of an interaction log as order lines, for the segment models: what the builder, `clientele segments`
// and `npm run eval:segments` all learn from, read by the one log reader.
import type { OrderLine } from '../../scoring/segments/types.ts';
import type { InteractionLog } from '../ingest/log.ts';

const PURCHASE = 'Order Completed';

/**
 * Every purchase row as an order line (orders are the log's order ids, else one per customer and time; quantity 1 and the
 * catalog price when the log has none). Times in ms.
 * @example orderLinesFromLog(log).length // purchase rows
 */
export function orderLinesFromLog(log: InteractionLog): OrderLine[] {
  const lines: OrderLine[] = [];
  const purchase = log.events.get(PURCHASE);
  if (purchase === undefined) return lines;
  for (let r = 0; r < log.length; r++) {
    if (log.event[r] !== purchase) continue;
    const u = log.users.names[log.user[r]];
    const meta = log.itemMeta[log.item[r]];
    const line: OrderLine = {
      customer: u,
      orderId: log.order[r] >= 0 ? log.orders.names[log.order[r]] : `${u}@${log.ts[r]}`,
      time: log.ts[r] * 1000,
      item: log.items.names[log.item[r]],
      quantity: Number.isFinite(log.value[r]) && log.value[r] > 0 ? log.value[r] : 1,
      price: Number.isFinite(log.price[r]) ? log.price[r] : meta?.price ?? 0,
    };
    if (meta?.category) line.category = meta.category;
    lines.push(line);
  }
  return lines;
}
