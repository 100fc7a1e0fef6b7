import { tick } from '../../clock.ts';

/** How long the markup chunk works before it lets the page run (ms): well under a frame. */
const SLICE_MS = 8;

/**
 * A clock for reading in slices: `due()` says whether SLICE_MS of work has run since the last `pause()`, which gives
 * the page's own tasks a turn. A listing of thousands of items is read without one long task.
 * @example const s = slices(); for (const el of all) { read(el); if (s.due()) await s.pause(); }
 */
export function slices(): { due(): boolean; pause(): Promise<void> } {
  let since = tick();
  return {
    due: () => tick() - since > SLICE_MS,
    pause: () => new Promise<void>((r) => setTimeout(() => {
      since = tick();
      r();
    })),
  };
}
