// The rows this visitor was last shown, kept on the page for a short while (ROW_CACHE_MS), so that the next page of
// the visit draws them at once, before the worker has started, and swaps in fresh ones when the worker answers.
// Rows are personal data: they are written only where events may be stored (consent), forget() and consent(false)
// remove them, and exportData() returns them. One localStorage entry per site, valid for one config.

import type { Config } from './contract/config.ts';
import type { ServedRow } from './contract/protocol.ts';
import type { RecommendRequest } from './contract/types.ts';
import type { UiCatalogue } from './messages/types.ts';
import type { Paint } from './paint.ts';
import { stringify } from './stringify.ts';
import { now as wall } from './clock.ts';

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
  /** Each row, when it was drawn, and for the page's first row its markup (src/paint.ts). */
  rows: Record<string, { at: number; row: ServedRow; paint?: Paint }>;
}

/**
 * The key of a row: its request without the page's exclusions, its widget, and the product the page shows.
 * @example rowKey({ type: 'for-you', limit: 6, filters: { exclude: ['p1'] } }, 'home') // '["for-you",null,6,"home",null]'
 */
export function rowKey(request: RecommendRequest, widgetId: string | undefined, currentItemId: string | undefined): string {
  return stringify([request.type, request.itemId ?? null, request.limit ?? null, widgetId ?? null, currentItemId ?? null]);
}

/** The site's entry with its rows past ROW_CACHE_MS removed, in localStorage too (a damaged or emptied entry goes). */
function load(spec: RowCacheSpec, now: number): RowSnapshot | null {
  try {
    const text = localStorage.getItem(spec.storageKey);
    if (text === null) return null;
    let snap: RowSnapshot | null = null;
    let gone = false;
    try {
      snap = JSON.parse(text) as RowSnapshot | null;
      if (snap && typeof snap.rows === 'object' && snap.rows && snap.checked) {
        for (const [k, r] of Object.entries(snap.rows)) if (!(now - r?.at >= 0 && now - r.at < ROW_CACHE_MS) || !Array.isArray(r.row?.items)) gone = delete snap.rows[k];
      } else snap = null;
    } catch {
      snap = null;
    }
    if (!snap || !Object.keys(snap.rows).length) localStorage.removeItem(spec.storageKey);
    else if (gone) localStorage.setItem(spec.storageKey, stringify(snap));
    return snap && Object.keys(snap.rows).length ? snap : null;
  } catch {
    return null;
  }
}

/**
 * The rows kept for this site and config, still fresh at `now` (ms); null if none. Rows past their time are removed
 * from localStorage on the way. Never throws.
 * @example const snap = readRows({ storageKey: 'clientele:shop:rows', config: '{"siteId":"shop"}en' });
 */
export function readRows(spec: RowCacheSpec, now = wall()): RowSnapshot | null {
  const snap = load(spec, now);
  return snap?.config === spec.config ? snap : null;
}

/**
 * Every row kept for this site, whatever config it was drawn under (for exportData), after removing those past
 * their time. Never throws.
 * @example keptRows(spec) // { '["for-you",null,6,"home",null]': { at: 1796000000000, row: { items: [...] } } }
 */
export function keptRows(spec: RowCacheSpec, now = wall()): RowSnapshot['rows'] {
  return load(spec, now)?.rows ?? {};
}

/**
 * Keeps `row` under `key` with the config and labels it was drawn with, and its markup if it is the page's first row
 * (`paint`); the oldest beyond MAX_ROWS and rows of another config go. Never throws (a full or blocked localStorage
 * keeps nothing).
 * @example keepRow(spec, rowKey(request, 'home', undefined), row, config, labels);
 */
export function keepRow(spec: RowCacheSpec, key: string, row: ServedRow, checked: Config, labels: UiCatalogue | undefined, now = wall(), paint?: Paint): void {
  try {
    const rows = { ...readRows(spec, now)?.rows, [key]: { at: now, row, ...(paint ? { paint } : {}) } };
    const newest = Object.entries(rows).sort((a, b) => b[1].at - a[1].at).slice(0, MAX_ROWS);
    const snap: RowSnapshot = { config: spec.config, checked, ...(labels ? { labels } : {}), rows: Object.fromEntries(newest) };
    // Kept only while small (the demo's twelve rows: some 43,000 characters): a page's value of megabytes (a title, a
    // config) was written again by every page, in the room the outbox parks a closing page's calls in.
    const text = stringify(snap);
    if (text.length < 2e5) localStorage.setItem(spec.storageKey, text);
  } catch {
    // localStorage full or blocked: the next page waits for the worker, as without a cache.
  }
}
