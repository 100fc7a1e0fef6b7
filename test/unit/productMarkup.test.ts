// The product reader (src/contract/productMarkup.ts) over collected markup, as the worker runs it:
// JSON-LD graphs, microdata/RDFa items as the markup chunk sends them, OpenGraph, the owner's attribute;
// merging by precedence, the main product, the identity rule. Table-driven; the same kinds run in real
// Chromium over the corpus pages (test/browser/corpus.spec.ts).
import { describe, expect, it } from 'vitest';
import { productFromMarkup, type PageItem, type ProductMarkup } from '../../src/contract/productMarkup.ts';
import { mayDescribeProduct } from '../../src/contract/readerModule.ts';
import { checkEvent } from '../../src/contract/validateEvent.ts';

const PAGE = 'https://shop.example/p/item';
const read = (m: Partial<ProductMarkup>) =>
  productFromMarkup({ ld: [], items: [], meta: {}, attr: null, ...m, page: { url: PAGE, ...m.page } });
const ld = (...nodes: unknown[]) => nodes.map((n) => JSON.stringify(n));
const item = (type: string, props: Array<[string, string | PageItem]>, extra: Partial<PageItem> = {}): PageItem => ({ type: [`https://schema.org/${type}`], props, vocab: 'microdata', ...extra });
const offer = (price: string, currency: string) => item('Offer', [['price', price], ['priceCurrency', currency]]);

