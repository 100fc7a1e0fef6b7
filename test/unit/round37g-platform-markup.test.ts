// Round 37 (tester G, product markup as big platforms publish it).
// 1. Shopify's ProductGroup puts each picture on its variants (hasVariant[].image), none on the group: the product
//    was read with no image_url, so its cards drew no picture. Seen: productFromMarkup on a Shopify-shaped group gave
//    { product_id: '7788', price: 49, variant: 'LS-M' } and no image. Expected: the image of the variant the page shows
//    (?variant=), else of the variant whose offer was taken; a group's own image still wins when no variant is named.
// 2. JSON-LD wrapped in block-comment CDATA markers (/*<![CDATA[*/ ... /*]]>*/, Magento 1 and Drupal themes) or
//    Drupal's <!--//--><![CDATA[// ><!-- ... //--><!]]> read as no JSON: the page recorded no product view.
// 3. An offer's priceSpecification was read only when the offer had no price key at all: an offer priced "0.00", ""
//    or "{{ product.price }}" (a theme that moved the price into the specification) was recorded at 0 or with no price.
// 4. A blank or unrendered priceCurrency ("", "  ", "{{ shop.currency }}") hid the currency the price itself names:
//    price "€ 12,50" with priceCurrency "" was recorded with no currency.
// 5. A ProductGroup whose variants carry @ids of a fragment alone ("#v1", "#v2": nodes of this page, as graph-writing
//    SEO plugins name them): each resolved to the page's own URL, so on ?size=m every variant "matched" the page and
//    none was picked: the cheapest won (price 10 and its picture instead of 12, no variant).
// 6. A price of cents alone written without the leading zero (".99", "$.99", ",99 €") was read as 99, a hundred times
//    the price.
// 7. OpenGraph's product:category, which Facebook catalogs fill with the Google taxonomy number ("536"), was kept as the
//    category "536" (JSON-LD's category already left numbers and URLs out): rows filtered and grouped by a number.
import { describe, expect, it } from 'vitest';
import { productFromMarkup } from '../../src/contract/productMarkup.ts';
import { parsePrice } from '../../src/contract/markup/price.ts';

const J = (o: unknown) => JSON.stringify(o);
const read = (ld: string[], url: string, h1?: string) => productFromMarkup({ ld, items: [], meta: {}, attr: null, page: { url, lang: 'en-US', h1 } });

const variant = (sku: string, id: number, price: string, image?: string) => ({
  '@id': `/products/linen-shirt?variant=${id}#variant`, '@type': 'Product', sku, name: `Linen Shirt - ${sku.slice(3)}`, ...(image ? { image } : {}),
  offers: { '@type': 'Offer', price, priceCurrency: 'USD', availability: 'http://schema.org/InStock', url: `https://shop.test/products/linen-shirt?variant=${id}` },
});
const group = (extra: object = {}) => J({ '@context': 'http://schema.org/', '@type': 'ProductGroup', productGroupID: '7788', name: 'Linen Shirt', url: 'https://shop.test/products/linen-shirt', brand: { '@type': 'Brand', name: 'Acme' },
  hasVariant: [variant('LS-S', 111, '45.00', 'https://cdn.shop.test/s.jpg'), variant('LS-M', 222, '49.00', '//cdn.shop.test/m.jpg')], ...extra });

describe('a Shopify ProductGroup whose pictures are on its variants', () => {
  it('the variant the page shows gives the image', () => {
    expect(read([group()], 'https://shop.test/products/linen-shirt?variant=222', 'Linen Shirt')).toMatchObject({ product_id: '7788', name: 'Linen Shirt', price: 49, currency: 'USD', variant: 'LS-M', image_url: 'https://cdn.shop.test/m.jpg' });
  });
  it('with no variant named, the image of the variant whose offer was taken', () => {
    expect(read([group()], 'https://shop.test/products/linen-shirt', 'Linen Shirt')).toMatchObject({ product_id: '7788', price: 45, image_url: 'https://cdn.shop.test/s.jpg' });
  });
  it("the group's own image wins when no variant is named, the named variant's when one is", () => {
    const g = group({ image: 'https://cdn.shop.test/group.jpg' });
    expect(read([g], 'https://shop.test/products/linen-shirt')).toMatchObject({ image_url: 'https://cdn.shop.test/group.jpg' });
    expect(read([g], 'https://shop.test/products/linen-shirt?variant=222')).toMatchObject({ image_url: 'https://cdn.shop.test/m.jpg' });
  });
  it('ImageObject variants too', () => {
    const g = J({ '@context': 'https://schema.org', '@type': 'ProductGroup', productGroupID: 'G2', name: 'Cap', hasVariant: [{ '@type': 'Product', sku: 'CAP-1', image: [{ '@type': 'ImageObject', contentUrl: 'https://cdn.test/cap.jpg' }], offers: { '@type': 'Offer', price: 12, priceCurrency: 'EUR' } }] });
    expect(read([g], 'https://shop.test/cap')).toMatchObject({ product_id: 'G2', price: 12, image_url: 'https://cdn.test/cap.jpg' });
  });
});

