// The one interface every recommendation model shares: train on interactions, fold in a visitor, score.
// Models are pure: they take typed arrays and return typed arrays; the engine owns state and I/O.

/** Implicit feedback in compressed-sparse-row form, one row per user, items sorted by time within a row. */
export interface Interactions {
  nUsers: number;
  nItems: number;
  /** Row pointers: user u's entries are [userPtr[u], userPtr[u+1]). Length nUsers + 1. */
  userPtr: Int32Array;
  /** Item index of each entry. */
  items: Int32Array;
  /** Implicit-feedback strength of each entry (event-type weight; repeated events add up). */
  weights: Float32Array;
  /** Unix seconds of each entry (the latest time the user touched the item). */
  ts: Float64Array;
}

/** One visitor's history against a model's item index: what they touched, how strongly, and when. */
export interface VisitorHistory {
  items: Int32Array;
  weights: Float32Array;
  /** Unix seconds, same length as items. */
  ts: Float64Array;
  /** The "now" to decay against, unix seconds. */
  now: number;
}

/** A visitor folded in against frozen item parameters (e.g. a user factor vector, or weighted seed items). */
export interface FoldedVisitor {
  items: Int32Array;
  weights: Float32Array;
  /** Latent vector for factor models. */
  vector?: Float32Array;
}

/** Named typed arrays plus JSON metadata: how a trained model travels inside a site model file. */
export interface ModelWeights {
  meta: Record<string, unknown>;
  arrays: Record<string, Float32Array | Int32Array>;
}

/** A trained model, frozen: it folds in one visitor and scores every item for them. */
export interface TrainedModel {
  name: string;
  nItems: number;
  /** Fits the visitor from their own history (fold-in); cheap enough to run on every new event. */
  foldIn(history: VisitorHistory): FoldedVisitor;
  /** Writes a score for every item into `out` (length nItems). Higher is better; -Infinity means never. */
  score(visitor: FoldedVisitor, out: Float32Array): void;
  /** The items most like `item`, best first (for "similar" rows and "because you viewed X" reasons). */
  neighbours?(item: number, k: number): { items: Int32Array; scores: Float32Array };
  /** Compact, serializable form for the site model. */
  toWeights(): ModelWeights;
  /**
   * The same trained model with other fold-in settings (e.g. the recency half-life), sharing its arrays.
   * Optional: lets `npm run eval` tune fold-in params without retraining.
   */
  withFoldIn?(params: Record<string, unknown>): TrainedModel;
}

/** A model family: how to train it and how to revive it from a site model file. */
export interface ModelSpec<P extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  defaults: P;
  /** Candidate settings tried on the validation split by `npm run eval`. */
  grid: P[];
  /** Param keys that only affect fold-in/scoring (applied via `TrainedModel.withFoldIn`, no retraining). */
  foldInKeys?: readonly string[];
  train(data: Interactions, params: P, onProgress?: (fraction: number) => void): Promise<TrainedModel>;
  fromWeights(weights: ModelWeights): TrainedModel;
}
