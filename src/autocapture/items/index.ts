// The markup chunk (dist/clientele-markup.js): loaded only on pages that carry microdata or RDFa product
// markup, it reads their items from the DOM into plain data for the worker, which reads the product.
import type { PageItem } from '../../contract/markup/graph.ts';
import { microdataItems } from './microdata.ts';
import { rdfaItems } from './rdfa.ts';

/**
 * The page's microdata and RDFa Lite items, as plain data (at most 2,000 of each; read in slices of a few ms, so a
 * listing of thousands holds up the page for no long task).
 * @example await readItems(document) // [{ type: ['https://schema.org/Product'], props: [...], vocab: 'microdata' }]
 */
export async function readItems(doc: Document): Promise<PageItem[]> {
  return [...(await microdataItems(doc)), ...(await rdfaItems(doc))];
}
