// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import type { RecItem, SlotChoice, SlotVariantConfig } from '../../src/contract/types.ts';
import { mountRow, mountSlot, type WidgetHost } from '../../widget/index.tsx';
import { ContentSlot } from '../../widget/ContentSlot.tsx';
import { createPriceFormatter } from '../../widget/formatPrice.ts';
import { safeUrl } from '../../src/contract/safeUrl.ts';
import { frUi } from '../../src/messages/fr.ts';
import { zhCNUi } from '../../src/messages/zh-CN.ts';

const rec = (product_id: string, extra: Partial<RecItem['item']> = {}, source = 'popularity'): RecItem => ({
  item: { product_id, name: `Item ${product_id}`, price: 10, url: `/p/${product_id}`, ...extra },
  score: 1,
  source,
  reason: `because ${product_id}`,
});

interface Call {
  event: string;
  properties: Record<string, unknown>;
}

function makeHost(overrides: Partial<WidgetHost> = {}): WidgetHost & { calls: Call[]; warnings: string[] } {
  const calls: Call[] = [];
  const warnings: string[] = [];
  return {
    calls,
    warnings,
    recommend: async () => [],
    chooseSlot: async (slot) => ({ slot, variant: null, reason: 'none' }),
    track: (event, properties) => void calls.push({ event, properties }),
    warn: (m) => void warnings.push(m),
    locale: 'en-US',
    currency: 'USD',
    ...overrides,
  };
}

/** Lets pending host promises settle; rendering itself is synchronous. */
const settle = () => new Promise((r) => setTimeout(r, 0));

/** A controllable stand-in for IntersectionObserver (happy-dom's never fires). */
class FakeIO {
  static all: FakeIO[] = [];
  targets = new Set<Element>();
  disconnected = false;
  constructor(
    private cb: IntersectionObserverCallback,
    public options?: IntersectionObserverInit,
  ) {
    FakeIO.all.push(this);
  }
  observe(el: Element) {
    this.targets.add(el);
  }
  unobserve(el: Element) {
    this.targets.delete(el);
  }
  disconnect() {
    this.disconnected = true;
    this.targets.clear();
  }
  takeRecords() {
    return [];
  }
  /** Reports `el` at `ratio` visibility, as the browser would on crossing a threshold. */
  show(el: Element, ratio: number) {
    if (!this.targets.has(el)) return;
    const entry = { target: el, intersectionRatio: ratio, isIntersecting: ratio > 0 } as unknown as IntersectionObserverEntry;
    this.cb([entry], this as unknown as IntersectionObserver);
  }
}

