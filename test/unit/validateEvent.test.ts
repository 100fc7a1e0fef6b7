import { describe, expect, it } from 'vitest';
import { checkEvent } from '../../src/contract/validateEvent.ts';

describe('checkEvent refuses bad calls with a message naming the key, the value and the fix', () => {
  it.each<[string, unknown, unknown, RegExp]>([
    ['no event', undefined, undefined, /track\(event\) needs an event name string like "Product Viewed", got nothing; the event was not recorded/],
    ['numeric event', 42, undefined, /got 42/],
    ['empty event', '  ', undefined, /got "  "/],
    ['properties not an object', 'Signed Up', 'yes', /properties as an object .* got "yes"/],
    ['price not a number', 'Product Viewed', { product_id: 'P1', price: 'abc' }, /\.price must be a number like 12\.5, got "abc"/],
    ['product without id', 'Product Added', { name: 'Mug' }, /\.product_id must be a non-empty string/],
    ['fractional quantity', 'Product Added', { product_id: 'P1', quantity: 1.5 }, /\.quantity must be a whole number/],
    ['order without products', 'Order Completed', { order_id: 'O1', total: 10 }, /\.products must list the order's products/],
    ['order with a bad product', 'Order Completed', { order_id: 'O1', products: [{ product_id: 'A', price: 'x' }] }, /\.products\[0\]\.price must be a number/],
    ['bad total', 'Order Completed', { order_id: 'O1', total: 'lots', products: [] }, /\.total must be a number/],
    ['bad currency', 'Product Viewed', { product_id: 'P1', currency: 'pounds' }, /currency must be an ISO 4217 code/],
    ['oversized', 'Custom', { blob: 'x'.repeat(20_000) }, /keep it under 16384/],
  ])('%s', (_n, event, props, message) => {
    const r = checkEvent(event, props);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('checkEvent normalizes good calls', () => {
  it('coerces numeric strings and sku to product_id, upper-cases currency', () => {
    const r = checkEvent('Product Viewed', { sku: 'A1', price: '3.50', currency: 'gbp', quantity: '2' });
    expect(r).toEqual({ ok: true, event: 'Product Viewed', properties: { sku: 'A1', product_id: 'A1', price: 3.5, currency: 'GBP', quantity: 2 } });
  });
  it('accepts custom events with any plain properties and drops functions', () => {
    const r = checkEvent('Newsletter Signup', { list: 'weekly', fn: () => 1 });
    expect(r).toEqual({ ok: true, event: 'Newsletter Signup', properties: { list: 'weekly' } });
  });
  it('keeps a name longer than 100 characters cut to 100, and says so', () => {
    const long = 'Clicked ' + 'x'.repeat(150);
    const r = checkEvent(long, {});
    expect(r.ok && r.event).toBe(long.slice(0, 100));
    expect(r.ok && r.note).toMatch(/158 characters.*first 100/);
    expect(checkEvent('Product Viewed', { product_id: 'A' })).not.toHaveProperty('note');
    // Not inside an emoji, not ending on spaces.
    const emoji = checkEvent('B'.repeat(99) + '😀x', {});
    expect(emoji.ok && emoji.event).toBe('B'.repeat(99));
    const spaced = checkEvent('Signed Up' + ' '.repeat(100) + 'x', {});
    expect(spaced.ok && spaced.event).toBe('Signed Up');
  });
  it('checks every product of an order', () => {
    const r = checkEvent('Order Completed', { order_id: 'O1', total: '20', products: [{ product_id: 'A', price: 10, quantity: 2 }] });
    expect(r.ok && r.properties).toEqual({ order_id: 'O1', total: 20, products: [{ product_id: 'A', price: 10, quantity: 2 }] });
  });
  it('keeps a long order with what each line is, and refuses one still too long (round 41b)', () => {
    const line = (i: number) => ({ product_id: `P${i}`, name: `Mug ${i}`, price: 9.5, quantity: '2', image_url: `https://cdn.example/${'x'.repeat(300)}.jpg`, url: `/p/${i}` });
    const r = checkEvent('Order Completed', { order_id: 'O1', products: Array.from({ length: 50 }, (_, i) => line(i)) });
    expect(r.ok && (r.properties.products as object[])[7]).toEqual({ product_id: 'P7', name: 'Mug 7', price: 9.5, quantity: 2 });
    expect(r.ok && r.note).toMatch(/properties is \d+ bytes; it was recorded with its products' product_id,sku,name,price,quantity/);
    expect(checkEvent('Order Completed', { order_id: 'O1', products: Array.from({ length: 1000 }, (_, i) => line(i)) })).toMatchObject({ ok: false, message: expect.stringMatching(/keep it under 16384/) });
    expect(checkEvent('Custom', { blob: 'x'.repeat(20_000), products: [] })).toMatchObject({ ok: false });
  });
});
