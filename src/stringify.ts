// Prototype.js 1.6 (older Magento 1 shops) and similar legacy libraries give Array.prototype a toJSON of their own that
// returns the array's JSON as a string: on such a page JSON.stringify([1, 2]) is '"[1, 2]"', and every list Clientele
// writes (an op, an order's products, a parked chunk) would read back as a string.

const arrays = Array.prototype as { toJSON?: unknown };

/**
 * JSON.stringify(value, replacer), with lists written as JSON arrays whatever Array.prototype.toJSON the page set: that
 * toJSON is taken off for the call and put back after with the same descriptor, even when the call throws. Where it
 * cannot be taken off and put back (a frozen prototype) this is JSON.stringify as it stands. Throws as JSON.stringify
 * does (a cycle, a BigInt); undefined for a function, as JSON.stringify.
 * @example stringify({ tags: ['red', 'mug'] }) // '{"tags":["red","mug"]}', with Prototype.js 1.6 on the page too
 */
export function stringify(value: unknown, replacer?: (this: unknown, key: string, value: unknown) => unknown): string {
  // Checked on every call, not once: a library loaded after the script may add it.
  const own = Object.getOwnPropertyDescriptor(arrays, 'toJSON');
  if (!own?.configurable || !Object.isExtensible(arrays)) return JSON.stringify(value, replacer);
  delete arrays.toJSON;
  try {
    return JSON.stringify(value, replacer);
  } finally {
    Object.defineProperty(arrays, 'toJSON', own);
  }
}
