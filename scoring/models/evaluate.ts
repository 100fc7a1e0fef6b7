// Offline ranking evaluation of a TrainedModel: fold in each user's train history, rank the catalogue, score held-out items.
import { MetricsAccumulator, type RankingMetrics } from './metrics.ts';
import { topK } from './topK.ts';
import type { Interactions, TrainedModel, VisitorHistory } from './types.ts';

/**
 * A user's CSR row as a VisitorHistory, "now" = their latest interaction (the moment the held-out part begins).
 * @example
 * historyOf(data, 0) // { items, weights, ts, now }
 */
export function historyOf(data: Interactions, u: number): VisitorHistory {
  const a = data.userPtr[u], b = data.userPtr[u + 1];
  const ts = data.ts.subarray(a, b);
  let now = -Infinity;
  for (let i = 0; i < ts.length; i++) if (ts[i] > now) now = ts[i];
  return { items: data.items.subarray(a, b), weights: data.weights.subarray(a, b), ts, now: Number.isFinite(now) ? now : 0 };
}

/**
 * Recall/NDCG/HitRate/Coverage@k of `model` for every user in `heldOut`, train items excluded (as eval_reference.py).
 * @example
 * evaluateModel(model, trainX, testByUser, 10).ndcg
 */
export function evaluateModel(model: TrainedModel, train: Interactions, heldOut: Map<number, Set<number>>, k = 10): RankingMetrics {
  const acc = new MetricsAccumulator(train.nItems, k);
  const out = new Float32Array(train.nItems);
  const users = [...heldOut.keys()].sort((a, b) => a - b);
  for (const u of users) {
    const h = historyOf(train, u);
    model.score(model.foldIn(h), out);
    acc.add(topK(out, k, h.items), heldOut.get(u)!);
  }
  return acc.result();
}
