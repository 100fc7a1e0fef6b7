// The product reader chunk (dist/clientele-reader.js): the engine worker loads it with importScripts the
// first time a page's markup may describe a product, so pages without product markup never download it
// and the engine worker stays small. Node callers import src/contract/productMarkup.ts directly.
export { productFromMarkup } from '../src/contract/productMarkup.ts';
