// Prototype.js 1.6 (older Magento 1 shops) and similar legacy libraries give Array.prototype a toJSON of their own that
// returns the array's JSON as a string: on such a page JSON.stringify([1, 2]) is '"[1, 2]"', and every list Clientele
// writes (an op, an order's products, a parked chunk) would read back as a string. A script that set
// Object.prototype.toJSON had every object written as what it returns: the config and every event were refused.
import { bare } from './bare.ts';

/** JSON.stringify as it was when Clientele loaded: a page that broke it later (a wrapper that throws) lost every event. */
const json = JSON.stringify;
/** JSON.parse as it was when Clientele loaded: one the page broke later lost every page() call. */
export const parse: typeof JSON.parse = JSON.parse;

/**
 * Hides `p`'s own toJSON (as undefined, which JSON.stringify does not call) and returns what puts it back with the same
 * descriptor. Checked on every call, not once: a library loaded after the script may add it. One that cannot be
 * hidden (a frozen prototype) stays.
 */
const hide = (p: object) => {
  const own = Object.getOwnPropertyDescriptor(p, 'toJSON');
  if (own?.configurable) Object.defineProperty(p, 'toJSON', bare({ value: undefined }));
  return () => own?.configurable && Object.defineProperty(p, 'toJSON', bare(own));
};

/**
 * JSON.stringify(value, replacer), the browser's own, with lists written as JSON arrays and objects as JSON objects
 * whatever toJSON the page set on Array.prototype or Object.prototype: it is hidden for the call and put back after,
 * even when the call throws. Throws as JSON.stringify does (a cycle, a BigInt); undefined for a function.
 * @example stringify({ tags: ['red', 'mug'] }) // '{"tags":["red","mug"]}', with Prototype.js 1.6 on the page too
 */
export const stringify = (value: unknown, replacer?: (this: unknown, key: string, value: unknown) => unknown): string => {
  const a = hide(Array.prototype);
  try {
    const o = hide(Object.prototype);
    try {
      return json(value, replacer);
    } finally {
      o();
    }
  } finally {
    a();
  }
};
