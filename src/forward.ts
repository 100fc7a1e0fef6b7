// The forwarding chunk (dist/clientele-forward.js): loaded by the page only once the worker hands it the first
// forwarded events, so shops that forward nothing never download it. It delivers each batch to the owner's callback,
// to window.dataLayer as GA4-style events, and to their endpoint as NDJSON with navigator.sendBeacon.
import type { ForwardConfig, ForwardedEvent } from './contract/loop.ts';
import { CONSENT_KEY } from './contract/protocol.ts';
import { show } from './contract/widgetCheck.ts';
import { pushDataLayer } from './dataLayer.ts';
import { stringify } from './stringify.ts';
import { bare } from './bare.ts';

/** What the page's loader calls. */
export interface Forwarder {
  send(events: ForwardedEvent[]): void;
  /** Drops the events still queued for the endpoint (forget(): they are about the erased visitor). */
  drop(): void;
}

/** The global the IIFE chunk assigns itself to. */
export const FORWARD_GLOBAL = '__clienteleForward';

const FLUSH_MS = 2000;
type Item = { item_id: unknown; index?: unknown; price?: unknown; quantity?: unknown };

const items = (p: Record<string, unknown>): Item[] =>
  Array.isArray(p.products)
    ? (p.products as Array<Record<string, unknown>>).map((x) => ({ item_id: x.product_id ?? x.sku, price: x.price, quantity: x.quantity ?? 1 }))
    : [{ item_id: p.product_id, index: p.position, price: p.price, quantity: p.quantity }];

/**
 * The GA4-style dataLayer entry for a forwarded event (GA4's recommended e-commerce names where one fits).
 * @example toDataLayer({ event: 'Widget Clicked', properties: { widget_id: 'home', product_id: 'A', position: 2 } })
 * // { event: 'select_item', ecommerce: { item_list_id: 'home', item_list_name: 'for-you', items: [...] }, clientele: {...} }
 */
export function toDataLayer(e: Pick<ForwardedEvent, 'event' | 'properties'>): Record<string, unknown> {
  const p = e.properties;
  const list = { item_list_id: p.widget_id, item_list_name: p.widget_type };
  switch (e.event) {
    case 'Experiment Viewed':
      return { event: 'experience_impression', exp_variant_string: `CLNT-${p.experiment_id}-${p.variation_id}`, experiment_id: p.experiment_id, variation_id: p.variation_id };
    case 'Widget Impression': return { event: 'view_item_list', ecommerce: { ...list, items: items(p) }, clientele: p };
    case 'Widget Clicked': return { event: 'select_item', ecommerce: { ...list, items: items(p) }, clientele: p };
    case 'Product Added': return { event: 'add_to_cart', ecommerce: { currency: p.currency, value: p.price, items: items(p) } };
    case 'Order Completed':
      return { event: 'purchase', ecommerce: { transaction_id: p.order_id, value: p.total ?? p.revenue, currency: p.currency, items: items(p) }, clientele: { attribution: p.attribution } };
    case 'Recommendation Dismissed': return { event: 'clientele_dismiss', clientele: p };
    default: return { event: 'clientele_segments', clientele: p };
  }
}

const refused = () => {
  try { return localStorage.getItem(CONSENT_KEY) === '0'; } catch { return false; }
};

/**
 * Creates the forwarder for one page.
 * @example createForwarder(config.forward, (events) => analytics.push(events), console.warn).send(batch)
 */
export function createForwarder(cfg: ForwardConfig, callback: unknown, warn: (m: string) => void): Forwarder {
  let queue: ForwardedEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const beacon = (batch: ForwardedEvent[]) => {
    const body = batch.map((e) => stringify(e)).join('\n') + '\n';
    // text/plain keeps a cross-origin beacon a simple request (no preflight)
    const blob = new Blob([body], bare({ type: 'text/plain' }));
    let sent = false;
    try { sent = navigator.sendBeacon(cfg.endpoint!, blob); } catch { /* fall back */ }
    const failed = () => warn(`[clientele] config.forward.endpoint ${cfg.endpoint} did not take the events sent to it (they are dropped); check it accepts POSTed NDJSON`);
    // The page's fetch, which it may have replaced: a wrapper that throws, or answers no promise, threw out of our
    // timer and the page's own pagehide.
    if (!sent) try { fetch(cfg.endpoint!, bare({ method: 'POST', body, keepalive: body.length < 60_000, headers: bare({ 'Content-Type': 'text/plain' }) })).catch(failed); } catch { failed(); }
  };
  const flush = () => {
    // A clearTimeout that throws (a page's broken wrapper) leaves the timer to flush an empty queue.
    if (timer !== undefined) { try { clearTimeout(timer); } catch { /* runs, with nothing left */ } timer = undefined; }
    if (refused()) { queue = []; return; }
    while (queue.length) beacon(queue.splice(0, cfg.batchSize));
  };
  const onHidden = () => { if (document.visibilityState === 'hidden') flush(); };
  // Again with every batch queued: a page's document.open() erases its window's listeners (adding one it still has
  // is a no-op).
  const listen = () => {
    addEventListener('pagehide', flush);
    addEventListener('visibilitychange', onHidden);
  };
  if (cfg.endpoint) listen();
  return {
    send(events) {
      if (!events.length || refused()) return;
      if (typeof callback === 'function') {
        // A copy of its own: what the callback changes must not reach the dataLayer or the endpoint. Through JSON (the
        // events are JSON data), not structuredClone: missing (older browsers), it threw, the callback got nothing and
        // the message blamed it.
        try { (callback as (e: ForwardedEvent[]) => void)(JSON.parse(stringify(events))); } catch (e) { warn(`[clientele] your config.forward.callback threw: ${show(e)}`); }
      }
      if (cfg.dataLayer) pushDataLayer(events.map(toDataLayer), warn);
      if (cfg.endpoint) {
        listen();
        queue.push(...events);
        if (queue.length >= cfg.batchSize) flush();
        else timer ??= setTimeout(flush, FLUSH_MS);
      }
    },
    drop() {
      queue = [];
    },
  };
}

/** The script-tag build registers the chunk on a global; the ESM build imports it. */
export function registerForward(): void {
  (window as unknown as Record<string, unknown>)[FORWARD_GLOBAL] = { createForwarder };
}