describe('JSON-LD in comment and CDATA wrappers as CMS themes write them', () => {
  const body = J({ '@context': 'https://schema.org', '@type': 'Product', name: 'Lamp', sku: 'L1', offers: { '@type': 'Offer', price: '19.00', priceCurrency: 'USD' } });
  const wrappers: Array<[string, string]> = [
    ['/*<![CDATA[*/', '/*]]>*/'],
    ['/* <![CDATA[ */', '/* ]]> */'],
    ['<!--//--><![CDATA[// ><!--', '//--><!]]>'],
    ['<!--//--><![CDATA[//><!--', '//--><!]]>'],
    ['//<![CDATA[', '//]]>'],
    ['<![CDATA[', ']]>'],
    ['<!--', '-->'],
    ['\uFEFF', ''],
  ];
  for (const [open, close] of wrappers) for (const sep of ['\n', '']) it(`${open} ... ${close}${sep ? '' : ' on one line'}`, () => {
    expect(read([`${open}${sep}${body}${sep}${close}`], 'https://shop.test/lamp')).toMatchObject({ product_id: 'L1', name: 'Lamp', price: 19, currency: 'USD' });
  });
  it('a URL or a // inside the JSON is not taken for a comment', () => {
    const b = J({ '@context': 'https://schema.org', '@type': 'Product', name: 'Lamp // Desk', sku: 'L2', image: 'https://cdn.test/l.jpg', offers: { price: 3, priceCurrency: 'USD' } });
    expect(read([`/*<![CDATA[*/${b}/*]]>*/`], 'https://shop.test/lamp')).toMatchObject({ product_id: 'L2', name: 'Lamp // Desk', image_url: 'https://cdn.test/l.jpg' });
  });
});

describe("an offer's priceSpecification behind a price that says nothing", () => {
  const lamp = (offer: object, lang = 'en-US') => productFromMarkup({ ld: [J({ '@context': 'https://schema.org', '@type': 'Product', name: 'Lamp', sku: 'L1', offers: { '@type': 'Offer', ...offer } })], items: [], meta: {}, attr: null, page: { url: 'https://shop.test/lamp', lang } });
  const spec = { priceSpecification: { '@type': 'UnitPriceSpecification', price: '15.00', priceCurrency: 'USD' } };
  for (const price of ['0.00', 0, '', '{{ product.price }}', 'N/A']) it(`price ${JSON.stringify(price)} beside a specification of 15`, () => {
    expect(lamp({ price, ...spec })).toMatchObject({ product_id: 'L1', price: 15, currency: 'USD' });
  });
  it('a price of 0 with no specification is still 0 (a free product)', () => {
    expect(lamp({ price: '0.00', priceCurrency: 'USD' })).toMatchObject({ price: 0, currency: 'USD' });
  });
  it('a readable price wins over the specification', () => {
    expect(lamp({ price: '12.00', priceCurrency: 'USD', ...spec })).toMatchObject({ price: 12, currency: 'USD' });
  });
});

describe('a blank or unrendered priceCurrency', () => {
  const lamp = (offer: object, lang: string) => productFromMarkup({ ld: [J({ '@context': 'https://schema.org', '@type': 'Product', name: 'Lamp', sku: 'L1', offers: { '@type': 'Offer', ...offer } })], items: [], meta: {}, attr: null, page: { url: 'https://shop.test/lamp', lang } });
  for (const priceCurrency of ['', '  ', '{{ shop.currency }}', 'undefined']) {
    it(`${JSON.stringify(priceCurrency)} beside "€ 12,50" on a Dutch page`, () => {
      expect(lamp({ price: '€ 12,50', priceCurrency }, 'nl-NL')).toMatchObject({ price: 12.5, currency: 'EUR' });
    });
    it(`${JSON.stringify(priceCurrency)} beside "1.299,00 €" on a German page`, () => {
      expect(lamp({ price: '1.299,00 €', priceCurrency }, 'de-DE')).toMatchObject({ price: 1299, currency: 'EUR' });
    });
  }
  it('in a priceSpecification too', () => {
    expect(lamp({ priceSpecification: { price: '£9.99', priceCurrency: '' } }, 'en-GB')).toMatchObject({ price: 9.99, currency: 'GBP' });
  });
});

