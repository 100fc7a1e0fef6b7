// Name -> how to revive site-model weights, through the scoring-only revivers (no training code, no tfjs).
import { REVIVERS } from '../../train/models/revivers.ts';
import type { ModelWeights, TrainedModel } from '../models/types.ts';

/**
 * The function that revives weights whose meta.model is `name`, or undefined.
 * @example
 * specFor('itemKnn')?.fromWeights(w)
 */
export function specFor(name: string): { fromWeights: (w: ModelWeights) => TrainedModel } | undefined {
  return Object.hasOwn(REVIVERS, name) ? { fromWeights: REVIVERS[name] } : undefined;
}
