import { describe, expect, it } from 'vitest';
import { isWebUrl } from '../../src/contract/webUrl.ts';
import { resolveConfig } from '../../src/contract/config.ts';

describe('isWebUrl', () => {
  it.each([
    ['/clientele/', true],
    ['clientele/', true],
    ['https://cdn.example/clientele/', true],
    ['HTTP://cdn.example/x/', true],
    ['javascript:alert(1)', false],
    ['java\tscript:void(0)/', false],
    ['\u0001javascript:void(0)', false],
    ['data:text/javascript,alert(1)//', false],
    ['blob:https://shop.example/x', false],
  ])('%j: %s', (url, web) => expect(isWebUrl(url)).toBe(web));

  it('config.assetBase that is not one is refused with a message naming it, and the script folder is used', () => {
    const { config, problems } = resolveConfig({ assetBase: 'javascript:alert(1)', siteId: 'shop' });
    expect(config.assetBase).toBeNull();
    expect(config.siteId).toBe('shop');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/config\.assetBase.*javascript:alert\(1\)/);
  });
});
