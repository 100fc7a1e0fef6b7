// The shape of the lazily loaded widget chunk (widget/index.tsx), kept here so the page code
// can type it without importing Preact.
import type { RowCacheSpec, RowSnapshot } from './rowCache.ts';
import type { RecItem, RecommendRequest, RecType, SlotChoice } from './contract/types.ts';
import type { ServedRow } from './contract/protocol.ts';
import type { Config } from './contract/config.ts';
import type { UiCatalogue } from './messages/types.ts';

export interface WidgetHost {
  recommend(request: RecommendRequest): Promise<RecItem[]>;
  /** The row as served to this visitor (holdout, experiments, dismissals, "not interested" on or off); null on failure. */
  row?(request: RecommendRequest, widgetId?: string): Promise<ServedRow | null>;
  /** The row this visitor was last shown for `request` (without exclusions) in a recent page, if kept (src/rowCache.ts): drawn at once, until row() answers. */
  cached?(request: RecommendRequest, widgetId?: string): ServedRow | null;
  chooseSlot(slot: string): Promise<SlotChoice>;
  track(event: string, properties: Record<string, unknown>): void;
  /** The shopper's language and formats: config.locale, else the page's lang, else the browser's. */
  locale: string;
  currency: string;
  warn(message: string): void;
  /** The checked config (messages, dedupe, ...), or null before the worker has checked it. */
  config?: Config | null;
  /** Titles and labels in the shopper's language when it is not English (the worker loads them); English is built in. */
  labels?: UiCatalogue;
}

/** What the script hands the page chunk, which builds a WidgetHost from it (src/mountWidgets.ts). */
export interface PageLink {
  recommend(request: RecommendRequest): Promise<RecItem[]>;
  /** The row as served to this visitor; null on failure. */
  row(request: RecommendRequest, widgetId?: string): Promise<ServedRow | null>;
  /** The variant for a slot, or null when the engine cannot answer. */
  chooseSlot(slot: string): Promise<SlotChoice | null>;
  track(event: string, properties: Record<string, unknown>): void;
  warn(message: string): void;
  /** The checked config; undefined when the worker never answered: rows then use the page's language and USD. */
  config?: Config;
  /** Titles and labels in the shopper's language when it is not English (the worker loads them). */
  labels?: UiCatalogue;
  /** The page's language (its lang attribute, else the browser's), for when config.locale is not set. */
  locale: string;
  /** Where rows shown are kept for the next page (src/rowCache.ts). */
  rows?: RowCacheSpec;
  /** Whether rows may be kept now (the same rule as storing events: consent). */
  mayKeep?(): boolean;
  /** How many times the kept rows were removed (forget, consent withdrawn): a row served before is not kept after. */
  drops?(): number;
  /** The product this page shows, once known. */
  currentItemId?(): string | undefined;
  /** The rows kept by a recent page, for rows drawn before the worker answers. */
  kept?: RowSnapshot;
}

export interface RowOptions {
  type: RecType;
  limit?: number;
  title?: string;
  itemId?: string;
  widgetId?: string;
  /** Heading level of the row's title (default 2, or the element's `data-heading-level`). */
  headingLevel?: number;
  /** A row to show instead when this one is empty (e.g. buy-again -> popular), under `fallbackTitle` or that row's own title. */
  fallback?: RecType;
  fallbackTitle?: string;
}

export interface WidgetModule {
  /** Checks the options itself (warning through host.warn); `where` names the call in messages. */
  mountRow(el: Element, options: RowOptions, host: WidgetHost, where?: string): () => void;
  mountSlot(el: Element, slot: string, host: WidgetHost, options?: { widgetId?: string }): () => void;
  /** Asks every mounted row again and chooses every slot again: `fresh` after forget(); else rows keep their cards. */
  refreshAll(fresh: boolean): Promise<void>;
}
