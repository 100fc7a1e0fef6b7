// Loads the worker and the IIFE widget chunk from a folder URL: the script-tag build always does, the
// ESM build only when config.assetBase points at a folder that serves dist/.
import { WIDGET_GLOBAL, type WidgetModule } from './widgetModule.ts';

/**
 * Resolves the widget module the chunk at `url` registers on window, reusing one already loaded.
 * @example const widget = await loadWidgetScript('/clientele/clientele-widget.js');
 */
export function loadWidgetScript(url: string): Promise<WidgetModule> {
  const existing = (window as unknown as Record<string, WidgetModule | undefined>)[WIDGET_GLOBAL];
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = url;
    s.async = true;
    s.onload = () => {
      const m = (window as unknown as Record<string, WidgetModule | undefined>)[WIDGET_GLOBAL];
      if (m) resolve(m);
      else reject(new Error('the widget script loaded but did not register'));
    };
    s.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(s);
  });
}

/**
 * Starts the engine worker at `url`. A worker must be same-origin, so a script served from a CDN starts it through a tiny blob.
 * @example const worker = startWorker('https://cdn.example/clientele/clientele-worker.js');
 */
export function startWorker(url: string): Worker {
  if (new URL(url, location.href).origin === location.origin) return new Worker(url, { name: 'clientele' });
  const blob = new Blob([`importScripts(${JSON.stringify(url)})`], { type: 'text/javascript' });
  return new Worker(URL.createObjectURL(blob), { name: 'clientele' });
}
