/**
 * The average metaorder price path behind {@linkcode metaorderImpactPath} and the day-by-day measurement
 * (`measureTapeDays`): per-block sums of the side-adjusted price change at each point of the path, and the
 * means with their block-bootstrap intervals. Per-block sums concatenate across days, so a month read a day
 * at a time gives the numbers of one call on the whole month. Not exported from the area's face.
 * @module
 */
import { blockBootstrapCounts, MIN_BOOTSTRAP_BLOCKS, percentileInterval } from "./blocks.ts";
import type { MetaorderPathOptions, MetaorderPathPoint } from "./metaorder_impact.ts";
import { assertInteger, assertObject, assertPositive } from "../core/validate.ts";
import { assertBootstrapSettings } from "./_block_checks.ts";
import { assertList } from "./_metaorders.ts";

/**
 * Checks the options of `metaorderImpactPath`, fills in the defaults, and lists the path's times in units of
 * the duration: the fractions, then `1 + k` for each multiple.
 * @throws {TypeError} for a list that is not an array.
 * @throws {RangeError} for a fraction outside (0, 1], no fraction 1, a multiple <= 0 or a bad bootstrap setting.
 */
export function pathSettings(
  action: string,
  options: MetaorderPathOptions,
): Required<MetaorderPathOptions> & { times: number[] } {
  assertObject(action, "options", options);
  const {
    fractions = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    afterMultiples = [0.25, 0.5, 1, 2],
    minDurationTrades = 20,
    minChildren = 10,
    netOfRunEnd = false,
    bootstrapSamples = 500,
    confidence = 0.95,
    seed = 42,
  } = options;
  assertList(action, "fractions", fractions);
  assertList(action, "afterMultiples", afterMultiples);
  if (fractions.length + afterMultiples.length === 0) {
    throw new RangeError(
      `Cannot ${action}: fractions and afterMultiples must not both be empty: current lengths are 0`,
    );
  }
  fractions.forEach((f, i) => {
    if (!(f >= 0 && f <= 1)) {
      throw new RangeError(`Cannot ${action}: fractions[${i}] must be in [0, 1]: current value is ${f}`);
    }
  });
  afterMultiples.forEach((k, i) => assertPositive(action, `afterMultiples[${i}]`, k));
  if (!fractions.includes(1)) {
    throw new RangeError(
      `Cannot ${action}: fractions must include 1 (completion, the peak that relativeToPeak divides by): ` +
        `current value is [${fractions.join(", ")}]`,
    );
  }
  assertInteger(action, "minDurationTrades", minDurationTrades, 1);
  assertInteger(action, "minChildren", minChildren, 1);
  if (typeof netOfRunEnd !== "boolean") {
    throw new TypeError(`Cannot ${action}: netOfRunEnd must be a boolean: current value is ${netOfRunEnd}`);
  }
  assertBootstrapSettings(action, bootstrapSamples, confidence, seed);
  const times = [...fractions, ...afterMultiples.map((k) => 1 + k)];
  return {
    fractions,
    afterMultiples,
    minDurationTrades,
    minChildren,
    netOfRunEnd,
    bootstrapSamples,
    confidence,
    seed,
    times,
  };
}

/**
 * Per block and path point: the count of metaorders reaching it and the sum of their side-adjusted log price
 * change from before the first child, over `sigma_D` (block-major, `[count, sum]` pairs). Metaorders shorter
 * than `minDurationTrades` or with fewer than `minChildren` children, or in a block without volatility, are
 * skipped; with `netOfRunEnd`, so are those whose trader trades again (`nextOwnTrade`) before the last
 * point of the path. `used` counts the others. Prices: the mids before each trade when `mids` is given (the
 * price at a point is the mid right after that trade), else trade prices. Inputs are validated by the caller.
 */
