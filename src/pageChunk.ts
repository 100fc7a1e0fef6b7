// The entry of dist/clientele-page.js: what reads the host page once the script has started. Autocapture, and
// finding the widgets the page asks for (the widget chunk, with Preact, loads only when there are some), with the rows
// kept for the next page (src/rowCache.ts). The script tag loads it while its worker starts, so the first task carries
// none of it.
export { startAutocapture } from './autocapture/index.ts';
export { mountKept, mountOne, scanPage } from './mountWidgets.ts';
export { keptRows } from './rowCache.ts';
