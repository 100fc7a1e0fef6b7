// Name -> model family for reviving site-model weights: the shared registry plus the on-device families kept here.
import { MODEL_SPECS } from '../models/registry.ts';
import { coVisitationSpec } from '../models/coVisitation.ts';
import type { ModelSpec } from '../models/types.ts';

/**
 * The spec that revives weights whose meta.model is `name`, or undefined.
 * @example
 * specFor('itemKnn')?.fromWeights(w)
 */
export function specFor(name: string): ModelSpec | undefined {
  if (name === coVisitationSpec.name) return coVisitationSpec as unknown as ModelSpec;
  return MODEL_SPECS[name];
}
