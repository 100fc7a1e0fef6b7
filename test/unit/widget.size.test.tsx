// The widget chunk is fetched by every page that shows a widget, so its size is a budget, not a wish:
// build it the way production does (IIFE, minified, Preact included) and weigh it gzipped.
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

// The same budget as clientele-widget.js in test/browser/budgets.spec.ts, which says what each step paid for.
const BUDGET_GZIP_BYTES = 12.625 * 1024;

describe('widget chunk size', () => {
  it(`is at most ${BUDGET_GZIP_BYTES} bytes gzipped, Preact included`, async () => {
    const entry = fileURLToPath(new URL('../../widget/index.tsx', import.meta.url));
    const result = await build({
      configFile: false,
      logLevel: 'silent',
      // Weigh what ships: vitest sets NODE_ENV=test, under which JSX would compile to the development runtime
      // (jsxDEV calls carrying each element's file name and line).
      mode: 'production',
      oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
      build: {
        write: false,
        minify: true,
        lib: { entry, formats: ['iife'], name: 'ClienteleWidget', fileName: () => 'clientele-widget.js' },
      },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
    const chunks = outputs.flatMap((o) => o.output).filter((f) => f.type === 'chunk');
    expect(chunks).toHaveLength(1);
    const code = chunks[0].code;
    // Preact must be bundled in, not left as an import the page cannot resolve.
    expect(code).not.toMatch(/\bimport\b[^(]|require\(/);
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });
});
