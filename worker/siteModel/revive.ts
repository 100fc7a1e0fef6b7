// Name -> model family for reviving site-model weights: the shared registry (it includes coVisitation).
import { MODEL_SPECS } from '../models/registry.ts';
import type { ModelSpec } from '../models/types.ts';

/**
 * The spec that revives weights whose meta.model is `name`, or undefined.
 * @example
 * specFor('itemKnn')?.fromWeights(w)
 */
export function specFor(name: string): ModelSpec | undefined {
  return Object.hasOwn(MODEL_SPECS, name) ? MODEL_SPECS[name] : undefined;
}
