// Round 35 (tester B, shop markup of odd shapes).
// 1. A JSON-LD block nested thousands of levels deep (garbage a template produced, or hostile) overflowed the reader's
//    stack: the RangeError lost the page's product from every other block, with no message. Before the fix:
//    productFromMarkup threw "Maximum call stack size exceeded" at 3,000 levels (the worker caught it and recorded no
//    Product Viewed). Expected: the deep block is read as far as 32 levels, the product of the good block is recorded.
// 2. A price written with a minus ("-5.00", "-$5") was read without it, as 5; a number -5 was left out. Expected: left
//    out too (a field that cannot be read is left out, never the event).
import { describe, expect, it } from 'vitest';
import { productFromMarkup } from '../../src/contract/productMarkup.ts';
import { parsePrice } from '../../src/contract/markup/price.ts';

const good = (price: unknown = 9) => JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', sku: 'DEEP1', name: 'Lamp', offers: { '@type': 'Offer', price, priceCurrency: 'USD' } });
const read = (ld: string[]) => productFromMarkup({ ld, items: [], meta: {}, attr: null, page: { url: 'https://shop.test/p/lamp', lang: 'en-US', h1: 'Lamp' } });

describe('JSON-LD nested deeper than the stack', () => {
  for (const depth of [3000, 20000]) it(`a block of objects ${depth} deep beside the product's block: the product is read`, () => {
    const deep = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    expect(read([deep, good()])).toMatchObject({ product_id: 'DEEP1', price: 9, currency: 'USD' });
    expect(read([good(), deep])).toMatchObject({ product_id: 'DEEP1' });
  });

  it('a product whose own properties nest that deep is still read', () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    expect(read([good().replace(/}$/, `,"additionalProperty":${deep}}`)])).toMatchObject({ product_id: 'DEEP1', price: 9 });
  });

  it('nesting a real page uses (a graph, a group, its variants, their offers) is read whole', () => {
    const page = { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage', mainEntity: { '@type': 'ProductGroup', productGroupID: 'G1', name: 'Lamp', hasVariant: [{ '@type': 'Product', sku: 'G1-red', offers: { '@type': 'Offer', priceSpecification: { '@type': 'UnitPriceSpecification', price: 12, priceCurrency: 'EUR' } } }] } }] };
    expect(read([JSON.stringify(page)])).toMatchObject({ price: 12, currency: 'EUR' });
  });
});

describe('a price written with a minus', () => {
  for (const price of ['-5.00', '-5', '−5,00 €', '-$5', 'USD -5']) it(`${JSON.stringify(price)} is no price`, () => {
    expect(parsePrice(price, 'en-US')).toBeUndefined();
    const p = read([good(price)]);
    expect(p).toMatchObject({ product_id: 'DEEP1' });
    expect(p).not.toHaveProperty('price');
  });
  for (const [price, value] of [['5.00', 5], ['$10 - $20', 10], ['10,00 – 20,00 €', 10], ['Price: 7', 7], ['$ 1,299.00', 1299]] as const) it(`${JSON.stringify(price)} is still ${value}`, () => {
    expect(parsePrice(price, 'en-US')?.value).toBe(value);
  });
});
