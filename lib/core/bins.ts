/**
 * Bins of a positive quantity for conditional averages: quantile bins (equal counts up to ties) and
 * logarithmic bins (equal widths in `ln x`), each as a bin index per value. Written here (a quickselect and
 * a binary search) because the statistics packages in use bin by a comparator sort, an order of magnitude
 * slower on a million values.
 *
 * @module
 */

/**
 * Quantile bins: bin index (0..bins-1) of each value, bin k holding the values in `[edge_k, edge_{k+1})` with
 * edges at the `k / bins` order statistics of the values; equal values share a bin, so bins are equal-count
 * up to ties at the edges (and a bin may be empty when ties span it). Cost O(m log bins): the edges are
 * selected, not sorted.
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
  const ranks = new Int32Array(Math.max(0, bins - 1));
  for (let k = 1; k < bins; k++) ranks[k - 1] = Math.floor((k * m) / bins);
  return binByEdges(values, orderStatistics(values, ranks));
}

/**
 * The order statistics of `values` at the non-decreasing 0-based `ranks` (`sorted[rank]`, the same numbers
 * a full sort gives), by a multi-way quickselect: three-way partitions around a median-of-three pivot,
 * recursing only into the parts that hold a wanted rank, a native sort for small parts (and past a depth of
 * about 2 log2 m, so adversarial inputs stay O(m log m)). Cost O(m log ranks) on typical data instead of
 * the sort's O(m log m). Written here because the statistics packages in use select one rank at a time.
 */
function orderStatistics(values: Float64Array, ranks: Int32Array): Float64Array {
  const a = Float64Array.from(values);
  const out = new Float64Array(ranks.length);
  const depthLimit = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  const select = (lo: number, hi: number, kFrom: number, kTo: number, depth: number): void => {
    if (kFrom >= kTo) return;
    if (hi - lo <= 64 || depth > depthLimit) {
      const part = a.subarray(lo, hi).sort();
      for (let j = kFrom; j < kTo; j++) out[j] = part[ranks[j]! - lo]!;
      return;
    }
    const x = a[lo]!, y = a[(lo + hi) >> 1]!, z = a[hi - 1]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
    // [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi) > pivot.
    let lt = lo, i = lo, gt = hi - 1;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) {
        a[i++] = a[lt]!;
        a[lt++] = v;
      } else if (v > pivot) {
        a[i] = a[gt]!;
        a[gt--] = v;
      } else i++;
    }
    let j = kFrom;
    while (j < kTo && ranks[j]! < lt) j++;
    select(lo, lt, kFrom, j, depth + 1);
    while (j < kTo && ranks[j]! <= gt) out[j++] = pivot;
    select(gt + 1, hi, j, kTo, depth + 1);
  };
  select(0, a.length, 0, ranks.length, 0);
  return out;
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

/**
 * Bin of each value by binary search over sorted edges: bin k holds `[edges[k-1], edges[k])`. The edges are
 * padded with +Infinity to a power of two so that every search takes the same steps, each a select rather
 * than a branch the values make unpredictable.
 */
function binByEdges(values: Float64Array, edges: Float64Array): Int32Array {
  const m = values.length;
  let size = 1;
  while (size < edges.length + 1) size <<= 1;
  const padded = new Float64Array(size).fill(Infinity);
  padded.set(edges);
  const out = new Int32Array(m), last = edges.length;
  for (let i = 0; i < m; i++) {
    const v = values[i]!;
    let lo = 0;
    for (let step = size >> 1; step > 0; step >>= 1) lo += padded[lo + step - 1]! <= v ? step : 0;
    out[i] = lo < last ? lo : last; // +Infinity passes the padding too
  }
  return out;
}
