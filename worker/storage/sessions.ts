// Sessionizing: which session each new event belongs to. Pure: the store runs it inside the write transaction.
import type { RawEvent, StoredEvent } from '../../src/contract/events.ts';
import type { Profile, SessionState } from './schema.ts';
import { productId } from '../../src/contract/productId.ts';

/** What sessionizing a batch changes in the profile. */
export interface Sessionized {
  events: StoredEvent[];
  session: SessionState | null;
  user_id: string | null;
  traits: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Assigns session, anonymous and user ids to new events, in time order.
 * A gap longer than `timeoutMs` since the session's last event starts a new session. An event older than the live
 * session's start by more than the timeout (a tab that was offline) gets a past session of its own instead of
 * reopening the live one. An `Identify` event with `properties.user_id` identifies it and every later event.
 * @example sessionize(profile, [{ message_id: 'm1', event: 'Page Viewed', properties: {}, timestamp: now }], 30 * 60_000, randomId)
 */
export function sessionize(
  profile: Pick<Profile, 'anonymous_id' | 'user_id' | 'traits' | 'session'>,
  batch: ReadonlyArray<RawEvent>,
  timeoutMs: number,
  newId: () => string,
): Sessionized {
  let live: SessionState | null = profile.session ? { ...profile.session } : null;
  let past: SessionState | null = null;
  let userId = profile.user_id;
  let traits = profile.traits;
  const open = (ts: number): SessionState => ({ id: newId(), startedAt: ts, lastActivity: ts });
  const join = (s: SessionState, ts: number) => {
    s.lastActivity = Math.max(s.lastActivity, ts);
    s.startedAt = Math.min(s.startedAt, ts);
  };

  // Stable sort keeps same-millisecond events in the order the page sent them.
  const sorted = batch.map((e, i) => [e, i] as const).sort((a, b) => a[0].timestamp - b[0].timestamp || a[1] - b[1]);
  const out: StoredEvent[] = [];
  for (const [e, ] of sorted) {
    const ts = e.timestamp;
    let session: SessionState;
    if (live && ts < live.startedAt - timeoutMs) {
      if (!past || ts - past.lastActivity > timeoutMs) past = open(ts);
      else join(past, ts);
      session = past;
    } else if (!live || ts - live.lastActivity > timeoutMs) {
      live = open(ts);
      session = live;
    } else {
      join(live, ts);
      session = live;
    }
    // By identify()'s rule (a user id of 1 to 200 characters): one of 15 KB was stamped on every event after it.
    const id = e.event === 'Identify' && productId(e.properties.user_id);
    if (id) {
      userId = id;
      const t = e.properties.traits;
      // As identify()'s: the visitor's traits together under 64 KB (engine.ts flushIdentity).
      if (isObject(t) && JSON.stringify({ ...traits, ...t }).length <= 65_536) traits = { ...traits, ...t };
    }
    const stored: StoredEvent = {
      message_id: e.message_id,
      event: e.event,
      properties: e.properties,
      timestamp: ts,
      session_id: session.id,
      anonymous_id: profile.anonymous_id,
    };
    if (userId) stored.user_id = userId;
    out.push(stored);
  }
  return { events: out, session: live, user_id: userId, traits };
}
