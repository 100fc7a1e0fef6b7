// Round 32, tester C. A JSON-lines log written by a Windows tool starts with a byte-order mark (PowerShell's
// Out-File -Encoding utf8, Notepad); build-model refused it: "line 1 looks like JSON but does not parse". The CSV
// reader already stripped a BOM from the header; the one log reader now drops it before either.
import { expect, test } from 'vitest';
import { readLog } from '../../train/ingest/read.ts';
import { readLogBlob } from '../../train/buildWorker/readLog.ts';

async function* chunksOf(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
const text = '\uFEFF{"user":"u1","item":"a","ts":1700000000}\r\n{"user":"u2","item":"a","ts":1700000100}\r\n{"user":"u2","item":"b","ts":1700000200}\r\n';

test.each([1, 5, 1000])('a JSON-lines log with a BOM is read (chunks of %i)', async (size) => {
  const r = await readLog(chunksOf(text, size), { source: 'log.jsonl' });
  expect(r.ok ? [r.value.layout, r.value.log.length, r.value.skipped] : r.message).toEqual(['split', 3, {}]);
});

test('the owner page reads it too', async () => {
  const r = await readLogBlob(new Blob([text]));
  expect(r.ok && r.value.log.length).toBe(3);
});
