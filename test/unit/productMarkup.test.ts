// @vitest-environment happy-dom
import { describe, expect, it, beforeEach } from 'vitest';
import { productFromMarkup } from '../../src/contract/productMarkup.ts';
import { collectMarkup } from '../../src/autocapture/markup.ts';

// The page collects the markup, the worker reads it: test the two together, as they run.
const readPageProduct = (doc: Document) => {
  const m = collectMarkup(doc);
  return m && productFromMarkup(JSON.parse(JSON.stringify(m)));
};

const expected = { product_id: 'SKU-42', name: 'Red Mug', price: 9.5, currency: 'GBP' };

const PAGES: Record<string, string> = {
  'JSON-LD': `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Red Mug","sku":"SKU-42","offers":{"@type":"Offer","price":"9.50","priceCurrency":"GBP"}}</script>`,
  'JSON-LD in a @graph': `<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":["Product"],"name":"Red Mug","productID":"SKU-42","offers":[{"price":9.5,"priceCurrency":"gbp"}]}]}</script>`,
  microdata: `<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Red Mug</h1><meta itemprop="sku" content="SKU-42"><div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price" content="9.50">£9.50</span><meta itemprop="priceCurrency" content="GBP"></div></div>`,
  OpenGraph: `<meta property="og:type" content="product"><meta property="og:title" content="Red Mug"><meta property="product:retailer_item_id" content="SKU-42"><meta property="product:price:amount" content="9.50"><meta property="product:price:currency" content="GBP">`,
  'data attribute': `<main data-clientele-product='{"product_id":"SKU-42","name":"Red Mug","price":9.5,"currency":"GBP"}'></main>`,
};

describe('readPageProduct', () => {
  beforeEach(() => { document.head.innerHTML = ''; document.body.innerHTML = ''; });

  it.each(Object.entries(PAGES))('reads %s', (_name, html) => {
    document.body.innerHTML = html;
    expect(readPageProduct(document)).toMatchObject(expected);
  });

  it('skips broken JSON-LD and falls through to other markup', () => {
    document.body.innerHTML = `<script type="application/ld+json">{broken</script>` + PAGES.OpenGraph;
    expect(readPageProduct(document)).toMatchObject(expected);
  });

  it('never reads markup inside data-clientele-ignore', () => {
    document.body.innerHTML = `<div data-clientele-ignore>${PAGES['JSON-LD']}</div>`;
    expect(readPageProduct(document)).toBeNull();
  });

  it('does not treat product cards inside links as the page product', () => {
    document.body.innerHTML = `<a href="/p"><span data-clientele-product="SKU-1"></span></a>`;
    expect(readPageProduct(document)).toBeNull();
  });
});
