// Issue #8 (7): "forget() is total": it erases everything about the visitor, calls queued before it included.
// Round 28: a tab that learns of another tab's forget() never parks the erased visitor's calls made before it.
// Tab B's clientele.js is slow (a CDN): the visitor's calls wait in its snippet queue. The visitor calls forget() in
// tab A (resolves true), then B's script arrives and B is closed at once. localStorage must hold none of the
// pre-forget calls (e-mail included) afterwards.
import { test, expect } from '@playwright/test';
import { ready, slowScriptPage, closeTab } from './helpers.ts';

test('forget() in one tab while another waits for its script: the late tab, closed at once, parks none of the erased calls', async ({ context }) => {
  test.setTimeout(60_000);
  const a = await context.newPage();
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  const { page: b, release } = await slowScriptPage(context, `for (var i = 0; i < 500; i++) clientele.track('Old Visitor Event', { i: i, email: 'old@visitor.example' }); clientele.identify('old-user', { email: 'old@visitor.example' });`);
  const ok = await a.evaluate(() => (window as any).clientele.forget());
  expect(ok).toBe(true);
  release();
  await b.waitForFunction(() => (window as any).clientele && (window as any).clientele.__real === true);
  await b.waitForTimeout(150);
  await closeTab(b);
  await a.waitForTimeout(1000);
  const left = await a.evaluate(() => Object.keys(localStorage).filter((k) => /Old Visitor Event|old@visitor/.test(localStorage.getItem(k) ?? '')).map((k) => [k, ((localStorage.getItem(k) ?? '').match(/old@visitor/g) ?? []).length]));
  console.log('forget() resolved', ok, '; localStorage keys holding the erased visitor after it:', JSON.stringify(left));
  expect(left).toEqual([]);
});
