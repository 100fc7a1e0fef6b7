// Steps the boot specs share: the inline snippet, and what the page's workers were named, answered and sent.
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

export const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

/** Records each worker's name and the ids of the messages it answers, in order, as window.__boot. */
export const recordWorkers = (page: Page) =>
  page.addInitScript(() => {
    const w = window as unknown as { __boot: { names: string[]; ids: string[] }; Worker: typeof Worker };
    w.__boot = { names: [], ids: [] };
    const Native = w.Worker;
    w.Worker = class extends Native {
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        w.__boot.names.push(opts?.name ?? '');
        this.addEventListener('message', (e: MessageEvent) => w.__boot.ids.push(String((e.data as { id?: unknown })?.id)));
      }
    };
  });
export const booted = (page: Page) => page.evaluate(() => (window as unknown as { __boot: { names: string[]; ids: string[] } }).__boot);

/** Records what the page posts to its worker (method and arguments), in order, as window.__posted. */
export const recordPosts = (page: Page) =>
  page.addInitScript(() => {
    const w = window as unknown as { __posted: { method: string; args: unknown[]; booted: boolean }[]; __booted?: boolean };
    w.__posted = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, m: { path?: string[]; argumentList?: { value: unknown }[] }, ...rest: unknown[]) {
      if (!w.__posted.length) this.addEventListener('message', (e: MessageEvent) => { if ((e.data as { id?: string })?.id === 'boot') w.__booted = true; });
      w.__posted.push({ method: m?.path?.[0] ?? '', args: (m?.argumentList ?? []).map((a) => a.value), booted: !!w.__booted });
      return (post as (...a: unknown[]) => void).call(this, m, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
export const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: { method: string; args: unknown[]; booted: boolean }[] }).__posted);
