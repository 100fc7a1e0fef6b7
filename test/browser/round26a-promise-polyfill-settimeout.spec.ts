// Issue #8: "never lose an event". A page that replaced window.Promise by a polyfill whose then() runs its callbacks
// in a later task through setTimeout (promise-polyfill's fallback when setImmediate is missing; older shops assign it
// to window.Promise unconditionally). The snippet's re-park after its pagehide park, and the outbox's parkTail
// (src/soon.ts), both wait for Promise.resolve().then(...): on such a page that runs after the page is gone, so a call
// the shop's own leave handler makes after our park is never parked.
// Control: NATIVE=1 keeps the native Promise (passes).
// Expected: the leave handler's call stored once on the next page, 0 errors.
import { test, expect } from '@playwright/test';
import { eventsNamed, exported, leaveHandlerKept, openSettled, ready, trackMarker } from './helpers.ts';

const POLYFILL = process.env.NATIVE ? '' : `(function(){var N=Promise;
function P(ex){var s=this;s._p=new N(function(a,b){try{ex(a,b)}catch(e){b(e)}});}
function later(f){setTimeout(f,0)}
P.prototype.then=function(ok,ko){var p=this._p;return new P(function(res,rej){p.then(function(v){later(function(){try{res(typeof ok=='function'?ok(v):v)}catch(e){rej(e)}})},function(e){later(function(){if(typeof ko=='function'){try{res(ko(e))}catch(x){rej(x)}}else rej(e)})})})};
P.prototype['catch']=function(ko){return this.then(null,ko)};
P.prototype['finally']=function(f){return this.then(function(v){f();return v},function(e){f();throw e})};
P.resolve=function(v){return v instanceof P?v:new P(function(a){a(v)})};
P.reject=function(e){return new P(function(a,b){b(e)})};
P.all=function(l){return new P(function(a,b){N.all(l).then(a,b)})};
P.race=function(l){return new P(function(a,b){N.race(l).then(a,b)})};
P.allSettled=function(l){return new P(function(a,b){N.allSettled(l).then(a,b)})};
window.Promise=P;})();`;

test('snippet only, Promise polyfill with setTimeout then(): a leave handler\'s call after the park is kept', async ({ context }) => {
  test.setTimeout(90_000);
  expect(await leaveHandlerKept(context, `${POLYFILL}`, 'polyfill')).toEqual({ queued: 1, left: 1, errors: [] });
});

test('script running, Promise polyfill with setTimeout then(): the shop\'s visibilitychange handler\'s call is kept', async ({ page }) => {
  test.setTimeout(60_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (POLYFILL) await page.addInitScript(POLYFILL);
  await openSettled(page);
  // The shop's own leave handlers, added after the script's.
  await page.evaluate(() => {
    const c = () => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele;
    addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') c().track('Hidden Left', {}); });
  });
  await page.reload();
  await ready(page);
  await trackMarker(page, 'Marker Next');
  const left = eventsNamed((await exported(page)).events, 'Hidden Left').length;
  console.log(JSON.stringify({ left, errors }));
  expect({ left, errors }).toEqual({ left: 1, errors: [] });
});
