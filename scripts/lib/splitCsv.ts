// Reads an evaluation split folder (train/test/train_inner/valid CSVs with columns user,item,ts) into CSR form, through
// the one log reader (train/ingest).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Interactions } from '../../scoring/models/types.ts';
import type { Result } from '../../src/contract/types.ts';
import { readLog, type ReadLog } from '../../train/ingest/read.ts';
import { readLogFile } from './readLogFile.ts';

/** Rows of one split file, ids as written. */
export interface SplitRows {
  users: string[];
  items: string[];
  ts: Float64Array;
}

/** A whole split folder indexed against one catalogue. */
export interface SplitData {
  dir: string;
  /** Item ids in index order (the catalogue: every item of every file). */
  itemIds: string[];
  userIds: string[];
  files: Record<SplitName, SplitRows>;
}

export type SplitName = 'train' | 'test' | 'train_inner' | 'valid';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'test', 'train_inner', 'valid'];


/** SplitRows from a log read with the split layout, or why it is not one. */
function rowsOf(r: Result<ReadLog>, name: string): Result<SplitRows> {
  if (!r.ok) return r.code === 'empty-log' && /has no usable rows/.test(r.message) ? { ok: false, code: 'bad-row', message: r.message } : r.code === 'empty-log' ? { ok: false, code: 'empty', message: `[clientele] ${name} has no rows; the split needs at least one interaction` } : { ok: false, code: 'bad-header', message: `[clientele] ${name} header must have columns user,item,ts (${r.message})` };
  const { log, layout, skipped } = r.value;
  if (layout !== 'split') return { ok: false, code: 'bad-header', message: `[clientele] ${name} header must have columns user,item,ts (read as the ${layout} layout); write the split files with that header` };
  const bad = Object.values(skipped).reduce((a, b) => a + (b ?? 0), 0);
  if (bad) return { ok: false, code: 'bad-row', message: `[clientele] ${name} has ${bad} rows that are not user,item,ts with ts in unix seconds (${Object.entries(skipped).map(([k, v]) => `${v} ${k}`).join(', ')}); fix or remove them` };
  const n = log.length;
  return {
    ok: true,
    value: {
      users: Array.from(log.user.subarray(0, n), (u) => log.users.names[u]),
      items: Array.from(log.item.subarray(0, n), (i) => log.items.names[i]),
      ts: Float64Array.from(log.ts.subarray(0, n)),
    },
  };
}

/**
 * Parses one `user,item,ts` CSV text (header required, ts in unix seconds) with the one log reader.
 * @example
 * await parseSplitCsv('user,item,ts\nu1,i1,1700000000\n', 'train.csv') // { ok: true, value: { users: ['u1'], ... } }
 */
export async function parseSplitCsv(text: string, name: string): Promise<Result<SplitRows>> {
  return rowsOf(await readLog((async function* () { yield text; })(), { source: name }), name);
}

/** Sorts ids numerically when all are integers (as numpy does for int ids), else by string (numpy's str order). */
function sortIds(ids: Iterable<string>): string[] {
  const arr = [...new Set(ids)];
  if (arr.every((s) => /^-?\d{1,15}$/.test(s))) return arr.sort((a, b) => Number(a) - Number(b));
  return arr.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Reads train/test/train_inner/valid CSVs from `dir` and builds the catalogue over all of them.
 * @example
 * const r = await readSplitDir('/work/shared/data/online-retail/split'); if (r.ok) r.value.itemIds.length
 */
export async function readSplitDir(dir: string): Promise<Result<SplitData>> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { ok: false, code: 'no-dir', message: `[clientele] --data "${dir}" is not a folder; pass a folder holding train.csv, test.csv, train_inner.csv, valid.csv` };
  }
  const files = {} as Record<SplitName, SplitRows>;
  for (const name of SPLIT_NAMES) {
    const p = join(dir, `${name}.csv`);
    if (!existsSync(p)) {
      return { ok: false, code: 'no-file', message: `[clientele] --data "${dir}" has no ${name}.csv; the folder needs train.csv, test.csv, train_inner.csv and valid.csv (columns user,item,ts)` };
    }
    const r = rowsOf(await readLogFile(p, { flag: '--data', source: `${name}.csv` }), `${name}.csv`);
    if (!r.ok) return r;
    files[name] = r.value;
  }
  const itemIds = sortIds(SPLIT_NAMES.flatMap((n) => files[n].items));
  const userIds = sortIds(SPLIT_NAMES.flatMap((n) => files[n].users));
  return { ok: true, value: { dir, itemIds, userIds, files } };
}

/**
 * Builds CSR interactions (one row per user, items by time, weight 1, duplicates collapsed to the earliest ts).
 * @example
 * const X = toInteractions(rows, userIndex, itemIndex);
 */
export function toInteractions(rows: SplitRows, userIndex: Map<string, number>, itemIndex: Map<string, number>): Interactions {
  const nUsers = userIndex.size, nItems = itemIndex.size;
  const byUser: Array<Map<number, number>> = Array.from({ length: nUsers }, () => new Map());
  for (let r = 0; r < rows.users.length; r++) {
    const u = userIndex.get(rows.users[r])!, i = itemIndex.get(rows.items[r])!;
    const prev = byUser[u].get(i);
    if (prev === undefined || rows.ts[r] < prev) byUser[u].set(i, rows.ts[r]);
  }
  const userPtr = new Int32Array(nUsers + 1);
  for (let u = 0; u < nUsers; u++) userPtr[u + 1] = userPtr[u] + byUser[u].size;
  const nnz = userPtr[nUsers];
  const items = new Int32Array(nnz), ts = new Float64Array(nnz), weights = new Float32Array(nnz).fill(1);
  for (let u = 0; u < nUsers; u++) {
    const entries = [...byUser[u]].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    let p = userPtr[u];
    for (const [i, t] of entries) { items[p] = i; ts[p] = t; p++; }
  }
  return { nUsers, nItems, userPtr, items, weights, ts };
}

/**
 * Held-out items per user index (users without rows are absent).
 * @example
 * heldOut(rows, userIndex, itemIndex).get(0) // Set of item indices
 */
export function heldOut(rows: SplitRows, userIndex: Map<string, number>, itemIndex: Map<string, number>): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (let r = 0; r < rows.users.length; r++) {
    const u = userIndex.get(rows.users[r])!;
    let s = out.get(u);
    if (!s) out.set(u, (s = new Set()));
    s.add(itemIndex.get(rows.items[r])!);
  }
  return out;
}
