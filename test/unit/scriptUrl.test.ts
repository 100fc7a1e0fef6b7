// The Trusted Types policy the page and the worker pass Clientele's script URLs through (src/contract/scriptUrl.ts).
import { describe, expect, it, vi } from 'vitest';
import { OWN_SCRIPT, scriptUrlPolicy, type ScriptUrlPolicy } from '../../src/contract/scriptUrl.ts';

/** A scope whose trustedTypes hands back the rules it was given, or refuses the name as a CSP directive would. */
const names: string[] = [];
const scope = (refuse = false) => ({
  trustedTypes: {
    createPolicy(name: string, rules: ScriptUrlPolicy) {
      if (refuse) throw new TypeError(`Policy "${name}" disallowed.`);
      names.push(name);
      return rules;
    },
  },
});

describe('OWN_SCRIPT', () => {
  it.each([
    ['https://shop.example/clientele/clientele-widget.js', true],
    ['http://127.0.0.1:4571/dist/clientele-worker.js', true],
    ['https://shop.example/assets/clientele-worker-B1x_9a.js', true],
    ['https://shop.example/assets/3f2a9c.js?v=1', true],
    ['blob:https://shop.example/0b6f6a3e-4c1e-4d6e-9a51-7c0e1d0a1f00', true],
    ['javascript:alert(1)', false],
    ['data:text/javascript,alert(1)', false],
    ['https://shop.example/api/jsonp?callback=x.js', false],
    ['https://shop.example/clientele/', false],
    ['//evil.example/x.js', false],
  ])('%s: %s', (url, own) => expect(OWN_SCRIPT.test(url)).toBe(own));
});

describe('scriptUrlPolicy', () => {
  it("makes one policy named clientele that passes Clientele's URLs and throws for any other", () => {
    const s = scope();
    const p = scriptUrlPolicy(s, () => undefined)!;
    expect(names).toEqual(['clientele']);
    expect(p.createScriptURL('https://cdn.example/clientele/clientele-markup.js')).toBe('https://cdn.example/clientele/clientele-markup.js');
    expect(() => p.createScriptURL('javascript:alert(1)')).toThrow(TypeError);
  });
  it('is null where Trusted Types do not exist, and says nothing', () => {
    const refused = vi.fn();
    expect(scriptUrlPolicy({}, refused)).toBeNull();
    expect(refused).not.toHaveBeenCalled();
  });
  it("tries each name in order: a worker whose CSP names only 'default' gets that one", () => {
    const refused = vi.fn();
    const made: string[] = [];
    const worker = { trustedTypes: { createPolicy(name: string, rules: ScriptUrlPolicy) { if (name !== 'default') throw new TypeError('disallowed'); made.push(name); return rules; } } };
    expect(scriptUrlPolicy(worker, refused, ['clientele', 'default'])).not.toBeNull();
    expect(made).toEqual(['default']);
    expect(refused).not.toHaveBeenCalled();
  });
  it("is null where the CSP refuses the name, after telling `refused` why; it never throws", () => {
    const refused = vi.fn();
    expect(scriptUrlPolicy(scope(true), refused)).toBeNull();
    expect(refused).toHaveBeenCalledOnce();
  });
});