let el: HTMLElement;
beforeEach(() => {
  FakeIO.all = [];
  vi.stubGlobal('IntersectionObserver', FakeIO);
  el = document.createElement('div');
  el.id = 'recs';
  document.body.appendChild(el);
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

const cards = (host: Element) => [...(host.shadowRoot?.querySelectorAll<HTMLAnchorElement>('[data-clientele-widget-item]') ?? [])];

describe('mountRow', () => {
  it('draws the row kept by a recent page at once, asks for a fresh one with the same request, and swaps it in', async () => {
    let resolve!: (row: { items: RecItem[]; dismiss: boolean }) => void;
    const asked: unknown[] = [];
    const host = makeHost({
      cached: (request, widgetId) => (JSON.stringify([request, widgetId]) === JSON.stringify([{ type: 'for-you', limit: 2 }, 'recs']) ? { items: [rec('k1'), rec('k2'), rec('k3')], dismiss: false } : null),
      row: (request, widgetId) => (asked.push([request, widgetId]), new Promise((r) => (resolve = r))),
    });
    const off = mountRow(el, { type: 'for-you', limit: 2 }, host);
    // before any answer: the kept row, cut to the limit, no skeletons
    expect(el.getAttribute('data-clientele-state')).toBe('ready');
    expect(cards(el).map((a) => a.getAttribute('href'))).toEqual(['/p/k1', '/p/k2']);
    await settle();
    expect(asked).toEqual([[{ type: 'for-you', limit: 2 }, 'recs']]);
    // a kept card counts no impression, however long it is seen; a click on it counts
    const io = FakeIO.all.at(-1)!;
    for (const card of cards(el)) io.show(card, 1);
    expect(host.calls.filter((c) => c.event === 'Widget Impression')).toHaveLength(0);
    cards(el)[0].addEventListener('click', (e) => e.preventDefault());
    cards(el)[0].click();
    expect(host.calls.filter((c) => c.event === 'Widget Clicked').map((c) => c.properties.product_id)).toEqual(['k1']);
    // the fresh row, with one item the kept row had at another place: one impression each
    resolve({ items: [rec('f1'), rec('k1')], dismiss: false });
    await settle();
    expect(cards(el).map((a) => a.getAttribute('href'))).toEqual(['/p/f1', '/p/k1']);
    for (const card of cards(el)) io.show(card, 1);
    expect(host.calls.filter((c) => c.event === 'Widget Impression').map((c) => [c.properties.product_id, c.properties.position])).toEqual([['f1', 1], ['k1', 2]]);
    off();
  });

  it('shows skeletons when nothing was kept for this row', () => {
    const host = makeHost({ cached: () => null, row: () => new Promise(() => undefined) });
    const off = mountRow(el, { type: 'for-you', limit: 2 }, host);
    expect(el.getAttribute('data-clientele-state')).toBe('loading');
    expect(cards(el)).toHaveLength(0);
    off();
  });

  it('shows skeletons while loading, then one card per item with price, link and image', async () => {
    let resolve!: (items: RecItem[]) => void;
    const host = makeHost({ recommend: () => new Promise((r) => (resolve = r)), locale: 'de-DE', currency: 'EUR' });
    mountRow(el, { type: 'similar', limit: 3 }, host);

    expect(el.shadowRoot).not.toBeNull();
    expect(el.getAttribute('data-clientele-state')).toBe('loading');
    expect(el.shadowRoot!.querySelector('section')!.getAttribute('aria-busy')).toBe('true');
    expect(el.shadowRoot!.querySelectorAll('li.sk')).toHaveLength(3);
    expect(cards(el)).toHaveLength(0);

    await settle(); // the row's turn among the page's rows
    resolve([
      rec('a', { price: 12.5, image_url: 'https://cdn.example/a.jpg' }),
      rec('b', { price: 1234, currency: 'USD', url: undefined }),
      rec('c', { price: 3, url: 'javascript:alert(1)' }),
    ]);
    await settle();

    const links = cards(el);
    expect(el.getAttribute('data-clientele-state')).toBe('ready');
    expect(links.map((a) => a.dataset.productId)).toEqual(['a', 'b', 'c']);
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/p/a', '#', '#']);
    const prices = links.map((a) => a.querySelector('.price')!.textContent!);
    expect(prices[0]).toMatch(/^12,50\s€$/); // item without currency: the host's EUR, German format
    expect(prices[1]).toMatch(/^1\.234,00\s\$$/); // item's own USD, still German format
    // The link's name is its visible text (name and price): no aria-label that could disagree with it.
    expect(links[0].hasAttribute('aria-label')).toBe(false);
    expect(links[0].textContent).toBe(`I${'Item a'}${prices[0]}`);
    // The reason is visible text beside the link, and its description.
    const why = el.shadowRoot!.getElementById(links[0].getAttribute('aria-describedby')!)!;
    expect(why.textContent).toBe('because a');
    expect(why.closest('li')).toBe(links[0].closest('li'));

    const img = links[0].querySelector('img')!;
    expect(img.getAttribute('src')).toBe('https://cdn.example/a.jpg');
    expect(img.getAttribute('alt')).toBe(''); // the name is already the link's text
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(links[1].querySelector('img')).toBeNull();
    expect(links[1].querySelector('.ph')!.textContent).toBe('I'); // drawn placeholder
  });

  it('replaces a broken image with the placeholder', async () => {
    const host = makeHost({ recommend: async () => [rec('a', { image_url: '/missing.jpg' })] });
    mountRow(el, { type: 'popular' }, host);
    await settle();
    const img = cards(el)[0].querySelector('img')!;
    img.dispatchEvent(new Event('error'));
    expect(img.hidden).toBe(true);
    expect(cards(el)[0].querySelector('.ph')).not.toBeNull();
  });

  it('titles the row by type unless a title is given, as an accessible section and list', async () => {
    const host = makeHost({ recommend: async () => [rec('a')] });
    mountRow(el, { type: 'bought-together' }, host);
    await settle();
    const section = el.shadowRoot!.querySelector('section')!;
    expect(el.shadowRoot!.getElementById(section.getAttribute('aria-labelledby')!)!.textContent).toBe('Frequently bought together');
    expect(section.querySelector('h2')!.textContent).toBe('Frequently bought together');
    expect(section.querySelector('ul')!.getAttribute('role')).toBe('list');
    // Styled without an inline <style> (a strict CSP refuses those): one adopted, constructable stylesheet.
    expect(el.shadowRoot!.querySelector('style')).toBeNull();
    expect([...el.shadowRoot!.adoptedStyleSheets[0].cssRules].map((r) => r.cssText).join('\n')).toContain('--clientele-accent');

    const other = document.body.appendChild(document.createElement('div'));
    mountRow(other, { type: 'bought-together', title: 'Complete the look' }, host);
    await settle();
    expect(other.shadowRoot!.querySelector('h2')!.textContent).toBe('Complete the look');
  });

  it('passes type, seed item and limit to the host and shows at most `limit` distinct items', async () => {
    const recommend = vi.fn(async () => [rec('a'), rec('a'), rec('b'), rec('c'), { bogus: true } as unknown as RecItem]);
    mountRow(el, { type: 'similar', itemId: 'seed', limit: 2 }, makeHost({ recommend }));
    await settle();
    expect(recommend).toHaveBeenCalledWith({ type: 'similar', itemId: 'seed', limit: 2 });
    expect(cards(el).map((a) => a.dataset.productId)).toEqual(['a', 'b']);
  });

  it('renders markup in catalog text as text', async () => {
    const evil = '<img src=x onerror="window.pwned=1"><b>Mug</b>';
    mountRow(el, { type: 'popular', title: '<i>Hot</i>' }, makeHost({ recommend: async () => [rec('a', { name: evil })] }));
    await settle();
    const card = cards(el)[0];
    expect(card.querySelector('.name')!.textContent).toBe(evil);
    expect(card.querySelector('b')).toBeNull();
    expect(card.querySelectorAll('img')).toHaveLength(0);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).toBe('<i>Hot</i>');
    expect(el.shadowRoot!.querySelector('i')).toBeNull();
  });

  it('falls back to the host currency, then to a plain number, for invalid codes', async () => {
    const host = makeHost({ recommend: async () => [rec('a', { price: 5, currency: 'EURO' })], currency: 'GBP', locale: 'en-GB' });
    mountRow(el, { type: 'popular' }, host);
    await settle();
    expect(cards(el)[0].querySelector('.price')!.textContent).toBe('£5.00');
    const plain = createPriceFormatter('not a locale!', 'NOPE');
    expect(plain(5, 'ALSO BAD')).toMatch(/^5[.,]00$/);
    expect(createPriceFormatter('xx_bad', 'USD')(5)).toContain('5.00');
    expect(plain(undefined)).toBe('');
    expect(plain(Number.NaN)).toBe('');
  });

  it('tracks a click with widget, product, position and source, without blocking navigation', async () => {
    const host = makeHost({ recommend: async () => [rec('a'), rec('b', {}, 'item-knn')] });
    mountRow(el, { type: 'similar', widgetId: 'pdp-similar' }, host);
    await settle();
    let prevented: boolean | null = null;
    // Our handler runs at the link; by the time the click bubbles out to the window it must still navigate.
    const spy = (e: Event) => {
      prevented = e.defaultPrevented;
      e.preventDefault(); // keep happy-dom from navigating
    };
    window.addEventListener('click', spy);
    cards(el)[1].dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
    window.removeEventListener('click', spy);

    expect(prevented).toBe(false);
    expect(host.calls.filter((c) => c.event === 'Widget Clicked')).toEqual([
      {
        event: 'Widget Clicked',
        properties: { widget_id: 'pdp-similar', widget_type: 'similar', product_id: 'b', position: 2, source: 'item-knn' },
      },
    ]);
  });

  it('counts an impression once per card when at least half of it is visible', async () => {
    const host = makeHost({ recommend: async () => [rec('a'), rec('b'), rec('c')] });
    const unmount = mountRow(el, { type: 'trending' }, host);
    await settle();
    const io = FakeIO.all.at(-1)!;
    expect(io.options?.threshold).toBe(0.5);
    const [a, b] = cards(el);
    io.show(b, 0.3);
    expect(host.calls).toHaveLength(0);
    io.show(a, 0.6);
    io.show(b, 0.5);
    io.show(a, 1);
    const impressions = host.calls.filter((c) => c.event === 'Widget Impression').map((c) => c.properties);
    expect(impressions).toEqual([
      { widget_id: 'recs', widget_type: 'trending', product_id: 'a', position: 1, source: 'popularity' },
      { widget_id: 'recs', widget_type: 'trending', product_id: 'b', position: 2, source: 'popularity' },
    ]);
    unmount();
    expect(io.disconnected).toBe(true);
  });

  it('counts impressions on render where IntersectionObserver is missing', async () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    const host = makeHost({ recommend: async () => [rec('a'), rec('b')] });
    mountRow(el, { type: 'popular' }, host);
    await settle();
    expect(host.calls.map((c) => [c.event, c.properties.product_id])).toEqual([
      ['Widget Impression', 'a'],
      ['Widget Impression', 'b'],
    ]);
  });

  it('renders nothing visible for an empty result but keeps the element', async () => {
    const host = makeHost({ recommend: async () => [] });
    mountRow(el, { type: 'buy-again' }, host);
    await settle();
    expect(el.isConnected).toBe(true);
    expect(el.getAttribute('data-clientele-state')).toBe('empty');
    expect(cards(el)).toHaveLength(0);
    expect(el.shadowRoot!.querySelector('section')).toBeNull();
    expect(host.warnings).toEqual([]);
  });

  it('never throws when the host fails, and says what happened', async () => {
    const host = makeHost({
      recommend: () => {
        throw new Error('worker gone');
      },
    });
    expect(() => mountRow(el, { type: 'for-you' }, host)).not.toThrow();
    await settle();
    expect(el.getAttribute('data-clientele-state')).toBe('empty');
    expect(host.warnings).toHaveLength(1);
    expect(host.warnings[0]).toMatch(/^\[clientele\] widget "recs" could not load "for-you" recommendations \(worker gone\)/);
  });

  it('unmounts cleanly, and ignores results that arrive afterwards', async () => {
    let resolve!: (items: RecItem[]) => void;
    const host = makeHost({ recommend: () => new Promise((r) => (resolve = r)) });
    const unmount = mountRow(el, { type: 'popular' }, host);
    await settle();
    unmount();
    resolve([rec('a')]);
    await settle();
    expect(el.shadowRoot!.childNodes).toHaveLength(0);
    expect(el.hasAttribute('data-clientele-state')).toBe(false);
    expect(FakeIO.all[0].disconnected).toBe(true);
  });

  it('replaces an earlier widget when mounted twice on one element', async () => {
    const host = makeHost({ recommend: async () => [rec('a')] });
    mountRow(el, { type: 'popular' }, host);
    mountRow(el, { type: 'trending' }, host);
    await settle();
    expect(el.shadowRoot!.querySelectorAll('section')).toHaveLength(1);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).toBe('Trending now');
    expect(FakeIO.all[0].disconnected).toBe(true);
  });
});

