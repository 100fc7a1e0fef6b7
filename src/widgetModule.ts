// The shape of the lazily loaded widget chunk (widget/index.tsx), kept here so the page code
// can type it without importing Preact.
import type { RecItem, RecommendRequest, RecType, SlotChoice } from './contract/types.ts';
import type { ServedRow } from './contract/protocol.ts';

export interface WidgetHost {
  recommend(request: RecommendRequest): Promise<RecItem[]>;
  /** The row as served to this visitor (holdout, experiments, dismissals, "not interested" on or off); null on failure. */
  row?(request: RecommendRequest, widgetId?: string): Promise<ServedRow | null>;
  chooseSlot(slot: string): Promise<SlotChoice>;
  track(event: string, properties: Record<string, unknown>): void;
  locale: string;
  currency: string;
  warn(message: string): void;
}

export interface RowOptions { type: RecType; limit?: number; title?: string; itemId?: string; widgetId?: string }

export interface WidgetModule {
  /** Checks the options itself (warning through host.warn); `where` names the call in messages. */
  mountRow(el: Element, options: RowOptions, host: WidgetHost, where?: string): () => void;
  mountSlot(el: Element, slot: string, host: WidgetHost, options?: { widgetId?: string }): () => void;
}

/** The global the IIFE widget chunk assigns itself to. */
export const WIDGET_GLOBAL = '__clienteleWidget';
