// The forwarding list (meta 'forward-pending': the `Experiment Viewed` records waiting in the visitor's store for a
// page to hand them on, see README "Forwarding") read back in another shape: an older build, a tab running other code,
// an extension or a user in DevTools, a damaged disk (round 32 fixed the same kind of fault for events, chunks, catalog
// rows and the profile; the brief of round 34 names "a corrupted stored record").
// Expected: the bad record is left out alone (README, "Nothing lost, nothing thrown"), exposures are recorded and
// forwarded, and nothing is thrown into the page.
// Observed on the build before this fix: a list that is an object ({ bad: true }) made every exposure's write fail
// (its transaction spreads the list into the new one): 0 of 1 `Experiment Viewed` stored, 0 forwarded, with no
// message, for as long as the record stays (only a forget() or a "no" clears it). A list holding a string, a record
// with no properties and a null: the exposure was stored and never forwarded (0 of 1), since the null failed the
// first hand-on (and with it that batch's answer) and, leased to the worker, every hand-on after it.
import { test, expect, type Page } from '@playwright/test';
import { ready, watchConsole, trackMarker, exported, eventsNamed, EXPOSURE_EXPERIMENT } from './helpers.ts';

/** Writes `value` under the meta key `key` of the blank fixture's store, as another program would. */
async function putMeta(page: Page, key: string, value: unknown) {
  await page.evaluate(async ({ key, value }) => {
    const db: IDBDatabase = await new Promise((res, rej) => { const r = indexedDB.open('clientele:default'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const tx = db.transaction(['meta'], 'readwrite');
    tx.objectStore('meta').put(value, key);
    await new Promise((r, j) => { tx.oncomplete = r; tx.onabort = () => j(tx.error); });
    db.close();
  }, { key, value });
}

const CASES: Array<[string, unknown]> = [
  ['an object, not a list', { bad: true }],
  ['a list holding a string and a record with no properties', ['x', { e: { type: 'track', event: 'Experiment Viewed', message_id: 'exp:bad', properties: null } }, null]],
];

for (const [what, value] of CASES)
test(`a forwarding list of another shape (${what}) is left out alone: the exposure is stored and forwarded once, nothing thrown`, async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.addInitScript((exp) => {
    const w = window as unknown as { clientele: unknown[]; __fwd: unknown[]; dataLayer: unknown[] };
    w.__fwd = [];
    w.dataLayer = [];
    w.clientele = [['init', [{ experiments: [exp], forward: { events: ['exposures'], dataLayer: true, consent: 'unless-refused', callback: (l: unknown[]) => w.__fwd.push(...l) } }]]];
  }, EXPOSURE_EXPERIMENT);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await trackMarker(page, 'First');
  await putMeta(page, 'forward-pending', value);
  await page.reload();
  await ready(page);
  const recs = await page.evaluate(() => (window as unknown as { clientele: { recommend(r: object): Promise<unknown[]> } }).clientele.recommend({ type: 'trending', limit: 4 }));
  expect(recs.length).toBeGreaterThan(0);
  // Batches after the row carry what waits to forwarding.
  await trackMarker(page, 'After');
  await page.waitForTimeout(2500);
  await trackMarker(page, 'Last');
  const data = await exported(page);
  const fwd = await page.evaluate(() => (window as unknown as { __fwd: unknown[] }).__fwd);
  console.log(JSON.stringify({ stored: eventsNamed(data.events, 'Experiment Viewed').length, fwd, pageErrors }));
  expect(eventsNamed(data.events, 'Experiment Viewed')).toHaveLength(1);
  // Only well-formed records reach the shop: the exposure, once.
  expect(fwd).toHaveLength(1);
  expect(fwd[0]).toMatchObject({ type: 'track', event: 'Experiment Viewed', properties: { experiment_id: 'trend-layout' } });
  expect(pageErrors).toEqual([]);
});