describe('mountSlot', () => {
  const variant: SlotVariantConfig = {
    id: 'spring-sale',
    title: 'Spring <b>sale</b>',
    body: '<script>alert(1)</script> 20% off',
    cta: 'Shop now',
    href: '/sale',
    image: 'https://cdn.example/spring.jpg',
  };
  const slotHost = (v: SlotVariantConfig | null) =>
    makeHost({ chooseSlot: async (slot): Promise<SlotChoice> => ({ slot, variant: v, reason: 'audience matched' }) });

  it('shows the chosen variant as text and marks which variant was shown', async () => {
    const host = slotHost(variant);
    mountSlot(el, 'hero', host);
    await settle();
    const root = el.shadowRoot!.querySelector<HTMLElement>('[data-variant-id]')!;
    expect(root.dataset.variantId).toBe('spring-sale');
    expect(el.getAttribute('data-clientele-variant')).toBe('spring-sale');
    expect(root.querySelector('h2')!.textContent).toBe('Spring <b>sale</b>');
    expect(root.querySelector('p')!.textContent).toBe('<script>alert(1)</script> 20% off');
    expect(root.querySelector('b, script')).toBeNull();
    const cta = root.querySelector<HTMLAnchorElement>('a.cta')!;
    expect(cta.textContent).toBe('Shop now');
    expect(cta.getAttribute('href')).toBe('/sale');
    expect(root.querySelector('img')!.getAttribute('src')).toBe('https://cdn.example/spring.jpg');
  });

  it('tracks the slot impression once and its click', async () => {
    const host = slotHost(variant);
    mountSlot(el, 'hero', host, { widgetId: 'home-hero' });
    await settle();
    const root = el.shadowRoot!.querySelector('[data-variant-id]')!;
    const io = FakeIO.all.at(-1)!;
    io.show(root, 0.8);
    io.show(root, 0.9);
    const onWindow = (e: Event) => e.preventDefault();
    window.addEventListener('click', onWindow);
    root.querySelector('a')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
    window.removeEventListener('click', onWindow);
    const props = { widget_id: 'home-hero', widget_type: 'slot', slot: 'hero', variant_id: 'spring-sale' };
    expect(host.calls).toEqual([
      { event: 'Widget Impression', properties: props },
      { event: 'Widget Clicked', properties: props },
    ]);
  });

  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<b>x</b>'])(
    'drops the link for href %j but keeps the text',
    async (href) => {
      mountSlot(el, 'hero', slotHost({ ...variant, href }));
      await settle();
      const root = el.shadowRoot!.querySelector('[data-variant-id]')!;
      expect(root.querySelector('a')).toBeNull();
      expect(root.textContent).toContain('Shop now');
    },
  );

  it('links the title when there is no call to action', async () => {
    mountSlot(el, 'hero', slotHost({ id: 'v2', title: 'New arrivals', href: 'https://shop.example/new' }));
    await settle();
    const a = el.shadowRoot!.querySelector('h2 a')!;
    expect(a.getAttribute('href')).toBe('https://shop.example/new');
    expect(a.textContent).toBe('New arrivals');
  });

  it('renders nothing when no variant is chosen or the host fails', async () => {
    mountSlot(el, 'hero', slotHost(null));
    await settle();
    expect(el.getAttribute('data-clientele-state')).toBe('empty');
    expect(el.hasAttribute('data-clientele-variant')).toBe(false);
    expect(el.shadowRoot!.childNodes).toHaveLength(0);

    const failing = makeHost({ chooseSlot: () => Promise.reject(new Error('timeout')) });
    const other = document.body.appendChild(document.createElement('div'));
    mountSlot(other, 'banner', failing);
    await settle();
    expect(other.getAttribute('data-clientele-state')).toBe('empty');
    expect(failing.warnings[0]).toMatch(/^\[clientele\] content slot "banner" could not choose a variant \(timeout\)/);
  });

  it('removes the variant mark on unmount', async () => {
    const unmount = mountSlot(el, 'hero', slotHost(variant));
    await settle();
    unmount();
    expect(el.hasAttribute('data-clientele-variant')).toBe(false);
    expect(el.shadowRoot!.childNodes).toHaveLength(0);
  });

  it('hosts the shadow root on a child when the element cannot have one', async () => {
    const list = document.body.appendChild(document.createElement('ul'));
    mountSlot(list, 'hero', slotHost(variant));
    await settle();
    const inner = list.querySelector('[data-clientele-root]');
    expect(inner?.shadowRoot?.querySelector('[data-variant-id="spring-sale"]')).not.toBeNull();
    expect(list.getAttribute('data-clientele-variant')).toBe('spring-sale');
  });

  it('the ContentSlot view works on its own', () => {
    const box = document.createElement('div');
    render(<ContentSlot variant={{ id: 'x', body: 'Hello' }} />, box);
    expect(box.querySelector('[data-variant-id="x"]')!.textContent).toBe('Hello');
  });
});

