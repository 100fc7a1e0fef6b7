// A holdout score measured on a few users says little: with n users, a HitRate of p has a 95% interval
// of about ±1.96·sqrt(p(1-p)/n) (the normal approximation to the binomial). Below MIN_USERS the
// command says so next to the figures instead of printing them as if they meant something.

/** Fewer holdout users than this: the figures are shown with a warning and their interval. */
export const MIN_HOLDOUT_USERS = 200;
/** Fewer than this: the figures mean nothing at all. */
export const MEANINGLESS_HOLDOUT_USERS = 30;

/**
 * A warning about a holdout of `nUsers` users with hit rate `hit`, or null when it is big enough.
 * @example holdoutWarning(70, 0.3) // 'the holdout has only 70 users, so its scores are rough: HitRate@10 0.300 ± 0.107 (95%); ...'
 */
export function holdoutWarning(nUsers: number, hit: number): string | null {
  if (!(nUsers < MIN_HOLDOUT_USERS)) return null;
  const p = Math.min(1, Math.max(0, hit));
  const half = nUsers > 0 ? 1.96 * Math.sqrt((p * (1 - p)) / nUsers) : 1;
  if (nUsers < MEANINGLESS_HOLDOUT_USERS) {
    return `the holdout has only ${nUsers} user${nUsers === 1 ? '' : 's'}, too few for its scores to mean anything; build from a longer log (${MIN_HOLDOUT_USERS}+ users with two or more interactions) to compare models`;
  }
  return `the holdout has only ${nUsers} users, so its scores are rough: HitRate@10 ${p.toFixed(3)} ± ${half.toFixed(3)} (95%); use a log with ${MIN_HOLDOUT_USERS}+ users before comparing models`;
}
