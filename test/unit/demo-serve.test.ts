// The static server: types, redirects, no-cache with revalidation, 404s and no way out of the root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { contentType, parseArgs, resolveUnderRoot, startServer, STRICT_CSP, type ServerHandle } from '../../scripts/serve.ts';

// A root made here, with a secret beside it that must stay unreachable.
const outer = mkdtempSync(join(tmpdir(), 'clientele-serve-'));
const root = join(outer, 'site');
mkdirSync(join(root, 'demo', 'sub'), { recursive: true });
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(outer, 'secret.txt'), 'top secret');
writeFileSync(join(root, 'demo', 'index.html'), '<!doctype html><title>home</title>');
writeFileSync(join(root, 'demo', 'sub', 'index.html'), 'sub index');
writeFileSync(join(root, 'demo', 'shop.css'), 'body{}');
writeFileSync(join(root, 'dist', 'clientele.js'), 'export {}');
writeFileSync(join(root, 'dist', 'worker.mjs'), 'export {}');
writeFileSync(join(root, 'dist', 'backend.wasm'), Buffer.from([0, 97, 115, 109]));
writeFileSync(join(root, 'dist', 'weights.bin'), Buffer.from([1, 2, 3]));
writeFileSync(join(root, 'demo', 'catalog.json'), '{"products":[]}');
writeFileSync(join(root, 'demo', 'a b.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
symlinkSync(join(outer, 'secret.txt'), join(root, 'demo', 'link.txt'));

/** Sends a raw request path (fetch would normalise the dots away). */
function raw(url: string, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

let server: ServerHandle;
beforeAll(async () => { server = await startServer({ root, port: 0 }); });
afterAll(async () => { await server.close(); });

describe('startServer', () => {
  it('listens on 127.0.0.1 and reports its url and port', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it.each([
    ['/demo/index.html', 'text/html; charset=utf-8'],
    ['/demo/shop.css', 'text/css; charset=utf-8'],
    ['/dist/clientele.js', 'text/javascript; charset=utf-8'],
    ['/dist/worker.mjs', 'text/javascript; charset=utf-8'],
    ['/dist/backend.wasm', 'application/wasm'],
    ['/dist/weights.bin', 'application/octet-stream'],
    ['/demo/catalog.json', 'application/json; charset=utf-8'],
    ['/demo/a%20b.svg', 'image/svg+xml'],
  ])('serves %s as %s, not cached', async (path, type) => {
    const res = await fetch(server.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('revalidates: the same file answers 304 to its ETag, a changed file answers 200 with a new one', async () => {
    const first = await fetch(server.url + '/demo/shop.css');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/);
    const again = await fetch(server.url + '/demo/shop.css', { headers: { 'If-None-Match': `"other", ${etag}` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    writeFileSync(join(root, 'demo', 'shop.css'), 'body{color:red}');
    const changed = await fetch(server.url + '/demo/shop.css', { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toBe('body{color:red}');
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('redirects / to the demo home page, keeping the query', async () => {
    const res = await fetch(server.url + '/?debug', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/demo/index.html?debug');
  });

  it('sends /favicon.ico to the demo\'s icon (pages without an icon link log no 404)', async () => {
    const res = await fetch(server.url + '/favicon.ico', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/demo/img/party.svg');
  });

  it('with csp, serves HTML under the README\'s policy with the snippet as a file (the owner page may run WebAssembly)', async () => {
    writeFileSync(join(root, 'demo', 'shop.html'), '<head><script>!function(w){var c=w.clientele=w.clientele||[];}(window);</script></head>');
    writeFileSync(join(root, 'demo', 'owner.html'), '<title>owner</title>');
    const strict = await startServer({ root, port: 0, csp: true });
    try {
      const res = await fetch(strict.url + '/demo/shop.html');
      expect(res.headers.get('content-security-policy')).toBe(STRICT_CSP);
      expect(await res.text()).toBe('<head><script src="/dist/clientele-snippet.js"></script></head>');
      expect((await fetch(strict.url + '/demo/owner.html')).headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect((await fetch(strict.url + '/demo/shop.css')).headers.get('content-security-policy')).toBeNull();
      expect((await fetch(server.url + '/demo/shop.html')).headers.get('content-security-policy')).toBeNull();
    } finally {
      await strict.close();
    }
  });

  it('serves a folder’s index.html', async () => {
    const res = await fetch(server.url + '/demo/sub/');
    expect(await res.text()).toBe('sub index');
  });

  it('answers 404 for missing files, with a build hint under /dist', async () => {
    const res = await fetch(server.url + '/dist/missing.js');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('npm run build');
  });

  it('answers HEAD without a body', async () => {
    const res = await raw(server.url, '/demo/index.html', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String('<!doctype html><title>home</title>'.length));
    expect(res.body).toBe('');
  });

  it('refuses other methods', async () => {
    expect((await raw(server.url, '/demo/index.html', 'POST')).status).toBe(405);
  });

  it.each([
    '/../secret.txt',
    '/demo/../../secret.txt',
    '/demo/..%2f..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/demo/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/demo/..%5c..%5csecret.txt',
    '/demo/link.txt',
    '/demo/%00.html',
    '/%E0%A4%A',
  ])('never serves anything outside the root: %s', async (path) => {
    const res = await raw(server.url, path);
    expect([403, 404]).toContain(res.status);
    expect(res.body).not.toContain('top secret');
  });

  it('says how to fix a port that is taken', async () => {
    await expect(startServer({ root, port: server.port })).rejects.toThrow(/port \d+ on 127\.0\.0\.1 is already in use; .*--port/);
  });
});

describe('helpers', () => {
  it('maps paths under the root and rejects the rest', () => {
    expect(resolveUnderRoot('/srv/app', '/demo/index.html')).toBe('/srv/app/demo/index.html');
    expect(resolveUnderRoot('/srv/app', '/demo/../../etc/passwd')).toBeNull();
    expect(resolveUnderRoot('/srv/app', '/%2e%2e/etc')).toBeNull();
    expect(resolveUnderRoot('/srv/app', '/..%2fapp2/x')).toBeNull();
    expect(resolveUnderRoot('/srv/app', '/%zz')).toBeNull();
  });

  it('knows the types the build emits', () => {
    expect(contentType('x.WASM')).toBe('application/wasm');
    expect(contentType('model/item_factors.bin')).toBe('application/octet-stream');
    expect(contentType('noext')).toBe('application/octet-stream');
  });

  it('reads the port from --port, then PORT, then 5173', () => {
    expect(parseArgs([], {})).toEqual({ port: 5173, root: undefined, quiet: false, csp: false });
    expect(parseArgs(['--csp'], {})).toMatchObject({ csp: true });
    expect(parseArgs(['--port', '80', '--help'], {})).toEqual({ help: true });
    expect(parseArgs(['--nope'], {})).toMatchObject({ error: expect.stringContaining('--help') });
    expect(parseArgs([], { PORT: '8080' })).toMatchObject({ port: 8080 });
    expect(parseArgs(['--port', '9000'], { PORT: '8080' })).toMatchObject({ port: 9000 });
    expect(parseArgs(['--port=0'], {})).toMatchObject({ port: 0 });
    expect(parseArgs(['--port', 'ten'], {})).toEqual({ error: expect.stringMatching(/^\[clientele\] port must be a whole number from 0 to 65535, got "ten"/) });
    expect(parseArgs(['--bogus'], {})).toEqual({ error: expect.stringContaining('unknown option "--bogus"') });
  });
});
