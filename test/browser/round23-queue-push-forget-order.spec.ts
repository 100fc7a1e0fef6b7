// README (The snippet): calls can go to the queue directly, "with no stub at all" (`clientele.push(['track', [...]])`),
// and "the script replays the array in order when it loads"; issue #8 item 7: forget() is ordered, "what is tracked after
// it belongs to a new visitor". On a page with the snippet whose script is slow, a privacy tag pushes a forget() in the
// documented queue form between two stub calls. The pushed entry carries no time (the stub dates its own), and
// src/script.ts sorts the whole queue by time with 0 for a missing one (`typeof c[4] === 'number' ? c[4] : 0`): the
// forget() is applied FIRST, before the 'Before' made ahead of it, which is then stored: "delete my data" leaves the
// data behind (observed: Before 1, After 1). Control: STUB=1 calls clientele.forget() (Before 0, After 1).
// Expected: 'Before' 0 stored, 'After' 1 stored.
import { test, expect } from '@playwright/test';
import { eventsNamed, exported, ready, slowScriptPage, trackMarker } from './helpers.ts';

const FORGET = process.env.STUB ? 'clientele.forget();' : "clientele.push(['forget', []]);";

test('a forget() pushed to the queue between two stub calls: the call after it is kept, the one before erased', async ({ context }) => {
  test.setTimeout(90_000);
  const { page, release } = await slowScriptPage(context, `clientele.track('Before', {}); ${FORGET} clientele.track('After', {});`, 'pushforget');
  await page.waitForTimeout(50);
  release();
  await ready(page);
  await trackMarker(page);
  const d = await exported(page);
  console.log(JSON.stringify({ before: eventsNamed(d.events, 'Before').length, after: eventsNamed(d.events, 'After').length }));
  expect(eventsNamed(d.events, 'Before')).toHaveLength(0);
  expect(eventsNamed(d.events, 'After')).toHaveLength(1);
});
