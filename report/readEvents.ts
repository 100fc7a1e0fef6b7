// Reads an event log for the report: NDJSON in the forwarded format, exportData() JSON (on one line or indented; its
// `attribution` records are put on their orders as forwarding does), or CSV with a header (`event`, `anonymous_id`
// and/or `user_id`, `timestamp`, then either a `properties` JSON column or one column per property, dotted names
// nesting). CSV is parsed with Papa Parse. Works in Node and in the browser.
import Papa from 'papaparse';
import { parseTime } from '../train/ingest/time.ts';

/** One event as the report reads it. */
export interface ReportEvent {
  event: string;
  anonymous_id: string | null;
  user_id: string | null;
  /** ms since the epoch */
  timestamp: number;
  properties: Record<string, unknown>;
  /** The event's message id, when it has one (exportData()'s attribution names orders by it). */
  message_id?: string | null;
}

export interface ReadResult {
  events: ReportEvent[];
  /** One line per problem (line number, what, fix), at most 20, plus a count. */
  problems: string[];
  skipped: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The largest time read (ms either side of 1970): the year 5138. Past a Date's range (8.64e15) every date of the
 * report threw; and a time in µs of any date after March 1973 is past 1e14: read as ms, GA4's event_timestamp (µs) of
 * today was the year 56,301, inside a Date's range, with no word.
 */
const MAX_TIME = 1e14;

/**
 * An event's time in ms: unix seconds or ms, ISO as written, and a time written without a zone ("2024-01-01 10:00", a
 * spreadsheet's "1/2/2024 10:00") in UTC, as build-model reads one by default; Date.parse read those in the machine's own
 * zone, so one CSV gave different days (and orders in or out of a window) on different machines. A date that does not
 * exist (30 February) is unreadable, not rolled over into March, and so is a time past a Date's range.
 */
function timeOf(v: unknown): number | null {
  const t = parseTime(v);
  const ms = Number.isFinite(t) ? Math.round(t * 1000) : NaN;
  return Math.abs(ms) <= MAX_TIME ? ms : null;
}

const idOf = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

/** Normalizes one record of either spelling (snake_case like exportData(), camelCase like Segment). */
function normalize(r: Record<string, unknown>, seen: Set<string>): ReportEvent | string | null {
  // Forwarding is at least once (a batch re-sent after a page closed mid-send): a message id counts once.
  const mid = idOf(r.message_id ?? r.messageId);
  if (mid !== null) {
    if (seen.has(mid)) return null;
    seen.add(mid);
  }
  const event = r.event;
  if (typeof event !== 'string' || !event) return 'has no "event" name';
  const anonymous_id = idOf(r.anonymous_id ?? r.anonymousId);
  const user_id = idOf(r.user_id ?? r.userId);
  if (!anonymous_id && !user_id) return 'has neither "anonymous_id" nor "user_id"';
  const timestamp = timeOf(r.timestamp ?? r.sent_at ?? r.receivedAt);
  if (timestamp === null) return 'has no readable "timestamp" (ISO 8601, or unix seconds or ms)';
  const properties = isObject(r.properties) ? r.properties : {};
  return { event, anonymous_id, user_id, timestamp, properties, message_id: mid };
}

/**
 * Puts exportData()'s attribution records (`{ message_id, order_id, basis, last_touch, touches, ... }`, kept beside
 * the events) on their `Order Completed` events as `properties.attribution`, where forwarded orders carry it and the
 * report reads it. A record finds its order by message_id, else by order_id; an order that already carries an
 * attribution keeps it. Returns new events; the ones given are not changed.
 * @example withAttribution(data.events, data.attribution).find((e) => e.event === 'Order Completed')?.properties.attribution
 */
export function withAttribution(events: ReportEvent[], attribution: unknown): ReportEvent[] {
  if (!Array.isArray(attribution) || !attribution.length) return events;
  const out = events.slice();
  const byMessage = new Map<string, number>();
  const byOrder = new Map<string, number[]>();
  out.forEach((e, i) => {
    if (e.event !== 'Order Completed') return;
    if (e.message_id) byMessage.set(e.message_id, i);
    const oid = idOf(e.properties.order_id);
    if (oid !== null) { const l = byOrder.get(oid); if (l) l.push(i); else byOrder.set(oid, [i]); }
  });
  const done = new Set<number>();
  for (const a of attribution) {
    if (!isObject(a)) continue;
    const mid = idOf(a.message_id), oid = idOf(a.order_id);
    let i = mid !== null ? byMessage.get(mid) : undefined;
    if (i === undefined || done.has(i)) i = oid !== null ? byOrder.get(oid)?.find((j) => !done.has(j)) : undefined;
    if (i === undefined) continue;
    done.add(i);
    if (out[i].properties.attribution !== undefined) continue;
    const { message_id: _m, order_id: _o, ...record } = a;
    out[i] = { ...out[i], properties: { ...out[i].properties, attribution: record } };
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let o = target;
  for (let i = 0; i < parts.length - 1; i++) o = (isObject(o[parts[i]]) ? o[parts[i]] : (o[parts[i]] = {})) as Record<string, unknown>;
  o[parts[parts.length - 1]] = value;
}

const CORE = new Set(['event', 'anonymous_id', 'anonymousId', 'user_id', 'userId', 'timestamp', 'properties', 'type', 'message_id', 'messageId', 'session_id']);

function cell(v: string): unknown {
  const t = v.trim();
  if (t === '') return undefined;
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^[[{]/.test(t)) { try { return JSON.parse(t); } catch { /* text */ } }
  return v;
}

/**
 * Parses an event log, NDJSON or CSV (detected from its first non-blank character).
 * @example readEvents('{"event":"Experiment Viewed","anonymous_id":"a","timestamp":"2024-01-01T00:00:00Z","properties":{}}\n').events.length // 1
 */
export function readEvents(text: string, name = 'events'): ReadResult {
  const problems: string[] = [];
  let skipped = 0;
  const bad = (line: number | string, why: string) => {
    skipped++;
    if (problems.length < 20) problems.push(`[clientele] ${name} ${typeof line === 'number' ? `line ${line}` : line} ${why}; fix or remove ${typeof line === 'number' ? 'that line' : 'it'} (it was skipped)`);
  };
  const events: ReportEvent[] = [];
  const seen = new Set<string>();
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first === '{' || first === '[') {
    const fromExport = (r: Record<string, unknown>, line: number | null) => {
      // a whole exportData() object: its events, with its attribution put on the orders
      const own: ReportEvent[] = [];
      (r.events as unknown[]).forEach((x, k) => { const e = isObject(x) ? normalize(x, seen) : 'is not an object'; if (typeof e === 'string') bad(line ?? `events[${k}]`, e); else if (e) own.push(e); });
      events.push(...withAttribution(own, r.attribution));
    };
    if (first === '{') {
      // exportData() saved indented (JSON.stringify(data, null, 2)) is one object over many lines
      let whole: unknown;
      try { whole = JSON.parse(body); } catch { /* NDJSON: one object per line */ }
      if (isObject(whole) && Array.isArray(whole.events)) {
        fromExport(whole, null);
        if (skipped > problems.length) problems.push(`[clientele] ${name}: ${skipped} lines skipped in all`);
        events.sort((a, b) => a.timestamp - b.timestamp);
        return { events, problems, skipped };
      }
    }
    if (first === '[') {
      // exportData() output saved as JSON, or an array of events
      try {
        const arr = JSON.parse(body) as unknown[];
        arr.forEach((r, i) => { const e = isObject(r) ? normalize(r, seen) : 'is not an object'; if (typeof e === 'string') bad(i + 1, e); else if (e) events.push(e); });
        events.sort((a, b) => a.timestamp - b.timestamp);
        return { events, problems, skipped };
      } catch { /* fall through to lines */ }
    }
    const lines = body.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (!line) continue;
      let r: unknown;
      try { r = JSON.parse(line); } catch { bad(i + 1, 'is not valid JSON'); continue; }
      if (isObject(r) && Array.isArray(r.events)) {
        // a whole exportData() object on one line
        fromExport(r, i + 1);
        continue;
      }
      const e = isObject(r) ? normalize(r, seen) : 'is not a JSON object';
      if (typeof e === 'string') bad(i + 1, e);
      else if (e) events.push(e);
    }
  } else {
    const parsed = Papa.parse<Record<string, string>>(body, { header: true, skipEmptyLines: true });
    const fields = parsed.meta.fields ?? [];
    if (!fields.includes('event') || !fields.includes('timestamp') || !(fields.includes('anonymous_id') || fields.includes('user_id'))) {
      return { events, skipped: 0, problems: [`[clientele] ${name} must be NDJSON (one event per line) or a CSV whose header has event, timestamp and anonymous_id or user_id columns; got columns ${fields.join(', ') || 'none'}`] };
    }
    parsed.data.forEach((row, i) => {
      const r: Record<string, unknown> = { event: row.event, anonymous_id: row.anonymous_id, user_id: row.user_id, timestamp: row.timestamp, message_id: row.message_id };
      const props: Record<string, unknown> = {};
      if (row.properties) { try { Object.assign(props, JSON.parse(row.properties)); } catch { return bad(i + 2, 'has a "properties" cell that is not JSON'); } }
      for (const f of fields) {
        if (CORE.has(f) || row[f] === undefined) continue;
        const v = cell(row[f]);
        if (v !== undefined) setPath(props, f.replace(/^properties\./, ''), v);
      }
      r.properties = props;
      const e = normalize(r, seen);
      if (typeof e === 'string') bad(i + 2, e);
      else if (e) events.push(e);
    });
  }
  if (skipped > problems.length) problems.push(`[clientele] ${name}: ${skipped} lines skipped in all`);
  events.sort((a, b) => a.timestamp - b.timestamp);
  return { events, problems, skipped };
}
