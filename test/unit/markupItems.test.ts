// @vitest-environment happy-dom
// The markup chunk's DOM reading (WHATWG microdata, RDFa Lite) on small documents. The corpus runs the
// same code in real Chromium (test/browser/corpus.spec.ts); this pins the algorithm's details.
import { beforeEach, describe, expect, it } from 'vitest';
import { readItems } from '../../src/autocapture/items/index.ts';
import type { PageItem } from '../../src/contract/markup/graph.ts';

const props = (it: PageItem) => it.props.map(([k, v]) => [k, typeof v === 'string' ? v.trim() : `item:${v.type.join(' ')}`]);

describe('microdata', () => {
  beforeEach(() => { document.body.innerHTML = ''; });

  it('nested items are values of their property and never lend their properties to the parent', async () => {
    document.body.innerHTML = `<div itemscope itemtype="https://schema.org/Product">
      <div itemprop="brand" itemscope itemtype="https://schema.org/Brand"><span itemprop="name">Northwind</span></div>
      <h1 itemprop="name">Trail Runner 2</h1></div>`;
    const [p] = await readItems(document);
    expect(props(p)).toEqual([['brand', 'item:https://schema.org/Brand'], ['name', 'Trail Runner 2']]);
    expect(props(p.props[0][1] as PageItem)).toEqual([['name', 'Northwind']]);
    expect(p.h1).toBe(true);
  });

  it('itemref brings in properties from elsewhere, in tree order; a reference cycle is not followed twice', async () => {
    document.body.innerHTML = `<p id="a"><span itemprop="name">Planter</span></p>
      <div itemscope itemtype="https://schema.org/Product" itemref="a b"><meta itemprop="sku" content="CP-40"></div>
      <p id="b" itemprop="description">Cedar</p>
      <div id="loop" itemscope itemtype="https://schema.org/Thing" itemref="loop"><span itemprop="name">Loop</span></div>`;
    const items = await readItems(document);
    expect(props(items[0])).toEqual([['name', 'Planter'], ['sku', 'CP-40'], ['description', 'Cedar']]);
    expect(props(items[1])).toEqual([['name', 'Loop']]);
  });

  it('element-specific values, several names on one itemprop, itemid', async () => {
    document.body.innerHTML = `<div itemscope itemtype="https://schema.org/Product" itemid="urn:sku:PB">
      <a itemprop="url sameAs" href="/p/pb">link</a>
      <img itemprop="image" src="data:image/gif;base64,R0lGOD" data-src="/img/pb.svg">
      <data itemprop="productID" value="PB-88">88</data>
      <time itemprop="releaseDate" datetime="2030-01-01">New Year</time>
      <span itemprop="price" content="36.00">$36</span>
      <meter itemprop="weight" value="2">2 kg</meter></div>`;
    const [p] = await readItems(document);
    const base = document.baseURI;
    expect(p.id).toBe('urn:sku:PB');
    expect(props(p)).toEqual([
      ['url', new URL('/p/pb', base).href], ['sameAs', new URL('/p/pb', base).href], ['image', new URL('/img/pb.svg', base).href],
      ['productID', 'PB-88'], ['releaseDate', '2030-01-01'], ['price', '36.00'], ['weight', '2'],
    ]);
  });

  it('items in links, list items and related blocks are marked as lists; data-clientele-ignore is skipped', async () => {
    document.body.innerHTML = `<div class="related-products"><div itemscope itemtype="https://schema.org/Product"><span itemprop="name">R</span></div></div>
      <ul><li itemscope itemtype="https://schema.org/Product"><span itemprop="name">L</span></li></ul>
      <div data-clientele-ignore><div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Secret</span></div></div>
      <div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Main</span><span data-clientele-ignore><meta itemprop="sku" content="hidden"></span></div>`;
    const items = await readItems(document);
    expect(items.map((i) => [props(i), !!i.list])).toEqual([[[['name', 'R']], true], [[['name', 'L']], true], [[['name', 'Main']], false]]);
  });
});

describe('RDFa Lite', () => {
  beforeEach(() => { document.body.innerHTML = ''; });

  it('typeof starts an item, property belongs to the nearest typeof, both make a nested item', async () => {
    document.body.innerHTML = `<div vocab="https://schema.org/" typeof="Product" resource="#p">
      <h1 property="name">Cruet</h1>
      <span property="brand" typeof="Brand"><span property="name">Verre</span></span>
      <meta property="sku" content="OC-12">
      <link property="availability" href="https://schema.org/InStock"></div>`;
    const [p] = await readItems(document);
    expect(p).toMatchObject({ type: ['Product'], id: '#p', vocab: 'rdfa', h1: true });
    expect(props(p)).toEqual([['name', 'Cruet'], ['brand', 'item:Brand'], ['sku', 'OC-12'], ['availability', 'https://schema.org/InStock']]);
    expect(props(p.props[1][1] as PageItem)).toEqual([['name', 'Verre']]);
  });
});

describe('bounds', () => {
  beforeEach(() => { document.body.innerHTML = ''; });

  it('a listing of 2,500 top-level items is read up to 2,000 of each vocabulary, the first in document order', async () => {
    const li = (i: number) => `<li itemscope itemtype="https://schema.org/Product"><span itemprop="name">M${i}</span></li><li vocab="https://schema.org/" typeof="Product"><span property="name">R${i}</span></li>`;
    document.body.innerHTML = `<ul>${Array.from({ length: 2500 }, (_, i) => li(i)).join('')}</ul>`;
    const items = await readItems(document);
    const micro = items.filter((x) => x.vocab === 'microdata');
    const rdfa = items.filter((x) => x.vocab === 'rdfa');
    expect([micro.length, rdfa.length]).toEqual([2000, 2000]);
    expect([props(micro[0]), props(micro[1999]), props(rdfa[1999])]).toEqual([[['name', 'M0']], [['name', 'M1999']], [['name', 'R1999']]]);
  });
});
