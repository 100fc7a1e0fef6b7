#!/usr/bin/env node
// The `clientele` command: dispatches subcommands to their modules.
// A built copy (dist/cli/<name>.js) runs as plain JS; otherwise (a source checkout) the TypeScript
// module is loaded in-process through tsx's ESM loader, so `npx clientele ...` works without a build step.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const COMMANDS = {
  'build-model': { module: 'build-model', about: 'build a site model (manifest.json + weights.bin) from an interaction log' },
  segments: { module: 'segments-cli', about: 'train and inspect customer segments from an order log' },
  report: { module: 'report', about: 'experiment and holdout results (lift, intervals, SRM, segments) from forwarded events' },
};

function usage() {
  const lines = ['Usage: npx clientele <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(12)} ${c.about}`);
  lines.push('', 'Run `npx clientele <command> --help` for the options of one command.');
  return lines.join('\n') + '\n';
}

async function load(name) {
  const built = join(root, 'dist', 'cli', `${name}.js`);
  if (existsSync(built)) return import(pathToFileURL(built).href);
  const source = join(root, 'scripts', `${name}.ts`);
  if (!existsSync(source)) throw new Error(`[clientele] this install has neither dist/cli/${name}.js nor scripts/${name}.ts; reinstall clientele or run \`npm run build\``);
  let api;
  try {
    api = await import('tsx/esm/api');
  } catch {
    throw new Error('[clientele] running from source needs tsx (a dev dependency); run `npm install` in the clientele checkout or `npm run build`');
  }
  const unregister = api.register();
  try {
    return await import(pathToFileURL(source).href);
  } finally {
    // modules already loaded keep working; later imports go back to plain Node
    void unregister;
  }
}

const [command, ...rest] = process.argv.slice(2);
if (!command || command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(usage());
  process.exitCode = command ? 0 : 2;
} else if (!Object.hasOwn(COMMANDS, command)) {
  process.stderr.write(`[clientele] "${command}" is not a clientele command; use one of: ${Object.keys(COMMANDS).join(', ')}\n\n${usage()}`);
  process.exitCode = 2;
} else {
  try {
    const mod = await load(COMMANDS[command].module);
    if (typeof mod.main !== 'function') throw new Error(`[clientele] the ${command} module has no main(argv) export`);
    process.exitCode = await mod.main(rest);
  } catch (e) {
    process.stderr.write((e instanceof Error ? e.message : String(e)) + '\n');
    process.exitCode = 1;
  }
}
