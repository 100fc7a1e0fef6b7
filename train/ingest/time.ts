// Times in logs: unix seconds or milliseconds, ISO with an offset, or naive wall-clock times ("2011-12-09 12:50") that
// mean nothing without a time zone. Every command reads naive times in one explicit zone (--tz, default UTC), so the
// same file gives the same results on any machine, whatever its own TZ.

/**
 * Checks an IANA time-zone name ("UTC", "Europe/London", "Asia/Shanghai").
 * @example validTimeZone('Asia/Shanghai') // true
 */
export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC (ms) at the instant `utcMs`. */
function offsetAt(tz: string, utcMs: number): number {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * Unix ms of a wall-clock time in `tz` (for a time a clock change skips or repeats, the earlier offset wins).
 * @example zonedTime(2011, 11, 9, 12, 50, 0, 'Asia/Shanghai') === Date.UTC(2011, 11, 9, 4, 50) // true
 */
export function zonedTime(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): number {
  const wall = Date.UTC(y, mo, d, h, mi, s);
  if (tz === 'UTC' || tz === 'Etc/UTC') return wall;
  // two passes settle the offset on either side of a transition
  let t = wall - offsetAt(tz, wall);
  t = wall - offsetAt(tz, t);
  return t;
}

const NAIVE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Reads a time as unix seconds. Numbers above 1e11 are milliseconds; ISO with a zone or offset is read as written;
 * naive "YYYY-MM-DD[ HH:MM[:SS]]" and the UCI spreadsheet's "M/D/YYYY H:MM" are wall-clock times in `tz`. NaN if unreadable.
 * @example
 * parseTime('2011-12-09 12:50:00') // 1323435000 (UTC)
 * parseTime('2011-12-09 12:50:00', 'Asia/Shanghai') // 1323406200
 */
export function parseTime(v: unknown, tz = 'UTC'): number {
  if (typeof v === 'number') return Number.isFinite(v) ? (Math.abs(v) > 1e11 ? v / 1000 : v) : NaN;
  if (typeof v !== 'string') return NaN;
  const s = v.trim();
  if (s === '') return NaN;
  if (/^-?\d+(\.\d+)?$/.test(s)) return parseTime(Number(s));
  let m = NAIVE.exec(s);
  if (m) {
    const frac = m[7] ? Number(m[7]) : 0;
    return (zonedTime(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, tz) + frac * 1000) / 1000;
  }
  m = US.exec(s);
  if (m) return zonedTime(+m[3], +m[1] - 1, +m[2], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, tz) / 1000;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms / 1000 : NaN;
}
