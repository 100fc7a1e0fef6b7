// Values as shops print them: prices in many locales, currencies as codes or symbols, text with entities
// and placeholders, URLs, identifiers with labels. Pure functions, table-driven.
import { describe, expect, it } from 'vitest';
import { parsePrice } from '../../src/contract/markup/price.ts';
import { resolveCurrency } from '../../src/contract/markup/currency.ts';
import { cleanText, decodeEntities, isPlaceholder, resolveUrl, withoutTracking } from '../../src/contract/markup/text.ts';
import { gtinText, idText } from '../../src/contract/markup/candidate.ts';
import { parseJsonLd } from '../../src/contract/markup/graph.ts';

describe('parsePrice', () => {
  // [printed, page locale, currency, value]
  const CASES: Array<[unknown, string | undefined, string | undefined, number | undefined]> = [
    ['48,00', 'de', undefined, 48], // field case 02: never 4800
    ['48.00', 'de', undefined, 48],
    ['1.234,56', 'de-DE', undefined, 1234.56],
    ['1,234.56', 'en', undefined, 1234.56],
    ['1 234,56', 'fr', undefined, 1234.56],
    ['1\u202f234,56', 'fr-FR', undefined, 1234.56],
    ['1\u00a0234,56 €', 'fr', undefined, 1234.56],
    ["1'234.50", 'de-CH', undefined, 1234.5],
    ['1,29,999.00', 'en-IN', undefined, 129999],
    ['€ 48,00', 'de', undefined, 48],
    ['R$ 1.299,90', 'pt-BR', undefined, 1299.9],
    ['١٢٣٫٤٥', 'ar', undefined, 123.45],
    ['١٬٢٥٠٫٥٠', 'ar-SA', undefined, 1250.5],
    ['۱۲۳', 'fa', undefined, 123],
    ['1.299', 'de', undefined, 1299], // one separator, three digits: the locale decides
    ['1.299', 'en', undefined, 1.299],
    ['1,299', 'en', undefined, 1299],
    ['1,299', undefined, undefined, 1299],
    ['1.299', undefined, undefined, 1.299], // schema.org's own format when nothing says otherwise
    ['0,500', 'de', undefined, 0.5],
    ['1.250', 'ar', 'KWD', 1.25], // three minor digits
    ['10,00 – 20,00 €', 'de', undefined, 10],
    // round 40b: a multi-buy is one at its share; counts, instalments and amounts without the symbol others carry are no price
    ['2 for $10', 'en', undefined, 5],
    ['2/$10', 'en', undefined, 5],
    ['$6.00 or 2 for $10.00', 'en', undefined, 5],
    ['$19.99 or 4 interest-free payments of $5.00', 'en', undefined, 19.99],
    ['Pack of 6 - $12.00', 'en', undefined, 12],
    ['1.299', 'en', 'EUR', 1299], // a currency of two minor digits has no third decimal
    ['1,299', 'de', 'USD', 1299],
    ['1.299 €', 'en', undefined, 1299], // the symbol names the currency
    ['1.299', 'en', undefined, 1.299], // nothing names one: the locale decides
    ['ab 19,99 €*', 'de', undefined, 19.99],
    ['CHF 48.–', 'de-CH', undefined, 48],
    ['$89.00', 'en', undefined, 89],
    [12.5, undefined, undefined, 12.5],
    [0, undefined, undefined, 0],
    ['1.234.567', 'en', undefined, 1234567],
    ['12,5', 'en', undefined, 12.5],
    ['{{ product.price | money }}', 'en', undefined, undefined],
    ['Call for price', 'en', undefined, undefined],
    ['', 'en', undefined, undefined],
    [-5, undefined, undefined, undefined],
    [Number.NaN, undefined, undefined, undefined],
    [null, 'en', undefined, undefined],
  ];
  it.each(CASES)('%j on a %s page (%s) is %s', (raw, locale, currency, value) => {
    expect(parsePrice(raw, locale, currency)?.value).toBe(value);
  });

  it('keeps the words around the number for currency detection', () => {
    expect(parsePrice('49,99 zł', 'pl')).toEqual({ value: 49.99, currencyText: 'zł' });
    expect(parsePrice('€1.234,56')).toEqual({ value: 1234.56, currencyText: '€' });
    expect(parsePrice('48.00')).toEqual({ value: 48 });
  });
});

describe('resolveCurrency', () => {
  // [written, hints, ISO code]
  const CASES: Array<[unknown, Parameters<typeof resolveCurrency>[1], string | undefined]> = [
    ['EUR', {}, 'EUR'],
    ['eur', {}, 'EUR'],
    [' usd ', {}, 'USD'],
    ['€', { locale: 'fr' }, 'EUR'], // field case 03
    ['€', {}, 'EUR'],
    ['&euro;', {}, 'EUR'],
    ['£', {}, 'GBP'],
    ['$', {}, 'USD'],
    ['$', { locale: 'en-CA' }, 'CAD'],
    ['$', { locale: 'en-AU' }, 'AUD'],
    ['$', { locale: 'es-MX' }, 'MXN'],
    ['$', { locale: 'fr' }, 'USD'],
    ['$', { locale: 'en', codes: ['AUD'] }, 'AUD'], // another source of the product names the dollar
    ['zł', { locale: 'pl' }, 'PLN'],
    ['zł', {}, 'PLN'],
    ['R$', { locale: 'pt-BR' }, 'BRL'],
    ['kr', { locale: 'sv-SE' }, 'SEK'],
    ['kr.', { locale: 'da-DK' }, 'DKK'],
    ['kr', { locale: 'nb-NO' }, 'NOK'],
    ['Kč', { locale: 'cs' }, 'CZK'],
    ['ر.س', { locale: 'ar' }, 'SAR'],
    ['ر.س.\u200f', { locale: 'ar-SA' }, 'SAR'],
    ['د.إ', { locale: 'ar-AE' }, 'AED'],
    ['¥', { locale: 'ja' }, 'JPY'],
    ['¥', { locale: 'zh-CN' }, 'CNY'],
    ['￥', {}, 'JPY'],
    ['₹', {}, 'INR'],
    ['Rs.', { locale: 'en-IN' }, 'INR'],
    ['CHF', {}, 'CHF'],
    ['ab €', {}, 'EUR'],
    ['EURO', {}, 'EUR'],
    ['XYZ', {}, undefined],
    ['Dollars (ex. tax)', {}, undefined],
    ['', {}, undefined],
    [42, {}, undefined],
  ];
  it.each(CASES)('%j with %j is %s', (raw, hints, code) => {
    expect(resolveCurrency(raw, hints)).toBe(code);
  });
});