describe('JSON-LD', () => {
  const CASES: Array<[string, Partial<ProductMarkup>, Record<string, unknown> | null]> = [
    ['a plain Product', { ld: ld({ '@context': 'https://schema.org', '@type': 'Product', sku: 'A1', name: 'Mug', offers: { '@type': 'Offer', price: '9.50', priceCurrency: 'GBP' } }) },
      { product_id: 'A1', name: 'Mug', price: 9.5, currency: 'GBP' }],
    ['field case 02: a decimal comma on a German page', { ld: ld({ '@type': 'Product', sku: 'BRETT-48', name: 'Schneidebrett Eiche', offers: { price: '48,00', priceCurrency: 'EUR' } }), page: { lang: 'de' } },
      { product_id: 'BRETT-48', price: 48, currency: 'EUR' }],
    ['field case 03: a currency symbol as priceCurrency', { ld: ld({ '@type': 'Product', sku: 'LAMP-19', name: 'Lampe de bureau', offers: { price: '19.90', priceCurrency: '€' } }), page: { lang: 'fr' } },
      { product_id: 'LAMP-19', price: 19.9, currency: 'EUR' }],
    ['a Product under an AggregateRating', { ld: ld({ '@type': 'AggregateRating', itemReviewed: { '@type': 'Product', sku: 'N1', name: 'Nested' } }) },
      { product_id: 'N1', name: 'Nested' }],
    ['lower-case, prefixed and IRI types and properties', { ld: ld({ '@type': 'schema:product', 'schema:sku': 'P1', 'http://schema.org/name': 'Prefixed' }) },
      { product_id: 'P1', name: 'Prefixed' }],
    ['a Product type IRI with a trailing slash', { ld: ld({ '@type': 'https://schema.org/Product/', sku: 'T1' }) }, { product_id: 'T1' }],
    ['@graph inside a typed root, @id references resolved', {
      ld: ld({ '@type': 'WebSite', '@id': '#site', '@graph': [{ '@type': 'WebPage', mainEntity: { '@id': '#p' } }, { '@type': 'Product', '@id': '#p', name: 'Graph', sku: 'G1', offers: { '@id': '#o' }, brand: { '@id': '#b' } }, { '@type': 'Offer', '@id': '#o', price: 3, priceCurrency: 'USD' }, { '@type': 'Brand', '@id': '#b', name: 'Acme' }] }),
    }, { product_id: 'G1', name: 'Graph', price: 3, currency: 'USD', brand: 'Acme' }],
    ['offers: the lowest available, not the cheaper sold-out one', {
      ld: ld({ '@type': 'Product', sku: 'O1', offers: [{ price: 5, priceCurrency: 'USD', availability: 'OutOfStock' }, { price: 9, priceCurrency: 'USD', availability: 'InStock' }, { price: 7, priceCurrency: 'USD' }] }),
    }, { product_id: 'O1', price: 7 }],
    ['an AggregateOffer without offers', { ld: ld({ '@type': 'Product', sku: 'AO', offers: { '@type': 'AggregateOffer', lowPrice: '10.5', highPrice: 20, priceCurrency: 'EUR' } }) },
      { product_id: 'AO', price: 10.5, currency: 'EUR' }],
    ['an AggregateOffer with offers', { ld: ld({ '@type': 'Product', sku: 'AO2', offers: { '@type': 'AggregateOffer', lowPrice: 1, offers: [{ '@type': 'Offer', price: 12, priceCurrency: 'EUR' }, { '@type': 'Offer', price: 11, priceCurrency: 'EUR' }] } }) },
      { product_id: 'AO2', price: 11 }],
    ['priceSpecification: the sale price, not the list price', {
      ld: ld({ '@type': 'Product', sku: 'PS', offers: { '@type': 'Offer', priceSpecification: [{ priceType: 'https://schema.org/ListPrice', price: 80, priceCurrency: 'USD' }, { price: 60, priceCurrency: 'USD' }] } }),
    }, { product_id: 'PS', price: 60, currency: 'USD' }],
    ['a ProductGroup on the variant its URL selects', {
      ld: ld({ '@type': 'ProductGroup', productGroupID: 'G', name: 'Shirt', hasVariant: [{ '@type': 'Product', sku: 'G-S', offers: { price: 10, priceCurrency: 'USD', url: `${PAGE}?variant=1` } }, { '@type': 'Product', sku: 'G-L', offers: { price: 12, priceCurrency: 'USD', url: `${PAGE}?variant=2` } }] }),
      page: { url: `${PAGE}?variant=2` },
    }, { product_id: 'G', name: 'Shirt', price: 12, variant: 'G-L' }],
    ['a variant page naming its group (isVariantOf): the variant, with the group filling gaps', {
      ld: ld({ '@type': 'Product', sku: 'V-RED', name: 'Shirt red', isVariantOf: { '@type': 'ProductGroup', productGroupID: 'SH', name: 'Shirt', brand: 'Acme' }, offers: { price: 20, priceCurrency: 'USD' } }),
    }, { product_id: 'V-RED', name: 'Shirt red', brand: 'Acme', price: 20 }],
    ['an Offer whose itemOffered is the Product', { ld: ld({ '@type': 'Offer', price: 25, priceCurrency: 'USD', itemOffered: { '@type': 'Product', sku: 'GC' } }) },
      { product_id: 'GC', price: 25 }],
    ['a Book with offers', { ld: ld({ '@type': 'Book', isbn: '9780141182803', name: 'Book', offers: { price: 9, priceCurrency: 'GBP' } }) }, { product_id: '9780141182803' }],
    ['a Book without offers is not a product', { ld: ld({ '@type': 'Book', isbn: '9780141182803', name: 'Book' }) }, null],
    ['related products (isRelatedTo) are not the page product', {
      ld: ld({ '@graph': [{ '@type': 'Product', '@id': '#r', sku: 'REL', name: 'Related' }, { '@type': 'Product', '@id': '#m', sku: 'MAIN', name: 'Main', isRelatedTo: { '@id': '#r' } }] }),
    }, { product_id: 'MAIN' }],
    ['a category page: an ItemList of products is no product view', {
      ld: ld({ '@type': 'ItemList', itemListElement: [{ '@type': 'ListItem', item: { '@type': 'Product', sku: 'L1', name: 'Mugs Set' } }, { '@type': 'ListItem', item: { '@type': 'Product', sku: 'L2', name: 'Cups' } }] }),
      page: { h1: 'Mugs' },
    }, null],
    ['two products, the h1 names the page\'s', { ld: ld({ '@type': 'Product', sku: 'X', name: 'Tablets' }, { '@type': 'Product', sku: 'Y', name: 'Grinder' }), page: { h1: 'Grinder' } },
      { product_id: 'Y' }],
    ['two products, the canonical URL names the page\'s', { ld: ld({ '@type': 'Product', sku: 'X', url: 'https://shop.example/p/x' }, { '@type': 'Product', sku: 'Y', url: 'https://shop.example/p/y' }), page: { canonical: 'https://shop.example/p/y' } },
      { product_id: 'Y' }],
    ['two products and nothing to tell them apart: no product view', { ld: ld({ '@type': 'Product', sku: 'X', name: 'One' }, { '@type': 'Product', sku: 'Y', name: 'Two' }) }, null],
    ['malformed blocks are skipped or repaired', { ld: ['{ not json', '{"@type":"Product","sku":"R1","name":"Rain\nJacket",}'] }, { product_id: 'R1', name: 'Rain Jacket' }],
    ['entities and tags in strings', { ld: ld({ '@type': 'Product', sku: 'E', name: 'Caf&eacute; &amp;amp; Bar', description: '<p>Six <b>cups</b></p>' }) }, { name: 'Café & Bar', description: 'Six cups' }],
    ['protocol-relative images resolved against the page', { ld: ld({ '@type': 'Product', sku: 'I', image: ['//cdn.example/a.jpg'] }) }, { image_url: 'https://cdn.example/a.jpg' }],
    ['an ImageObject image', { ld: ld({ '@type': 'Product', sku: 'I2', image: { '@type': 'ImageObject', contentUrl: '/a.png' } }) }, { image_url: 'https://shop.example/a.png' }],
    ['placeholders left out, the rest kept', { ld: ld({ '@type': 'Product', sku: '{{ sku }}', name: 'Vase', offers: { price: '{{ price }}', priceCurrency: 'EUR' } }), page: { canonical: 'https://shop.example/p/vase' } },
      { product_id: 'https://shop.example/p/vase', name: 'Vase', currency: 'EUR', price: undefined, sku: undefined }],
    ['an unreadable currency is left out, never the event', { ld: ld({ '@type': 'Product', sku: 'C', offers: { price: 5, priceCurrency: 'Dollars' } }) }, { product_id: 'C', price: 5, currency: undefined }],
    ['a category path from the product', { ld: ld({ '@type': 'Product', sku: 'K', category: 'Home/Kitchen/Mugs' }) }, { category: 'Home > Kitchen > Mugs' }],
    ['a category from the BreadcrumbList when the product has none', {
      ld: ld({ '@type': 'BreadcrumbList', itemListElement: [{ '@type': 'ListItem', position: 2, name: 'Kitchen', item: 'https://shop.example/kitchen' }, { '@type': 'ListItem', position: 1, name: 'Startseite', item: 'https://shop.example/' }, { '@type': 'ListItem', position: 3, name: 'Spoon' }] }, { '@type': 'Product', sku: 'S', name: 'Spoon' }),
    }, { category: 'Kitchen' }],
  ];
  it.each(CASES)('%s', (_name, markup, want) => {
    const got = read(markup);
    if (want === null) return expect(got).toBeNull();
    expect(got).not.toBeNull();
    for (const [k, v] of Object.entries(want)) expect((got as unknown as Record<string, unknown>)[k], k).toEqual(v);
  });
});

