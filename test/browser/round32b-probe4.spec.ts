import { test } from '@playwright/test';
import { ready, watchConsole, initBeforeLoad } from './helpers.ts';
for (const mem of [false, true])
test(`burst retention mem=${mem}`, async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  if (mem) await page.addInitScript(() => { Object.defineProperty(window, 'indexedDB', { get() { throw new Error('no'); } }); });
  await initBeforeLoad(page, { retention: { maxEvents: 100, maxAgeDays: 1 }, autocapture: false });
  await page.goto('/demo/index.html');
  await ready(page);
  const out = await page.evaluate(async () => {
    const c = (window as any).clientele;
    for (let i = 0; i < 20000; i++) c.track('Custom', { i });
    const st = await c.status();
    const ex = await c.exportData();
    const is = ex.events.filter((e: any) => e.event === 'Custom').map((e: any) => e.properties.i);
    return { st, n: ex.events.length, min: Math.min(...is), max: Math.max(...is) };
  });
  console.log(mem, JSON.stringify(out), warnings.slice(0, 3), pageErrors);
  // old data by age during the visit
  const out2 = await page.evaluate(async () => {
    const c = (window as any).clientele;
    await c.setClock(Date.now() + 3 * 86400e3);
    c.track('Later', {});
    const ex = await c.exportData();
    const st = await c.status();
    return { n: ex.events.length, names: [...new Set(ex.events.map((e: any) => e.event))], st };
  });
  console.log(mem, 'aged', JSON.stringify(out2));
});
