/**
 * Quantile bins without a comparator sort (private): edges from a native numeric sort of a copy, then each
 * value's bin by binary search. Cost O(m log m) natively plus O(m log bins); equal values share a bin, so
 * bins are equal-count up to ties at the edges.
 * @module
 */

/** Bin index (0..bins-1) of each value: bin k holds values in [edge_k, edge_{k+1}), edges at the k/bins quantiles. */
export function quantileBins(values: Float64Array, bins: number): Int32Array {
  const m = values.length;
  const sorted = Float64Array.from(values).sort();
  const edges = new Float64Array(Math.max(0, bins - 1));
  for (let k = 1; k < bins; k++) edges[k - 1] = sorted[Math.floor((k * m) / bins)]!;
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
