import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type ServerHandle } from '../../scripts/serve.ts';

describe('demo collector (POST /collect)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-collect-'));
  const file = join(dir, 'sub', 'events.ndjson');
  let server: ServerHandle;
  beforeAll(async () => { server = await startServer({ port: 0, collectFile: file }); });
  afterAll(() => server.close());

  it('appends forwarded events, drops lines that are not events, serves and empties the log', async () => {
    expect(await (await fetch(`${server.url}/collect`)).text()).toBe('');
    const batch = [JSON.stringify({ type: 'track', event: 'Widget Clicked', anonymous_id: 'a', timestamp: '2024-05-01T00:00:00Z', properties: {} }), 'garbage', '{"no":"event"}', JSON.stringify({ event: 'Order Completed', anonymous_id: 'a', timestamp: 1, properties: { total: 3 } })].join('\n');
    const r = await fetch(`${server.url}/collect`, { method: 'POST', body: batch, headers: { 'Content-Type': 'text/plain' } });
    expect(r.status).toBe(204);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).event);
    expect(lines).toEqual(['Widget Clicked', 'Order Completed']);
    const got = await fetch(`${server.url}/collect`);
    expect(got.headers.get('content-type')).toMatch(/ndjson/);
    expect((await got.text()).trim().split('\n')).toHaveLength(2);
    expect((await fetch(`${server.url}/collect`, { method: 'DELETE' })).status).toBe(204);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('refuses oversized batches and other methods', async () => {
    expect((await fetch(`${server.url}/collect`, { method: 'POST', body: 'x'.repeat(1_100_000) })).status).toBe(413);
    expect((await fetch(`${server.url}/collect`, { method: 'PUT', body: '{}' })).status).toBe(405);
    expect(existsSync(file)).toBe(true);
  });
});
