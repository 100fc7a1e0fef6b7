// The visitor's profile record: how it starts and how a patch applies. Pure.
import type { StoredEvent } from '../../src/contract/events.ts';
import type { Profile, SessionState } from './schema.ts';

/** Fields a caller may change; `created_at` and `updated_at` are the store's. */
export type ProfilePatch = Partial<Omit<Profile, 'created_at' | 'updated_at'>>;

/**
 * A fresh profile with a new anonymous id and no session.
 * @example const p = newProfile(Date.now(), randomId);
 */
export function newProfile(now: number, newId: () => string): Profile {
  return { anonymous_id: newId(), user_id: null, traits: {}, consent: null, session: null, created_at: now, updated_at: now };
}

/**
 * What an erasure at `at` (ms) leaves of `profile` (Store.erase): the identity given after it, which is the new
 * visitor's (a forget() applied late: replayed from a page that parked it, or told by another tab); {} for none.
 * Given after `upTo` (the worker's clock when it erases) it was dated by a clock that has gone back since: it came
 * before the erasure, and goes.
 * @example identityAfter({ ...p, user_id: 'u2', traits: { plan: 'pro' }, traits_at: { plan: 1796000005000 }, identified_at: 1796000005000 }, 1796000000000)
 * // { user_id: 'u2', traits: { plan: 'pro' }, traits_at: { plan: 1796000005000 }, identified_at: 1796000005000 }
 */
export function identityAfter(profile: Profile | null | undefined, at: number, upTo = Infinity): ProfilePatch {
  const after = (t: number | undefined) => typeof t == 'number' && t > at && t <= upTo;
  if (!profile || !after(profile.identified_at)) return {};
  // Traits merge across identify() calls: those given before the erasure go, whoever was identified after it.
  const times = profile.traits_at ?? {};
  const kept = Object.keys(profile.traits).filter((k) => after(times[k]));
  return { user_id: profile.user_id, traits: Object.fromEntries(kept.map((k) => [k, profile.traits[k]])), traits_at: Object.fromEntries(kept.map((k) => [k, times[k]])), identified_at: profile.identified_at };
}

/**
 * What an erasure at `at` (ms) leaves (Store.erase): the events dated after it (`events` unique by message_id) and the
 * identity given after it, as a new visitor's. Those events were stamped when their tab did not know of the erasure
 * (a forget() applied late), so they take the new profile's anonymous id and new session ids, and keep a user id only
 * where it is the one identified after `at`: nothing kept names the visitor erased. What is dated after `upTo` (the
 * worker's clock as it erases) was dated by a clock that has gone back since (the computer's clock set back, or synced
 * back after running fast): it came before the erasure and goes; kept, a forget() left the whole visit stored.
 * `profile` is null when nothing is left (the next use creates one).
 * @example afterErasure(profile, events, Date.now(), Date.now(), randomId) // { profile: null, events: [] }: all of it came before
 */
export function afterErasure(profile: Profile | null | undefined, events: readonly StoredEvent[], at: number, now: number, newId: () => string, upTo = Infinity): { profile: Profile | null; events: StoredEvent[] } {
  const kept = identityAfter(profile, at, upTo);
  const after = events.filter((e) => e.timestamp > at && e.timestamp <= upTo);
  if (kept.identified_at === undefined && after.length === 0) return { profile: null, events: [] };
  const next = applyProfilePatch(newProfile(now, newId), kept, now);
  const sessions = new Map<string, SessionState>();
  const out = after.map(({ user_id, ...e }) => {
    let s = sessions.get(e.session_id);
    if (!s) sessions.set(e.session_id, (s = { id: newId(), startedAt: e.timestamp, lastActivity: e.timestamp }));
    s.startedAt = Math.min(s.startedAt, e.timestamp);
    s.lastActivity = Math.max(s.lastActivity, e.timestamp);
    return { ...e, session_id: s.id, anonymous_id: next.anonymous_id, ...(user_id && user_id === next.user_id ? { user_id } : {}) };
  });
  // The tab that tracked them goes on in the same session, under its new id.
  const live = profile?.session && sessions.get(profile.session.id);
  if (live) next.session = { ...live };
  return { profile: next, events: out };
}

/**
 * Applies a patch: traits merge key by key (a trait set to undefined is removed), every other field is replaced.
 * @example applyProfilePatch(profile, { user_id: 'u1', traits: { plan: 'pro' } }, Date.now());
 */
export function applyProfilePatch(profile: Profile, patch: ProfilePatch, now: number): Profile {
  const out: Profile = { ...profile, updated_at: now };
  if (typeof patch.anonymous_id === 'string' && patch.anonymous_id !== '') out.anonymous_id = patch.anonymous_id;
  if (patch.user_id !== undefined) out.user_id = patch.user_id;
  if (patch.consent !== undefined) out.consent = patch.consent;
  if (patch.session !== undefined) out.session = patch.session;
  if (patch.identified_at !== undefined) out.identified_at = patch.identified_at;
  if (patch.traits_at !== undefined) out.traits_at = patch.traits_at;
  if (patch.traits !== undefined) {
    const traits = { ...profile.traits, ...patch.traits };
    for (const [k, v] of Object.entries(traits)) if (v === undefined) delete traits[k];
    out.traits = traits;
  }
  return out;
}

/**
 * What a worker whose store is in memory hands the page for the worker that may replace it (PageContext.memory): the
 * visitor's anonymous id, session and experiment arms (experiment id -> variation id). The rest (identity, consent,
 * events) comes back with the ops the page replays, in call order, so events tracked before an identify() stay
 * unidentified; an exposure is recorded again, under the same message_id, by the next row the arm serves.
 * @example memorySnapshot(profile, { hero: 'b' }) // ['b7f9c2e4-...', { id: '...', startedAt: 1796000000000, lastActivity: 1796000060000 }, { hero: 'b' }]
 */
export const memorySnapshot = (p: Profile, arms: Record<string, string>): [string, Profile['session'], Record<string, string>] => [p.anonymous_id, p.session, arms];

/**
 * The arms in memorySnapshot's value as the page kept it, or null (none, or not a map of strings: not trusted).
 * @example armsFromSnapshot(['b7f9c2e4-...', null, { hero: 'b' }]) // { hero: 'b' }
 */
export function armsFromSnapshot(v: unknown): Record<string, string> | null {
  const a = Array.isArray(v) ? (v[2] as unknown) : null;
  if (!a || typeof a !== 'object' || Array.isArray(a)) return null;
  const entries = Object.entries(a).filter(([, x]) => typeof x === 'string');
  return entries.length ? Object.fromEntries(entries) : null;
}

/**
 * The profile patch a new store in memory starts from, read back from memorySnapshot's value as the page kept it; {}
 * for anything else (the page treats it as opaque, a tampered or older value is not trusted).
 * @example seedFromSnapshot(['b7f9c2e4-...', null]) // { anonymous_id: 'b7f9c2e4-...' }
 */
export function seedFromSnapshot(v: unknown): ProfilePatch {
  if (!Array.isArray(v) || typeof v[0] !== 'string' || !v[0]) return {};
  const s = v[1] as Record<string, unknown> | null;
  const session = s && typeof s.id === 'string' && typeof s.startedAt === 'number' && typeof s.lastActivity === 'number' ? { id: s.id, startedAt: s.startedAt, lastActivity: s.lastActivity } : undefined;
  return { anonymous_id: v[0], ...(session ? { session } : {}) };
}
