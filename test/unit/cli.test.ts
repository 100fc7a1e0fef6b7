// The CLI shell: argument messages, path checks made before any work, the small-holdout warning.
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandArgs, usage, type OptionSpec } from '../../scripts/cli/args.ts';
import { checkInputFile, prepareOutputDir, prepareOutputFile } from '../../scripts/cli/files.ts';
import { holdoutWarning } from '../../scripts/cli/holdout.ts';
import { COMMANDS } from '../../scripts/cli/commands.ts';

const spec: Record<string, OptionSpec> = {
  events: { type: 'string', value: '<file>', about: 'log', required: true, alias: 'orders' },
  out: { type: 'string', value: '<dir>', about: 'out', required: true },
  horizon: { type: 'string', value: '<days>', about: 'h', number: { min: 1, max: 3650, whole: true } },
  json: { type: 'boolean', about: 'json' },
};

describe('parseCommandArgs', () => {
  it.each([
    [['--events', 'a.csv', '--out', 'm'], { events: 'a.csv', out: 'm' }],
    [['--orders', 'a.csv', '--out=m', '--json'], { events: 'a.csv', out: 'm', json: true }],
    [['--events', 'a.csv', '--out', 'm', '--horizon', '30'], { events: 'a.csv', out: 'm', horizon: '30' }],
  ])('%j', (argv, values) => {
    expect(parseCommandArgs('x', spec, argv)).toEqual({ values });
  });
  it.each([
    [['--event', 'a.csv'], '[clientele] x does not know the option "--event"; run `npx clientele x --help` for its options'],
    [['--events'], '[clientele] --events needs a value, e.g. --events <file>'],
    [['--events', '--out', 'm'], '[clientele] --events needs a value, e.g. --events <file>'],
    [['--events', 'a.csv'], '[clientele] x needs --out <dir>'],
    [[], '[clientele] x needs --events <file> and --out <dir>'],
    [['--events', 'a', '--out', 'm', '--horizon', '2.5'], '[clientele] --horizon must be a whole number from 1 to 3650, got "2.5"'],
    [['--events', 'a', '--out', 'm', '--json=yes'], '[clientele] --json takes no value; run `npx clientele x --help` for its options'],
    [['stray'], '[clientele] x takes options only, got "stray"; run `npx clientele x --help` for its options'],
  ])('%j is refused with one message', (argv, error) => {
    expect(parseCommandArgs('x', spec, argv)).toEqual({ error });
  });
  it('every command has a help in the same layout', () => {
    for (const [name, c] of Object.entries(COMMANDS)) {
      const text = usage(name, c.about, c.options, c.examples, c.notes);
      expect(text).toMatch(new RegExp(`^Usage: npx clientele ${name} --`));
      expect(text).toMatch(/\nOptions:\n/);
      expect(text).toMatch(/\nExamples:\n {2}npx clientele /);
    }
  });
});

describe('paths are checked before the work', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-cli-'));
  writeFileSync(join(dir, 'log.csv'), 'user,item,ts\n');
  it('input files must exist and be files', () => {
    expect(checkInputFile('--events', join(dir, 'log.csv'))).toBeNull();
    expect(checkInputFile('--events', join(dir, 'nope.csv'))).toMatch(/^\[clientele\] --events ".*nope\.csv" does not exist; pass the path of an existing file$/);
    expect(checkInputFile('--events', dir)).toMatch(/is a folder; pass the path of a file in it$/);
  });
  it('output folders are created, or refused when a file is in the way', () => {
    expect(prepareOutputDir('--out', join(dir, 'a/b/model'))).toBeNull();
    expect(existsSync(join(dir, 'a/b/model'))).toBe(true);
    expect(prepareOutputDir('--out', join(dir, 'log.csv'))).toMatch(/is a file, not a folder/);
    expect(prepareOutputDir('--out', join(dir, 'log.csv/model'))).toMatch(/could not be created \(ENOTDIR\)/);
  });
  it('output files get their folder made, and are refused when they are folders', () => {
    expect(prepareOutputFile('--out', join(dir, 'crm/segments.csv'))).toBeNull();
    expect(existsSync(join(dir, 'crm'))).toBe(true);
    mkdirSync(join(dir, 'taken.csv'));
    expect(prepareOutputFile('--out', join(dir, 'taken.csv'))).toMatch(/is a folder; pass a file name like/);
    expect(prepareOutputFile('--out', join(dir, 'log.csv/x.csv'))).toMatch(/which is a file; pass a path in a folder/);
  });
});

describe('holdoutWarning', () => {
  it('is silent for a holdout big enough to compare models', () => {
    expect(holdoutWarning(200, 0.4)).toBeNull();
    expect(holdoutWarning(4074, 0.44)).toBeNull();
  });
  it('gives the 95% interval of a small holdout', () => {
    // 1.96 * sqrt(0.3 * 0.7 / 70) = 0.1074
    expect(holdoutWarning(70, 0.3)).toMatch(/only 70 users, so its scores are rough: HitRate@10 0\.300 ± 0\.107 \(95%\)/);
  });
  it('says a one-user holdout means nothing, whatever it scored', () => {
    expect(holdoutWarning(1, 1)).toMatch(/only 1 user, too few for its scores to mean anything/);
  });
});
