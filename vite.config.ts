// Shared Vite settings and the unit-test config. The script-tag, worker, widget and ESM builds are
// driven by scripts/build.ts, which layers its per-entry settings over these.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    // Vitest's default is one fewer than the cores: on CI's two, one file at a time, and the 50 s site-model budgets
    // file held up the other 78. The CLI tests mostly wait on child processes.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
