// Loads the worker and the IIFE chunks (widget, markup reader) from a folder URL: the script-tag build
// always does, the ESM build only when config.assetBase points at a folder that serves dist/.

/**
 * Loads an IIFE chunk (widget, markup reader) that assigns itself to `global`, once.
 * @example const widget = await loadChunk<WidgetModule>('/clientele/clientele-widget.js', WIDGET_GLOBAL);
 */
export function loadChunk<T>(url: string, global: string): Promise<T> {
  const w = window as unknown as Record<string, T | undefined>;
  if (w[global]) return Promise.resolve(w[global]!);
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = url;
    s.async = true;
    s.onload = s.onerror = () => (w[global] ? resolve(w[global]!) : reject(new Error(`could not load ${url}`)));
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