describe('safeUrl', () => {
  it.each<[unknown, string | undefined]>([
    ['https://shop.example/p/1', 'https://shop.example/p/1'],
    ['HTTP://shop.example', 'HTTP://shop.example'],
    ['/p/1?x=a:b', '/p/1?x=a:b'],
    ['p/1', 'p/1'],
    ['//cdn.example/a.jpg', '//cdn.example/a.jpg'],
    ['  /trimmed  ', '/trimmed'],
    ['javascript:alert(1)', undefined],
    ['\u0001javascript:alert(1)', undefined],
    ['jav\nascript:alert(1)', undefined],
    ['vbscript:x', undefined],
    ['data:image/png;base64,AAAA', undefined],
    ['', undefined],
    [42, undefined],
  ])('%j -> %j', (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });
});

describe('rows on one page', () => {
  const popularity = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  /** A host whose every row ranks the same items, honouring filters.exclude as the worker does. */
  const sameItems = (extra: Partial<WidgetHost> = {}) =>
    makeHost({
      recommend: async (req) => popularity.filter((id) => !req.filters?.exclude?.includes(id)).slice(0, req.limit ?? 4).map((id) => rec(id)),
      ...extra,
    });
  const mountTwo = (host: WidgetHost) => {
    const second = document.body.appendChild(document.createElement('div'));
    mountRow(el, { type: 'for-you', limit: 3 }, host);
    mountRow(second, { type: 'popular', limit: 3 }, host);
    return second;
  };

  it('never repeat an item: each row leaves out what the rows mounted before it show', async () => {
    const second = mountTwo(sameItems());
    await settle();
    await settle();
    expect(cards(el).map((a) => a.dataset.productId)).toEqual(['a', 'b', 'c']);
    expect(cards(second).map((a) => a.dataset.productId)).toEqual(['d', 'e', 'f']);
  });

  it('let rows of the visitor\'s own items go first among rows mounted together', async () => {
    const host = sameItems();
    const recent = document.body.appendChild(document.createElement('div'));
    mountRow(el, { type: 'similar', limit: 3 }, host);
    mountRow(recent, { type: 'recently-viewed', limit: 2 }, host);
    await settle();
    await settle();
    expect(cards(recent).map((a) => a.dataset.productId)).toEqual(['a', 'b']);
    expect(cards(el).map((a) => a.dataset.productId)).toEqual(['c', 'd', 'e']);
  });

  it('may repeat with config.dedupe false', async () => {
    const second = mountTwo(sameItems({ config: { dedupe: false } as unknown as WidgetHost['config'] }));
    await settle();
    expect(cards(second).map((a) => a.dataset.productId)).toEqual(['a', 'b', 'c']);
  });

  it('free their items when unmounted', async () => {
    const first = mountRow(el, { type: 'for-you', limit: 3 }, sameItems());
    await settle();
    first();
    const second = document.body.appendChild(document.createElement('div'));
    mountRow(second, { type: 'popular', limit: 3 }, sameItems());
    await settle();
    expect(cards(second).map((a) => a.dataset.productId)).toEqual(['a', 'b', 'c']);
  });
});

