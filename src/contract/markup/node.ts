// One shape for schema.org data whatever markup carried it (JSON-LD, microdata, RDFa Lite), so one
// reader turns any of them into a product. Types and property names are compared by their local name,
// case-insensitively: "Product", "product", "schema:Product" and "http://schema.org/Product" are one type.

/** Where a node came from, in the order of precedence when sources disagree. */
export type NodeSource = 'jsonld' | 'microdata' | 'rdfa';

export interface MarkupNode {
  /** Local type names in lower case ("product", "offer"). */
  types: string[];
  /** `@id`, `itemid`, or RDFa `resource`/`about`. */
  id?: string;
  /** Property local name in lower case -> values, in document order. */
  props: Map<string, MarkupValue[]>;
  source: NodeSource;
  /** Document order of the node among those of its source. */
  order: number;
  /** Found at the top of its markup (a root, a `@graph` member, a top-level microdata item). */
  top?: boolean;
  /** The page says this node is what it is about (`mainEntity`, or a microdata item holding the page's h1). */
  main?: boolean;
  /** Sits in a list of other products (related, recommended, a listing, ItemList, a link). */
  list?: boolean;
  /** Reached only as a variant of a group (`hasVariant`, `isVariantOf`): read through its group. */
  variant?: boolean;
}

export type MarkupValue = string | number | boolean | MarkupNode;

/**
 * The local, lower-case name of a type or property IRI or CURIE.
 * @example localName('http://schema.org/ProductGroup') // "productgroup"
 * @example localName('schema:priceCurrency') // "pricecurrency"
 */
export const localName = (s: string): string => s.trim().replace(/[/#]+$/, '').replace(/^.*[/#:]/, '').toLowerCase();

export const isNode = (v: unknown): v is MarkupNode => typeof v === 'object' && v !== null && (v as MarkupNode).props instanceof Map;

/** Values of a property (first of several names that exist). */
export const values = (n: MarkupNode, ...names: string[]): MarkupValue[] => {
  for (const k of names) {
    const v = n.props.get(k);
    if (v?.length) return v;
  }
  return [];
};

/** The first value of a property. */
export const first = (n: MarkupNode, ...names: string[]): MarkupValue | undefined => values(n, ...names)[0];

/** Nested nodes under a property. */
export const nodes = (n: MarkupNode, ...names: string[]): MarkupNode[] => values(n, ...names).filter(isNode);

export const hasType = (n: MarkupNode, types: ReadonlySet<string>): boolean => n.types.some((t) => types.has(t));

export const addValue = (n: MarkupNode, name: string, v: MarkupValue): void => {
  const k = localName(name);
  if (!k) return;
  const list = n.props.get(k);
  if (list) list.push(v);
  else n.props.set(k, [v]);
};
