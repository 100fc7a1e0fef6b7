// Arguments for every command through Node's util.parseArgs, with one message style for every mistake.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One option of a command, as its help shows it and as it is checked before the command runs. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What the help shows after the flag, e.g. "<file>". */
  value?: string;
  about: string;
  required?: boolean;
  /** A file the command reads, a folder or a file it writes: checked (and made) before any work. */
  path?: 'read-file' | 'write-dir' | 'write-file';
  /** A number: checked to be finite and within [min, max] (whole when `whole`). */
  number?: { min: number; max: number; whole?: boolean };
  /** Another name that means the same (e.g. segments' --orders for --events). */
  alias?: string;
  default?: string | boolean;
}

export type Values = Record<string, string | boolean | undefined>;

/**
 * `--flag -3` as `--flag=-3` for string options: node's parseArgs takes "-3" after a flag for another flag, so a
 * negative number given with a space got "argument is ambiguous" instead of the range check's message.
 * @example joinNegativeValues(['--days', '-3'], { days: { type: 'string' } }) // ['--days=-3']
 */
export function joinNegativeValues(argv: string[], options: Record<string, { type: 'string' | 'boolean' } | undefined>): string[] {
  const takes = (flag: string | undefined) => !!flag && /^--./.test(flag) && !flag.includes('=') && options[flag.slice(2)]?.type === 'string';
  const negative = (a: string | undefined) => a !== undefined && /^-\.?\d/.test(a);
  return argv.flatMap((a, i) => (negative(a) && takes(argv[i - 1]) ? [] : takes(a) && negative(argv[i + 1]) ? [`${a}=${argv[i + 1]}`] : [a]));
}

/**
 * Parses `argv` for a command; returns the values or a usage message to print (exit code 2).
 * @example parseCommandArgs('segments', { out: { type: 'string', about: '...' } }, ['--out', 'x.csv']) // { values: { out: 'x.csv' } }
 */
export function parseCommandArgs(command: string, spec: Record<string, OptionSpec>, argv: string[]): { values: Values } | { error: string } {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(spec)) {
    options[name] = { type: o.type, ...(o.default !== undefined ? { default: o.default } : {}) } as never;
    if (o.alias) options[o.alias] = { type: o.type };
  }
  const args = joinNegativeValues(argv, options);
  let values: Values;
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values as Values;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const flag = /'(-[^' ]+)/.exec(err.message)?.[1] ?? '';
    const hint = `run \`npx clientele ${command} --help\` for its options`;
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { error: `[clientele] ${command} does not know the option "${flag}"; ${hint}` };
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = flag.replace(/^-+/, '');
      const o = spec[name];
      return { error: o?.type === 'boolean' ? `[clientele] ${flag} takes no value; ${hint}` : `[clientele] ${flag} needs a value, e.g. ${flag} ${o?.value ?? '<value>'}` };
    }
    if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return { error: `[clientele] ${command} takes options only, got "${/'([^']*)'/.exec(err.message)?.[1]}"; ${hint}` };
    return { error: `[clientele] ${command}: ${err.message}` };
  }
  for (const [name, o] of Object.entries(spec)) {
    if (o.alias && values[o.alias] !== undefined && values[name] === undefined) values[name] = values[o.alias];
    delete values[o.alias ?? ''];
  }
  if (values.help) return { values };
  const missing = Object.entries(spec).filter(([n, o]) => o.required && values[n] === undefined).map(([n, o]) => `--${n} ${o.value ?? ''}`.trim());
  if (missing.length) return { error: `[clientele] ${command} needs ${missing.join(' and ')}` };
  for (const [name, o] of Object.entries(spec)) {
    const v = values[name];
    if (!o.number || typeof v !== 'string') continue;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < o.number.min || n > o.number.max || (o.number.whole && !Number.isInteger(n))) {
      return { error: `[clientele] --${name} must be a ${o.number.whole ? 'whole ' : ''}number from ${o.number.min} to ${o.number.max}, got "${v}"` };
    }
  }
  return { values };
}

/**
 * The help text of a command, from its spec: the same layout for every command.
 * @example usage('segments', 'write customers\' segments as CSV', spec, ['npx clientele segments --events orders.csv --out segments.csv'])
 */
export function usage(command: string, about: string, spec: Record<string, OptionSpec>, examples: string[], notes = ''): string {
  const flag = ([n, o]: [string, OptionSpec]) => `--${n}${o.value ? ' ' + o.value : ''}`;
  const entries = Object.entries(spec);
  const width = Math.max(...entries.map((e) => flag(e).length), 10) + 2;
  const lines = [`Usage: npx clientele ${command} ${entries.filter(([, o]) => o.required).map(flag).join(' ')} [options]`, '', about, ''];
  if (notes) lines.push(notes.trimEnd(), '');
  lines.push('Options:');
  for (const e of entries) {
    const [, o] = e;
    lines.push(`  ${flag(e).padEnd(width)}${o.about}${o.required ? ' (required)' : ''}${o.alias ? ` (also --${o.alias})` : ''}`);
  }
  lines.push(`  ${'--help'.padEnd(width)}this help`, '', 'Examples:', ...examples.map((x) => `  ${x}`));
  return lines.join('\n') + '\n';
}
