/**
 * The bins and cells of `fitBinnedSquareRoot` (private to the area): small bins joined to a neighbour, the
 * sums of every block-and-bin cell, and the per-bin sums of a resample from the cells and the block weights.
 *
 * @module
 */
import type { BinSums } from "./_bin_curve_fit.ts";

/**
 * Joins bins of fewer than `minCount` values to the next non-empty bin (a short last group joins the one
 * before), renumbering densely; empty bins disappear.
 */
export function joinSmallBins(
  rawOf: Int32Array,
  rawBins: number,
  minCount: number,
): { binOf: Int32Array; count: number } {
  const sizes = new Int32Array(rawBins);
  for (let i = 0; i < rawOf.length; i++) sizes[rawOf[i]!]!++;
  const map = new Int32Array(rawBins);
  let groups = 0, open = 0;
  for (let k = 0; k < rawBins; k++) {
    map[k] = groups;
    open += sizes[k]!;
    if (open >= minCount) {
      groups++;
      open = 0;
    }
  }
  if (open > 0) { // a short tail: join it to the last full group (or keep it when there is none)
    if (groups > 0) {
      for (let k = rawBins - 1; k >= 0 && map[k] === groups; k--) map[k] = groups - 1;
    } else groups = 1;
  }
  const binOf = new Int32Array(rawOf.length);
  for (let i = 0; i < rawOf.length; i++) binOf[i] = map[rawOf[i]!]!;
  return { binOf, count: groups };
}

/** Non-empty (block, bin) cells with their sums; `shift` is subtracted from y. */
export interface Cells {
  length: number;
  block: Int32Array;
  bin: Int32Array;
  count: Float64Array;
  sumX: Float64Array;
  sumY: Float64Array;
  sumYY: Float64Array;
}

export function cellSums(
  blockOf: Int32Array,
  nb: number,
  binOf: Int32Array,
  bins: number,
  x: Float64Array,
  y: Float64Array,
  shift: number,
): Cells {
  const n = blockOf.length;
  // Counting sort of the observations by block.
  const start = new Int32Array(nb + 1);
  for (let i = 0; i < n; i++) start[blockOf[i]! + 1]!++;
  for (let b = 0; b < nb; b++) start[b + 1]! += start[b]!;
  const order = new Int32Array(n), fill = start.slice(0, nb);
  for (let i = 0; i < n; i++) order[fill[blockOf[i]!]!++] = i;
  const slot = new Int32Array(bins).fill(-1);
  const cap = Math.min(n, nb * bins);
  const cells: Cells = {
    length: 0,
    block: new Int32Array(cap),
    bin: new Int32Array(cap),
    count: new Float64Array(cap),
    sumX: new Float64Array(cap),
    sumY: new Float64Array(cap),
    sumYY: new Float64Array(cap),
  };
  for (let b = 0; b < nb; b++) {
    const first = cells.length;
    for (let k = start[b]!; k < start[b + 1]!; k++) {
      const i = order[k]!, bin = binOf[i]!;
      let c = slot[bin]!;
      if (c < first) {
        c = cells.length++;
        slot[bin] = c;
        cells.block[c] = b;
        cells.bin[c] = bin;
      }
      const d = y[i]! - shift;
      cells.count[c]!++;
      cells.sumX[c] = cells.sumX[c]! + x[i]!;
      cells.sumY[c] = cells.sumY[c]! + d;
      cells.sumYY[c] = cells.sumYY[c]! + d * d;
    }
  }
  return cells;
}

/**
 * Adds the cells into per-bin sums, each cell weighted by its block's resample count (1 when null); with
 * byte counts, `overflow` lists the blocks (of one observation each, so cell = block) drawn 256 more times.
 */
export function accumulate(
  cells: Cells,
  weights: Int32Array | Uint8Array | null,
  out: BinSums,
  overflow: readonly number[] = [],
): void {
  out.count.fill(0);
  out.sumX.fill(0);
  out.sumY.fill(0);
  out.sumYY.fill(0);
  for (let c = 0; c < cells.length; c++) {
    const w = weights ? weights[cells.block[c]!]! : 1;
    if (w === 0) continue;
    const k = cells.bin[c]!;
    out.count[k] = out.count[k]! + w * cells.count[c]!;
    out.sumX[k] = out.sumX[k]! + w * cells.sumX[c]!;
    out.sumY[k] = out.sumY[k]! + w * cells.sumY[c]!;
    out.sumYY[k] = out.sumYY[k]! + w * cells.sumYY[c]!;
  }
  // 256 more draws of block b for each listing (byte counts; one observation per block, so cell b).
  for (const c of overflow) {
    const k = cells.bin[c]!;
    out.count[k] = out.count[k]! + 256 * cells.count[c]!;
    out.sumX[k] = out.sumX[k]! + 256 * cells.sumX[c]!;
    out.sumY[k] = out.sumY[k]! + 256 * cells.sumY[c]!;
    out.sumYY[k] = out.sumYY[k]! + 256 * cells.sumYY[c]!;
  }
}
