// The markup chunk (dist/clientele-markup.js): loaded only on pages that carry microdata or RDFa product
// markup, it reads their items from the DOM into plain data for the worker, which reads the product.
import type { PageItem } from '../../contract/markup/graph.ts';
import { microdataItems } from './microdata.ts';
import { rdfaItems } from './rdfa.ts';

/**
 * The page's microdata and RDFa Lite items, as plain data.
 * @example readItems(document) // [{ type: ['https://schema.org/Product'], props: [...], vocab: 'microdata' }]
 */
export function readItems(doc: Document): PageItem[] {
  return [...microdataItems(doc), ...rdfaItems(doc)];
}
