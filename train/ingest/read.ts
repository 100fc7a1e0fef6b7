// The one log reader behind every command that reads a log (build-model, segments, eval, eval:segments) and the owner
// page's build worker: text arrives in chunks (a Node file stream, or a browser Blob), CSV records come out of
// papaparse's incremental parser (quotes, commas and newlines inside fields, CRLF), JSON lines are parsed line by line.
import Papa from 'papaparse';
import type { Result } from '../../src/contract/types.ts';
import { createLogParser, type LogParser, type LogParserOptions, type ParsedLog } from './logParser.ts';

export interface ReadLogOptions extends LogParserOptions {
  /** Names the file in messages. */
  source?: string;
  /** Total size in characters or bytes, for onFraction. */
  size?: number;
  /** Called with the share read so far as chunks arrive. */
  onFraction?: (f: number) => void;
  /** The same text again from its start: a log whose slash dates turn out day first ("25/12/2010") is read again so. */
  again?: () => AsyncIterable<string>;
}

/** What reading a log yields: the columns, the layout it was read as, what was left out, and its size. */
export interface ReadLog extends ParsedLog {
  chars: number;
  /** The slash dates were read day first ("25/12/2010"), as a spreadsheet in a day-first locale writes them. */
  dayFirst?: boolean;
  /** Characters that were not UTF-8 (each read as U+FFFD): see unreadableWarning. */
  unreadable?: number;
}

/**
 * The warning for a log that is not UTF-8 (Excel's plain "CSV" on Windows is windows-1252): its names and ids with
 * accents or symbols were read as U+FFFD, so they match nothing the shop's pages and feed name, and nothing said so.
 * @example unreadableWarning('--events "orders.csv"', 12)
 */
export const unreadableWarning = (source: string, n: number): string =>
  `${source} is not UTF-8: ${n.toLocaleString('en')} characters could not be read (they became \uFFFD, so names and ids holding them match nothing on your site); save the file as UTF-8 (Excel: "CSV UTF-8") and run again`;

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The delimiter a CSV's header line uses: the one of , ; tab | it holds most of outside quotes (a comma on a tie).
 * Spreadsheets in locales whose decimal mark is a comma export with ';', and tools export tab-separated files.
 * @example csvDelimiter('InvoiceNo;StockCode;"a,b"') // ';'
 */
export function csvDelimiter(header: string): string {
  const bare = header.replace(/"[^"]*"/g, '');
  let best = ',', most = 0;
  for (const d of DELIMITERS) {
    const n = bare.split(d).length - 1;
    if (n > most) { best = d; most = n; }
  }
  return best;
}

/**
 * Feeds CSV text chunks through papaparse's incremental parser (the way its own streamers do: the unfinished last
 * record of a chunk is carried into the next), calling `onRecord` for each record.
 * @example
 * await csvRecords(chunks(['a,"b,', 'c"\n1,2\n']), (r) => rows.push(r)); // [['a', 'b,c'], ['1', '2']]
 */
export async function csvRecords(chunks: AsyncIterable<string>, onRecord: (fields: string[]) => boolean | void, onChars?: (n: number) => void): Promise<void> {
  let parser: Papa.Parser | null = null;
  let partial = '';
  let base = 0;
  let stopped = false;
  const feed = (text: string, last: boolean) => {
    const input = partial + text;
    if (!parser) {
      // papaparse's low-level parser needs the line ending, which the first line's end shows; a log uses one throughout
      const end = input.search(/[\r\n]/);
      if (!last && (end < 0 || (input[end] === '\r' && end === input.length - 1))) { partial = input; return; }
      const newline = end < 0 || input[end] === '\n' ? '\n' : input[end + 1] === '\n' ? '\r\n' : '\r';
      parser = new Papa.Parser({ delimiter: csvDelimiter(end < 0 ? input : input.slice(0, end)), newline, quoteChar: '"' });
    }
    const res = parser.parse(input, base, !last) as { data: string[][]; meta: { cursor: number } };
    for (const row of res.data) if (onRecord(row) === false) { stopped = true; return; }
    if (!last) {
      partial = input.substring(res.meta.cursor - base);
      base = res.meta.cursor;
    }
  };
  for await (const chunk of chunks) {
    feed(chunk, false);
    onChars?.(chunk.length);
    if (stopped) return;
  }
  feed('', true);
}

/** Splits text chunks into lines (LF or CRLF), carrying a partial line across chunks. */
async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      yield text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