export function impactPathSums(
  metaorders: {
    first: ArrayLike<number>;
    last: ArrayLike<number>;
    sign: ArrayLike<number>;
    block: ArrayLike<number>;
    children?: ArrayLike<number>;
    nextOwnTrade?: ArrayLike<number>;
  },
  blocks: { blockStarts: ArrayLike<number>; dailyVolatility: ArrayLike<number> },
  prices: Float64Array,
  times: readonly number[],
  minDurationTrades: number,
  selection: { minChildren?: number; netOfRunEnd?: boolean; mids?: Float64Array | undefined } = {},
): { sums: Float64Array; used: number } {
  const { first, last, sign, block, children, nextOwnTrade } = metaorders;
  const { minChildren = 1, netOfRunEnd = false, mids } = selection;
  const horizon = Math.max(1, ...times);
  const { blockStarts, dailyVolatility } = blocks;
  const nb = blockStarts.length - 1, P = times.length;
  const sums = new Float64Array(nb * P * 2); // per block and point: count, sum of impact
  let used = 0;
  for (let i = 0; i < first.length; i++) {
    const f = first[i]!, l = last[i]!, d = l - f;
    const b = block[i]!, end = blockStarts[b + 1]!;
    if (d < minDurationTrades || !(dailyVolatility[b]! > 0)) continue;
    if (children && children[i]! < minChildren) continue;
    if (netOfRunEnd && nextOwnTrade) {
      const nextTrade = nextOwnTrade[i]!;
      if (nextTrade >= 0 && nextTrade <= l + Math.round((horizon - 1) * d)) continue;
    }
    const start = mids ? mids[f]! : prices[f > blockStarts[b]! ? f - 1 : f]!;
    if (!(start > 0)) continue; // no quote yet
    used++;
    const before = Math.log(start);
    const scale = sign[i]! / dailyVolatility[b]!;
    for (let p = 0; p < P; p++) {
      const tau = times[p]!;
      const index = tau <= 1 ? f + Math.round(tau * d) : l + Math.round((tau - 1) * d);
      if (index >= end || (mids && index + 1 >= end)) continue;
      const price = mids ? mids[index + 1]! : prices[index]!;
      const o = (b * P + p) * 2;
      sums[o] = sums[o]! + 1;
      sums[o + 1] = sums[o + 1]! + scale * (Math.log(price) - before);
    }
  }
  return { sums, used };
}

/** The path's points from the per-block sums of {@linkcode impactPathSums}, with block-bootstrap intervals. */
export function impactPathPoints(
  sums: Float64Array,
  times: readonly number[],
  bootstrap: { bootstrapSamples: number; confidence: number; seed: number },
): MetaorderPathPoint[] {
  const { bootstrapSamples, confidence, seed } = bootstrap;
  const P = times.length, nb = sums.length / (2 * P);
  const means = (weights: ArrayLike<number> | null, out: Float64Array, counts?: Float64Array) => {
    for (let p = 0; p < P; p++) {
      let c = 0, s = 0;
      for (let b = 0; b < nb; b++) {
        const w = weights ? weights[b]! : 1;
        c += w * sums[(b * P + p) * 2]!;
        s += w * sums[(b * P + p) * 2 + 1]!;
      }
      out[p] = c > 0 ? s / c : NaN;
      if (counts) counts[p] = c;
    }
  };
  const point = new Float64Array(P), count = new Float64Array(P);
  means(null, point, count);
  const draws = Array.from({ length: P }, () => [] as number[]);
  let blocksWithData = 0;
  for (let b = 0; b < nb; b++) {
    let c = 0;
    for (let p = 0; p < P; p++) c += sums[(b * P + p) * 2]!;
    if (c > 0) blocksWithData++;
  }
  // Under MIN_BOOTSTRAP_BLOCKS blocks there is no interval: [NaN, NaN].
  if (bootstrapSamples > 0 && blocksWithData >= MIN_BOOTSTRAP_BLOCKS) {
    const resample = blockBootstrapCounts(nb, { samples: bootstrapSamples, seed });
    const tmp = new Float64Array(P);
    for (let r = 0; r < bootstrapSamples; r++) {
      means(resample.subarray(r * nb, (r + 1) * nb), tmp);
      for (let p = 0; p < P; p++) draws[p]!.push(tmp[p]!);
    }
  }
  const peakIndex = times.findIndex((t) => t === 1);
  const peak = peakIndex >= 0 ? point[peakIndex]! : NaN;
  return times.map((time, p) => ({
    time,
    phase: time === 0 ? "first child" : time <= 1 ? "execution" : "after",
    impact: point[p]!,
    interval: draws[p]!.length > 0 ? percentileInterval(draws[p]!, confidence) : [NaN, NaN],
    relativeToPeak: point[p]! / peak,
    count: count[p]!,
  }));
}
