/** The browser's queueMicrotask as it was when Clientele loaded (called plainly: a page may break bind or call). */
const native = typeof queueMicrotask == 'function' ? queueMicrotask : null;

/**
 * Runs `fn` in a microtask, with the browser's queueMicrotask as it was when Clientele loaded, else a resolved
 * promise's then. A page that removed queueMicrotask got an error thrown into it; one whose Promise polyfill runs
 * then() in a later task (setTimeout) lost what a leave handler asked for, the page gone by then.
 * @example soon(() => flush());
 */
export const soon = (fn: () => void): void => {
  try {
    if (native) return native(fn);
  } catch {
    // One that throws (a broken wrapper) goes as one that is missing: its error reached the page as an unhandled
    // rejection.
  }
  void Promise.resolve().then(fn);
};
