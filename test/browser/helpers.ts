// Shared steps for browser tests: wait for the real script, read what the engine stored, watch the console.
import type { Page, ConsoleMessage } from '@playwright/test';
import { readFileSync } from 'node:fs';

export interface StoredEventLike { event: string; message_id: string; properties: Record<string, unknown>; session_id: string; anonymous_id: string; timestamp: number }

/**
 * Queues `init(config)` before the page's scripts run (the snippet keeps an existing queue), as a site's own
 * snippet would: the config applies from the start. An init() made after the script has started applies
 * later, racing whatever the first config already recorded.
 */
export async function initBeforeLoad(page: Page, config: Record<string, unknown>): Promise<void> {
  await page.addInitScript((c) => { (window as unknown as { clientele: unknown[] }).clientele = [['init', [c]]]; }, config);
}

/** Waits until the real script has replaced the snippet and the worker has applied the config. */
export async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const ok = await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  if (!ok) throw new Error('clientele.ready() resolved false: the worker did not start');
}

/** Everything stored about the visitor, through the public exportData(). */
export async function exported(page: Page): Promise<{ events: StoredEventLike[]; profile: Record<string, unknown>; anonymous_id: string | null; user_id: string | null; consent: boolean | null }> {
  return page.evaluate(() => (window as unknown as { clientele: { exportData(): Promise<never> } }).clientele.exportData());
}

export const eventsNamed = (events: StoredEventLike[], name: string) => events.filter((e) => e.event === name);

/** Collects console warnings/errors and uncaught page errors from now on. */
export function watchConsole(page: Page) {
  const warnings: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m: ConsoleMessage) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { warnings, pageErrors };
}

export interface DemoProduct { product_id: string; name: string; price: number; currency: string; category: string }

/** The demo catalog, read from the repo as the demo serves it. */
export function demoCatalog(): DemoProduct[] {
  const body = JSON.parse(readFileSync(new URL('../../demo/data/catalog.json', import.meta.url), 'utf8')) as { products: DemoProduct[] } | DemoProduct[];
  return Array.isArray(body) ? body : body.products;
}
