/**
 * This page is shown to the visitor. One not shown (hidden, prerendered, opened in a background tab) may be frozen or
 * discarded with no pagehide, so it takes no other tab's parked calls into memory.
 * Source: Page Visibility (https://www.w3.org/TR/page-visibility-2/), Page Lifecycle (https://wicg.github.io/page-lifecycle/).
 * @example if (pageShown()) takeOver();
 */
export const pageShown = (): boolean => document.visibilityState !== 'hidden';
