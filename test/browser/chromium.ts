// Where Debian's Chromium lives and the flags it needs on a machine with no outside network.
import { existsSync } from 'node:fs';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Headless Chromium (156) starts the address bar's popup as two WebUI renderers with every new window, at the very
  // moment the window's first page loads: about 400 ms of CPU on a 2-core machine, taken from the page measured. A
  // shopper's window has long had its popup by the time they open the shop.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

/** The Chromium binary: $CHROMIUM_PATH, else Debian's. */
export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(p)) throw new Error(`Chromium not found at ${p}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return p;
}
