// The worker's side of supervision: a Web Lock held for the worker's whole life. The page asks for the same lock and
// is granted it the moment this worker is gone (crashed, out of memory, terminated), even while it was too busy to
// answer: no heartbeat can tell a dead worker from a busy one that fast.

let held: string | null = null;
let holding: Promise<void> = Promise.resolve();

/**
 * Takes the named lock and keeps it until the worker ends; resolves once it is held (at once where Web Locks are missing).
 * @example await holdLifeLock(page.lock);
 */
export function holdLifeLock(name: string | undefined): Promise<void> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (held === name) return holding;
  if (!name || typeof locks?.request !== 'function') return Promise.resolve();
  held = name;
  return (holding = new Promise<void>((resolve) => {
    locks
      .request(name, () => {
        resolve();
        return new Promise<never>(() => undefined);
      })
      .catch(() => resolve());
  }));
}
