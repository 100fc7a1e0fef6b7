import 'fake-indexeddb/auto';
import { afterEach, expect, it, vi } from 'vitest';
import { createOutbox } from '../../src/outbox.ts';
import { stubPage } from './pageGlobals.ts';
import { createEngine } from '../../worker/engine.ts';

afterEach(() => vi.unstubAllGlobals());

// Tab P's visitor says no; P's ["c",false] is not yet sent (its batch waits a second) when the visitor says yes in
// this tab, and P is closed in the same moment, its pagehide running before the storage event that would have told it
// of the yes: P parks ["c",false]. This page takes it over as it is parked and sent it behind its own "yes": the worker
// took the older "no" as the visitor's answer, stored it in the profile, and stored nothing this page tracked after
// (README: "nor a consent() older than the answer given since in any tab"; "0 events lost"). A consent op carries no
// time; the page's own (from the answer in localStorage, the newest any tab gave) already says what a parked one can.
it('a "no" another tab parked after this page\'s newer "yes" does not undo it', async () => {
  const { items, listeners } = stubPage();
  const engine = createEngine();
  await engine.init(JSON.stringify({ siteId: `c-${Math.random()}`, autocapture: false }), { assetBase: 'https://shop.test/dist/', pageUrl: 'https://shop.test/', locale: 'en-GB' });
  const o = createOutbox(() => 'site:unsent', (batch) => engine.apply(batch).then((r) => r.ok && r.value.kept), () => true);
  o.unpark();
  o.live(true);
  // This page's answer: yes (as client.ts says it, first in line).
  o.add('["c",true]', true);
  await o.flush();
  // P's park, with the "no" it made before the yes.
  items.set('site:unsent:0.7:1000000', '[["c",false]]');
  listeners.storage({ key: 'site:unsent:0.7:1000000' });
  await new Promise((r) => setTimeout(r, 5));
  o.add(`["e","after-yes",${Date.now()},"Product Viewed",{"product_id":"A"}]`);
  await o.flush();
  const d = await engine.exportData();
  expect(d.ok && d.value.consent).toBe(true);
  expect(d.ok && d.value.events.map((e) => e.message_id)).toEqual(['after-yes']);
});
