// A log file (Blob) -> InteractionLog, read chunk by chunk so a file of tens of MB never becomes one string.
import type { Result } from '../../src/contract/types.ts';
import { createLogParser, type InteractionLog, type Skipped } from '../siteModel/index.ts';

export type { Skipped };

/** What reading a log file yields: the columns, the layout it was read as, and what was left out. */
export interface ReadLog {
  log: InteractionLog;
  layout: string;
  skipped: Skipped;
  bytes: number;
}

export interface ReadLogOptions {
  /** Keeps only rows whose item passes (e.g. items in the catalog). */
  keep?: (item: string) => boolean;
  /** Called with the fraction of bytes read, as chunks arrive. */
  onFraction?: (f: number) => void;
  /** Names the file in messages. */
  source?: string;
}

/**
 * Streams lines out of a Blob, decoding UTF-8 across chunk edges; calls `line` for each one (without its newline).
 * @example
 * await eachLine(new Blob(['a\nb\n']), (l) => console.log(l), () => {}); // "a", "b"
 */
export async function eachLine(blob: Blob, line: (text: string) => boolean | void, onBytes: (read: number) => void): Promise<void> {
  const reader = blob.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    if (value) read += value.byteLength;
    let start = 0;
    const chunk = rest + text;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      const end = nl > start && chunk.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (line(chunk.slice(start, end)) === false) { await reader.cancel(); return; }
      start = nl + 1;
    }
    rest = chunk.slice(start);
    onBytes(read);
    if (done) break;
  }
  if (rest.length) line(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
}

/**
 * Reads a CSV (with a header) or JSON-lines log into an InteractionLog, detecting the layout as the CLI does.
 * @example
 * const r = await readLogBlob(new Blob(['user,item,ts\nu1,mug,1700000000\n']));
 * if (r.ok) r.value.log.length // 1
 */
export async function readLogBlob(blob: Blob, options: ReadLogOptions = {}): Promise<Result<ReadLog>> {
  const parser = createLogParser(options.source ?? 'the log file', options.keep);
  const size = Math.max(1, blob.size);
  await eachLine(blob, parser.line, (bytes) => options.onFraction?.(Math.min(1, bytes / size)));
  const r = parser.result();
  return r.ok ? { ok: true, value: { ...r.value, bytes: blob.size } } : r;
}
