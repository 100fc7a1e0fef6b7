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

/** The name of the life lock this worker holds, or null (none given, or Web Locks missing). */
export const lifeLockName = (): string | null => held;

/**
 * Of `names`, the locks held now: the workers still alive, in any tab of the origin (none where Web Locks are missing).
 * @example await heldOf(['clientele-life-1']) // Set { 'clientele-life-1' } while that worker lives
 */
export async function heldOf(names: string[]): Promise<Set<string>> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (!names.length || typeof locks?.query !== 'function') return new Set();
  const held = (await locks.query().catch(() => ({ held: [] }))).held ?? [];
  const wanted = new Set(names);
  return new Set(held.map((l) => l.name ?? '').filter((n) => wanted.has(n)));
}
