// The visitor's profile record: how it starts and how a patch applies. Pure.
import type { Profile } from './schema.ts';

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
  if (patch.traits !== undefined) {
    const traits = { ...profile.traits, ...patch.traits };
    for (const [k, v] of Object.entries(traits)) if (v === undefined) delete traits[k];
    out.traits = traits;
  }
  return out;
}
