// The ESM entry for bundler users. Everything public is exported here, and only here.
import { createClient, type Clientele, type MountOptions } from './client.ts';
import type { WidgetModule } from './widgetModule.ts';

export type { Clientele, MountOptions } from './client.ts';
export type { Config, WidgetConfig, SlotConfig, AutocaptureConfig } from './contract/config.ts';
export type { Product, StoredEvent, StandardEventName } from './contract/events.ts';
export type { RecItem, RecType, RecommendRequest, RecFilters, CatalogItem, SegmentsResult, SlotChoice, SlotVariantConfig } from './contract/types.ts';
export type { Condition } from './contract/conditions.ts';
export type { ExportedData, EngineStatus } from './contract/protocol.ts';
export { STANDARD_EVENTS } from './contract/events.ts';
export { REC_TYPES } from './contract/types.ts';
export { DEFAULT_CONFIG, resolveConfig } from './contract/config.ts';

/**
 * Starts Clientele in this page and returns its API. Call once.
 * @example
 * import { createClientele } from 'clientele';
 * const clientele = createClientele({ siteModelUrl: '/model/manifest.json' });
 * clientele.track('Product Viewed', { product_id: 'SKU-1', name: 'Mug', price: 9.5 });
 */
export function createClientele(config: Record<string, unknown> = {}, options: { assetBase?: string } = {}): Clientele {
  // The ESM build sits in dist/esm/; the worker, widget and wasm files one folder up.
  const assetBase = options.assetBase ?? new URL('../', import.meta.url).href;
  const api = createClient(config, {
    assetBase,
    loadWidget: () => import('../widget/index.tsx') as Promise<WidgetModule>,
    loadMarkup: () => import('./autocapture/items/index.ts'),
    loadForward: () => import('./forward.ts'),
    createWorker: (url) => new Worker(url, { name: 'clientele' }),
  });
  // The config went in as the client's base; init() starts it.
  api.init();
  return api;
}

export type { MountOptions as WidgetOptions };
