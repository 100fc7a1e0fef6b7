// Checks every path a command reads or writes before the command starts its work, so a typo in
// --out costs a second, not a whole build. Each refusal names the option, the path and the fix.
import { accessSync, constants, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * An input file: it must exist and be a file. Returns a problem message, or null.
 * @example checkInputFile('--events', 'orders.csv') // null, or '[clientele] --events "orders.csv" does not exist; ...'
 */
export function checkInputFile(option: string, path: string): string | null {
  // "--catalog=" resolved to the current folder and was called "a folder"
  if (!path.trim()) return `[clientele] ${option} is empty; pass the path of a file`;
  const full = resolve(path);
  if (!existsSync(full)) return `[clientele] ${option} "${path}" does not exist; pass the path of an existing file`;
  if (!statSync(full).isFile()) return `[clientele] ${option} "${path}" is a folder; pass the path of a file in it`;
  try {
    accessSync(full, constants.R_OK);
  } catch {
    return `[clientele] ${option} "${path}" cannot be read (permissions); make it readable or copy it somewhere that is`;
  }
  return null;
}

/**
 * An output folder: created if missing (with its parents); refused if it is a file or cannot be written.
 * @example prepareOutputDir('--out', 'public/model') // null once public/model exists and is writable
 */
export function prepareOutputDir(option: string, path: string): string | null {
  if (!path.trim()) return `[clientele] ${option} is empty; pass the path to write to`;
  const full = resolve(path);
  if (existsSync(full) && !statSync(full).isDirectory()) return `[clientele] ${option} "${path}" is a file, not a folder; pass a folder (it is created if missing)`;
  try {
    mkdirSync(full, { recursive: true });
  } catch (e) {
    return `[clientele] ${option} "${path}" could not be created (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); pass a folder you can write to`;
  }
  return writable(option, path, full);
}

/**
 * An output file: its folder is created if missing; refused if the path is a folder or cannot be written.
 * @example prepareOutputFile('--out', 'crm/customers.csv') // null once crm/ exists and is writable
 */
export function prepareOutputFile(option: string, path: string, example = 'out.csv'): string | null {
  if (!path.trim()) return `[clientele] ${option} is empty; pass the path to write to`;
  const full = resolve(path);
  if (existsSync(full) && statSync(full).isDirectory()) return `[clientele] ${option} "${path}" is a folder; pass a file name like ${path.replace(/\/?$/, '/' + example)}`;
  const dir = dirname(full);
  if (existsSync(dir) && !statSync(dir).isDirectory()) return `[clientele] ${option} "${path}" is inside "${dirname(path)}", which is a file; pass a path in a folder`;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    return `[clientele] ${option} "${path}": its folder could not be created (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); pass a path you can write to`;
  }
  if (existsSync(full)) {
    try {
      accessSync(full, constants.W_OK);
    } catch {
      return `[clientele] ${option} "${path}" exists and cannot be overwritten (permissions); pass another path`;
    }
    return null;
  }
  return writable(option, path, dir);
}

function writable(option: string, path: string, dir: string): string | null {
  try {
    accessSync(dir, constants.W_OK);
    return null;
  } catch {
    return `[clientele] ${option} "${path}" is not writable (permissions); pass a folder you can write to`;
  }
}

/**
 * An output file that is also an input, or another output: `segments --events orders.csv --out orders.csv` (or
 * `--model orders.csv`, `report --json events.ndjson`) read the log and then wrote over it, and two outputs of one name
 * kept only the last. Paths are compared as the file system resolves them (symbolic links, "./", case as stored).
 * @example samePathProblem(spec, { events: 'orders.csv', out: 'orders.csv' }) // '[clientele] --out "orders.csv" is the --events file; ...'
 */
export function samePathProblem(spec: Record<string, { path?: string }>, values: Record<string, unknown>): string | null {
  const real = (p: string): string => {
    const full = resolve(p);
    try {
      return realpathSync(full);
    } catch {
      return full;
    }
  };
  const seen: Array<{ option: string; path: string; read: boolean }> = [];
  for (const [option, s] of Object.entries(spec)) {
    const v = values[option];
    if (typeof v !== 'string' || (s.path !== 'read-file' && s.path !== 'write-file')) continue;
    seen.push({ option, path: real(v), read: s.path === 'read-file' });
  }
  for (const w of seen.filter((x) => !x.read)) {
    const other = seen.find((x) => x !== w && x.path === w.path && (x.read || seen.indexOf(x) < seen.indexOf(w)));
    if (!other) continue;
    const v = values[w.option] as string;
    return other.read
      ? `[clientele] --${w.option} "${v}" is the --${other.option} file; writing there would replace it. Pass another file name for --${w.option}`
      : `[clientele] --${w.option} "${v}" is the --${other.option} file too; each output needs its own file name`;
  }
  return null;
}
