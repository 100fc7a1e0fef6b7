/**
 * Runs `fn` in a microtask, as queueMicrotask does, on pages that removed it too (an old browser, a sandboxing
 * script): there a call to it threw into the page.
 * @example soon(() => flush());
 */
export const soon = (fn: () => void): void => void Promise.resolve().then(fn);
