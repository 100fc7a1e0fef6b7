// Round 9: the queue API ("call the queue directly from your own scripts, with no stub at all":
// `(window.clientele = window.clientele || []).push([...])`). Before the script loads, clientele is an array and push
// takes any number of calls, as Array.prototype.push (and a tag manager's dataLayer.push) does. After it loads, the
// real push() must not silently drop calls the same line of code queued before.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, trackMarker } from './helpers.ts';

test('clientele.push(callA, callB) after the script loaded: both calls are applied, as they are before it loads', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { clientele: unknown[] }).clientele = [];
    (window as unknown as { clientele: unknown[] }).clientele.push(['track', ['Queued Early', { n: 1 }]], ['track', ['Queued Early', { n: 2 }]]);
  });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const q = (window as unknown as { clientele: { push(...items: unknown[]): unknown } }).clientele;
    q.push(['track', ['Pushed Late', { n: 1 }]], ['track', ['Pushed Late', { n: 2 }]]);
  });
  await trackMarker(page);
  const events = (await exported(page)).events;
  console.log(JSON.stringify({ early: eventsNamed(events, 'Queued Early').length, late: eventsNamed(events, 'Pushed Late').length }));
  expect(eventsNamed(events, 'Queued Early')).toHaveLength(2);
  expect(eventsNamed(events, 'Pushed Late')).toHaveLength(2);
});
