// Round 41e (installs the README does not yet show). The package's `exports` named only its ESM entry, so Node and
// every bundler refused any other path: a build step that finds the files to serve with
// `require.resolve('clientele/dist/clientele-worker.js')` (copy plugins for esbuild and Rollup, which the README's
// Bundlers section asks to copy dist/), or a tool that reads `clientele/package.json` (its version, its `bin`), got
// ERR_PACKAGE_PATH_NOT_EXPORTED. Resolved here through the package's own name (Node's self-reference), as a
// consumer's node_modules/clientele is.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const resolve = (spec: string) => execFileSync(process.execPath, ['--input-type=module', '-e', `try { console.log(import.meta.resolve(${JSON.stringify(spec)})) } catch (e) { console.log(e.code) }`], { cwd: root, encoding: 'utf8' }).trim();

describe("the package's exports", () => {
  it('resolve the entry, the files dist/ holds and package.json', () => {
    expect(resolve('clientele')).toBe(new URL('dist/esm/index.js', `file://${root}`).href);
    for (const f of ['dist/clientele-worker.js', 'dist/clientele.js', 'dist/clientele-snippet.js', 'package.json']) expect(resolve(`clientele/${f}`), f).toBe(new URL(f, `file://${root}`).href);
  });
  it('keep the fields a consumer reads: types first, ESM only, no side effects at import', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
    expect(Object.keys(pkg.exports['.'])[0]).toBe('types');
    expect(pkg.exports['.'].types).toBe(pkg.types);
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'bin']));
  });
});
