// The worker entry (dist/clientele-worker.js): exposes the engine to the page over comlink.
import * as Comlink from 'comlink';
import { bootArgs, createEngine } from './engine.ts';
import { BOOT_ID, BOOT_ROW_ID, LOCKED_ID } from '../src/contract/protocol.ts';
import { holdLifeLock } from './lifeLock.ts';
import { chunkLoader, type ChunkScope } from './chunkLoader.ts';
import { READER_GLOBAL, type ReaderModule } from '../src/contract/readerModule.ts';
import { MESSAGES_GLOBAL, type MessagesModule } from '../src/messages/messagesModule.ts';
import { PLANS_GLOBAL, type PlansModule } from './experiments/plansModule.ts';

const scope = self as unknown as ChunkScope;
// A transaction the browser aborts (site data cleared while the page is open, a disk error, a connection closed under
// it) rejects idb's \`done\` promise, which a read never awaits: an "Uncaught (in promise) AbortError" in the shop's
// console for each. What the engine awaits is handled where it is awaited.
addEventListener('unhandledrejection', (e) => e.reason instanceof DOMException && e.preventDefault());
const chunk = chunkLoader(scope);
const boot = bootArgs(String(scope.name));
// The life lock its name gives, taken now, before storage opens: a worker that dies while it boots (the browser
// reclaiming it while IndexedDB opens) is then seen at once, not by the page's 15 s hang check.
if (boot?.[1]?.lock) void holdLifeLock(boot[1].lock).then(() => postMessage({ id: LOCKED_ID }));
const engine = createEngine({
  loadReader: (url) => chunk<ReaderModule>(url, READER_GLOBAL),
  loadMessages: (url) => chunk<MessagesModule>(url, MESSAGES_GLOBAL),
  loadPlans: (url) => chunk<PlansModule>(url, PLANS_GLOBAL),
  // The page names its worker after the init() it sends it (src/client.ts, spawn). Starting on it now, and answering
  // under the id "boot", spares waiting for that message: Chromium hands a new worker its first messages only once
  // the page's main thread is free. The message itself, when it comes, gets the same answer.
  boot,
  onBoot: (value) => postMessage({ id: BOOT_ID, type: 'RAW', value }),
  onBootRow: (value) => postMessage({ id: BOOT_ROW_ID, type: 'RAW', value }),
});
Comlink.expose(engine);
