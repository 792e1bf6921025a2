/**
 * Private engine of `summarizeTca`: count, mean, sample standard deviation and exact type-7 percentiles
 * of one metric in every group of several groupings at once, in two passes over typed arrays.
 *
 * The rows are split into cells (one per combination of the groupings' groups, e.g. participation bucket
 * x side x hour); a group is a union of cells. Pass 1 puts each value in one of 256 bins whose edges are
 * quantiles of an evenly spaced sample of the values (so heavy tails do not crowd them into one bin),
 * rounded to the top 20 bits of the IEEE-754 pattern so that binning is a lookup, and counts values, sums
 * and bin occupancy per cell. Summing cells gives every group's histogram, which locates the bins holding
 * the order statistics each percentile needs. Pass 2 accumulates squared deviations from each cell's mean
 * (combined into each group's by the parallel-axis formula of Chan, Golub & LeVeque 1979) and copies the
 * values of those target bins only; quickselect in them gives the order statistics exactly. Cost: O(n)
 * per metric plus the selections in the target bins (about 6 / 256 of each group's values; a bin of many
 * equal values can make it more, never wrong).
 *
 * @module
 */

/**
 * Distribution statistics of one metric over a set of trades, in the metric's own unit (fractions): what
 * {@linkcode groupedStats} computes per group, and the public face `summarizeTca` hands out (re-exported by
 * summary.ts).
 */
export interface TcaMetricStats {
  /** Trades with a value (nulls, e.g. markouts past the end of the candles, are not counted). */
  count: number;
  /** Arithmetic mean. */
  mean: number;
  /** Sample standard deviation (divisor `count - 1`); `null` when `count < 2`. */
  std: number | null;
  /** Median (the 50th percentile, linear interpolation). */
  median: number;
  /** 5th percentile, linear interpolation between order statistics (Hyndman & Fan 1996 type 7). */
  p5: number;
  /** 95th percentile, linear interpolation (type 7). */
  p95: number;
}

/** Histogram bins per metric. */
const BINS = 256;
/** Keys of the binning: 2^20 order-preserving prefixes of a double's bit pattern. */
const KEYS = 1 << 20;

/** The order-preserving 20-bit key of a double from its high 32 bits (negative: all bits flipped). */
function orderedKey(high: number): number {
  return (high ^ ((high >> 31) | 0x80000000)) >>> 12;
}

/** Index of a double's high 32 bits in an Int32Array view of it: 1 on little-endian machines. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Values sampled, evenly spaced (deterministic), to place the bin edges at their quantiles. */
const EDGE_SAMPLE = 8_192;
/** The percentiles computed, in the order of the fields `median`, `p5`, `p95`. */
const LEVELS = [0.5, 0.05, 0.95] as const;

/** Buffers {@linkcode groupedStats} fills for each metric: allocated once per summary, not per metric. */
export interface GroupedStatsScratch {
  /** Bin of every key (2^20 bytes). */
  binOfKey: Uint8Array;
  /** Bin of every row. */
  bins: Uint8Array;
}

/** Scratch buffers for {@linkcode groupedStats} over `rows` rows. */
export function groupedStatsScratch(rows: number): GroupedStatsScratch {
  return { binOfKey: new Uint8Array(KEYS), bins: new Uint8Array(rows) };
}

/**
 * Rearranges `a[lo..hi]` so that `a[k]` holds the value it would hold were that range sorted, smaller or
 * equal values before it and larger or equal after (Hoare's quickselect, median-of-three pivot; equal
 * values stop both scans, so ties do not make it quadratic). NaN is never passed in: a metric with NaN
 * has a NaN mean, which `summarizeTca` refuses.
 */
export function selectInPlace(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as the pivot
    let x = a[lo]!, y = a[mid]!, z = a[hi]!;
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) [x, y] = [y, x];
    const pivot = y;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Statistics of `values` (with `valid[i] = 0` marking a null, or `null` when none is) in every group.
 *
 * @param values the metric, one value per row.
 * @param valid 1 where the row has a value, 0 for null; `null` if every row has one.
 * @param cell each row's cell, in `[0, cellCount)`.
 * @param cellCount number of cells.
 * @param groupOfCell for each grouping, the group (in `[0, groupCount)`) each cell belongs to.
 * @param groupCount number of groups over all groupings.
 * @param scratch buffers reused from metric to metric (from {@linkcode groupedStatsScratch}).
 * @returns per group its statistics (a {@linkcode TcaMetricStats}), or `null` when it holds no value of the
 *   metric.
 */
