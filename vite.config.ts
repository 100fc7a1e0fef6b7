// Shared Vite settings and the unit-test config. The script-tag, worker, widget and ESM builds are
// driven by scripts/build.ts, which layers its per-entry settings over these.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
