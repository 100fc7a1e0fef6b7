// A bandit slot: its eligible variants (audience matched, plus the default) chosen by Thompson sampling.
import type { StoredEvent } from '../../src/contract/events.ts';
import type { SlotConfig } from '../../src/contract/config.ts';
import type { Condition } from '../../src/contract/conditions.ts';
import { matchCondition } from '../../src/contract/conditions.ts';
import type { SlotChoice } from '../../src/contract/types.ts';
import type { SiteModel } from '../../scoring/siteModel/format.ts';
import { thompsonChoice, type BetaPriors } from './bandit.ts';

/**
 * The slot priors a site model carries (from `clientele report`'s priors.json), or {} when it has none.
 * @example slotPriors(site, 'hero') // { welcome: { alpha: 31, beta: 970 }, ... }
 */
export function slotPriors(site: SiteModel | null, slot: string): BetaPriors {
  const p = site?.priors?.slots?.[slot];
  if (!p || typeof p !== 'object') return {};
  const out: BetaPriors = {};
  for (const [id, v] of Object.entries(p)) if (v && Number.isFinite(v.alpha) && Number.isFinite(v.beta) && v.alpha > 0 && v.beta > 0) out[id] = { alpha: v.alpha, beta: v.beta };
  return out;
}

/**
 * Chooses among the slot's variants the visitor is eligible for by Thompson sampling, steady within a session.
 * @example banditSlot('hero', slot, audiences, facts, site, events).variant?.id
 */
export function banditSlot(slot: string, cfg: SlotConfig, audiences: Record<string, Condition>, facts: Record<string, unknown>, site: SiteModel | null, events: ReadonlyArray<StoredEvent>): SlotChoice {
  const eligible = [cfg.default, ...cfg.variants.filter((v) => {
    if (v.audience === undefined) return true;
    const c = audiences[v.audience];
    try { return !!c && matchCondition(c, facts); } catch { return false; }
  })];
  const own: Record<string, { impressions: number; clicks: number }> = {};
  for (const e of events) {
    if ((e.event !== 'Widget Impression' && e.event !== 'Widget Clicked') || e.properties.slot !== slot) continue;
    const id = String(e.properties.variant_id ?? '');
    const o = (own[id] ??= { impressions: 0, clicks: 0 });
    if (e.event === 'Widget Impression') o.impressions++;
    else o.clicks++;
  }
  const session = events.length ? events[events.length - 1].session_id : 'none';
  const id = thompsonChoice(eligible.map((v) => v.id), slotPriors(site, slot), own, `${slot}:${session}`);
  const variant = eligible.find((v) => v.id === id) ?? cfg.default;
  return { slot, variant, reason: `variant "${variant.id}" by Thompson sampling over ${eligible.map((v) => v.id).join(', ')}` };
}
