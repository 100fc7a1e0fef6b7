// A tiny static server for the demo shop, the browser tests and the bench: serves the repository root
// (so /dist/clientele.js and /demo/... resolve as they would on a real site) with no dependencies.
//
//   npx tsx scripts/serve.ts [--port 5173] [--root .] [--csp]     (or PORT=8080 npm run demo)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Content types by file extension; anything else is served as application/octet-stream. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/**
 * The content type for a path, by its extension.
 * @example contentType('/dist/tfjs-backend-wasm.wasm') // "application/wasm"
 */
export function contentType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path onto a file under root, or null when it would leave root (`..`, encoded or not,
 * absolute tricks, NUL bytes). Does not touch the disk.
 * @example resolveUnderRoot('/srv/app', '/demo/index.html') // "/srv/app/demo/index.html"
 */
export function resolveUnderRoot(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = resolve(root);
  const full = resolve(base, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded));
  return full === base || full.startsWith(base + sep) ? full : null;
}

export interface ServerHandle {
  /** Base URL without a trailing slash, e.g. "http://127.0.0.1:5173". */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Folder to serve; defaults to the repository root. */
  root?: string;
  /** 0 picks a free port (what tests want). Defaults to 5173. */
  port?: number;
  host?: string;
  /** Called once per request with "<status> <method> <url>"; off by default. */
  log?: (line: string) => void;
  /** Where the demo collector (POST /collect) appends forwarded events; default <root>/.tmp/collected.ndjson. */
  collectFile?: string;
  /**
   * Serves HTML under the README's strict Content-Security-Policy (STRICT_CSP; the owner page adds
   * 'wasm-unsafe-eval'), with the inline snippet replaced by dist/clientele-snippet.js, as the README says.
   */
  csp?: boolean;
}

/** The README's minimal policy for shop pages. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'";
/** The inline snippet as the demo pages carry it. */
const INLINE_SNIPPET = /<script>\s*!function\(w\)\{var c=w\.clientele[\s\S]*?<\/script>/;

/** The most one beacon may carry. */
const MAX_COLLECT_BYTES = 1_000_000;

/**
 * The demo's collector: POST /collect appends the forwarded events (NDJSON, one per line) to a file, GET /collect
 * returns them for the owner page's report, DELETE /collect empties it. Lines that are not events are dropped.
 */
async function collect(file: string, req: IncomingMessage, res: ServerResponse): Promise<number> {
  if (req.method === 'GET' || req.method === 'HEAD') {
    try {
      const info = await stat(file);
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Content-Length': String(info.size), 'Cache-Control': 'no-store' });
      if (req.method === 'HEAD') { res.end(); return 200; }
      await new Promise<void>((done) => createReadStream(file).on('end', done).on('error', () => { res.destroy(); done(); }).pipe(res));
    } catch {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end();
    }
    return 200;
  }
  if (req.method === 'DELETE') {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, '');
    send(res, 204, '');
    return 204;
  }
  if (req.method !== 'POST') {
    send(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD, POST, DELETE' });
    return 405;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_COLLECT_BYTES) { send(res, 413, 'Too large: send at most 1 MB per batch\n'); return 413; }
    chunks.push(c as Buffer);
  }
  const lines: string[] = [];
  for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as { event?: unknown };
      if (e && typeof e === 'object' && typeof e.event === 'string') lines.push(JSON.stringify(e));
    } catch { /* not an event */ }
  }
  if (lines.length) {
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, lines.join('\n') + '\n');
  }
  send(res, 204, '');
  return 204;
}

const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', ...headers });
  res.end(body);
}

async function handle(root: string, realRoot: string, req: IncomingMessage, res: ServerResponse, collectFile: string, csp: boolean): Promise<number> {
  if (req.url === '/collect' || req.url?.startsWith('/collect?')) return collect(collectFile, req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
    return 405;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  // The browser asks for /favicon.ico on pages without an icon link (the fixtures): a 404 in the console otherwise.
  const to = url.pathname === '/favicon.ico' ? '/demo/img/party.svg' : ['/', '/demo', '/demo/'].includes(url.pathname) ? '/demo/index.html' + url.search : null;
  if (to) {
    res.writeHead(302, { Location: to, 'Cache-Control': 'no-cache' });
    res.end();
    return 302;
  }
  let file = resolveUnderRoot(root, url.pathname);
  if (!file) {
    send(res, 403, 'Forbidden\n');
    return 403;
  }
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      file = resolve(file, 'index.html');
      info = await stat(file);
    }
    // A symlink inside root may point outside it; serve only what really lives under root.
    const real = await realpath(file);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) {
      send(res, 403, 'Forbidden\n');
      return 403;
    }
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
    // no-cache with a validator, as static hosts serve by default: a repeat visit revalidates (304) instead of
    // downloading again, and a rebuilt file is picked up at once.
    const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    const headers = { 'Cache-Control': 'no-cache', ETag: etag, 'X-Content-Type-Options': 'nosniff' };
    if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) {
      res.writeHead(304, headers);
      res.end();
      return 304;
    }
    if (csp && extname(file) === '.html') {
      const body = (await readFile(file, 'utf8')).replace(INLINE_SNIPPET, '<script src="/dist/clientele-snippet.js"></script>');
      const policy = url.pathname.endsWith('/owner.html') ? STRICT_CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'") : STRICT_CSP;
      res.writeHead(200, { 'Content-Type': contentType(file), ...headers, 'Content-Security-Policy': policy });
      res.end(req.method === 'HEAD' ? undefined : body);
      return 200;
    }
    res.writeHead(200, { 'Content-Type': contentType(file), 'Content-Length': String(info.size), ...headers });
    if (req.method === 'HEAD') {
      res.end();
      return 200;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(file!);
      stream.on('error', () => { res.destroy(); done(); });
      stream.on('end', done);
      stream.pipe(res);
    });
    return 200;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const hint = url.pathname.startsWith('/dist/') ? ' (run npm run build first)' : '';
      send(res, 404, `Not found: ${url.pathname}${hint}\n`);
      return 404;
    }
    send(res, 500, 'Server error\n');
    return 500;
  }
}

