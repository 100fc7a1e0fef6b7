let prefix = '';
let next = 0;

/**
 * A unique event id: 12 random base-36 characters drawn once per page (about 62 bits), then a counter. Far cheaper
 * than a UUID per call (crypto.randomUUID costs tens of µs in a task of its own), and as unique for message_id.
 * @example createId() // 'k3v9x0qz7m1a-0', then 'k3v9x0qz7m1a-1', ...
 */
export const createId = (): string => {
  if (!prefix) {
    let r = new Uint8Array(12);
    // A page or an extension that broke getRandomValues (anti-fingerprinting) made every track() throw: nothing stored.
    try {
      crypto.getRandomValues(r);
    } catch {
      r = r.map(() => Math.random() * 256);
    }
    prefix = [...r].map((b) => (b % 36).toString(36)).join('') + '-';
  }
  return prefix + (next++).toString(36);
};
