import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ready, watchConsole, demoCatalog, initBeforeLoad } from './helpers.ts';

type Seg = { lifecycle: { stage: string; reason: string }; reasons: string[]; audiences: string[]; rfm: { tier: string } | null; propensity: { purchase90d: number | null; churn: number | null } };
const DAY = 86_400_000;
const learned = (JSON.parse(readFileSync(new URL('../../demo/model/manifest.json', import.meta.url), 'utf8')) as { segments: { lifecycle: { atRiskDays: number; lapsedDays: number } } }).segments.lifecycle;

const segments = (page: Page) => page.evaluate(() => (window as unknown as { clientele: { segments(): Promise<Seg> } }).clientele.segments());
const heroVariant = (page: Page) => page.locator('[data-clientele-slot="hero"]').getAttribute('data-clientele-variant');

test('lifecycle on the device: prospect, then new after an order, then at risk past the learned gap, with the hero slot following', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/index.html');
  await ready(page);
  expect((await segments(page)).lifecycle.stage).toBe('prospect');
  await expect.poll(() => heroVariant(page)).toBe('welcome');

  const [a, b] = demoCatalog();
  const orderedAt = await page.evaluate(([a, b]) => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele;
    c.track('Order Completed', { order_id: 'T-1', total: a.price * 2 + b.price, currency: 'GBP', products: [{ ...a, quantity: 2 }, { ...b, quantity: 1 }] });
    return Date.now();
  }, [a, b]);
  const afterOrder = await segments(page);
  expect(afterOrder.lifecycle.stage).toBe('new');
  expect(afterOrder.audiences).toContain('newcomers');
  // The site model's propensity scores the visitor from their own order, on the device.
  expect(afterOrder.propensity.purchase90d).toBeGreaterThan(0);
  expect(afterOrder.propensity.purchase90d).toBeLessThan(1);

  // Move the engine's clock past the at-risk gap the site model learned from real inter-purchase times.
  expect(learned.atRiskDays).toBeGreaterThan(7);
  const days = Math.min(learned.atRiskDays + 5, learned.lapsedDays - 1);
  await page.evaluate((t) => (window as unknown as { clientele: { setClock(ms: number): Promise<void> } }).clientele.setClock(t), orderedAt + days * DAY);
  const later = await segments(page);
  expect(later.lifecycle.stage).toBe('at-risk');
  expect(later.lifecycle.reason).toMatch(new RegExp(`last order ${days} days ago`));
  expect(later.reasons.join('\n')).toMatch(/at risk/);
  expect(later.audiences).toContain('lapsing');
  // Lapsing lowers the chance to buy.
  expect(later.propensity.purchase90d!).toBeLessThan(afterOrder.propensity.purchase90d!);

  // A fresh render of the hero slot shows the win-back variant.
  await page.reload();
  await ready(page);
  await page.evaluate((t) => (window as unknown as { clientele: { setClock(ms: number): Promise<void> } }).clientele.setClock(t), orderedAt + days * DAY);
  await page.evaluate(() => {
    const el = document.createElement('div');
    el.id = 'hero-again';
    document.body.appendChild(el);
    (window as unknown as { clientele: { mount(el: Element, o: object): void } }).clientele.mount(el, { slot: 'hero' });
  });
  await expect.poll(() => page.locator('#hero-again').getAttribute('data-clientele-variant')).toBe('win-back');
  await expect(page.locator('#hero-again')).toContainText('We have missed you');
  expect(pageErrors).toEqual([]);
});

test('a bad audience condition: one clear message, the slot shows its default, nothing thrown', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await page.evaluate(() => {
    const el = document.createElement('div');
    el.setAttribute('data-clientele-slot', 'promo');
    document.body.appendChild(el);
    (window as unknown as { clientele: { init(c: object): void } }).clientele.init({
      audiences: { lapsing: { lifecycle: { within: ['at-risk'] } } },
      slots: { promo: { default: { id: 'everyone', title: 'Hello <b>there</b>' }, variants: [{ id: 'winback', audience: 'lapsing', title: 'Come back' }] } },
    });
  });
  await ready(page);
  await expect.poll(() => page.locator('[data-clientele-slot="promo"]').getAttribute('data-clientele-variant')).toBe('everyone');
  // Text from config is shown as text, never as HTML.
  await expect(page.locator('[data-clientele-slot="promo"]')).toContainText('Hello <b>there</b>');
  const ours = warnings.filter((w) => w.startsWith('[clientele]') && /audience/.test(w));
  expect(ours[0]).toMatch(/config\.audiences\.lapsing\.lifecycle\.within is not a comparison; use one of eq, ne, gt, gte, lt, lte, in, got "within"/);
  // The variant aimed at the broken audience is skipped with its own message; the condition gets exactly one.
  expect(warnings.filter((w) => /config\.audiences\.lapsing/.test(w))).toHaveLength(1);
  expect(pageErrors).toEqual([]);
});

test('segment changes reach the owner: onSegments callback and a dataLayer push', async ({ page }) => {
  await initBeforeLoad(page, { dataLayer: true, audiences: { buyers: { orders: { gte: 1 } } } });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const w = window as unknown as { seen: string[]; clientele: { onSegments(fn: (s: Seg) => void): void } };
    w.seen = [];
    w.clientele.onSegments((s) => w.seen.push(s.lifecycle.stage));
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['prospect']);
  const [p] = demoCatalog();
  await page.evaluate((p) => (window as unknown as { clientele: { track(e: string, x: object): void } }).clientele.track('Order Completed', { order_id: 'T-2', total: p.price, products: [{ ...p, quantity: 1 }] }), p);
  await expect.poll(() => page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['prospect', 'new']);
  const pushes = await page.evaluate(() => ((window as unknown as { dataLayer: Array<{ event: string; clientele: { lifecycle: string; audiences: string[] } }> }).dataLayer).filter((d) => d.event === 'clientele_segments'));
  expect(pushes.map((d) => d.clientele.lifecycle)).toEqual(['prospect', 'new']);
  expect(pushes[1].clientele.audiences).toEqual(['buyers']);
});