describe('row options and languages', () => {
  it('an empty buy-again row hides, or shows the owner\'s fallback under an honest title', async () => {
    const recommend = vi.fn(async (req: { type: string }) => (req.type === 'buy-again' ? [] : [rec('p1'), rec('p2')]));
    mountRow(el, { type: 'buy-again' }, makeHost({ recommend }));
    await settle();
    expect(el.getAttribute('data-clientele-state')).toBe('empty');
    expect(recommend).toHaveBeenCalledTimes(1);

    const other = document.body.appendChild(document.createElement('div'));
    other.setAttribute('data-fallback', 'popular');
    mountRow(other, { type: 'buy-again', title: 'Buy again' }, makeHost({ recommend }));
    await settle();
    expect(other.shadowRoot!.querySelector('h2')!.textContent).toBe('Popular');
    expect(cards(other).map((a) => a.dataset.productId)).toEqual(['p1', 'p2']);

    const titled = document.body.appendChild(document.createElement('div'));
    mountRow(titled, { type: 'buy-again', fallback: 'popular', fallbackTitle: 'Our bestsellers' }, makeHost({ recommend }));
    await settle();
    expect(titled.shadowRoot!.querySelector('h2')!.textContent).toBe('Our bestsellers');
  });

  it('titles, buttons and loading text come from the labels the host gives for its language, with the owner\'s overrides', async () => {
    let resolve!: (items: RecItem[]) => void;
    const host = makeHost({ locale: 'zh-CN', labels: zhCNUi, recommend: () => new Promise((r) => (resolve = r)) });
    mountRow(el, { type: 'popular' }, host);
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).toBe('正在加载推荐…');
    await settle();
    resolve([rec('a')]);
    await settle();
    expect(el.shadowRoot!.querySelector('h2')!.textContent).toBe('人气商品');
    const [prev, next] = [...el.shadowRoot!.querySelectorAll('.nav button')];
    expect(prev.getAttribute('aria-label')).toBe('上一组商品');
    expect(next.getAttribute('aria-label')).toBe('下一组商品');
    expect(prev.getAttribute('aria-controls')).toBe('list');

    const other = document.body.appendChild(document.createElement('div'));
    mountRow(other, { type: 'popular' }, makeHost({ locale: 'zh-CN', labels: zhCNUi, config: { messages: { 'zh-CN': { 'row.popular': '畅销榜' } } } as unknown as WidgetHost['config'], recommend: async () => [rec('z')] }));
    await settle();
    expect(other.shadowRoot!.querySelector('h2')!.textContent).toBe('畅销榜');
  });

  it('the "not interested" button and what it announces are worded by the catalogue, and the item leaves the row', async () => {
    const served = { items: [rec('a', { name: '红色马克杯' }), rec('b')], dismiss: true };
    const host = makeHost({ locale: 'zh-CN', labels: zhCNUi, row: async () => served });
    mountRow(el, { type: 'for-you' }, host);
    await settle();
    await settle();
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[data-clientele-dismiss="a"]')!;
    expect(button.getAttribute('aria-label')).toBe('对“红色马克杯”不感兴趣');
    expect(button.getAttribute('title')).toBe('不感兴趣');
    served.items = [rec('b')];
    button.click();
    expect(cards(el).map((a) => a.dataset.productId)).toEqual(['b']);
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).toBe('已移除“红色马克杯”，之后会少推荐类似商品。');
    expect(host.calls.find((c) => c.event === 'Recommendation Dismissed')?.properties).toMatchObject({ product_id: 'a', widget_type: 'for-you', position: 1 });

    const english = document.body.appendChild(document.createElement('div'));
    mountRow(english, { type: 'for-you' }, makeHost({ row: async () => ({ items: [rec('c')], dismiss: true }) }));
    await settle();
    await settle();
    expect(english.shadowRoot!.querySelector('[data-clientele-dismiss="c"]')!.getAttribute('aria-label')).toBe('Not interested in Item c');
  });

  it('takes its heading level from the options or the element', async () => {
    el.setAttribute('data-heading-level', '3');
    mountRow(el, { type: 'popular' }, makeHost({ recommend: async () => [rec('a')] }));
    const other = document.body.appendChild(document.createElement('div'));
    mountRow(other, { type: 'popular', headingLevel: 4 }, makeHost({ recommend: async () => [rec('b')] }));
    await settle();
    expect(el.shadowRoot!.querySelector('h3')!.textContent).toBe('Popular');
    expect(other.shadowRoot!.querySelector('h4')).not.toBeNull();
  });

  it('a slot keeps the level of the heading it replaces, and links a bare href with the catalogue\'s words', async () => {
    el.innerHTML = '<div><h1>Welcome</h1><p>Default hero</p></div>';
    mountSlot(el, 'hero', makeHost({ locale: 'fr-FR', labels: frUi, chooseSlot: async (slot) => ({ slot, variant: { id: 'v', title: 'Soldes', body: 'Tout à -20 %', cta: 'Voir', href: '/s' }, reason: '' }) }));
    await settle();
    expect(el.shadowRoot!.querySelector('h1')!.textContent).toBe('Soldes');
    const bare = document.body.appendChild(document.createElement('div'));
    mountSlot(bare, 'promo', makeHost({ locale: 'fr-FR', labels: frUi, chooseSlot: async (slot) => ({ slot, variant: { id: 'b', body: 'Livraison offerte', href: '/livraison' }, reason: '' }) }));
    await settle();
    expect(bare.shadowRoot!.querySelector('h2')).toBeNull();
    expect(bare.shadowRoot!.querySelector('a.cta')!.textContent).toBe('En savoir plus');
  });
});

describe('reasons', () => {
  it('a reason every card shares is said once under the title, and still describes each card', async () => {
    const same = (id: string) => ({ ...rec(id), reason: 'popular with other shoppers' });
    mountRow(el, { type: 'popular' }, makeHost({ recommend: async () => [same('a'), same('b'), same('c')] }));
    await settle();
    const root = el.shadowRoot!;
    expect([...root.querySelectorAll('.why')].map((p) => p.textContent)).toEqual(['popular with other shoppers']);
    for (const a of cards(el)) expect(root.getElementById(a.getAttribute('aria-describedby')!)!.textContent).toBe('popular with other shoppers');
  });
  it('different reasons stay on their cards', async () => {
    mountRow(el, { type: 'for-you' }, makeHost({ recommend: async () => [rec('a'), rec('b')] }));
    await settle();
    expect([...el.shadowRoot!.querySelectorAll('li .why')].map((p) => p.textContent)).toEqual(['because a', 'because b']);
  });
});
