// Round 19. Issue #8 item 1: "every accepted call, from the snippet's queue onward, is kept". The README says a script
// tag's booleans are taken "as written" and that "single attributes and init() keys win over" data-config; the script
// (src/client.ts given(), src/contract/configAttributes.ts BOOLEAN_WORDS) reads data-require-consent="no" / "0" / "off"
// / "FALSE" as false, and data-require-consent="false" as winning over data-config's requireConsent:true. The stub
// (src/snippet.js) only treats the exact lowercase word "false" as false, and lets data-config win over the attribute:
// a shopper who leaves before clientele.js arrived loses the queued track() calls and identify(), though nothing asks
// for consent.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, parkSnippetQueue, replayOnNextPage, trackMarker } from './helpers.ts';

const cases: [string, string][] = [
  ['data-require-consent="no"', 'data-require-consent="no"'],
  ['data-require-consent="0"', 'data-require-consent="0"'],
  ['data-require-consent="FALSE"', 'data-require-consent="FALSE"'],
  ['control: data-require-consent="false"', 'data-require-consent="false"'],
  ['attribute false wins over data-config true', `data-require-consent="false" data-config='{"requireConsent":true}'`],
];

for (const [name, attrs] of cases) {
  test(`${name}, page left before the script: its 5 queued tracks and identify are stored on the next page`, async ({ context }) => {
    test.setTimeout(90_000);
    const slow = await parkSnippetQueue(context, `clientele.identify('u-42', {}); for (var i = 0; i < 5; i++) clientele.track('Queued', { i });`, 'attr-words',
      { stubFile: true, attrs });
    const { data: d } = await replayOnNextPage(context, slow, { pause: 300, marker: 'Next' });
    console.log(JSON.stringify({ name, queued: eventsNamed(d.events, 'Queued').length, user: d.user_id }));
    expect(eventsNamed(d.events, 'Queued')).toHaveLength(5);
    expect(d.user_id).toBe('u-42');
  });
}

// Control: the same page with the script loaded (no leave) stores them: the script reads these tags as "no consent needed".
test('control: data-require-consent="no" with the script loaded stores the tracks', async ({ page }) => {
  test.setTimeout(60_000);
  await page.route('**/parked/attr-no-loaded.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>ok</title><script src="/dist/clientele-snippet.js"></script>
<script>clientele.identify('u-42', {}); for (var i = 0; i < 5; i++) clientele.track('Queued', { i });</script>
<script async src="/dist/clientele.js" data-autocapture="false" data-require-consent="no"></script>`,
  }));
  await page.goto('/parked/attr-no-loaded.html');
  await ready(page);
  await trackMarker(page, 'Next');
  const d = await exported(page);
  expect(eventsNamed(d.events, 'Queued')).toHaveLength(5);
});
