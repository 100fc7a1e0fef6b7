// Issue #8 / README (ESM build): "A page that also carries the script tag (a tag manager's) runs one engine too:
// whichever starts first serves both, the tag's queued calls included"; README (snippet): "Any data-* attribute on the
// script tag is a config key". With the package started first, the tag's data-* config is never applied:
// src/script.ts boot() takes the running instance (runningOr, started=false) and neither calls init() with
// { dataAttributes } nor merges them. A shop whose tag manager's tag says data-require-consent="true" stores the
// visitor's page views (and an anonymous id) before any consent, only because the app's bundle started first.
// Tag first, the same two configs keep requireConsent (the package's init(config) merges over the tag's).
// Expected for both orders: 0 events stored, no anonymous id, 0 page errors.
import { test, expect } from '@playwright/test';
import { watchConsole } from './helpers.ts';
import { readFileSync } from 'node:fs';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

for (const order of ['module first', 'tag first'] as const) {
  test(`tag data-require-consent="true" with the package (${order}): nothing stored before consent`, async ({ page }) => {
    test.setTimeout(60_000);
    const { pageErrors } = watchConsole(page);
    const esm = `<script type="module">import { createClientele } from '/dist/esm/index.js'; window.app = createClientele({});</script>`;
    const tag = `<script>${SNIPPET}</script><script ${order === 'module first' ? 'defer' : ''} src="/dist/clientele.js" data-require-consent="true"></script>`;
    await page.route('**/mix/consent.html', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><title>mix</title>${order === 'module first' ? esm + tag : tag + esm}<body>shop</body>` }));
    await page.goto('/mix/consent.html');
    await page.waitForFunction(() => (window as unknown as { app?: unknown }).app && (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real);
    const out = await page.evaluate(async () => {
      type Api = { ready(): Promise<boolean>; track(e: string, p: object): void; exportData(): Promise<{ events: { event: string }[]; anonymous_id: string | null } | null> };
      const a = (window as unknown as { app: Api }).app;
      await a.ready();
      a.track('Before Consent', {});
      await new Promise((r) => setTimeout(r, 3000));
      const d = await a.exportData();
      return { events: (d?.events ?? []).map((e) => e.event), anonymousId: d?.anonymous_id ?? null };
    });
    console.log(JSON.stringify({ order, ...out, pageErrors }));
    expect({ ...out, pageErrors }).toEqual({ events: [], anonymousId: null, pageErrors: [] });
  });
}
