// Turns the lines of an interaction log into an InteractionLog, whatever feeds the lines: Node's
// readline in the CLI, or a Blob stream in the browser build worker.
import type { Result } from '../../src/contract/types.ts';
import { InteractionLog, type LogRow } from './log.ts';
import { detectLayout, rowReader, splitCsvLine, type SkipReason } from './logFormat.ts';

/** Rows left out of the log, counted by reason. */
export type Skipped = Partial<Record<SkipReason | 'not in catalog', number>>;

export interface ParsedLog { log: InteractionLog; layout: string; skipped: Skipped }

export interface LogParser {
  /** Takes one line (without its newline); returns false when the log cannot be read further. */
  line(text: string): boolean;
  /** The log read so far, or why it cannot be used. */
  result(): Result<ParsedLog>;
}

/**
 * A parser for a CSV (with a header) or JSON-lines log; the layout is detected from the first line.
 * @example
 * const p = createLogParser('orders.csv');
 * for (const l of ['user,item,ts', 'u1,mug,1700000000']) p.line(l);
 * p.result() // { ok: true, value: { log, layout: 'split', skipped: {} } }
 */
export function createLogParser(source: string, keep?: (item: string) => boolean): LogParser {
  const log = new InteractionLog();
  const skipped: Skipped = {};
  let header: string[] | null = null;
  let read: ((f: Record<string, unknown>) => LogRow | SkipReason) | null = null;
  let json = false;
  let layout = '';
  let failure: string | null = null;
  let lineNo = 0;
  const count = (k: keyof Skipped) => { skipped[k] = (skipped[k] ?? 0) + 1; };

  return {
    line(text) {
      lineNo++;
      if (failure) return false;
      if (!text.trim()) return true;
      let fields: Record<string, unknown>;
      if (!read) {
        json = text.trimStart().startsWith('{');
        let cols: string[];
        if (json) {
          try {
            fields = JSON.parse(text) as Record<string, unknown>;
          } catch {
            failure = `[clientele] ${source} line ${lineNo} looks like JSON but does not parse; write one JSON object per line, or a CSV with a header`;
            return false;
          }
          cols = Object.keys(fields);
        } else cols = splitCsvLine(text).map((c) => c.trim().replace(/^\uFEFF/, ''));
        const found = detectLayout(cols, source);
        if (!found.ok) { failure = found.message; return false; }
        layout = found.value.kind;
        read = rowReader(found.value);
        if (!json) { header = cols; return true; }
      }
      if (json) {
        try {
          fields = JSON.parse(text) as Record<string, unknown>;
        } catch {
          count('bad-row');
          return true;
        }
      } else {
        const f = splitCsvLine(text);
        fields = {};
        for (let c = 0; c < header!.length; c++) fields[header![c]] = f[c];
      }
      const row = read!(fields);
      if (typeof row === 'string') count(row as SkipReason);
      else if (keep && !keep(row.item)) count('not in catalog');
      else log.add(row);
      return true;
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
