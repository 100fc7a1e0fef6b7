// Model families by name: what `npm run eval`, the site-model builder and the worker look up.
import { makeBlendSpec } from './blend.ts';
import { contentSpec } from './content.ts';
import { coVisitationSpec } from './coVisitation.ts';
import { easeSpec } from './ease.ts';
import { ialsSpec } from './ials.ts';
import { itemKnnSpec } from './itemKnn.ts';
import { popularitySpec } from './popularity.ts';
import { rp3betaSpec } from './rp3beta.ts';
import type { ModelSpec, ModelWeights, TrainedModel } from '../../scoring/models/types.ts';

const specs: Record<string, ModelSpec> = {
  popularity: popularitySpec as unknown as ModelSpec,
  itemKnn: itemKnnSpec as unknown as ModelSpec,
  ials: ialsSpec as unknown as ModelSpec,
  content: contentSpec as unknown as ModelSpec,
  coVisitation: coVisitationSpec as unknown as ModelSpec,
  ease: easeSpec as unknown as ModelSpec,
  rp3beta: rp3betaSpec as unknown as ModelSpec,
};
specs.blend = makeBlendSpec(specs) as unknown as ModelSpec;

/** Every model family, by name. `content` needs catalog attributes (params.items); `blend` combines the others. */
export const MODEL_SPECS: Readonly<Record<string, ModelSpec>> = specs;

/** Families `npm run eval` tunes directly from interactions (content has no attributes there; blend is built from them). */
export const INTERACTION_MODELS: readonly string[] = ['popularity', 'itemKnn', 'rp3beta', 'ease', 'ials', 'coVisitation'];

/**
 * Revives a trained model from its site-model weights, or says which names exist.
 * @example
 * const r = modelFromWeights(w); if (r.ok) r.model.score(folded, out);
 */
export function modelFromWeights(w: ModelWeights): { ok: true; model: TrainedModel } | { ok: false; code: string; message: string } {
  const name = String(w.meta.model ?? '');
  const spec = specs[name];
  if (!spec) {
    return { ok: false, code: 'unknown-model', message: `[clientele] weights.meta.model must be one of ${Object.keys(specs).join(', ')}, got "${name}"; rebuild the site model` };
  }
  try {
    return { ok: true, model: spec.fromWeights(w) };
  } catch (e) {
    // fromWeights throws a [clientele] message on malformed arrays; callers get it as a value
    return { ok: false, code: 'bad-weights', message: e instanceof Error ? e.message : `[clientele] ${name} weights could not be revived; rebuild the site model` };
  }
}