describe('text values', () => {
  it.each([
    ['Caf&eacute; &amp;amp; Bar &#8211; 2', 'Café & Bar – 2'],
    ['Dan&#39;s &#x27;Goods&#x27;', "Dan's 'Goods'"],
    ['M&Uuml;SLI &nbsp;Mix', 'MÜSLI  Mix'],
    ['&unknown; stays', '&unknown; stays'],
  ])('decodeEntities(%j) is %j', (raw, text) => {
    expect(decodeEntities(raw)).toBe(text);
  });

  it.each([
    ['{{ product.title }}', true], ['{% if x %}', true], ['<%= sku %>', true], ['${sku}', true], ['[[sku]]', true],
    ['%SKU%', true], ['{sku}', true], ['__SKU__', true], ['[PRODUCT_NAME]', true], ['#{name}', true],
    ['undefined', true], ['null', true], ['N/A', true], ['[object Object]', true], ['-', true],
    ['Red Mug', false], ['Mug {large}', false], ['100% cotton', false], ['A-1', false],
  ])('isPlaceholder(%j) is %s', (raw, yes) => {
    expect(isPlaceholder(raw)).toBe(yes);
  });

  it('cleanText decodes, strips tags, collapses whitespace, drops placeholders and cuts to length', () => {
    expect(cleanText(' <p>Six <strong>glass</strong>\n cups &amp; saucers.</p> ')).toBe('Six glass cups & saucers.');
    expect(cleanText('{{ product.title }}')).toBeUndefined();
    expect(cleanText('   ')).toBeUndefined();
    expect(cleanText(42)).toBe('42');
    expect(cleanText({ name: 'x' })).toBeUndefined();
    expect(cleanText('x'.repeat(50), 10)).toBe('x'.repeat(10));
  });

  it('resolveUrl resolves relative and protocol-relative URLs and keeps only http(s)', () => {
    const base = 'https://shop.example/p/mug?x=1';
    expect(resolveUrl('//cdn.shop.example/a.jpg', base)).toBe('https://cdn.shop.example/a.jpg');
    expect(resolveUrl('/img/a.jpg', base)).toBe('https://shop.example/img/a.jpg');
    expect(resolveUrl('a.jpg', base)).toBe('https://shop.example/p/a.jpg');
    expect(resolveUrl('javascript:alert(1)', base)).toBeUndefined();
    expect(resolveUrl('data:image/gif;base64,R0lGOD', base)).toBeUndefined();
    expect(resolveUrl('not a url', base)).toBeUndefined();
  });

  it('withoutTracking drops the fragment and tracking parameters, keeping real ones', () => {
    expect(withoutTracking('https://s.example/p/1?utm_source=x&color=red&gclid=1&fbclid=2&_pos=1&_sid=a&srsltid=z#reviews')).toBe('https://s.example/p/1?color=red');
    expect(withoutTracking('https://s.example/p/1?utm_medium=email')).toBe('https://s.example/p/1');
  });
});

describe('identifiers', () => {
  it.each([
    ['sku: 12345', '12345'], ['SKU# AB-1', 'AB-1'], ['Art.-Nr.: 4711', '4711'], ['isbn:9780141182803', '9780141182803'],
    ['Product ID: 5', '5'], ['mpn:X-9', 'X-9'], ['SKU 123', '123'], ['SKU-1', 'SKU-1'], [4711, '4711'], [' A 1 ', 'A 1'],
    ['0', undefined], ['{{ sku }}', undefined], ['', undefined],
  ])('idText(%j) is %s', (raw, id) => {
    expect(idText(raw)).toBe(id);
  });

  it.each([
    ['4006381333931', '4006381333931'], ['0 12345-67890 5', '012345678905'], ['gtin13: 4006381333931', '4006381333931'],
    ['12345', undefined], ['abc', undefined], ['030640615X', '030640615X'],
  ])('gtinText(%j) is %s', (raw, id) => {
    expect(gtinText(raw)).toBe(id);
  });
});

describe('parseJsonLd', () => {
  it('reads JSON-LD as templates print it', () => {
    expect(parseJsonLd('{"name": "Men\\\'s\nShirt", "a": [1,],}')).toEqual({ name: "Men's Shirt", a: [1] });
    expect(parseJsonLd('<!-- {"name": "x"} -->')).toEqual({ name: 'x' });
    expect(parseJsonLd('//<![CDATA[\n{"name": "x"}\n//]]>')).toEqual({ name: 'x' });
    expect(parseJsonLd('{"a": 1}{"b": 2}')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(parseJsonLd('{ this is not json')).toBeUndefined();
    expect(parseJsonLd('')).toBeUndefined();
  });
});
