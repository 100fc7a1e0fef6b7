// The assignment hash, chosen so an owner can recompute every bucket in their warehouse with built-in SQL:
// bucket = first 32 bits of MD5(UTF-8 of "<key>:<visitor id>"), as an unsigned integer, mod 10000.
// MD5 is no security measure here: it is the one hash BigQuery, Postgres, Snowflake, Redshift and DuckDB all ship.
import { md5 } from './md5.ts';

/** Buckets per experiment: assignment works in steps of 0.01%. */
export const BUCKETS = 10_000;

const utf8 = new TextEncoder();

/**
 * The visitor's bucket (0..9999) for a key: `parseInt(md5(key + ':' + id).slice(0, 8), 16) % 10000`.
 * In SQL (README, "Experiments"): Postgres `('x' || substr(md5(key || ':' || id), 1, 8))::bit(32)::bigint % 10000`.
 * @example
 * bucketOf('for-you-model', 'a1b2c3') // 4913 (the same on every device, release and warehouse)
 */
export function bucketOf(key: string, visitorId: string): number {
  const d = md5(utf8.encode(`${key}:${visitorId}`));
  return (((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0) % BUCKETS;
}

/**
 * A deterministic draw in [0, 1) from a key (for sticky random choices such as a session's bandit draw).
 * @example
 * unitOf('hero:session-1') // 0.4071...
 */
export function unitOf(key: string): number {
  const d = md5(utf8.encode(key));
  return (((d[4] << 24) | (d[5] << 16) | (d[6] << 8) | d[7]) >>> 0) / 2 ** 32;
}
