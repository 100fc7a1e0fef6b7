// A log file (Blob) -> InteractionLog in the owner page's build worker, through the one log reader (train/ingest/read.ts),
// chunk by chunk so a file of tens of MB never becomes one string.
import type { Result } from '../../src/contract/types.ts';
import { blobChunks, readLog } from '../ingest/read.ts';
import type { ParsedLog, Skipped } from '../ingest/logParser.ts';

export type { Skipped };

/** What reading a log file yields: the columns, the layout it was read as, what was left out, and the file's size. */
export interface ReadLog extends ParsedLog {
  bytes: number;
  /** The slash dates were read day first ("25/12/2010"). */
  dayFirst?: boolean;
  /** Characters that were not UTF-8 (see unreadableWarning). */
  unreadable?: number;
}

export interface ReadLogOptions {
  /** Keeps only rows whose item passes (e.g. items in the catalog). */
  keep?: (item: string) => boolean;
  /** Called with the fraction of the file read, as chunks arrive. */
  onFraction?: (f: number) => void;
  /** Names the file in messages. */
  source?: string;
  /** IANA time zone of times written without one. Default UTC. */
  tz?: string;
}

/**
 * Reads a CSV (with a header) or JSON-lines log into an InteractionLog, detecting the layout as the CLI does.
 * @example
 * const r = await readLogBlob(new Blob(['user,item,ts\nu1,mug,1700000000\n']));
 * if (r.ok) r.value.log.length // 1
 */
export async function readLogBlob(blob: Blob, options: ReadLogOptions = {}): Promise<Result<ReadLog>> {
  const r = await readLog(blobChunks(blob), { source: options.source ?? 'the log file', keep: options.keep, tz: options.tz, size: blob.size, onFraction: options.onFraction, again: () => blobChunks(blob) });
  return r.ok ? { ok: true, value: { log: r.value.log, layout: r.value.layout, skipped: r.value.skipped, bytes: blob.size, ...(r.value.dayFirst ? { dayFirst: true } : {}), ...(r.value.unreadable ? { unreadable: r.value.unreadable } : {}) } } : r;
}
