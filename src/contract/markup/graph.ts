// Builds the node graph from JSON-LD blocks and from the items the page's markup chunk read
// (microdata, RDFa Lite), and marks how each node sits in it: at the top, the page's main entity,
// in a list of other products, or a variant of a group. Pure.
import { decodeEntities } from './text.ts';
import { addValue, hasType, isNode, localName, nodes, type MarkupNode, type MarkupValue, type NodeSource } from './node.ts';

/** An item as the page's markup chunk sends it (microdata or RDFa Lite), strings only. */
export interface PageItem {
  /** itemtype / typeof tokens as written. */
  type: string[];
  id?: string;
  /** [itemprop or property name, value] in document order; a nested item is the value of its property. */
  props: Array<[string, string | PageItem]>;
  vocab: 'microdata' | 'rdfa';
  /** The item holds the page's first h1. */
  h1?: boolean;
  /** The item sits inside a link, a list item, or a block named like related/recommended/carousel. */
  list?: boolean;
}

// Properties whose values are other products than the one the page shows.
const LIST_PROPS = new Set(['isrelatedto', 'issimilarto', 'isaccessoryorsparepartfor', 'isconsumablefor', 'itemlistelement', 'relatedlink', 'significantlink']);
const VARIANT_PROPS = new Set(['hasvariant', 'isvariantof']);
const OFFER_TYPES = new Set(['offer', 'aggregateoffer']);
const GROUPS = new Set(['productgroup']);

/**
 * Parses one JSON-LD block as browsers and search engines tolerate it: HTML comment and CDATA wrappers,
 * a block escaped as HTML, a trailing `;`, comments, raw line breaks inside strings, `\'` escapes, trailing commas, several objects in one block.
 * @example parseJsonLd('{"name": "Men\\\'s\nShirt",}') // { name: "Men's Shirt" }
 */
