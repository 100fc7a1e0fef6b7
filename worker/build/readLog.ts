// A log file (Blob) -> InteractionLog, read chunk by chunk so a file of tens of MB never becomes one string.
import type { Result } from '../../src/contract/types.ts';
import { InteractionLog, detectLayout, rowReader, splitCsvLine, type LogRow, type SkipReason } from '../siteModel/index.ts';

/** Rows left out of the log, counted by reason. */
export type Skipped = Partial<Record<SkipReason | 'not in catalog', number>>;

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

type Reader = (f: Record<string, unknown>) => LogRow | SkipReason;

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
  const source = options.source ?? 'the log file';
  const log = new InteractionLog();
  const skipped: Skipped = {};
  let header: string[] | null = null;
  let read: Reader | null = null;
  let json = false;
  let layout = '';
  let failure: string | null = null;
  let lineNo = 0;
  const size = Math.max(1, blob.size);
  const count = (k: keyof Skipped) => { skipped[k] = (skipped[k] ?? 0) + 1; };

  await eachLine(blob, (line) => {
    lineNo++;
    if (!line.trim()) return;
    let fields: Record<string, unknown>;
    if (!read) {
      json = line.trimStart().startsWith('{');
      let cols: string[];
      if (json) {
        try {
          fields = JSON.parse(line) as Record<string, unknown>;
        } catch {
          failure = `[clientele] ${source} line ${lineNo} looks like JSON but does not parse; write one JSON object per line, or a CSV with a header`;
          return false;
        }
        cols = Object.keys(fields);
      } else cols = splitCsvLine(line).map((c) => c.trim().replace(/^\uFEFF/, ''));
      const found = detectLayout(cols, source);
      if (!found.ok) { failure = found.message; return false; }
      layout = found.value.kind;
      read = rowReader(found.value);
      if (!json) { header = cols; return; }
    }
    if (json) {
      try {
        fields = JSON.parse(line) as Record<string, unknown>;
      } catch {
        count('bad-row');
        return;
      }
    } else {
      const f = splitCsvLine(line);
      fields = {};
      for (let c = 0; c < header!.length; c++) fields[header![c]] = f[c];
    }
    const row = read!(fields);
    if (typeof row === 'string') count(row);
    else if (options.keep && !options.keep(row.item)) count('not in catalog');
    else log.add(row);
  }, (bytes) => options.onFraction?.(Math.min(1, bytes / size)));

  if (failure) return { ok: false, code: 'bad-log', message: failure };
  if (!read) return { ok: false, code: 'empty-log', message: `[clientele] ${source} is empty; it needs a header line (e.g. user,item,ts) and at least one row` };
  if (log.length === 0) {
    const why = Object.entries(skipped).map(([k, v]) => `${v} ${k}`).join(', ');
    return { ok: false, code: 'empty-log', message: `[clientele] ${source} has no usable rows${why ? ` (left out: ${why})` : ''}; each row needs a user, an item and a time` };
  }
  return { ok: true, value: { log, layout, skipped, bytes: blob.size } };
}
