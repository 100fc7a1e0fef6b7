// Shared Vite settings and the unit-test config. The script-tag, worker, widget and ESM builds are
// driven by scripts/build.ts, which layers its per-entry settings over these.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Preact copies each vnode a component returns in a list (a fragment) with `for (k in v) copy[k] = v[k]`, and a vnode
// has its own `constructor: undefined`: on a page that froze Object.prototype (a defence against prototype pollution,
// or SES's lockdown) that assignment throws, and every card of a row was left out unseen
// (test/browser/round36b-frozen-object-prototype.spec.ts). The copy is made with a spread instead, which defines the
// key on the copy as the browser does for an object literal.
const preactFrozenPrototype = {
  name: 'preact-frozen-prototype',
  transform(code: string, id: string) {
    // The JSX runtime copies the props of an element that has a ref with `for (k in props)`: by own keys, as below.
    if (/[\\/]preact[\\/]jsx-runtime[\\/]dist[\\/]jsxRuntime\.m?(odule\.)?js/.test(id)) {
      const jsx = code.replace(/for\((\w) in (\w)=\{\},(\w)\)/, 'for($1 of ($2={},Object.keys($3)))');
      if (jsx === code) throw new Error(`${id}: Preact's JSX props copy was not found: see preactFrozenPrototype in vite.config.ts`);
      return jsx;
    }
    if (!/[\\/]preact[\\/]dist[\\/]preact\.m?(odule\.)?js/.test(id)) return null;
    const out = code.replace(/(void 0!==(\w)\.constructor\?null:)\w\(\{\},\2\)/, '$1{...$2}');
    if (out === code) throw new Error(`${id}: Preact's vnode copy was not found: see preactFrozenPrototype in vite.config.ts`);
    // An element's old and new props are walked by their own keys, not `for (k in props)`: that also visited a key a
    // page's prototype-pollution bug left on Object.prototype, and a polluted `dangerouslySetInnerHTML` emptied every
    // row and slot (round38c-polluted-preact-props).
    let walks = 0;
    // createElement() copies a vnode's props by their own keys too: `for (k in props)` made the polluted key the
    // vnode's own, and every element of a widget took its HTML (the walks above alone let it in).
    const owned = out
      .replace(/for\((\w) in (\w)\)(\w)=\2\[\1\],("(?:dangerouslySetInnerHTML|children)"==\1)/g, (_m, k, o, v, test) => (walks++, `for(${k} of Object.keys(${o}))${v}=${o}[${k}],${test}`))
      .replace(/for\((\w) in (\w)\)("key"==\1)/, (_m, k, o, test) => (walks++, `for(${k} of Object.keys(${o}||{}))${test}`));
    if (walks !== 3) throw new Error(`${id}: Preact's props copy and two props walks were not found: see preactFrozenPrototype in vite.config.ts`);
    return owned;
  },
};

export default defineConfig({
  plugins: [preactFrozenPrototype],
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
