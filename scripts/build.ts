// Builds every file a site serves: the script tag (IIFE), the worker (classic IIFE worker, the only
// bundle with idb), the widget chunk (IIFE, the only one with Preact), the owner page's build worker
// (with tfjs), the ESM entry for bundlers with its types, the tfjs wasm binaries the build worker
// loads, and the `clientele` command line (dist/cli) that the npm package ships.
import { build, type InlineConfig } from 'vite';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const bundlerAssets = join(root, 'src/esm/bundlerAssets.js');

const iife = (entry: string, fileName: string, name?: string): InlineConfig => ({
  root,
  configFile: join(root, 'vite.config.ts'),
  logLevel: 'warn',
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: dist,
    emptyOutDir: false,
    target: 'es2020',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: { entry: join(root, entry), formats: ['iife'], name: name ?? '__clientele', fileName: () => fileName },
    // No `Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' })` atop each chunk: on a page whose
    // Object.prototype carries a polluted `get` or `set` that descriptor inherits it and the define throws, so the chunk
    // (rows, the page's markup reader) never loaded and its error reached the page (round38c-hostile-builtins).
    rolldownOptions: { output: { generatedCode: { symbols: false } } },
  },
});

async function main() {
  const t0 = performance.now();
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  await build(iife('src/script.ts', 'clientele.js'));
  await build(iife('worker/index.ts', 'clientele-worker.js'));
  // the product reader, loaded into the engine worker only when a page's markup may describe a product
  await build(iife('worker/productReader.ts', 'clientele-reader.js', '__clienteleReader'));
  // every message catalogue but English, loaded into the engine worker only for pages in another language
  await build(iife('src/messages/languages.ts', 'clientele-messages.js', '__clienteleMessages'));
  // holdout and experiment assignment and the slot bandit, loaded into the engine worker only when the config runs one
  await build(iife('worker/experiments/plans.ts', 'clientele-experiments.js', '__clienteleExperiments'));
  // the owner page's in-browser site-model build; shops never load it
  await build(iife('train/buildWorker/index.ts', 'clientele-build-worker.js'));
  // Page chunks: dist/clientele-<name>.js assigns its module to window.__clientele<Name> (src/loadAssets.ts).
  await build(iife('widget/index.tsx', 'clientele-widget.js', '__clienteleWidget'));
  // autocapture and the widget scan, loaded by every page while its worker starts
  await build(iife('src/pageChunk.ts', 'clientele-page.js', '__clientelePage'));
  // microdata/RDFa reader, loaded only by pages that carry such markup
  await build(iife('src/autocapture/items/index.ts', 'clientele-markup.js', '__clienteleMarkup'));
  // forwarding (callback, dataLayer, sendBeacon): loaded only once the worker has events to forward
  await build(iife('src/forwardChunk.ts', 'clientele-forward.js', '__clienteleForwardChunk'));
  // onSegments() and config.dataLayer, loaded only by pages that use them
  await build(iife('src/segmentsChunk.ts', 'clientele-segments.js', '__clienteleSegments'));
  // the owner page's report (statistics and Vega charts); shops never load it
  await build(iife('report/ownerChunk.ts', 'clientele-report.js', '__clienteleReport'));
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: {
      outDir: join(dist, 'esm'),
      emptyOutDir: false,
      target: 'es2020',
      minify: false,
      reportCompressedSize: false,
      lib: { entry: join(root, 'src/index.ts'), formats: ['es'], fileName: () => 'index.js' },
      // Copied as written (below): its `new Worker(new URL(..., import.meta.url))` is for the app's bundler, not ours.
      rolldownOptions: { external: [bundlerAssets], output: { paths: { [bundlerAssets]: './bundlerAssets.js' } } },
    },
  });
  copyFileSync(bundlerAssets, join(dist, 'esm/bundlerAssets.js'));
  // The CLI (`npx clientele ...`) for Node: the package's dependencies (tfjs with its wasm files,
  // cli-progress) stay imports, resolved from the adopter's node_modules; everything else is bundled.
  const deps = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    ssr: { noExternal: true, external: deps },
    build: {
      outDir: join(dist, 'cli'),
      emptyOutDir: false,
      target: 'node20',
      ssr: join(root, 'scripts/cli/main.ts'),
      minify: false,
      reportCompressedSize: false,
      rolldownOptions: { output: { format: 'es', entryFileNames: 'clientele.js', chunkFileNames: '[name]-[hash].js' } },
    },
  });
  // The snippet as a file, for pages whose Content-Security-Policy refuses inline scripts.
  copyFileSync(join(root, 'src/snippet.js'), join(dist, 'clientele-snippet.js'));
  const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  for (const f of readdirSync(wasmDir)) if (f.endsWith('.wasm')) copyFileSync(join(wasmDir, f), join(dist, f));
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

  for (const dir of [dist, join(dist, 'esm')]) {
    for (const f of readdirSync(dir)) if (f.endsWith('.js')) writeFileSync(join(dir, f), asciiOnly(readFileSync(join(dir, f), 'utf8')));
  }

  const sizes: Record<string, { bytes: number; gzip: number }> = {};
  for (const f of readdirSync(dist)) {
    const p = join(dist, f);
    if (!statSync(p).isFile()) continue;
    const buf = readFileSync(p);
    sizes[f] = { bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  }
  writeFileSync(join(dist, 'sizes.json'), JSON.stringify(sizes, null, 2));
  for (const [f, s] of Object.entries(sizes)) console.log(`  ${f.padEnd(36)} ${(s.bytes / 1024).toFixed(1).padStart(8)} KB  gzip ${(s.gzip / 1024).toFixed(1).padStart(7)} KB`);
  console.log(`built dist/ in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * Writes every character beyond ASCII as a \u escape (an astral one as its two surrogates, which strings, templates,
 * regular expressions with or without the u flag and comments all read as the same text). A page's classic scripts are
 * decoded in the page's own encoding when the server names no charset: on a windows-1252 page the widget's "‹" read
 * "â€¹", and on a Shift_JIS page the widget chunk did not even parse (no rows at all). Worker scripts are always UTF-8;
 * the ESM build goes through bundlers that keep it as written.
 * @example asciiOnly('a ‹ b') // 'a \\u2039 b'
 */
export function asciiOnly(code: string): string {
  // a backslash before such a character would escape the escape: none is written today; fail loudly if one ever is
  if (/\\[^\x00-\x7f]/.test(code)) throw new Error('a backslash stands before a non-ASCII character; write it as a \\u escape in the source');
  return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

main().catch((e) => {
  console.error(`build failed: ${(e as Error).message}`);
  process.exit(1);
});
