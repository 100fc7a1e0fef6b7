// The demo catalog builder: naming, categories, row filtering and ranking, on rows made here.
import { describe, expect, it } from 'vitest';
import { buildCatalog, categorize, categorySvg, CATEGORIES, isValidRow, parseCsvLine, titleCase, toneOf, type RetailRow } from '../../scripts/make-demo-catalog.ts';

const row = (over: Partial<RetailRow>): RetailRow => ({
  invoice: '536365', stockCode: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6, unitPrice: 2.55, customerId: '17850', ...over,
});

describe('titleCase', () => {
  it.each([
    ['WHITE HANGING HEART T-LIGHT HOLDER', 'White Hanging Heart T-Light Holder'],
    ['SET OF4 WOODLAND LUNCH BOX  ', 'Set of 4 Woodland Lunch Box'],
    ['LUNCH BAG  BLACK SKULL.', 'Lunch Bag Black Skull'],
    ["PAPER CHAIN KIT 50'S CHRISTMAS", "Paper Chain Kit 50's Christmas"],
    ['SET OF 10 LED DOLLY LIGHTS', 'Set of 10 LED Dolly Lights'],
    ['REX CASH+CARRY JUMBO SHOPPER', 'Rex Cash+Carry Jumbo Shopper'],
    ['WOOD S/3 CABINET ANT WHITE FINISH', 'Wood S/3 Cabinet Antique White Finish'],
    ['DOORMAT KEEP CALM AND COME IN', 'Doormat Keep Calm and Come In'],
  ])('%s -> %s', (input, expected) => {
    expect(titleCase(input)).toBe(expected);
  });
});

describe('categorize', () => {
  it.each([
    ['JUMBO BAG RED RETROSPOT', 'bags'],
    ['VINTAGE CHRISTMAS BUNTING', 'christmas'],
    ['HANGING JAM JAR T-LIGHT HOLDER', 'candles-lights'],
    ['PARTY BUNTING', 'party'],
    ['REGENCY CAKESTAND 3 TIER', 'kitchen'],
    ['HOT WATER BOTTLE TEA AND SYMPATHY', 'accessories'],
    ['RED RETROSPOT PICNIC BAG', 'garden'],
    ['SET/3 RED GINGHAM ROSE STORAGE BOX', 'storage'],
    ['PACK OF 12 TRADITIONAL CRAYONS', 'stationery'],
    ['WOODEN BOX OF DOMINOES', 'toys'],
    ['RED DINER WALL CLOCK', 'home-decor'],
    ['SOMETHING NOBODY PLANNED FOR', 'home-decor'],
  ])('%s is %s', (description, id) => {
    expect(categorize(description).id).toBe(id);
  });
});

describe('rows and parsing', () => {
  it('splits quoted CSV fields with commas and doubled quotes', () => {
    expect(parseCsvLine('536477,22041,"RECORD FRAME 7"" SINGLE SIZE",48,2010-12-01 12:27:00,2.1,16210,United Kingdom'))
      .toEqual(['536477', '22041', 'RECORD FRAME 7" SINGLE SIZE', '48', '2010-12-01 12:27:00', '2.1', '16210', 'United Kingdom']);
    expect(parseCsvLine('a,"b,c",')).toEqual(['a', 'b,c', '']);
  });

  it.each([
    ['a normal purchase', {}, true],
    ['no customer', { customerId: '' }, false],
    ['a cancellation', { invoice: 'C536379' }, false],
    ['a return (negative quantity)', { quantity: -1 }, false],
    ['a free line', { unitPrice: 0 }, false],
    ['postage', { stockCode: 'POST' }, false],
    ['a bank charge', { stockCode: 'BANK CHARGES' }, false],
    ['a gift voucher', { stockCode: 'gift_0001_20' }, false],
    ['a lettered variant', { stockCode: '84029G' }, true],
  ])('%s -> %s', (_name, over, valid) => {
    expect(isValidRow(row(over as Partial<RetailRow>))).toBe(valid);
  });

  it('reads the first colour word', () => {
    expect(toneOf('ALARM CLOCK BAKELIKE RED')).toBe('red');
    expect(toneOf('JUMBO BAG BAROQUE BLACK WHITE')).toBe('black');
    expect(toneOf('PARTY BUNTING')).toBeNull();
  });
});

