// The entry of dist/clientele-segments.js: an IIFE that assigns this module to window.__clienteleSegments.
export { createSegmentsFeed } from './segmentsFeed.ts';