describe('microdata and RDFa items', () => {
  it('field case 05: a nested Brand never lends the product its name', () => {
    const p = read({ items: [item('Product', [['brand', item('Brand', [['name', 'Northwind']])], ['name', 'Trail Runner 2'], ['sku', 'TR-2'], ['offers', offer('89.00', 'USD')]])] });
    expect(p).toMatchObject({ product_id: 'TR-2', name: 'Trail Runner 2', brand: 'Northwind', price: 89, currency: 'USD' });
  });

  it('the item holding the h1 is the page product, not the related ones in lists before it', () => {
    const rel = (sku: string) => item('Product', [['name', sku], ['sku', sku], ['offers', offer('5', 'USD')]], { list: true });
    const p = read({ items: [rel('R1'), rel('R2'), item('Product', [['name', 'Main'], ['sku', 'M1'], ['offers', offer('24', 'USD')]], { h1: true })] });
    expect(p).toMatchObject({ product_id: 'M1', price: 24 });
  });

  it('a grid of products in lists is no product view', () => {
    const card = (sku: string) => item('Product', [['url', `${PAGE}#p/${sku}`], ['name', `${sku} Candle`], ['sku', sku]], { list: true });
    expect(read({ items: [card('C1'), card('C2'), card('C3')], page: { h1: 'Candles' } })).toBeNull();
  });

  it('RDFa Lite items read like microdata', () => {
    const p = read({ items: [{ type: ['schema:Product'], props: [['schema:name', 'Board'], ['schema:productID', 'SCB-3'], ['schema:offers', { type: ['schema:Offer'], props: [['schema:price', '27.00'], ['schema:priceCurrency', 'USD']], vocab: 'rdfa' }]], vocab: 'rdfa' }] });
    expect(p).toMatchObject({ product_id: 'SCB-3', name: 'Board', price: 27, currency: 'USD' });
  });

  it('a price printed with its symbol gives the currency', () => {
    expect(read({ items: [item('Product', [['name', 'Kubek'], ['sku', 'K7'], ['offers', item('Offer', [['price', '49,99 zł']])]])], page: { lang: 'pl' } }))
      .toMatchObject({ price: 49.99, currency: 'PLN' });
  });
});

