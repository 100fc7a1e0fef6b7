// The tag manager's window.dataLayer, shared by the forwarding and segments chunks. The page owns it: it may be
// frozen, replaced by an object whose push() throws, or a getter; none of that may reach the page as an error.
import { show } from './contract/widgetCheck.ts';

/**
 * Pushes `entries` onto window.dataLayer (made an array if absent); on failure says so once through `warn` and
 * pushes nothing more. Never throws.
 * @example pushDataLayer([{ event: 'purchase', ecommerce: { transaction_id: 'o1' } }], console.warn)
 */
export function pushDataLayer(entries: unknown[], warn: (message: string) => void): void {
  try {
    const w = window as unknown as { dataLayer?: unknown[] };
    const dl = (w.dataLayer ??= []);
    for (const e of entries) dl.push(e);
  } catch (e) {
    warn(`[clientele] window.dataLayer.push() failed (${show(e)}); config.dataLayer needs window.dataLayer to be an array or a tag manager's dataLayer`);
  }
}