/**
 * Starts the static server; resolves once it listens, or rejects with a message that names the fix
 * (for instance when the port is taken).
 * @example const { url, close } = await startServer({ port: 0 }); await fetch(url + '/demo/index.html'); await close();
 */
export function startServer(opts: ServeOptions = {}): Promise<ServerHandle> {
  const root = resolve(opts.root ?? REPO_ROOT);
  const host = opts.host ?? '127.0.0.1';
  const wanted = opts.port ?? 5173;
  return realpath(root).then((realRoot) => new Promise<ServerHandle>((ok, fail) => {
    const server = createServer((req, res) => {
      handle(root, realRoot, req, res, opts.collectFile ?? join(root, '.tmp', 'collected.ndjson'), opts.csp === true).then(
        (status) => opts.log?.(`${status} ${req.method} ${req.url}`),
        () => { if (!res.headersSent) send(res, 500, 'Server error\n'); else res.destroy(); },
      );
    });
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') fail(new Error(`[clientele] port ${wanted} on ${host} is already in use; stop the other server or pick another port with --port ${wanted + 1} (or PORT=${wanted + 1})`));
      else if (err.code === 'EACCES') fail(new Error(`[clientele] not allowed to listen on port ${wanted}; use a port above 1024, e.g. --port 5173`));
      else fail(err);
    });
    server.listen(wanted, host, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : wanted;
      ok({
        url: `http://${host}:${port}`,
        port,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  }));
}

/** What `--help` prints. */
export const USAGE = `Usage: npm run demo -- [--port <number>] [--root <folder>] [--quiet] [--csp]
  --port, -p  port to listen on (default 5173, or $PORT; 0 picks a free one)
  --root      folder to serve (default: this repository)
  --quiet     no request log
  --csp       serve pages under the strict Content-Security-Policy, with the snippet as a file`;

/**
 * Reads --port / --root / --quiet / --csp from argv and PORT from the environment; the flag wins. `--help` or `-h` asks for USAGE.
 * @example parseArgs(['--port', '8080'], {}) // { port: 8080, root: undefined, quiet: false, csp: false }
 */
export function parseArgs(argv: string[], env: Record<string, string | undefined>): { port: number; root?: string; quiet: boolean; csp: boolean } | { error: string } | { help: true } {
  let portText = env.PORT;
  let root: string | undefined;
  let quiet = false;
  let csp = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a === '-p') portText = argv[++i];
    else if (a.startsWith('--port=')) portText = a.slice(7);
    else if (a === '--root') root = argv[++i];
    else if (a === '--quiet') quiet = true;
    else if (a === '--csp') csp = true;
    else if (a === '--help' || a === '-h') return { help: true };
    else return { error: `[clientele] unknown option ${JSON.stringify(a)}; use --port <number>, --root <folder>, --quiet or --csp (--help lists them)` };
  }
  if (portText === undefined || portText === '') return { port: 5173, root, quiet, csp };
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { error: `[clientele] port must be a whole number from 0 to 65535, got ${JSON.stringify(portText)}` };
  return { port, root, quiet, csp };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), process.env);
  if ('help' in args) {
    console.log(USAGE);
    return;
  }
  if ('error' in args) {
    console.error(args.error);
    process.exitCode = 2;
    return;
  }
  try {
    const server = await startServer({ port: args.port, root: args.root, csp: args.csp, log: args.quiet ? undefined : (line) => { if (!/^[23]/.test(line)) console.log(line); } });
    console.log(`Clientele demo shop: ${server.url}/demo/index.html`);
    console.log(`serving ${resolve(args.root ?? REPO_ROOT)}${args.csp ? ' under the strict Content-Security-Policy, snippet as a file' : ''} (Ctrl+C to stop)`);
    const stop = () => { server.close().then(() => process.exit(0)); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
