/**
 * A random event id: a v4 UUID where crypto.randomUUID exists (secure contexts), else 16 random base-36 characters
 * from getRandomValues (plain-http shops).
 * @example createId() // '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export const createId = (): string =>
  crypto.randomUUID?.() ?? Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b % 36).toString(36)).join('');
