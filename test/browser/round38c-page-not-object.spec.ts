// Round 38 (tester C). Issue #8: "no exception ever escapes a public method, whatever it is given" and "nothing stored
// is malformed"; README, API: page(properties?) takes an object, as track() does. page() spread whatever its argument
// was as JSON into the page view: page('Product Viewed') stored a page view with properties {"0":"P","1":"r",...},
// page([1, 2]) one with {"0":1,"1":2}, a Date one with the characters of its ISO string, and page() given a 10 MB string
// (a page's whole HTML, passed by mistake) spread ten million keys on the main thread: the page froze for some 11 s.
// Expected (as track() given such properties): the call is refused with one message naming the value, nothing is
// stored for it, the call returns at once, and a page view with an object (or none) is stored as before.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, ready, trackMarker, watchConsole } from './helpers.ts';

test('page() given a string, a list or a Date stores nothing malformed, says so, and never freezes the page', async ({ page }) => {
  const con = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const before = eventsNamed((await exported(page)).events, 'Page Viewed').length;
  const r = await page.evaluate(() => {
    const c = (window as unknown as { clientele: { page(p?: unknown): void } }).clientele;
    const out: string[] = [];
    const big = 'x'.repeat(10_000_000);
    for (const v of ['Product Viewed', [1, 2], new Date(0), big, 42, true]) {
      try { c.page(v); } catch (e) { out.push(String(e)); }
    }
    c.page({ section: 'sale' });
    c.page();
    return out;
  });
  expect(r).toEqual([]);
  await trackMarker(page, 'After Pages');
  const views = eventsNamed((await exported(page)).events, 'Page Viewed').slice(before);
  // The object and the empty call are stored; nothing keyed by a character's or an item's index is.
  expect(views.map((e) => Object.keys(e.properties).filter((k) => /^\d+$/.test(k)).length)).toEqual([0, 0]);
  expect(views.map((e) => e.properties.section ?? null)).toEqual(['sale', null]);
  // One message for each refused value, naming it (the 10 MB string by its length).
  const said = con.warnings.filter((w) => w.startsWith('[clientele]') && /Page Viewed|page\(/.test(w));
  for (const v of ['"Product Viewed"', '[1,2]', '"1970-01-01', '10000002 characters', '42', 'true']) expect(said.some((w) => w.includes(v)), v).toBe(true);
  expect(con.pageErrors).toEqual([]);
});
