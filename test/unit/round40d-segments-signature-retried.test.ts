// The segments a worker last reported (meta 'segments-signature') are what the next page compares with: a change is
// reported once. A full quota that refused that write left it unstored ("best effort"), so the next page reported the
// same change again. It now goes the way of the worker's other refused writes (worker/experiments/serve.ts, retried):
// made again after the page's next batch; a forget() drops it. Real storage code over fake-indexeddb.
import 'fake-indexeddb/auto';
import { afterEach, expect, it, vi } from 'vitest';
import { createEngine } from '../../worker/engine.ts';
import type { PageContext } from '../../src/contract/protocol.ts';

const page: PageContext = { assetBase: 'https://shop.test/dist/', pageUrl: 'https://shop.test/', locale: 'en-GB', lock: 'l1' };
afterEach(() => vi.restoreAllMocks());
const view = (id: string, at: number) => ({ message_id: id, event: 'Product Viewed', properties: { product_id: 'p1', name: 'p1' }, timestamp: at });

/** A page whose report of the segments a full quota refused; `then` runs once there is room again. */
async function refusedReport(then: (engine: ReturnType<typeof createEngine>) => Promise<unknown>) {
  const config = JSON.stringify({ siteId: `seg-${Math.random()}`, autocapture: false });
  const engine = createEngine();
  await engine.init(config, page);
  await engine.ingest([view('a', Date.now() - 1000)]);
  const put = IDBObjectStore.prototype.put;
  const refuse = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (args[1] === 'segments-signature') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const first = await engine.segmentsChanged();
  expect(first.ok && first.value).toBeTruthy();
  refuse.mockRestore();
  await then(engine);
  await new Promise((r) => setTimeout(r, 100));
  // The next page.
  const next = createEngine();
  await next.init(config, page);
  const again = await next.segmentsChanged();
  return again.ok ? again.value : again;
}

it('a report of the segments a full quota refused is stored after the next batch: the next page does not report it again', async () => {
  expect(await refusedReport((engine) => engine.ingest([view('b', Date.now())]))).toBeNull();
});

it('with no batch after it, the next page reports the change (nothing stored it)', async () => {
  expect(await refusedReport(async () => undefined)).toBeTruthy();
});

it('a forget() drops it: the forgotten visitor\'s report is not stored for the next visitor', async () => {
  expect(await refusedReport(async (engine) => {
    await engine.apply(JSON.stringify([['f', Date.now()]]));
    await engine.ingest([view('c', Date.now() + 1)]);
  })).toBeTruthy();
});
