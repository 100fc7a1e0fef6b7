// The rows this visitor was last shown, kept on the page for a short while (ROW_CACHE_MS), so that the next page of
// the visit draws them at once, before the worker has started, and swaps in fresh ones when the worker answers.
// Rows are personal data: they are written only where events may be stored (consent), forget() and consent(false)
// remove them, and exportData() returns them. One localStorage entry per site, valid for one config.

import type { Config } from './contract/config.ts';
import type { ServedRow } from './contract/protocol.ts';
import type { RecommendRequest } from './contract/types.ts';
import type { UiCatalogue } from './messages/types.ts';

/** How long a row may be shown again before the worker has answered: about one visit. */
export const ROW_CACHE_MS = 30 * 60_000;
/** Rows kept per site (the newest). */
const MAX_ROWS = 12;

/** Where a site's rows are kept, and the config they were served under (`config`: the page's config as sent to the worker, with its language). */
export interface RowCacheSpec {
  storageKey: string;
  config: string;
}

/** What is kept: the checked config and labels the rows were drawn with, and each row by its key (see rowKey). */
export interface RowSnapshot {
  config: string;
  checked: Config;
  labels?: UiCatalogue;
  rows: Record<string, { at: number; row: ServedRow }>;
}

/**
 * The key of a row: its request without the page's exclusions, its widget, and the product the page shows.
 * @example rowKey({ type: 'for-you', limit: 6, filters: { exclude: ['p1'] } }, 'home') // '["for-you",null,6,"home",null]'
 */
export function rowKey(request: RecommendRequest, widgetId: string | undefined, currentItemId: string | undefined): string {
  return JSON.stringify([request.type, request.itemId ?? null, request.limit ?? null, widgetId ?? null, currentItemId ?? null]);
}

/**
 * The rows kept for this site and config, still fresh at `now` (ms); null if none. Never throws.
 * @example const snap = readRows({ storageKey: 'clientele:shop:rows', config: '{"siteId":"shop"}en' });
 */
export function readRows(spec: RowCacheSpec, now = Date.now()): RowSnapshot | null {
  try {
    const snap = JSON.parse(localStorage.getItem(spec.storageKey) ?? 'null') as RowSnapshot | null;
    if (!snap || snap.config !== spec.config || typeof snap.rows !== 'object' || !snap.checked) return null;
    for (const [k, r] of Object.entries(snap.rows)) if (!(now - r.at >= 0 && now - r.at < ROW_CACHE_MS) || !Array.isArray(r.row?.items)) delete snap.rows[k];
    return Object.keys(snap.rows).length ? snap : null;
  } catch {
    return null;
  }
}

/**
 * Keeps `row` under `key` with the config and labels it was drawn with; the oldest beyond MAX_ROWS and rows of another
 * config go. Never throws (a full or blocked localStorage keeps nothing).
 * @example keepRow(spec, rowKey(request, 'home', undefined), row, config, labels);
 */
export function keepRow(spec: RowCacheSpec, key: string, row: ServedRow, checked: Config, labels: UiCatalogue | undefined, now = Date.now()): void {
  try {
    const rows = { ...readRows(spec, now)?.rows, [key]: { at: now, row } };
    const newest = Object.entries(rows).sort((a, b) => b[1].at - a[1].at).slice(0, MAX_ROWS);
    const snap: RowSnapshot = { config: spec.config, checked, ...(labels ? { labels } : {}), rows: Object.fromEntries(newest) };
    localStorage.setItem(spec.storageKey, JSON.stringify(snap));
  } catch {
    // localStorage full or blocked: the next page waits for the worker, as without a cache.
  }
}
