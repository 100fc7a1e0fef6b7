// The owner page can build a site model from the repository's sample log with one click.
import { test, expect } from '@playwright/test';

test('"Build from the sample log" builds a model from demo/data/sample-log.csv', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/demo/owner.html');
  await page.locator('#use-sample').click();
  await expect(page.locator('#build-model')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.locator('#summary')).toContainText(/72|71/); // its customers
  await expect(page.locator('#download-model')).toHaveAttribute('href', /^blob:/);
});
