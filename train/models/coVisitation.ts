// Co-visitation as a site-model family: its parameter grid for eval and how the builder trains it. The counting
// kernel is shared with the device (the visitor's own sessions) in scoring/models/coVisitation.ts.
import { num } from '../../scoring/models/csr.ts';
import { coVisitationModel, coVisitationNeighbours, type CoVisitationParams } from '../../scoring/models/coVisitation.ts';
import type { ModelSpec } from '../../scoring/models/types.ts';

const grid: CoVisitationParams[] = [];
for (const alpha of [0.5, 0.75]) for (const windowS of [1800, 86400]) for (const halfLifeDays of [10, 30]) grid.push({ k: 30, windowS, maxBasket: 50, alpha, halfLifeDays });

export const coVisitationSpec: ModelSpec<CoVisitationParams> = {
  name: 'coVisitation',
  defaults: { k: 30, windowS: 1800, maxBasket: 50, alpha: 0.5, halfLifeDays: 30 },
  grid,
  foldInKeys: ['halfLifeDays'],
  async train(data, params, onProgress) {
    const p: CoVisitationParams = {
      k: Math.max(1, Math.round(num(params, 'k', 30))),
      windowS: num(params, 'windowS', 1800),
      maxBasket: Math.max(2, Math.round(num(params, 'maxBasket', 50))),
      alpha: num(params, 'alpha', 0.5),
      halfLifeDays: num(params, 'halfLifeDays', 30),
    };
    const { nbrIdx, nbrSim } = coVisitationNeighbours(data, p, onProgress);
    return coVisitationModel(nbrIdx, nbrSim, p.k, p.halfLifeDays, { windowS: p.windowS, maxBasket: p.maxBasket, alpha: p.alpha });
  },
  fromWeights(w) {
    const k = Number(w.meta.k);
    if (!(k >= 1) || w.arrays.nbrIdx.length !== w.arrays.nbrSim.length || w.arrays.nbrIdx.length % k !== 0) {
      throw new Error(`[clientele] coVisitation weights must hold nbrIdx and nbrSim of equal length, a multiple of k=${w.meta.k}; rebuild the site model`);
    }
    return coVisitationModel(w.arrays.nbrIdx as Int32Array, w.arrays.nbrSim as Float32Array, k, Number(w.meta.halfLifeDays ?? 0), w.meta);
  },
};

