// the page's own pagehide / visibilitychange / beforeunload handlers call clientele as the page goes.
import { test, expect } from '@playwright/test';
import { countStored, openSettled, watchConsole } from './helpers.ts';

test('track() from the page’s own beforeunload, pagehide and visibilitychange handlers (added after the script): all stored on the next page', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await openSettled(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { track(e: string, p?: object): void } }).clientele;
    addEventListener('beforeunload', () => c.track('Left BU', { n: 1 }));
    addEventListener('pagehide', () => c.track('Left PH', { n: 1 }));
    document.addEventListener('visibilitychange', () => c.track('Left VC', { state: document.visibilityState }));
  });
  await page.reload();
  const got = await countStored(page, { BU: 'Left BU', PH: 'Left PH', VC: 'Left VC' });
  console.log(JSON.stringify(got));
  expect(got).toEqual({ BU: 1, PH: 1, VC: 1 });
  expect(pageErrors).toEqual([]);
});
