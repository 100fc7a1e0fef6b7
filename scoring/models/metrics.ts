// Top-K ranking metrics, defined exactly as ../shared/data/eval_reference.py defines them.

/** Metrics averaged over users with at least one held-out item. */
export interface RankingMetrics {
  recall: number;
  ndcg: number;
  hit: number;
  coverage: number;
  nUsers: number;
}

/**
 * One user's Recall@K (hits / |test|), NDCG@K (binary gains, IDCG over min(|test|, K)) and hit (0/1).
 * @example
 * userMetrics(Int32Array.of(5, 1, 7), new Set([1, 9]), 3) // { recall: 0.5, ndcg: 0.6309/1.6309, hit: 1 }
 */
export function userMetrics(top: Int32Array, test: ReadonlySet<number>, k: number): { recall: number; ndcg: number; hit: number } {
  let hits = 0;
  let dcg = 0;
  const n = Math.min(k, top.length);
  for (let r = 0; r < n; r++) {
    if (test.has(top[r])) {
      hits++;
      dcg += 1 / Math.log2(r + 2);
    }
  }
  let idcg = 0;
  const m = Math.min(test.size, k);
  for (let r = 0; r < m; r++) idcg += 1 / Math.log2(r + 2);
  return { recall: test.size ? hits / test.size : 0, ndcg: idcg > 0 ? dcg / idcg : 0, hit: hits > 0 ? 1 : 0 };
}

/** Accumulates per-user top-K lists into averaged metrics and catalogue coverage. */
export class MetricsAccumulator {
  private sum = { recall: 0, ndcg: 0, hit: 0 };
  private n = 0;
  private readonly covered: Uint8Array;

  /**
   * @example
   * const acc = new MetricsAccumulator(nItems, 10); acc.add(top, testSet); acc.result();
   */
  constructor(private readonly nItems: number, private readonly k: number) {
    this.covered = new Uint8Array(nItems);
  }

  /**
   * Adds one user's ranked list and held-out items.
   * @example
   * acc.add(Int32Array.of(3, 4), new Set([4]))
   */
  add(top: Int32Array, test: ReadonlySet<number>): void {
    const m = userMetrics(top, test, this.k);
    this.sum.recall += m.recall;
    this.sum.ndcg += m.ndcg;
    this.sum.hit += m.hit;
    this.n++;
    for (let r = 0; r < Math.min(this.k, top.length); r++) if (top[r] >= 0) this.covered[top[r]] = 1;
  }

  /**
   * The averages so far; coverage = distinct recommended items / catalogue size.
   * @example
   * acc.result().ndcg
   */
  result(): RankingMetrics {
    let c = 0;
    for (let i = 0; i < this.nItems; i++) c += this.covered[i];
    const n = Math.max(1, this.n);
    return {
      recall: this.sum.recall / n,
      ndcg: this.sum.ndcg / n,
      hit: this.sum.hit / n,
      coverage: this.nItems ? c / this.nItems : 0,
      nUsers: this.n,
    };
  }
}