describe('sources merged by precedence', () => {
  it('microdata has the name, OpenGraph the price: one product with both', () => {
    const p = read({ items: [item('Product', [['name', 'Herb Scissors'], ['sku', 'HS-5']])], meta: { 'og:type': 'product', 'product:price:amount': '17.50', 'product:price:currency': 'GBP' } });
    expect(p).toMatchObject({ product_id: 'HS-5', name: 'Herb Scissors', price: 17.5, currency: 'GBP' });
  });

  it('schema.org\'s shown price beats an ex-VAT OpenGraph price; OpenGraph fills gaps', () => {
    const p = read({ ld: ld({ '@type': 'Product', sku: 'KM', name: 'Mühle', offers: { price: '119.00', priceCurrency: 'EUR' } }), meta: { 'og:type': 'product', 'og:title': 'Mühle günstig', 'product:price:amount': '100.00', 'product:price:currency': 'EUR', 'product:brand': 'Mahlwerk' } });
    expect(p).toMatchObject({ product_id: 'KM', name: 'Mühle', price: 119, brand: 'Mahlwerk' });
  });

  it('JSON-LD beats microdata for the same product; microdata fills gaps', () => {
    const p = read({ ld: ld({ '@type': 'Product', sku: 'SB', name: 'Acacia Bowl', offers: { price: 42, priceCurrency: 'USD' } }), items: [item('Product', [['name', 'Bowl'], ['sku', 'SB'], ['image', 'https://shop.example/b.svg'], ['offers', offer('40', 'USD')]])] });
    expect(p).toMatchObject({ name: 'Acacia Bowl', price: 42, image_url: 'https://shop.example/b.svg' });
  });

  it('a 0 price is a placeholder when another source has the real one', () => {
    const p = read({ ld: ld({ '@type': 'Product', sku: 'Z', offers: { price: '0.00', priceCurrency: 'EUR' } }), meta: { 'og:type': 'product', 'product:price:amount': '19.99', 'product:price:currency': 'EUR' } });
    expect(p?.price).toBe(19.99);
  });

  it('a "$" is resolved with the code another source gives', () => {
    const p = read({ ld: ld({ '@type': 'Product', sku: 'ES', offers: { price: '9.95', priceCurrency: '$' } }), meta: { 'og:type': 'product', 'og:price:currency': 'AUD' } });
    expect(p?.currency).toBe('AUD');
  });

  it('the owner\'s data-clientele-product wins; schema.org fills the rest', () => {
    const p = read({ attr: '{"product_id": "pasta-maker", "price": 89}', ld: ld({ '@type': 'Product', sku: 'OLD', name: 'Pasta Maker', offers: { price: 99, priceCurrency: 'USD' } }), page: { h1: 'Pasta Maker' } });
    expect(p).toMatchObject({ product_id: 'pasta-maker', name: 'Pasta Maker', price: 89, currency: 'USD' });
  });

  it('a bare id in data-clientele-product', () => {
    expect(read({ attr: ' MB-2024 ' })).toMatchObject({ product_id: 'MB-2024' });
    expect(read({ attr: '{broken' })).toBeNull();
  });

  it('OpenGraph alone, both spellings, og:title without the site name', () => {
    expect(read({ meta: { 'og:type': 'product', 'og:title': 'Jute Rug | Floorworks', 'og:site_name': 'Floorworks', 'product:retailer_item_id': 'JR-1', 'product:price:amount': '129', 'product:price:currency': 'USD' } }))
      .toMatchObject({ product_id: 'JR-1', name: 'Jute Rug', price: 129, currency: 'USD' });
    expect(read({ meta: { 'og:type': 'product', 'og:url': 'https://shop.example/p/table', 'og:price:amount': '1,250.00', 'og:price:currency': 'USD' } }))
      .toMatchObject({ product_id: 'https://shop.example/p/table', price: 1250 });
    expect(read({ meta: { 'og:type': 'website', 'og:title': 'Home' } })).toBeNull();
  });
});

