// Name -> how to revive a model from site-model weights. Kept apart from the registry (which also
// trains) so the engine worker, which only scores, bundles neither the training code nor tfjs.
import { coVisitationSpec } from './coVisitation.ts';
import { contentSpec } from './content.ts';
import { ialsFromWeights } from './ials.ts';
import { itemKnnSpec } from './itemKnn.ts';
import { itemRowsFromWeights } from '../../scoring/models/itemRows.ts';
import { popularitySpec } from './popularity.ts';
import type { ModelWeights, TrainedModel } from '../../scoring/models/types.ts';

/** Every model family a site model can carry, by the name in its weights' meta.model. */
export const REVIVERS: Readonly<Record<string, (w: ModelWeights) => TrainedModel>> = {
  popularity: popularitySpec.fromWeights,
  itemKnn: itemKnnSpec.fromWeights,
  coVisitation: coVisitationSpec.fromWeights,
  content: contentSpec.fromWeights,
  ials: ialsFromWeights,
  ease: (w) => itemRowsFromWeights('ease', w),
  rp3beta: (w) => itemRowsFromWeights('rp3beta', w),
};
