// The page's lazily loaded chunks, by name: the script-tag build loads `dist/clientele-<name>.js`, which assigns its
// module to `window.__clientele<Name>` (src/loadAssets.ts); the ESM build imports the module itself (src/index.ts).
import type { WidgetModule } from './widgetModule.ts';
import type { MarkupModule } from './autocapture/markupModule.ts';
import type { createForwarder } from './forward.ts';
import type { createSegmentsFeed } from './segmentsFeed.ts';

export interface Chunks {
  /** Rows and slots (Preact), once the page or the config has a widget. */
  widget: WidgetModule;
  /** The microdata/RDFa reader, on pages that carry such markup. */
  markup: MarkupModule;
  /** Forwarding, once config.forward names a destination. */
  forward: { createForwarder: typeof createForwarder };
  /** onSegments() and config.dataLayer. */
  segments: { createSegmentsFeed: typeof createSegmentsFeed };
  /** Autocapture (page and product views, SPA navigation, clicks, add to cart, dwell) and the widget scan, right after start. */
  page: typeof import('./pageChunk.ts');
}

/** Loads chunk `name` from the folder `base` (a URL ending in '/'), or from wherever the app's bundler put it when null. */
export type LoadChunk = <K extends keyof Chunks>(name: K, base: string | null) => Promise<Chunks[K]>;
