// Round 27 (tester A, observed): a page whose attachShadow throws for one element (a shop's own guard, a sandbox)
// stopped the scan of the page's widgets at that element: the rows after it were never drawn, and the message told
// the owner to "mount widgets into elements of this page's document", the wrong fix. Expected: the other rows draw,
// one message naming the cause, nothing thrown into the page.
import { test, expect } from '@playwright/test';
import { openShopPage, watchConsole } from './helpers.ts';

test('a row whose element refuses a shadow root: the page\'s other rows are drawn, one message, nothing thrown', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  // The first row's element refuses; the second row, after it in the page, is an ordinary one.
  await page.addInitScript(() => {
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
      if (this.closest('#refuses')) throw new Error('attachShadow refused by the page');
      return attach.call(this, init);
    };
  });
  await openShopPage(page, '/faults/attach-shadow.html', { tail: '<div id="second" data-clientele-widget="trending" data-limit="4"></div><script>document.querySelector("[data-clientele-widget=popular]").id = "refuses";</script>' });
  await expect(page.locator('#second [data-clientele-widget-item]').first()).toBeAttached({ timeout: 20_000 });
  await page.waitForTimeout(1000);
  const ours = warnings.filter((w) => w.startsWith('[clientele]'));
  console.log(JSON.stringify({ ours, pageErrors }));
  expect(ours).toHaveLength(1);
  expect(ours[0]).toContain('attachShadow refused by the page');
  expect(pageErrors).toEqual([]);
});
