/**
 * Spearman's rank correlation with average ranks for ties (Spearman 1904; the Pearson correlation of the
 * ranks). Written here because the resampled pairs of a block bootstrap are ranked many times and
 * simple-statistics' `sampleRankCorrelation` gives tied values distinct ranks.
 *
 * @module
 */
import { assertSameLength, describeValue } from "../core/validate.ts";

/**
 * Average ranks (1-based) of `values`, ties sharing the mean of their positions. Cost O(n log n).
 *
 * @param values the values, finite.
 * @returns the ranks.
 *
 * @example
 * ```ts
 * import { averageRanks } from "@lib/marketmaking/rank_correlation.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([...averageRanks([10, 30, 20, 30])], [1, 3.5, 2, 3.5]);
 * ```
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  for (let k = 0; k < n;) {
    let e = k + 1;
    while (e < n && values[order[e]!] === values[order[k]!]) e++;
    const r = (k + e + 1) / 2;
    for (let j = k; j < e; j++) ranks[order[j]!] = r;
    k = e;
  }
  return ranks;
}

/**
 * Spearman's rank correlation `rho` of paired values, in [-1, 1]; NaN when fewer than 3 pairs or when
 * either side is constant.
 *
 * @param x first values, finite.
 * @param y second values, finite, same length.
 * @returns `rho`.
 * @throws {TypeError} if the lengths differ or an input is not an array.
 *
 * @example
 * ```ts
 * import { spearmanCorrelation } from "@lib/marketmaking/rank_correlation.ts";
 * import assert from "node:assert/strict";
 * assert.equal(spearmanCorrelation([1, 2, 3, 4], [10, 20, 30, 1000]), 1);
 * // ranks x 1,2,3,4; y 2,1,4,3: 1 - 6 * 4 / (4 * 15) = 0.6
 * assert.ok(Math.abs(spearmanCorrelation([1, 2, 3, 4], [2, 1, 4, 3]) - 0.6) < 1e-12);
 * ```
 */
export function spearmanCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const action = "compute Spearman correlation";
  for (const [name, v] of [["x", x], ["y", y]] as const) {
    if (v === null || typeof v !== "object" || typeof v.length !== "number") {
      throw new TypeError(
        `Cannot ${action}: ${name} must be an array of numbers: current value is ${describeValue(v)}`,
      );
    }
  }
  assertSameLength(action, "x", x, "y", y);
  const n = x.length;
  if (n < 3) return NaN;
  const rx = averageRanks(x), ry = averageRanks(y);
  const mean = (n + 1) / 2;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const a = rx[i]! - mean, b = ry[i]! - mean;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}
