// The shape of the lazily loaded markup chunk (src/autocapture/items/), kept here so the script tag
// can type it without carrying the chunk's code.
import type { PageItem } from '../contract/markup/graph.ts';

export interface MarkupModule {
  /** The page's microdata and RDFa Lite items, as plain data, read in slices. */
  readItems(doc: Document): Promise<PageItem[]>;
}
