// The binary shard of a version 2 site model: the per-item data of a run of items (their for-you and bought-together
// rows, their repeat-purchase rate), quantized. The builder encodes with it and the device decodes with it, so the
// scores the builder tunes on are the very numbers a shopper's browser ranks with.
//
// Layout (little-endian, every section 4-byte aligned):
//   u32 magic "CLS2" | u32 start | u32 count | u8 idBytes (1, 2 or 4) | u8 scoreBits (8 or 16) | u8 lists | u8 0
//   per list:  u32 entries | u16 length[count] | f32 scale[count] | id[entries] | q[entries]
//   u8 repeat[count] (share of the item's buyers who bought it again, x 255)
// A row's scores are q * scale / (2^scoreBits - 1): scale is the row's largest score, so 8 bits keep 1/255 of it.
import type { Row, SparseRows } from '../protocol/sparseRows.ts';

export const SHARD_MAGIC = 0x32534c43;

/** How scores and ids are stored. */
export interface ShardLayout {
  idBytes: 1 | 2 | 4;
  scoreBits: 8 | 16;
}

/** One decoded shard: rows per list for items [start, start + count). */
export interface Shard {
  start: number;
  count: number;
  /** lists[l][r] is row r (item start + r) of list l. */
  lists: Row[][];
  repeat: Float32Array;
}

/**
 * The narrowest id width for a catalogue of `nItems` (ids are 0..nItems-1).
 * @example idBytesFor(300) // 2
 */
export const idBytesFor = (nItems: number): 1 | 2 | 4 => (nItems <= 0x100 ? 1 : nItems <= 0x10000 ? 2 : 4);

const levels = (bits: number) => (bits === 16 ? 65535 : 255);

/**
 * A score as the device reads it back from its quantized form.
 * @example dequantize(255, 0.8, 8) // 0.8
 */
export const dequantize = (q: number, scale: number, bits: number): number => Math.fround((q * scale) / levels(bits));

/**
 * Quantizes every row (scale = the row's largest value) and returns the rows as the device will decode them.
 * Entries that round to 0 are dropped: they could never change a ranking the larger ones do not already decide.
 * @example
 * const deployed = quantizeRows(rows, 8); // the builder tunes and measures on `deployed`
 */
export function quantizeRows(rows: SparseRows, bits: 8 | 16): { rows: SparseRows; q: Uint16Array; scale: Float32Array } {
  const n = rows.nItems, L = levels(bits);
  const ptr = new Int32Array(n + 1), idx = new Int32Array(rows.idx.length), val = new Float32Array(rows.idx.length), q = new Uint16Array(rows.idx.length);
  const scale = new Float32Array(n);
  let len = 0;
  for (let i = 0; i < n; i++) {
    const a = rows.ptr[i], b = rows.ptr[i + 1];
    const s = b > a ? Math.fround(rows.val[a]) : 0;
    scale[i] = s;
    for (let p = a; p < b && s > 0; p++) {
      const k = Math.min(L, Math.round((rows.val[p] / s) * L));
      if (k <= 0) break; // rows are sorted, so the rest round to 0 too
      idx[len] = rows.idx[p];
      q[len] = k;
      val[len] = dequantize(k, s, bits);
      len++;
    }
    ptr[i + 1] = len;
  }
  return { rows: { nItems: n, ptr, idx: idx.slice(0, len), val: val.slice(0, len) }, q: q.slice(0, len), scale };
}

const pad4 = (n: number) => (n + 3) & ~3;

/**
 * Encodes items [start, start + count) of quantized lists into one shard.
 * @example
 * encodeShard(0, 32, [forYouQ, coVisQ], repeat, { idBytes: 2, scoreBits: 8 })
 */
export function encodeShard(start: number, count: number, lists: ReadonlyArray<{ rows: SparseRows; q: Uint16Array; scale: Float32Array }>, repeat: Float32Array, layout: ShardLayout): Uint8Array {
  const qBytes = layout.scoreBits / 8;
  let size = 16;
  for (const l of lists) {
    const e = l.rows.ptr[start + count] - l.rows.ptr[start];
    size += 4 + pad4(2 * count) + 4 * count + pad4(layout.idBytes * e) + pad4(qBytes * e);
  }
  size += pad4(count);
  const buf = new ArrayBuffer(size);
  const dv = new DataView(buf);
  const u8 = new Uint8Array(buf);
  dv.setUint32(0, SHARD_MAGIC, true);
  dv.setUint32(4, start, true);
  dv.setUint32(8, count, true);
  u8[12] = layout.idBytes; u8[13] = layout.scoreBits; u8[14] = lists.length; u8[15] = 0;
  let o = 16;
  for (const l of lists) {
    const a = l.rows.ptr[start], e = l.rows.ptr[start + count] - a;
    dv.setUint32(o, e, true); o += 4;
    for (let r = 0; r < count; r++) dv.setUint16(o + 2 * r, l.rows.ptr[start + r + 1] - l.rows.ptr[start + r], true);
    o += pad4(2 * count);
    for (let r = 0; r < count; r++) dv.setFloat32(o + 4 * r, l.scale[start + r], true);
    o += 4 * count;
    for (let p = 0; p < e; p++) {
      const id = l.rows.idx[a + p];
      if (layout.idBytes === 1) u8[o + p] = id;
      else if (layout.idBytes === 2) dv.setUint16(o + 2 * p, id, true);
      else dv.setUint32(o + 4 * p, id, true);
    }
    o += pad4(layout.idBytes * e);
    for (let p = 0; p < e; p++) {
      if (qBytes === 1) u8[o + p] = l.q[a + p];
      else dv.setUint16(o + 2 * p, l.q[a + p], true);
    }
    o += pad4(qBytes * e);
  }
  for (let r = 0; r < count; r++) u8[o + r] = Math.max(0, Math.min(255, Math.round(repeat[start + r] * 255)));
  return u8;
}

