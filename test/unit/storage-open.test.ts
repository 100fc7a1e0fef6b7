// openStorage over fake-indexeddb: an open blocked by another tab's older schema is waited for ('waiting'), one that
// never answers is tried again with a fresh request and then runs in memory ('memory').
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStorage } from '../../worker/storage/open.ts';

let site = 0;
const newSite = () => `open-${++site}-${Math.random().toString(36).slice(2)}`;
afterEach(() => vi.restoreAllMocks());

/** An older build's tab: the database at version 1, held open and never giving way to an upgrade. */
const holdOlder = (name: string): Promise<IDBDatabase> =>
  new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('events', { keyPath: 'message_id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/** Every open of a `clientele:` database goes to a scratch database whose events never reach the caller. */
const hangOpens = () => {
  const open = IDBFactory.prototype.open;
  let opens = 0;
  vi.spyOn(IDBFactory.prototype, 'open').mockImplementation(function (this: IDBFactory, name: string, version?: number) {
    if (!name.startsWith('clientele:')) return open.call(this, name, version);
    opens++;
    const req = open.call(this, `hang-${Math.random()}`);
    for (const type of ['success', 'error', 'upgradeneeded', 'blocked']) req.addEventListener(type, (e) => e.stopImmediatePropagation());
    return req;
  });
  return () => opens;
};

describe('openStorage', () => {
  it('opens IndexedDB when it answers', async () => {
    const opened = await openStorage(newSite(), { deadlineMs: 200 });
    expect(opened.state).toBe('indexeddb');
    expect(opened.message).toBeUndefined();
    opened.store.close();
  });

  it('an open that never answers is tried again with a fresh request, then runs in memory with one message', async () => {
    const opens = hangOpens();
    const opened = await openStorage(newSite(), { deadlineMs: 50, retries: 2 });
    expect(opens()).toBe(3);
    expect(opened.state).toBe('memory');
    expect(opened.later).toBeUndefined();
    expect(opened.message).toMatch(/IndexedDB cannot be used here \(no answer in 3 tries of 0.05 s\)/);
    expect(opened.message).not.toMatch(/another tab/);
  });

  it('an open blocked by another tab holding an older schema waits for it, and adopts IndexedDB once it lets go', async () => {
    const siteId = newSite();
    const old = await holdOlder(`clientele:${siteId}`);
    old.onversionchange = null;
    const opened = await openStorage(siteId, { deadlineMs: 50 });
    expect(opened.state).toBe('waiting');
    expect(opened.message).toMatch(/another tab of this site/);
    old.close();
    const idb = await opened.later;
    expect(idb?.kind).toBe('indexeddb');
    idb?.close();
  });

  it('an open queued behind another tab\'s blocked upgrade (no "blocked" of its own) waits too', async () => {
    const siteId = newSite();
    const old = await holdOlder(`clientele:${siteId}`);
    const first = await openStorage(siteId, { deadlineMs: 50 });
    // The second open waits behind the first's upgrade and hears no "blocked": the database's older version tells.
    const listed = vi.spyOn(IDBFactory.prototype, 'databases');
    const second = await openStorage(siteId, { deadlineMs: 50 });
    expect(listed).toHaveBeenCalled();
    vi.restoreAllMocks();
    expect([first.state, second.state]).toEqual(['waiting', 'waiting']);
    old.close();
    const [a, b] = await Promise.all([first.later, second.later]);
    expect([a?.kind, b?.kind]).toEqual(['indexeddb', 'indexeddb']);
    a?.close();
    b?.close();
  });
});