export function parseJsonLd(text: string): unknown {
  // Wrappers as themes write them, in any mix: <!-- -->, <![CDATA[ ]]>, and the comments that hide those from a
  // script parser: //<![CDATA[, /*<![CDATA[*/, Drupal's <!--//--><![CDATA[// ><!-- ... //--><!]]>.
  // At most 8 layers: a block of thousands of wrappers (garbage, or hostile) took seconds per ten thousand, the worker's.
  let t = text.trim(), was, layers = 8;
  do {
    was = t;
    t = t.replace(/^(?:<!--|-->|<!\[CDATA\[|\]\]>|\/\*[^*]*\*\/|\/\/(?=\s*<!)|\/\/(?:[^\n{[]|\[(?![{["]))*)/, '').replace(/(?:<!--|-->|\]\]>|\/\*[^*]*\*\/|\/\/[^\n}"]*|;)$/, '').trim();
  } while (t !== was && --layers);
  if (!t) return undefined;
  const repairs = [
    // A block a template escaped as HTML ({&quot;@type&quot;: ...): the browser leaves script text as written.
    (s: string) => (/&(?:quot|#0*34|#x0*22);/i.test(s) ? decodeEntities(s) : s),
    // Comments (// and /* */) outside strings, as hand-edited themes leave them. A string or a comment left open runs to
    // the end, so that no text makes this take longer than one pass.
    (s: string) => s.replace(/("(?:[^"\\]|\\[^]?)*(?:"|$))|\/\/.*|\/\*[^]*?(?:\*\/|$)/g, (c, str?: string) => str ?? ' '),
    (s: string) => s.replace(/[\u0000-\u001F]+/g, ' '),
    (s: string) => s.replace(/\\'/g, "'"),
    (s: string) => s.replace(/,\s*([}\]])/g, '$1'),
    (s: string) => `[${s.replace(/}\s*,?\s*{/g, '},{')}]`,
  ];
  for (let i = 0; ; i++) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      if (i >= repairs.length) return undefined;
      t = repairs[i](t);
    }
  }
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const idOf = (o: Json): string | undefined => (typeof o['@id'] === 'string' && o['@id'].trim() ? o['@id'].trim() : undefined);
const typesOf = (t: unknown): string[] => (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string').map(localName).filter(Boolean);

/**
 * Turns parsed JSON-LD documents into nodes: `@graph` at any depth, nested nodes, `@id` references
 * resolved to one node per id (its definitions merged), `@value`/`@list` unwrapped.
 * @example jsonLdNodes([{ '@type': 'Product', name: 'Mug' }])[0].types // ["product"]
 */
export function jsonLdNodes(docs: unknown[]): MarkupNode[] {
  const byId = new Map<string, MarkupNode>();
  const byObject = new Map<Json, MarkupNode>();
  const roots: MarkupNode[] = [];
  let order = 0;
  const blank = (): MarkupNode => ({ types: [], props: new Map(), source: 'jsonld', order: order++ });

  // A reference ({"@id": x} alone) and every definition of x become the same node.
  // `level`: objects nested in objects, bounded as flatten bounds arrays: a block nested thousands deep (garbage, or
  // hostile) overflowed the stack and lost the page's product from every other block.
  const nodeFor = (o: Json, level = 0): MarkupNode => {
    let n = byObject.get(o);
    if (n) return n;
    const id = idOf(o);
    n = id ? byId.get(id) : undefined;
    if (!n) {
      n = blank();
      if (id) {
        n.id = id;
        byId.set(id, n);
      }
    }
    byObject.set(o, n);
    for (const t of typesOf(o['@type'])) if (!n.types.includes(t)) n.types.push(t);
    for (const [k, v] of Object.entries(o)) {
      if (k[0] === '@') continue;
      for (const value of flatten(v, 0, level + 1)) addValue(n, k, value);
    }
    return n;
  };
  function flatten(v: unknown, depth = 0, level = 0): MarkupValue[] {
    if (depth > 8 || level > 32 || v === null || v === undefined) return [];
    if (Array.isArray(v)) return v.flatMap((x) => flatten(x, depth + 1, level));
    if (typeof v === 'string' || typeof v === 'boolean') return [v];
    if (typeof v === 'number') return Number.isFinite(v) ? [v] : [];
    if (!isObj(v)) return [];
    if ('@value' in v) return flatten(v['@value'], depth + 1, level);
    if ('@list' in v) return flatten(v['@list'], depth + 1, level);
    if ('@set' in v) return flatten(v['@set'], depth + 1, level);
    if (v['@graph'] !== undefined && Object.keys(v).every((k) => k[0] === '@')) return flatten(v['@graph'], depth + 1, level);
    return [nodeFor(v, level)];
  }
  const visitRoot = (v: unknown, depth = 0): void => {
    if (depth > 8) return;
    if (Array.isArray(v)) return v.forEach((x) => visitRoot(x, depth + 1));
    if (!isObj(v)) return;
    if (v['@graph'] !== undefined) visitRoot(v['@graph'], depth + 1);
    if (Object.keys(v).some((k) => k !== '@context' && k !== '@graph')) roots.push(nodeFor(v));
  };
  for (const d of docs) visitRoot(d);
  return markGraph(roots);
}

/**
 * Turns the page chunk's microdata and RDFa items into nodes (itemid shared like an `@id`).
 * @example itemNodes([{ type: ['https://schema.org/Product'], props: [['name', 'Mug']], vocab: 'microdata' }])[0].types // ["product"]
 */
export function itemNodes(items: PageItem[]): MarkupNode[] {
  const orders: Record<NodeSource, number> = { jsonld: 0, microdata: 0, rdfa: 0 };
  const convert = (it: PageItem, depth: number): MarkupNode => {
    const source: NodeSource = it.vocab === 'rdfa' ? 'rdfa' : 'microdata';
    const n: MarkupNode = { types: typesOf(it.type), props: new Map(), source, order: orders[source]++ };
    if (typeof it.id === 'string' && it.id) n.id = it.id;
    if (it.h1) n.main = true;
    if (it.list && !it.h1) n.list = true;
    for (const [name, v] of Array.isArray(it.props) ? it.props : []) {
      if (typeof name !== 'string') continue;
      if (typeof v === 'string') addValue(n, name, v);
      else if (isObj(v) && depth < 12) addValue(n, name, convert(v as PageItem, depth + 1));
    }
    return n;
  };
  return markGraph((Array.isArray(items) ? items : []).filter(isObj).map((it) => convert(it, 0)));
}

/**
 * Walks from the roots and marks each node: `top` for roots, `main` for a `mainEntity` (or the owner of a
 * `mainEntityOfPage`), `list` for nodes reached only through related-product or list properties, and
 * hides variants (reached through `hasVariant`/`isVariantOf`) behind their group. Returns every
 * node reachable, each once, in the order first reached.
 */
function markGraph(roots: MarkupNode[]): MarkupNode[] {
  const all: MarkupNode[] = [];
  const seen = new Map<MarkupNode, { free: boolean; list: boolean; variant: boolean }>();
  const visit = (n: MarkupNode, how: 'free' | 'list' | 'variant', depth: number) => {
    let s = seen.get(n);
    const fresh = !s;
    if (!s) {
      s = { free: false, list: false, variant: false };
      seen.set(n, s);
      all.push(n);
    }
    const before = s[how];
    s[how] = true;
    if ((!fresh && before) || depth > 20) return;
    if (n.props.has('mainentityofpage') && n.props.get('mainentityofpage')!.length) n.main = true;
    for (const [k, vs] of n.props) {
      const next = LIST_PROPS.has(k) ? 'list' : VARIANT_PROPS.has(k) ? 'variant' : how === 'list' ? 'list' : 'free';
      for (const v of vs) {
        if (!isNode(v)) continue;
        if (k === 'mainentity') v.main = true;
        visit(v, next, depth + 1);
      }
    }
  };
  roots.forEach((r) => {
    r.top = true;
    visit(r, r.list ? 'list' : 'free', 0);
  });
  // A group's variants (its hasVariant, or two or more that name it with isVariantOf) are the group's, at the top of a
  // graph too: the page's product is the group, at the price of the variant it shows.
  for (const g of all) {
    if (!hasType(g, GROUPS)) continue;
    const named = all.filter((n) => n !== g && nodes(n, 'isvariantof').includes(g));
    if (named.length > 1) for (const v of named) if (!nodes(g, 'hasvariant').includes(v)) addValue(g, 'hasvariant', v);
    const vs = nodes(g, 'hasvariant').filter((v) => v !== g && seen.has(v));
    for (const v of vs) Object.assign(seen.get(v)!, { free: false, variant: true });
    if (vs.length) seen.get(g)!.variant = false;
  }
  for (const [n, s] of seen) {
    // Named as another product's relative anywhere, it is not what the page is about (unless the page says so).
    if (s.list && !n.main) n.list = true;
    if (s.variant && !s.free && !s.list) n.variant = true;
  }
  // A product that sits inside an Offer (offers: { itemOffered: Product }) takes that offer as its own.
  for (const n of all) {
    if (!hasType(n, OFFER_TYPES)) continue;
    for (const item of nodes(n, 'itemoffered')) if (!item.props.has('offers')) addValue(item, 'offers', n);
  }
  return all;
}
