// The folders show the runtime split, and this test keeps it so: the engine that runs in the shopper's worker
// (worker/) and the pure scoring it shares with the builder (scoring/) never import tfjs or the training code
// (train/), whatever a bundler would tree-shake. It reads the import statements of the source itself.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const IMPORT = /(?:^|[;\s])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[;\s])import\s*\(?\s*['"]([^'"]+)['"]/gm;

/** The specifiers a source file imports (static, re-exports, side-effect and literal dynamic imports). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) out.push(m[1] ?? m[2]);
  return out;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const p = join(dir, name);
    if (statSync(join(root, p)).isDirectory()) out.push(...filesUnder(p));
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** A relative specifier as a repo path ('worker/engine.ts'), or the bare package name. */
const target = (from: string, spec: string): string => (spec.startsWith('.') ? relative(root, resolve(root, dirname(from), spec)) : spec);

/** What each part may not import: folders by prefix, packages by name. */
const RULES: Array<{ part: string; forbidden: RegExp; why: string }> = [
  { part: 'worker/', forbidden: /^(train\/|scripts\/|bench\/|@tensorflow\/)/, why: 'the engine scores with typed arrays; training and tfjs live in train/' },
  { part: 'scoring/', forbidden: /^(train\/|worker\/|widget\/|scripts\/|bench\/|@tensorflow\/|idb$|preact|node:)/, why: 'pure scoring shared by the engine, the builder and eval' },
  { part: 'src/contract/', forbidden: /^(train\/|worker\/|scoring\/|widget\/|@tensorflow\/|idb$|preact)/, why: 'the contract imports nothing from the runtime' },
];

describe('dependency rules', () => {
  for (const rule of RULES) {
    it(`${rule.part} imports nothing matching ${rule.forbidden} (${rule.why})`, () => {
      const bad: string[] = [];
      for (const f of filesUnder(rule.part)) for (const spec of importsOf(join(root, f))) if (rule.forbidden.test(target(f, spec))) bad.push(`${f} imports ${spec}`);
      expect(bad).toEqual([]);
    });
  }

  it('everything the engine worker entry reaches is engine, scoring, contract or message-catalogue code, and nothing reaches tfjs', () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const queue = ['worker/index.ts'];
    while (queue.length) {
      const f = queue.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const spec of importsOf(join(root, f))) {
        const t = target(f, spec);
        if (spec.startsWith('.')) queue.push(t);
        else packages.add(t.split('/').slice(0, t.startsWith('@') ? 2 : 1).join('/'));
      }
    }
    expect([...seen].filter((f) => !/^(worker|scoring|src\/contract|src\/messages)\//.test(f))).toEqual([]);
    expect([...packages].sort()).toEqual(['comlink', 'idb']);
    expect(seen.has('worker/recommend/index.ts')).toBe(true);
  });

  it('the walker sees every kind of import it guards against', () => {
    const probe = join(root, 'worker/engine.ts');
    expect(importsOf(probe).length).toBeGreaterThan(3);
    expect(target('worker/engine.ts', '../train/tf.ts')).toBe('train/tf.ts');
    expect(RULES[0].forbidden.test(target('worker/recommend/rows.ts', '../../train/models/ials.ts'))).toBe(true);
    expect(RULES[0].forbidden.test('@tensorflow/tfjs-core')).toBe(true);
  });
});
