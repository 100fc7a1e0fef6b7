// A log file on disk -> InteractionLog, through the one log reader (train/ingest/read.ts), streamed: build-model,
// segments, eval and eval:segments all read their logs here.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { Result } from '../../src/contract/types.ts';
import { readLog, type ReadLog, type ReadLogOptions } from '../../train/ingest/read.ts';
import { validTimeZone } from '../../train/ingest/time.ts';

/**
 * Streams a CSV or JSON-lines log file into an InteractionLog; a missing file or a bad --tz come back as values.
 * @example
 * const r = await readLogFile('orders.csv', { tz: 'Europe/London' }); if (r.ok) r.value.log.length
 */
export async function readLogFile(path: string, options: ReadLogOptions & { flag?: string } = {}): Promise<Result<ReadLog>> {
  const flag = options.flag ?? '--events';
  if (!existsSync(path) || !statSync(path).isFile()) {
    return { ok: false, code: 'no-file', message: `[clientele] ${flag} "${path}" does not exist or is not a file; pass the path of your log (CSV with a header, or JSON lines)` };
  }
  const tz = options.tz ?? 'UTC';
  if (!validTimeZone(tz)) return { ok: false, code: 'bad-tz', message: `[clientele] --tz "${tz}" is not a time zone; use an IANA name like UTC, Europe/London or Asia/Shanghai` };
  const stream = () => createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>;
  return readLog(stream(), { source: `${flag} "${path}"`, size: statSync(path).size, again: stream, ...options, tz });
}
