// The shape of the experiments chunk (./plans.ts) as the engine sees it once loaded, the global the IIFE chunk
// assigns itself to, and when it is needed at all. Type-only imports: nothing of the chunk lands in the engine.
import type { LoopConfig } from '../../src/contract/loop.ts';
import type { planRow, planSlot } from './assign.ts';
import type { banditSlot } from './slots.ts';

export interface PlansModule {
  planRow: typeof planRow;
  planSlot: typeof planSlot;
  banditSlot: typeof banditSlot;
}

export const PLANS_GLOBAL = '__clienteleExperiments';

/**
 * Whether the config runs anything the experiments chunk decides: a holdout, an experiment or a slot bandit.
 * Otherwise every row and slot is served as configured and the chunk is never loaded.
 * @example runsExperiments(DEFAULT_LOOP) // false
 */
export const runsExperiments = (c: Pick<LoopConfig, 'holdout' | 'experiments' | 'bandits'>): boolean =>
  c.holdout.percent > 0 || c.experiments.length > 0 || c.bandits.length > 0;
