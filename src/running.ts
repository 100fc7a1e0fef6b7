// One engine per page, whichever build starts it: the script tag (src/script.ts) and the npm package (src/index.ts)
// keep the instance they start under this global, and use the one they find there.
import type { Clientele } from './client.ts';

/** Where the page's running instance is kept: a global, so two builds (or two copies of the package) find it. */
const RUNNING = Symbol.for('clientele.running');

/** The instance running on this page, or the one `start` makes now (then kept for the next asker). */
export function runningOr(start: () => Clientele): { api: Clientele; started: boolean } {
  const g = globalThis as { [RUNNING]?: Clientele };
  const found = g[RUNNING];
  return found ? { api: found, started: false } : { api: (g[RUNNING] = start()), started: true };
}