describe('the identity rule', () => {
  const base = { '@type': 'Product', name: 'Thing' };
  const CASES: Array<[string, Record<string, unknown>, Partial<ProductMarkup>, string]> = [
    ['sku first', { sku: 'S', productID: 'P', gtin13: '4006381333931', mpn: 'M' }, {}, 'S'],
    ['then productID without its prefix', { productID: 'isbn:P-1', gtin13: '4006381333931', mpn: 'M' }, {}, 'P-1'],
    ['then a ProductGroup\'s productGroupID', { '@type': 'ProductGroup', productGroupID: 'G-1', mpn: 'M' }, {}, 'G-1'],
    ['then the GTIN', { gtin13: '4006381333931', mpn: 'M' }, {}, '4006381333931'],
    ['then the MPN', { mpn: 'M-1' }, {}, 'M-1'],
    ['then OpenGraph\'s retailer item id', {}, { meta: { 'og:type': 'product', 'product:retailer_item_id': 'R-1' } }, 'R-1'],
    ['then the canonical URL without tracking parameters', {}, { page: { url: `${PAGE}?utm_source=x`, canonical: 'https://shop.example/p/thing?gclid=1' } }, 'https://shop.example/p/thing'],
    ['a canonical that is the site root is ignored', {}, { page: { url: `${PAGE}?utm_source=x`, canonical: 'https://shop.example/' } }, PAGE],
    ['then og:url', {}, { meta: { 'og:url': 'https://shop.example/p/og' } }, 'https://shop.example/p/og'],
    ['then the location without tracking parameters', {}, { page: { url: `${PAGE}?fbclid=1&size=l` } }, `${PAGE}?size=l`],
    ['a URL id keeps its letters readable', {}, { page: { url: 'https://shop.example/ar/%D9%85%D8%B5%D8%A8%D8%A7%D8%AD?utm_source=x' } }, 'https://shop.example/ar/مصباح'],
  ];
  it.each(CASES)('%s', (_name, fields, markup, id) => {
    expect(read({ ld: ld({ ...base, ...fields }), ...markup })?.product_id).toBe(id);
  });

  it('every product the reader gives passes the event check (an autocaptured event is never refused)', () => {
    const odd = read({ ld: ld({ '@type': 'Product', sku: 'x'.repeat(150), name: 'y'.repeat(2000), description: 'z'.repeat(5000), image: 'https://e.example/' + 'a'.repeat(3000), offers: { price: '-5', priceCurrency: '€€' } }) });
    expect(odd).not.toBeNull();
    expect(checkEvent('Product Viewed', odd).ok).toBe(true);
  });
});

describe('mayDescribeProduct (whether the worker loads the reader)', () => {
  it.each([
    [{ ld: ['{"@type":"Organization"}'], items: [], meta: { 'og:type': 'website' }, attr: null }, false],
    [{ ld: ['{"@type":"Product"}'], items: [], meta: {}, attr: null }, true],
    [{ ld: [], items: [{ type: ['x'], props: [], vocab: 'microdata' }], meta: {}, attr: null }, true],
    [{ ld: [], items: [], meta: { 'og:price:amount': '1' }, attr: null }, true],
    [{ ld: [], items: [], meta: { 'og:type': 'product' }, attr: null }, true],
    [{ ld: [], items: [], meta: {}, attr: 'A1' }, true],
  ])('%j -> %s', (m, yes) => {
    expect(mayDescribeProduct(m as ProductMarkup)).toBe(yes);
  });
});
