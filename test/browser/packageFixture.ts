// Installs the packed package into a fixture app the way an adopter's `npm ci` would, without the network:
// the fixture's lockfile is made from the repository's own (the package's dependencies at the versions the
// repository tested), so npm finds every tarball in the cache that the repository's `npm ci` filled.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Inside the repository (gitignored) so the fixtures find the repository's Vite and webpack by Node's lookup. */
export const WORK = join(ROOT, '.tmp/bundlers');

interface LockEntry { version?: string; resolved?: string; integrity?: string; dev?: boolean; devOptional?: boolean; dependencies?: Record<string, string>; [k: string]: unknown }

const run = (cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false', ...env } });

/** `npm pack` of the built repository; returns the tarball's path. Run `npm run build` first. */
export function packTarball(): string {
  const dest = join(WORK, 'pack');
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dest], ROOT)) as Array<{ filename: string }>;
  return join(dest, out[0].filename);
}

/** The files `npm pack` puts in the tarball. */
export function packedFiles(tarball: string): string[] {
  return run('tar', ['-tzf', tarball], ROOT).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
}

/**
 * Copies test/bundlers/<name> (plus the shared shop code and catalog) to .tmp/bundlers/<name> and runs
 * `npm ci --offline` there with `clientele` from `tarball`. Returns the app's folder.
 */
export function installFixture(name: string, tarball: string): string {
  const dir = join(WORK, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(ROOT, 'test/bundlers', name), dir, { recursive: true });
  cpSync(join(ROOT, 'test/bundlers/shop.js'), join(dir, 'shop.js'));
  cpSync(join(ROOT, 'test/bundlers/catalog.json'), join(dir, 'catalog.json'));
  mkdirSync(join(dir, 'public'), { recursive: true });
  cpSync(join(ROOT, 'test/bundlers/catalog.json'), join(dir, 'public/catalog.json'));

  const spec = `file:${relative(dir, tarball)}`;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  pkg.dependencies = { clientele: spec };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');

  const rootLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; bin: Record<string, string>; license: string; engines: Record<string, string> };
  const packages: Record<string, LockEntry> = {
    '': { name: pkg.name, dependencies: { clientele: spec } },
    'node_modules/clientele': {
      version: rootPkg.version,
      resolved: spec,
      integrity: 'sha512-' + createHash('sha512').update(readFileSync(tarball)).digest('base64'),
      license: rootPkg.license,
      dependencies: rootPkg.dependencies,
      bin: rootPkg.bin,
      engines: rootPkg.engines,
    },
  };
  // The package's runtime dependencies are exactly the repository's non-dev ones. The repository's lockfile
  // leaves out tarball URLs; without one npm would ask the registry for the package's metadata.
  const registry = run('npm', ['config', 'get', 'registry'], ROOT).trim().replace(/\/?$/, '/');
  for (const [path, entry] of Object.entries(rootLock.packages)) {
    if (!path || entry.dev || entry.devOptional || !path.startsWith('node_modules/') || entry.link) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 13);
    packages[path] = { resolved: `${registry}${name}/-/${name.split('/').pop()}-${entry.version}.tgz`, ...entry };
  }
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: pkg.name, lockfileVersion: 3, requires: true, packages }, null, 2) + '\n');
  run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], dir);
  return dir;
}

/** Runs a Node script from the repository's node_modules (vite, webpack, typescript) in the app's folder. */
export function runIn(dir: string, args: string[], env: Record<string, string> = {}): string {
  return run(process.execPath, args, dir, env);
}
