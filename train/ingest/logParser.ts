// Turns the records of an interaction log into an InteractionLog, whatever feeds them: the CSV reader (read.ts, over
// a Node file stream or a browser Blob) or JSON lines. The layout is detected from the header or the first object.
import type { Result } from '../../src/contract/types.ts';
import { InteractionLog, type LogRow } from './log.ts';
import { detectLayout, rowReader, type SkipReason } from './logFormat.ts';

/** Rows left out of the log, counted by reason. */
export type Skipped = Partial<Record<SkipReason | 'not in catalog', number>>;

export interface ParsedLog { log: InteractionLog; layout: string; skipped: Skipped }

export interface LogParserOptions {
  /** Keeps only rows whose item passes (e.g. items in the catalog). */
  keep?: (item: string) => boolean;
  /** IANA time zone of times written without one. Default UTC. */
  tz?: string;
  /** Slash dates are day first ("25/12/2010"); readLog sets it when a month-first read finds dates only day first fits. */
  dayFirst?: boolean;
}

export interface LogParser {
  /** The CSV header; false when it is not a layout the builder reads. */
  header(columns: string[]): boolean;
  /** One CSV record (fields in header order). */
  record(fields: string[]): void;
  /** One JSON-lines object; false when the first one is not a layout the builder reads. */
  object(fields: Record<string, unknown>): boolean;
  /** Counts a line that could not be read at all. */
  bad(): void;
  /** Stops with a message (e.g. the first JSON line does not parse). */
  fail(message: string): void;
  /** The log read so far, or why it cannot be used. */
  result(): Result<ParsedLog>;
  /** Rows left out so far, by reason. */
  skipped(): Skipped;
}

/**
 * A parser for the records of a CSV (with a header) or JSON-lines log.
 * @example
 * const p = createLogParser('orders.csv');
 * p.header(['user', 'item', 'ts']); p.record(['u1', 'mug', '1700000000']);
 * p.result() // { ok: true, value: { log, layout: 'split', skipped: {} } }
 */
export function createLogParser(source: string, options: LogParserOptions = {}): LogParser {
  const log = new InteractionLog();
  const skipped: Skipped = {};
  let header: string[] | null = null;
  let read: ((f: Record<string, unknown>) => LogRow | SkipReason) | null = null;
  let layout = '';
  let failure: string | null = null;
  const count = (k: keyof Skipped) => { skipped[k] = (skipped[k] ?? 0) + 1; };
  const add = (fields: Record<string, unknown>) => {
    const row = read!(fields);
    if (typeof row === 'string') count(row as SkipReason);
    else if (options.keep && !options.keep(row.item)) count('not in catalog');
    else log.add(row);
  };
  const detect = (cols: string[]): boolean => {
    const found = detectLayout(cols, source);
    if (!found.ok) { failure = found.message; return false; }
    layout = found.value.kind;
    read = rowReader(found.value, options.tz ?? 'UTC', options.dayFirst ?? false);
    return true;
  };
  const fields: Record<string, unknown> = {};

  return {
    header(columns) {
      if (failure) return false;
      header = columns.map((c) => c.trim().replace(/^\uFEFF/, ''));
      return detect(header);
    },
    record(values) {
      if (!read || !header) return;
      if (values.length === 1 && values[0].trim() === '') return;
      for (let c = 0; c < header.length; c++) fields[header[c]] = values[c];
      add(fields);
    },
    object(obj) {
      if (failure) return false;
      if (!read && !detect(Object.keys(obj))) return false;
      add(obj);
      return true;
    },
    bad() {
      count('bad-row');
    },
    fail(message) {
      failure ??= message;
    },
    skipped() {
      return skipped;
    },
    result() {
      if (failure) return { ok: false, code: 'bad-log', message: failure };
      if (!read) return { ok: false, code: 'empty-log', message: `[clientele] ${source} is empty; it needs a header line (e.g. user,item,ts) and at least one row` };
      if (log.length === 0) {
        const why = Object.entries(skipped).map(([k, v]) => `${v} ${k}`).join(', ');
        return { ok: false, code: 'empty-log', message: `[clientele] ${source} has no usable rows${why ? ` (left out: ${why})` : ''}; each row needs a user, an item and a time` };
      }
      return { ok: true, value: { log, layout, skipped } };
    },
  };
}
