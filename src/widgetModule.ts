// The shape of the lazily loaded widget chunk (widget/index.tsx), kept here so the page code
// can type it without importing Preact.
import type { RecItem, RecommendRequest, RecType, SlotChoice } from './contract/types.ts';
import type { ServedRow } from './contract/protocol.ts';
import type { Config } from './contract/config.ts';
import type { UiCatalogue } from './messages/types.ts';

export interface WidgetHost {
  recommend(request: RecommendRequest): Promise<RecItem[]>;
  /** The row as served to this visitor (holdout, experiments, dismissals, "not interested" on or off); null on failure. */
  row?(request: RecommendRequest, widgetId?: string): Promise<ServedRow | null>;
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
}

/** The global the IIFE widget chunk assigns itself to. */
export const WIDGET_GLOBAL = '__clienteleWidget';
