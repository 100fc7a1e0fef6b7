#!/usr/bin/env node
// The `clientele` command. An installed package runs its built CLI (dist/cli/clientele.js, plain JS);
// a source checkout without a build runs scripts/cli/main.ts through tsx, so `npx clientele ...` works in both.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function load() {
  const built = join(root, 'dist', 'cli', 'clientele.js');
  if (existsSync(built)) return import(pathToFileURL(built).href);
  const source = join(root, 'scripts', 'cli', 'main.ts');
  if (!existsSync(source)) throw new Error('[clientele] this install has neither dist/cli/clientele.js nor scripts/cli/main.ts; reinstall clientele');
  let api;
  try {
    api = await import('tsx/esm/api');
  } catch {
    throw new Error('[clientele] running from a source checkout needs tsx (a dev dependency); run `npm install` there, or `npm run build`');
  }
  api.register();
  return import(pathToFileURL(source).href);
}

try {
  const { runCli } = await load();
  process.exitCode = await runCli(process.argv.slice(2));
} catch (e) {
  process.stderr.write((e instanceof Error ? e.message : String(e)) + '\n');
  process.exitCode = 1;
}
