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
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP])\.?M\.?)?)?$/i;
/** "1.12.2010 08:26": dotted dates are day first wherever they are written (de, ru, pl, ...). */
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** A zone or offset written in a time Date.parse reads ("... GMT+0100", "8:26 EST", "10:00:00+01:00", "...Z"). */
const ZONED = /\b(?:GMT|UTC|UT|[ECMP][SD]T)\b|\dZ$|\sZ$|\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*[+-]\d{2}:?\d{2}\b/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * Whether a wall-clock date and time exists (month 1-12, a day the month has, 00:00:00-23:59:59). Date.UTC and
 * Date.parse roll what does not over ("2024-13-45" became 2025-02-14, "25/12/2010" read month first became 2012-01-12),
 * so a typo or a day-first export moved rows by months, silently, and a log's last time set the trending window.
 * @example validWallTime(2024, 2, 29) // true; validWallTime(2023, 2, 29) // false
 */
export function validWallTime(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): boolean {
  // no Date made per row: a 10-million-row log reads every time through here
  const days = mo === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days && h <= 23 && mi <= 59 && s <= 59;
}

/**
 * Whether `v` is a slash date that only reads day first ("25/12/2010 09:59": no month 25, day 12 exists): a
 * spreadsheet export in a day-first locale, which a reader of month-first dates must read again day first.
 * @example dayFirstOnly('25/12/2010 09:59') // true; dayFirstOnly('12/1/2010 08:26') // false
 */
export function dayFirstOnly(v: unknown): boolean {
  const m = typeof v === 'string' ? SLASH.exec(v.trim()) : null;
  return !!m && !validWallTime(+m[3], +m[1], +m[2]) && validWallTime(+m[3], +m[2], +m[1]);
}

/**
 * Reads a time as unix seconds. Numbers above 1e11 are milliseconds; ISO with a zone or offset is read as written;
 * naive "YYYY-MM-DD[ HH:MM[:SS]]" and the UCI spreadsheet's "M/D/YYYY H:MM" (or "D/M/YYYY H:MM" with `dayFirst`) are
 * wall-clock times in `tz`. NaN if unreadable, or a date or time that does not exist (month 13, 30 February, 25:00).
 * @example
 * parseTime('2011-12-09 12:50:00') // 1323435000 (UTC)
 * parseTime('2011-12-09 12:50:00', 'Asia/Shanghai') // 1323406200
 * parseTime('9/12/2011 12:50', 'UTC', true) // 1323435000
 */
export function parseTime(v: unknown, tz = 'UTC', dayFirst = false): number {
  if (typeof v === 'number') return Number.isFinite(v) ? (Math.abs(v) > 1e11 ? v / 1000 : v) : NaN;
  if (typeof v !== 'string') return NaN;
  const s = v.trim();
  if (s === '') return NaN;
  if (/^-?\d+(\.\d+)?$/.test(s)) return parseTime(Number(s));
  const at = (y: number, mo: number, d: number, h: number, mi: number, sec: number, frac = 0): number =>
    validWallTime(y, mo, d, h, mi, sec) ? (zonedTime(y, mo - 1, d, h, mi, sec, tz) + frac * 1000) / 1000 : NaN;
  let m = NAIVE.exec(s);
  if (m) return at(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, m[7] ? Number(m[7]) : 0);
  m = SLASH.exec(s);
  if (m) {
    // Excel's US export writes "12/1/2010 8:26:00 PM": 12 AM is midnight, 12 PM noon; "13:00 PM" does not exist
    let h = m[4] ? +m[4] : 0;
    if (m[7]) h = h < 1 || h > 12 ? 99 : (h % 12) + (/p/i.test(m[7]) ? 12 : 0);
    return at(+m[3], dayFirst ? +m[2] : +m[1], dayFirst ? +m[1] : +m[2], h, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
  }
  m = DOTTED.exec(s);
  if (m) return at(+m[3], +m[2], +m[1], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
  // ISO with a zone: V8 reads "2024-02-30T10:00Z" as 1 March
  m = ISO_DATE.exec(s);
  if (m && !validWallTime(+m[1], +m[2], +m[3])) return NaN;
  // Any other form Date.parse knows ("Dec 1 2010 08:26", "01-Dec-2010", "2010/12/01") it reads, without a zone, in the
  // machine's own: read its wall clock as written and place it in `tz`, as every naive time is.
  if (!ZONED.test(s)) {
    const wall = Date.parse(`${s} UTC`);
    if (Number.isFinite(wall)) {
      const d = new Date(wall);
      return at(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds() / 1000);
    }
  }
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms / 1000 : NaN;
}