describe('buildCatalog', () => {
  const rows: RetailRow[] = [
    // Bag: 3 orders, price 2.08 twice and 1.79 once (a bulk tier).
    row({ invoice: '1', stockCode: '85099B', description: 'JUMBO BAG RED RETROSPOT', unitPrice: 2.08 }),
    row({ invoice: '2', stockCode: '85099B', description: 'JUMBO BAG RED RETROSPOT', unitPrice: 2.08 }),
    row({ invoice: '3', stockCode: '85099B', description: 'JUMBO BAG RED RETROSPOT', unitPrice: 1.79 }),
    // Holder: 2 orders, one description variant; the same order twice counts once.
    row({ invoice: '1', stockCode: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', unitPrice: 2.95 }),
    row({ invoice: '1', stockCode: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', unitPrice: 2.95 }),
    row({ invoice: '4', stockCode: '85123A', description: 'CREAM HANGING HEART T-LIGHT HOLDER', unitPrice: 2.95 }),
    row({ invoice: '5', stockCode: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', unitPrice: 2.55 }),
    // Bunting: 1 valid order; the rest are invalid and must not count.
    row({ invoice: '6', stockCode: '47566', description: 'PARTY BUNTING', unitPrice: 4.95 }),
    row({ invoice: 'C7', stockCode: '47566', description: 'PARTY BUNTING', unitPrice: 4.95, quantity: -5 }),
    row({ invoice: '8', stockCode: '47566', description: 'PARTY BUNTING', unitPrice: 4.95, customerId: '' }),
    row({ invoice: '9', stockCode: '47566', description: 'PARTY BUNTING', unitPrice: 4.95, customerId: '' }),
    row({ invoice: '10', stockCode: '47566', description: 'PARTY BUNTING', unitPrice: 4.95, customerId: '' }),
    // Postage appears in many orders but is not a product.
    ...['1', '2', '3', '4', '5'].map((invoice) => row({ invoice, stockCode: 'POST', description: 'POSTAGE', unitPrice: 18 })),
  ];
  const catalog = buildCatalog(rows);

  it('ranks real products by the number of valid orders', () => {
    expect(catalog.products.map((p) => p.product_id)).toEqual(['85099B', '85123A', '47566']);
  });

  it('uses the most common description and price', () => {
    const holder = catalog.products.find((p) => p.product_id === '85123A')!;
    expect(holder.name).toBe('White Hanging Heart T-Light Holder');
    expect(holder.price).toBe(2.95);
    const bag = catalog.products[0];
    expect(bag.price).toBe(2.08);
    expect(bag).toMatchObject({ sku: '85099B', currency: 'GBP', category: 'Bags', url: '/demo/product.html?id=85099B', image_url: '/demo/img/bags-red.svg', in_stock: true });
    expect(bag.tags).toContain('retrospot');
  });

  it('keeps only the top products and lists the categories in use with counts', () => {
    const top = buildCatalog(rows, { limit: 2 });
    expect(top.products).toHaveLength(2);
    expect(top.categories.map((c) => [c.id, c.count])).toEqual([['candles-lights', 1], ['bags', 1]]);
  });

  it('draws a well-formed SVG whose label escapes the ampersand', () => {
    const svg = categorySvg(CATEGORIES.find((c) => c.id === 'candles-lights')!, 'white');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('aria-label="Candles &#38; Lights (white)"');
    expect(svg).not.toMatch(/&(?!#\d+;)/);
    expect(svg).not.toContain('var(--');
  });
});
