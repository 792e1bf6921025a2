/**
 * Grouped means with a block bootstrap: the one estimator behind every bucketed table of the area.
 * Observations carry a block (a stretch of time) and a group (a bucket); each of several value columns
 * is averaged per group, and the blocks are resampled with replacement (Künsch 1989; the library's
 * rules in core/bootstrap.ts: slivers join a neighbour, no interval below 10 blocks).
 *
 * @module
 */
import { blockResampler, bootstrapInterval, resamplingUnits } from "../core/bootstrap.ts";

/** Mean of one column in one group, with its bootstrap interval. */
export interface GroupMean {
  /** Mean of the finite values of the group. NaN when the group has none. */
  mean: number;
  /** Finite values averaged. */
  count: number;
  /** Percentile interval, or null (see `intervalNote`). */
  interval: [number, number] | null;
  /** Why there is no interval; null when there is one. */
  intervalNote: string | null;
}

/**
 * Means per group of each column, with block-bootstrap intervals (same resamples for every column).
 *
 * @param columns value columns, one value per observation (non-finite values are left out).
 * @param group group of each observation, 0..groups-1, or -1 to leave it out.
 * @param groups number of groups.
 * @param block block of each observation, 0..blocks-1.
 * @param blocks number of blocks.
 * @param settings bootstrap samples, confidence and seed.
 * @returns `result[column][group]`.
 */
export function groupedBlockMeans(
  columns: readonly Float64Array[],
  group: Int32Array,
  groups: number,
  block: Int32Array,
  blocks: number,
  settings: { bootstrapSamples: number; confidence: number; seed: number },
): GroupMean[][] {
  const n = group.length, nc = columns.length, width = groups * nc;
  const sums = new Float64Array(blocks * width), counts = new Float64Array(blocks * width);
  const sizes = new Int32Array(blocks);
  for (let i = 0; i < n; i++) {
    const g = group[i]!, b = block[i]!;
    sizes[b]!++;
    if (g < 0) continue;
    for (let c = 0; c < nc; c++) {
      const v = columns[c]![i]!;
      if (!Number.isFinite(v)) continue;
      const k = b * width + c * groups + g;
      sums[k]! += v;
      counts[k]!++;
    }
  }
  const totalSum = new Float64Array(width), totalCount = new Float64Array(width);
  for (let b = 0; b < blocks; b++) {
    for (let k = 0; k < width; k++) {
      totalSum[k]! += sums[b * width + k]!;
      totalCount[k]! += counts[b * width + k]!;
    }
  }
  const units = resamplingUnits(sizes);
  const draws: Float64Array[] = [];
  for (let k = 0; k < width; k++) draws.push(new Float64Array(settings.bootstrapSamples));
  if (settings.bootstrapSamples > 0 && blocks > 0) {
    const resample = blockResampler(units, settings.seed);
    const weights = new Int32Array(blocks);
    const s = new Float64Array(width), c = new Float64Array(width);
    for (let r = 0; r < settings.bootstrapSamples; r++) {
      resample(weights);
      s.fill(0);
      c.fill(0);
      for (let b = 0; b < blocks; b++) {
        const w = weights[b]!;
        if (w === 0) continue;
        const o = b * width;
        for (let k = 0; k < width; k++) {
          s[k]! += w * sums[o + k]!;
          c[k]! += w * counts[o + k]!;
        }
      }
      for (let k = 0; k < width; k++) draws[k]![r] = c[k]! > 0 ? s[k]! / c[k]! : NaN;
    }
  }
  const out: GroupMean[][] = [];
  for (let col = 0; col < nc; col++) {
    const row: GroupMean[] = [];
    for (let g = 0; g < groups; g++) {
      const k = col * groups + g;
      const count = totalCount[k]!;
      const { interval, intervalNote } = bootstrapInterval(
        settings.bootstrapSamples > 0 ? draws[k]! : [],
        units.units,
        settings.confidence,
      );
      row.push({ mean: count > 0 ? totalSum[k]! / count : NaN, count, interval, intervalNote });
    }
    out.push(row);
  }
  return out;
}