/** Why a shard was refused (the loader turns it into a message). */
export class ShardError extends Error {}

/**
 * Decodes a shard, checking every length against the bytes and every id against the catalogue.
 * Throws ShardError on anything malformed.
 * @example
 * const s = decodeShard(bytes, nItems); s.lists[0][0].items // targets of item s.start
 */
export function decodeShard(bytes: Uint8Array, nItems: number): Shard {
  const bad = (why: string): never => { throw new ShardError(why); };
  if (bytes.byteLength < 16) bad(`is ${bytes.byteLength} bytes, shorter than its 16-byte header`);
  const copy = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const dv = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  if (dv.getUint32(0, true) !== SHARD_MAGIC) bad('does not start with the shard magic "CLS2"');
  const start = dv.getUint32(4, true), count = dv.getUint32(8, true);
  const idBytes = copy[12], scoreBits = copy[13], nLists = copy[14];
  if (idBytes !== 1 && idBytes !== 2 && idBytes !== 4) bad(`has id width ${idBytes}`);
  if (scoreBits !== 8 && scoreBits !== 16) bad(`has ${scoreBits}-bit scores`);
  if (start + count > nItems) bad(`covers items ${start}..${start + count} but the model has ${nItems}`);
  const qBytes = scoreBits / 8;
  let o = 16;
  const need = (n: number) => { if (o + n > copy.byteLength) bad(`is cut short at byte ${copy.byteLength} (needs ${o + n})`); };
  const lists: Row[][] = [];
  for (let l = 0; l < nLists; l++) {
    need(4);
    const e = dv.getUint32(o, true); o += 4;
    need(pad4(2 * count) + 4 * count + pad4(idBytes * e) + pad4(qBytes * e));
    const lens = new Uint16Array(count);
    let total = 0;
    for (let r = 0; r < count; r++) { lens[r] = dv.getUint16(o + 2 * r, true); total += lens[r]; }
    if (total !== e) bad(`list ${l} row lengths add up to ${total}, not ${e}`);
    o += pad4(2 * count);
    const scale = new Float32Array(count);
    for (let r = 0; r < count; r++) scale[r] = dv.getFloat32(o + 4 * r, true);
    o += 4 * count;
    const ids = new Int32Array(e);
    for (let p = 0; p < e; p++) {
      const id = idBytes === 1 ? copy[o + p] : idBytes === 2 ? dv.getUint16(o + 2 * p, true) : dv.getUint32(o + 4 * p, true);
      if (id >= nItems) bad(`list ${l} names item ${id} of ${nItems}`);
      ids[p] = id;
    }
    o += pad4(idBytes * e);
    const vals = new Float32Array(e);
    const rows: Row[] = [];
    let p = 0;
    for (let r = 0; r < count; r++) {
      const from = p;
      for (let t = 0; t < lens[r]; t++, p++) {
        const q = qBytes === 1 ? copy[o + p] : dv.getUint16(o + 2 * p, true);
        vals[p] = dequantize(q, scale[r], scoreBits);
      }
      rows.push({ items: ids.subarray(from, p), scores: vals.subarray(from, p) });
    }
    o += pad4(qBytes * e);
    lists.push(rows);
  }
  need(count);
  const repeat = Float32Array.from(copy.subarray(o, o + count), (x) => x / 255);
  return { start, count, lists, repeat };
}

/**
 * The content hash a shard or metadata file is named by (hex SHA-256, first 16 digits): a file's name changes exactly
 * when its bytes do, so browsers and CDNs may cache it forever.
 * @example await contentHash(bytes) // "3f2a9c1e0b7d4a55"
 */
export async function contentHash(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (let i = 0; i < 8; i++) hex += digest[i].toString(16).padStart(2, '0');
  return hex;
}