/** Re-yields the first chunk after peeking at it. */
async function* prepend(first: string, it: AsyncIterator<string>): AsyncGenerator<string> {
  if (first) yield first;
  for (;;) {
    const n = await it.next();
    if (n.done) return;
    yield n.value;
  }
}

/**
 * Reads a log from text chunks into an InteractionLog: a CSV with a header (any layout detectLayout knows) or JSON lines.
 * @example
 * const r = await readLog(createReadStream('orders.csv', { encoding: 'utf8' }), { source: 'orders.csv', tz: 'UTC' });
 * if (r.ok) r.value.log.length
 */
export async function readLog(chunks: AsyncIterable<string>, options: ReadLogOptions = {}): Promise<Result<ReadLog>> {
  const first = await readLogOnce(chunks, options);
  if (options.dayFirst || !options.again || !first.dayFirstDates) return first.result;
  // Dates only day first fits ("25/12/2010") mean a day-first export: read it all again day first (the dates that fit
  // either way, "01/12/2010", were read month first), and keep that read unless it gives fewer rows.
  const again = await readLogOnce(options.again(), { ...options, dayFirst: true });
  const rows = (r: Result<ReadLog>) => (r.ok ? r.value.log.length : -1);
  return rows(again.result) >= rows(first.result) && again.result.ok
    ? { ok: true, value: { ...again.result.value, layout: `day-first ${again.result.value.layout}`, dayFirst: true } }
    : first.result;
}

async function readLogOnce(chunks: AsyncIterable<string>, options: ReadLogOptions): Promise<{ result: Result<ReadLog>; dayFirstDates: number }> {
  const source = options.source ?? 'the log';
  const parser = createLogParser(source, options);
  const it = chunks[Symbol.asyncIterator]();
  // the first non-blank character tells JSON lines from CSV
  let first = '';
  for (;;) {
    const n = await it.next();
    if (n.done) break;
    first += n.value;
    if (first.trim().length) break;
  }
  // A byte-order mark (Windows tools write one: PowerShell, Notepad, Excel's "CSV UTF-8") is no part of the text: a JSON
  // lines log that began with one was refused as "line 1 looks like JSON but does not parse".
  const bom = first.charCodeAt(0) === 0xfeff;
  if (bom) first = first.slice(1);
  const size = Math.max(1, options.size ?? 0);
  let chars = bom ? 1 : 0;
  const progress = (n: number) => { chars += n; if (options.size) options.onFraction?.(Math.min(1, chars / size)); };
  let unreadable = 0;
  const rest = (async function* counted() {
    for await (const c of prepend(first, it)) {
      for (let i = c.indexOf('\uFFFD'); i >= 0; i = c.indexOf('\uFFFD', i + 1)) unreadable++;
      yield c;
    }
  })();
  if (first.trimStart().startsWith('{')) await readJsonLines(rest, parser, source, progress);
  else {
    let headerSeen = false;
    await csvRecords(rest, (fields) => {
      if (!headerSeen) {
        if (fields.length === 1 && fields[0].trim() === '') return true;
        headerSeen = true;
        return parser.header(fields);
      }
      parser.record(fields);
      return true;
    }, progress);
  }
  options.onFraction?.(1);
  const r = parser.result();
  if (r.ok) r.value.log.trim();
  return { result: r.ok ? { ok: true, value: { ...r.value, chars, ...(unreadable ? { unreadable } : {}) } } : r, dayFirstDates: parser.skipped()['day-first-date'] ?? 0 };
}

async function readJsonLines(chunks: AsyncIterable<string>, parser: LogParser, source: string, progress: (n: number) => void): Promise<void> {
  let n = 0;
  let counted = 0;
  for await (const line of lines(chunks)) {
    n++;
    counted += line.length + 1;
    if (counted > 1 << 16) { progress(counted); counted = 0; }
    if (!line.trim()) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      if (n === 1) { parser.fail(`[clientele] ${source} line 1 looks like JSON but does not parse; write one JSON object per line, or a CSV with a header`); return; }
      parser.bad();
      continue;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) { parser.bad(); continue; }
    if (!parser.object(obj as Record<string, unknown>)) return;
  }
  progress(counted);
}

/**
 * A Blob's text in chunks (UTF-8 decoded across chunk edges), for readLog in a browser or a worker.
 * @example
 * await readLog(blobChunks(file), { size: file.size })
 */
export async function* blobChunks(blob: Blob): AsyncGenerator<string> {
  const reader = blob.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = decoder.decode(value, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}
