/**
 * Bins of a positive quantity for conditional averages: quantile bins (equal counts up to ties) and
 * logarithmic bins (equal widths in `ln x`), each as a bin index per value. Written here (a native sort and
 * a binary search) because the statistics packages in use bin by a comparator sort, an order of magnitude
 * slower on a million values.
 *
 * @module
 */

/**
 * Quantile bins: bin index (0..bins-1) of each value, bin k holding the values in `[edge_k, edge_{k+1})` with
 * edges at the `k / bins` order statistics of the values; equal values share a bin, so bins are equal-count
 * up to ties at the edges (and a bin may be empty when ties span it). Cost O(m log m) natively plus
 * O(m log bins).
 *
 * @param values the values, finite.
 * @param bins number of bins, >= 1.
 * @returns the bin of each value.
 *
 * @example
 * ```ts
 * import { quantileBins } from "@lib/core/bins.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([...quantileBins(Float64Array.of(5, 1, 4, 2, 3, 6), 3)], [2, 0, 1, 0, 1, 2]);
 * ```
 */
export function quantileBins(values: Float64Array, bins: number): Int32Array {
  const m = values.length;
  const sorted = Float64Array.from(values).sort();
  const edges = new Float64Array(Math.max(0, bins - 1));
  for (let k = 1; k < bins; k++) edges[k - 1] = sorted[Math.floor((k * m) / bins)]!;
  return binByEdges(values, edges);
}

/**
 * Logarithmic bins: bin index (0..bins-1) of each positive value, the bins of equal width in `ln x` between
 * the smallest and the largest value (the last bin closed). Cost O(m log bins).
 *
 * @param values the values, finite and > 0.
 * @param bins number of bins, >= 1.
 * @returns the bin of each value.
 *
 * @example
 * ```ts
 * import { logBins } from "@lib/core/bins.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([...logBins(Float64Array.of(1, 10, 100, 1000), 3)], [0, 1, 2, 2]);
 * ```
 */
export function logBins(values: Float64Array, bins: number): Int32Array {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = Math.log(values[i]!);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const edges = new Float64Array(Math.max(0, bins - 1));
  for (let k = 1; k < bins; k++) edges[k - 1] = Math.exp(lo + ((hi - lo) * k) / bins);
  return binByEdges(values, edges);
}

/** Bin of each value by binary search over sorted edges: bin k holds `[edges[k-1], edges[k])`. */
function binByEdges(values: Float64Array, edges: Float64Array): Int32Array {
  const m = values.length;
  const out = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const v = values[i]!;
    let lo = 0, hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}
