import { describe, expect, it, vi } from 'vitest';
import { warmIntl } from '../../worker/warmIntl.ts';

describe('warmIntl', () => {
  it('builds the formatter the widget will ask for', () => {
    const nf = vi.spyOn(Intl, 'NumberFormat');
    warmIntl('en-GB', 'GBP');
    expect(nf).toHaveBeenCalledWith('en-GB', { style: 'currency', currency: 'GBP' });
    nf.mockRestore();
  });

  it.each([
    ['an invalid locale', 'not a locale!', 'GBP'],
    ['an invalid currency', 'en-GB', 'EURO'],
    ['no currency', 'zh-CN', undefined],
  ])('never throws on %s', (_what, locale, currency) => {
    expect(() => warmIntl(locale, currency)).not.toThrow();
  });
});