describe('variants named by @id and defined at the top of the graph', () => {
  const v = (id: string, size: string, price: number) => ({ '@type': 'Product', '@id': id, sku: `T-${size}`, name: `Tee ${size}`, image: `/${size}.jpg`, isVariantOf: { '@id': '#g' }, offers: { '@type': 'Offer', price, priceCurrency: 'USD', url: `https://s.test/tee?size=${size}` } });
  const graph = (withBack: boolean) => J({ '@context': 'https://schema.org', '@graph': [
    { '@type': 'ProductGroup', '@id': '#g', productGroupID: 'G', name: 'Tee', hasVariant: [{ '@id': '#v1' }, { '@id': '#v2' }] },
    ...[v('#v1', 's', 10), v('#v2', 'm', 12)].map((x) => (withBack ? x : { ...x, isVariantOf: undefined })),
  ] });
  for (const withBack of [false, true]) it(`the variant the page shows is read, as the group's${withBack ? ' (variants naming the group back)' : ''}`, () => {
    expect(read([graph(withBack)], 'https://s.test/tee?size=m', 'Tee')).toMatchObject({ product_id: 'G', name: 'Tee', price: 12, currency: 'USD', variant: 'T-m', image_url: 'https://s.test/m.jpg' });
    expect(read([graph(withBack)], 'https://s.test/tee', 'Tee')).toMatchObject({ product_id: 'G', price: 10, image_url: 'https://s.test/s.jpg' });
  });
  it("a variant's own page (isVariantOf a group defined beside it, no hasVariant) is still read", () => {
    const page = J({ '@context': 'https://schema.org', '@graph': [{ '@type': 'ProductGroup', '@id': '#g', productGroupID: 'G', name: 'Tee', brand: 'Acme' }, v('#v2', 'm', 12)] });
    expect(read([page], 'https://s.test/tee-m', 'Tee m')).toMatchObject({ price: 12, currency: 'USD', brand: 'Acme' });
  });
});

describe('cents written without the leading zero', () => {
  for (const [raw, lang, value] of [['.99', 'en-US', 0.99], ['$.99', 'en-US', 0.99], ['$ .5', 'en-US', 0.5], [',99 €', 'de-DE', 0.99], ['€,95', 'nl-NL', 0.95]] as const) it(`${JSON.stringify(raw)} is ${value}`, () => {
    expect(parsePrice(raw, lang)?.value).toBe(value);
  });
  for (const [raw, value] of [['12.99', 12.99], ['$1,299.00', 1299], ['Nr. 5', 5], ['1,299', 1299]] as const) it(`${JSON.stringify(raw)} is still ${value}`, () => {
    expect(parsePrice(raw, 'en-US')?.value).toBe(value);
  });
});

describe("OpenGraph's product:category as catalogs fill it", () => {
  const og = (category: string, ld: string[] = []) => productFromMarkup({ ld, items: [], meta: { 'og:type': 'product', 'og:title': 'Red Mug', 'product:price:amount': '5', 'product:price:currency': 'USD', 'product:category': category }, attr: null, page: { url: 'https://s.test/p/mug', h1: 'Red Mug' } });
  for (const c of ['536', 'https://s.test/c/kitchen']) it(`${JSON.stringify(c)} is no category`, () => {
    const p = og(c);
    expect(p).toMatchObject({ name: 'Red Mug', price: 5 });
    expect(p).not.toHaveProperty('category');
  });
  it('the breadcrumb then gives it', () => {
    const crumbs = J({ '@context': 'https://schema.org', '@type': 'BreadcrumbList', itemListElement: [{ '@type': 'ListItem', position: 1, name: 'Home', item: 'https://s.test/' }, { '@type': 'ListItem', position: 2, name: 'Kitchen', item: 'https://s.test/c/kitchen' }, { '@type': 'ListItem', position: 3, name: 'Red Mug' }] });
    expect(og('536', [crumbs])).toMatchObject({ category: 'Kitchen' });
  });
  it('a path is read as JSON-LD reads it', () => {
    expect(og('Home & Garden / Kitchen')).toMatchObject({ category: 'Home & Garden > Kitchen' });
  });
});