export function groupedStats(
  values: Float64Array,
  valid: Uint8Array | null,
  cell: Int32Array,
  cellCount: number,
  groupOfCell: readonly Int32Array[],
  groupCount: number,
  scratch: GroupedStatsScratch = groupedStatsScratch(values.length),
): (TcaMetricStats | null)[] {
  const n = values.length;
  // Bin edges: quantiles of an evenly spaced sample of the values present.
  const sample: number[] = [];
  const stride = Math.max(1, Math.floor(n / EDGE_SAMPLE));
  for (let i = 0; i < n; i += stride) if (valid === null || valid[i]) sample.push(values[i]!);
  if (sample.length === 0) return new Array(groupCount).fill(null);
  const sorted = Float64Array.from(sample).sort();
  // A bin is a range of keys: the top 20 bits of a value's IEEE-754 pattern made order-preserving (sign,
  // exponent and 8 mantissa bits: 1/256 of an octave). binOfKey maps keys to 256 bins whose edges are
  // the sample's quantiles rounded to a key, so binning a value is integer operations and one lookup.
  const { binOfKey, bins } = scratch;
  const sampleBits = new Int32Array(sorted.buffer);
  let key = 0;
  for (let b = 1; b < BINS; b++) {
    const edge = orderedKey(sampleBits[2 * Math.floor((b * sorted.length) / BINS) + HIGH]!);
    binOfKey.fill(b - 1, key, edge);
    key = Math.max(key, edge);
  }
  binOfKey.fill(BINS - 1, key);

  // Pass 1: bin of each value; count, sum and histogram per cell.
  const bits = new Int32Array(values.buffer, values.byteOffset, 2 * n);
  const cellN = new Float64Array(cellCount), cellSum = new Float64Array(cellCount);
  const cellHist = new Int32Array(cellCount * BINS);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const high = bits[2 * i + HIGH]!; // the sign, exponent and top mantissa bits
    const b = binOfKey[(high ^ ((high >> 31) | 0x80000000)) >>> 12]!; // orderedKey, inlined
    bins[i] = b;
    const c = cell[i]!;
    cellN[c]!++;
    cellSum[c]! += values[i]!;
    cellHist[c * BINS + b]!++;
  }
  const cellMean = new Float64Array(cellCount);
  for (let c = 0; c < cellCount; c++) cellMean[c] = cellN[c]! > 0 ? cellSum[c]! / cellN[c]! : 0;

  // Groups = unions of cells.
  const count = new Float64Array(groupCount), sum = new Float64Array(groupCount);
  const hist = new Int32Array(groupCount * BINS);
  for (const map of groupOfCell) {
    for (let c = 0; c < cellCount; c++) {
      const g = map[c]!;
      count[g]! += cellN[c]!;
      sum[g]! += cellSum[c]!;
      for (let b = 0; b < BINS; b++) hist[g * BINS + b]! += cellHist[c * BINS + b]!;
    }
  }
  const mean = new Float64Array(groupCount);
  for (let g = 0; g < groupCount; g++) mean[g] = count[g]! > 0 ? sum[g]! / count[g]! : 0;

  // The bins holding each needed order statistic: a list per (group, bin), and the rank inside it.
  const slot = new Int32Array(groupCount * BINS).fill(-1);
  const lists: Float64Array[] = [];
  const where: { list: number; offset: number }[][] = []; // per group: the ranks low, low+1 per level
  for (let g = 0; g < groupCount; g++) {
    const size = count[g]!;
    const ranks: number[] = [];
    for (const q of LEVELS) {
      const low = Math.floor((size - 1) * q);
      ranks.push(low, Math.min(low + 1, size - 1));
    }
    const found: { list: number; offset: number }[] = [];
    if (size > 0) {
      for (const rank of ranks) {
        let before = 0, b = 0;
        while (before + hist[g * BINS + b]! <= rank) before += hist[g * BINS + b++]!;
        const key = g * BINS + b;
        if (slot[key] === -1) {
          slot[key] = lists.length;
          lists.push(new Float64Array(hist[key]!));
        }
        found.push({ list: slot[key]!, offset: rank - before });
      }
    }
    where.push(found);
  }

  // (cell, bin) pairs some group of the cell needs values from.
  const wanted = new Uint8Array(cellCount * BINS);
  for (const map of groupOfCell) {
    for (let c = 0; c < cellCount; c++) {
      for (let b = 0; b < BINS; b++) if (slot[map[c]! * BINS + b]! >= 0) wanted[c * BINS + b] = 1;
    }
  }

  // Pass 2: squared deviations from each cell's mean; the values of wanted bins go to their groups' lists.
  const cellSquares = new Float64Array(cellCount);
  const filled = new Int32Array(lists.length);
  const groupings = groupOfCell.length;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const x = values[i]!, c = cell[i]!, b = bins[i]!;
    const d = x - cellMean[c]!;
    cellSquares[c]! += d * d;
    if (wanted[c * BINS + b] === 0) continue;
    for (let k = 0; k < groupings; k++) {
      const id = slot[groupOfCell[k]![c]! * BINS + b]!;
      if (id >= 0) lists[id]![filled[id]!++] = x;
    }
  }
  // A group's squared deviations from the cells' (Chan, Golub & LeVeque 1979): within plus between cells.
  const squares = new Float64Array(groupCount);
  for (const map of groupOfCell) {
    for (let c = 0; c < cellCount; c++) {
      if (cellN[c] === 0) continue;
      const g = map[c]!, d = cellMean[c]! - mean[g]!;
      squares[g]! += cellSquares[c]! + cellN[c]! * d * d;
    }
  }
  // Only the needed order statistics of each list: successive selections, each on what is right of the last.
  const needed: number[][] = lists.map(() => []);
  for (const found of where) for (const { list, offset } of found) needed[list]!.push(offset);
  lists.forEach((list, id) => {
    let from = 0;
    for (const k of [...new Set(needed[id]!)].sort((p, q) => p - q)) {
      selectInPlace(list, k, from, list.length - 1);
      from = k + 1;
    }
  });

  const out: (TcaMetricStats | null)[] = [];
  for (let g = 0; g < groupCount; g++) {
    const size = count[g]!;
    if (size === 0) {
      out.push(null);
      continue;
    }
    const at = where[g]!;
    const statistic = (level: number) => {
      // type 7: position (n - 1) q between the order statistics low and low + 1 (polars' formula)
      const position = (size - 1) * LEVELS[level]!;
      const low = Math.floor(position);
      const a = at[2 * level]!, b = at[2 * level + 1]!;
      const lower = lists[a.list]![a.offset]!;
      if (position === low || low + 1 >= size) return lower;
      const upper = lists[b.list]![b.offset]!;
      return lower + (position - low) * (upper - lower);
    };
    out.push({
      count: size,
      mean: mean[g]!,
      std: size < 2 ? null : Math.sqrt(squares[g]! / (size - 1)),
      median: statistic(0),
      p5: statistic(1),
      p95: statistic(2),
    });
  }
  return out;
}
