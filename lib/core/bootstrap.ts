/**
 * The block bootstrap of the library, in one place: how observations are cut into blocks, which blocks are
 * resampled together, how one resample is drawn, and when a percentile interval may be stated.
 *
 * Observations that overlap in time or share a day are not independent, so an i.i.d. bootstrap understates
 * the error; resampling whole blocks with replacement keeps the dependence inside each block (the
 * non-overlapping block bootstrap of Carlstein 1986; Künsch 1989; Lahiri 2003, ch. 2), with percentile
 * intervals (Efron & Tibshirani 1993, ch. 13, type-7 quantiles). Every estimator keeps its sums per block, so
 * a resample is a vector of block weights and costs O(blocks), not O(observations).
 *
 * Rules every interval of the library obeys:
 * - an interval needs at least {@linkcode MIN_INTERVAL_BLOCKS} (10) resampled blocks; with fewer, the result
 *   has no interval and says why (`"no interval (7 blocks)"`), never a zero-width interval;
 * - a sliver block (fewer than {@linkcode SLIVER_MIN_OBSERVATIONS} observations, or under
 *   {@linkcode SLIVER_FRACTION} of the median block's count, and below the median) is resampled together
 *   with its neighbour (the block before it, or after it for the first), so a half-empty first or last day
 *   is not drawn as often as a full one;
 * - the seed defaults to {@linkcode DEFAULT_SEED} (1, the library's one default seed) everywhere.
 *
 * @module
 */
import {
  assertInteger,
  assertNumber,
  assertObject,
  assertPositive,
  assertTimestamp,
  describeValue,
  MAX_TIMESTAMP_MS,
} from "./validate.ts";
import { MS_PER_DAY } from "./units.ts";
import { DEFAULT_SEED, SeededRandom } from "./random.ts";
import { quantileSorted } from "./statistics.ts";

/** Fewest resampled blocks for which a bootstrap interval is stated. */
export const MIN_INTERVAL_BLOCKS = 10;
/** A block with fewer observations than this (and fewer than the median block) is a sliver. */
export const SLIVER_MIN_OBSERVATIONS = 3;
/** A block under this fraction of the median block's observation count is a sliver. */
export const SLIVER_FRACTION = 0.1;

/**
 * How to cut time-ordered observations into blocks: UTC calendar days (`"day"`), windows of `seconds`
 * starting at the first observation's time, or runs of `count` consecutive observations (trades on a tape,
 * metaorders in a calibration) in time order.
 */
export type BlockSpec = "day" | { seconds: number } | { count: number };

/**
 * Options of every bootstrapped estimator; each function's option type extends it and states its defaults
 * (`confidence` 0.95 and `seed` {@linkcode DEFAULT_SEED} everywhere).
 */
export interface BootstrapOptions {
  /** Bootstrap resamples; 0 skips the bootstrap (the result then has no interval). */
  bootstrapSamples?: number;
  /** Confidence level of the percentile intervals, in (0, 1). Default 0.95. */
  confidence?: number;
  /** Seed of the resampling. Default {@linkcode DEFAULT_SEED} (1). */
  seed?: number;
  /** Blocks of the block bootstrap (see {@linkcode BlockSpec}). */
  blocks?: BlockSpec;
}

/**
 * Throws unless `spec` is a block spec: `"day"`, `{ seconds }` with a finite number in (0, 1e12], or
 * `{ count }` with an integer >= 1.
 *
 * @param action what the caller was doing, for the message (`Cannot <action>: ...`).
 * @param spec the value to check.
 * @param name its name in messages (default `"blocks"`).
 * @throws {RangeError} naming the field and its value.
 *
 * @example
 * ```ts
 * import { assertBlockSpec } from "@lib/core/bootstrap.ts";
 * import assert from "node:assert/strict";
 * assertBlockSpec("cut blocks", { count: 50 });
 * assert.throws(() => assertBlockSpec("cut blocks", { count: 0 }), /blocks.count must be an integer >= 1/);
 * ```
 */
export function assertBlockSpec(action: string, spec: unknown, name = "blocks"): asserts spec is BlockSpec {
  if (spec === "day") return;
  if (spec !== null && typeof spec === "object" && "count" in spec) {
    assertInteger(action, `${name}.count`, (spec as { count: number }).count, 1);
    return;
  }
  if (spec !== null && typeof spec === "object" && "seconds" in spec) {
    const seconds = (spec as { seconds: number }).seconds;
    assertPositive(action, `${name}.seconds`, seconds);
    if (seconds > 1e12) {
      throw new RangeError(
        `Cannot ${action}: ${name}.seconds must be <= 1e12 (30,000 years): current value is ${seconds}`,
      );
    }
    return;
  }
  throw new RangeError(
    `Cannot ${action}: ${name} must be "day", { seconds } or { count } (with ${name}.seconds or ${name}.count ` +
      `a positive number): current value is ${describeValue(spec)}`,
  );
}

/**
 * A plain description of a block spec: `"UTC days"`, `"blocks of 60 s"`, `"blocks of 2,000 trades"`. The
 * tape's `describeBlocks` (`lib/tape/blocks.ts`, on the root face) is this with `unit` `"trades"`.
 *
 * @param spec the block spec.
 * @param unit what `count` counts, plural (default `"observations"`; `"trades"` on a tape).
 * @returns the description.
 * @throws {RangeError} if `spec` is not a block spec.
 *
 * @example
 * ```ts
 * import { describeBlockSpec } from "@lib/core/bootstrap.ts";
 * import assert from "node:assert/strict";
 * assert.equal(describeBlockSpec({ count: 2000 }, "trades"), "blocks of 2,000 trades");
 * assert.equal(describeBlockSpec({ seconds: 60 }), "blocks of 60 s");
 * ```
 */
export function describeBlockSpec(spec: BlockSpec, unit = "observations"): string {
  assertBlockSpec("describe blocks", spec, "spec");
  if (spec === "day") return "UTC days";
  if ("count" in spec) return `blocks of ${spec.count.toLocaleString("en-US")} ${unit}`;
  return `blocks of ${spec.seconds.toLocaleString("en-US")} s`;
}

/**
 * Assigns each observation to a block, numbered 0, 1, ... in time order: for observations in any order (a
 * block number per observation). For a sorted tape, {@linkcode blockStarts} gives the same blocks as index
 * ranges.
 *
 * `"day"`: the UTC calendar day of the timestamp; `{ seconds }`: `floor((t - min t) / (1000 seconds))`;
 * `{ count }`: the observations sorted by time (ties in input order) cut into runs of `count` (the last one
 * the rest). Empty days or windows get no number, so block numbers are dense. Cost O(n) on sorted
 * timestamps, else O(n log n) (one sort).
 *
 * @param timestamps observation times, UTC ms, finite.
 * @param spec the block spec.
 * @param name the spec's name in error messages (default `"blocks"`).
 * @returns `block[i]`, the block of observation i, and `count`, the number of blocks (0 for no observation).
 * @throws {RangeError} for a timestamp that is not finite or a spec of another shape.
 *
 * @example
 * ```ts
 * import { assignBlocks } from "@lib/core/bootstrap.ts";
 * import assert from "node:assert/strict";
 * const day = 86_400_000;
 * const { block, count } = assignBlocks([3 * day, 1, day + 5, 2], "day");
 * assert.deepEqual([...block], [2, 0, 1, 0]);
 * assert.equal(count, 3);
 * assert.deepEqual([...assignBlocks([40, 10, 30, 20], { count: 2 }).block], [1, 0, 1, 0]);
 * ```
 */
export function assignBlocks(
  timestamps: ArrayLike<number>,
  spec: BlockSpec,
  name = "blocks",
): { block: Int32Array; count: number } {
  const action = "cut observations into blocks";
  assertBlockSpec(action, spec, name);
  const n = timestamps.length;
  for (let i = 0; i < n; i++) {
    // The message (a string per element) is built only for a bad value.
    const t = timestamps[i]!;
    if (!(Math.abs(t) <= MAX_TIMESTAMP_MS)) assertTimestamp(action, `timestamps[${i}]`, t);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = timestamps[i - 1]! <= timestamps[i]!;
  if (!sorted) order.sort((a, b) => timestamps[a]! - timestamps[b]! || a - b);
  const block = new Int32Array(n);
  let count = 0;
  if (spec === "day" || "seconds" in spec) {
    const width = spec === "day" ? MS_PER_DAY : spec.seconds * 1000;
    const origin = spec === "day" || n === 0 ? 0 : timestamps[order[0]!]!;
    let current = NaN;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const key = Math.floor((timestamps[i]! - origin) / width);
      if (key !== current) {
        count++;
        current = key;
      }
      block[i] = count - 1;
    }
  } else {
    for (let k = 0; k < n; k++) block[order[k]!] = Math.floor(k / spec.count);
    count = Math.ceil(n / spec.count);
  }
  return { block, count };
}

/**
 * Cuts sorted observations (a tape) into consecutive non-empty blocks, as index ranges: the same blocks as
 * {@linkcode assignBlocks}. Cost O(n).
 *
 * @param timestamps times, UTC ms, finite and non-decreasing.
 * @param spec the block spec (default `"day"`).
 * @returns block start indices followed by `n`: block `b` is `[starts[b], starts[b + 1])`.
 * @throws {TypeError} if `timestamps` is not a Float64Array.
 * @throws {RangeError} for a non-finite or decreasing timestamp, or a bad spec.
 *
 * @example
 * ```ts
 * import { blockStarts } from "@lib/core/bootstrap.ts";
 * import assert from "node:assert/strict";
 * const day = 86_400_000;
 * const t = new Float64Array([0, 1, day - 1, day, 3 * day]);
 * assert.deepEqual([...blockStarts(t, "day")], [0, 3, 4, 5]);
 * assert.deepEqual([...blockStarts(t, { count: 2 })], [0, 2, 4, 5]);
 * ```
 */
export function blockStarts(timestamps: Float64Array, spec: BlockSpec = "day"): Int32Array {
  const action = "cut tape into blocks";
  assertSortedTimes(action, timestamps);
  assertBlockSpec(action, spec, "spec");
  const n = timestamps.length;
  // The blocks of assignBlocks on sorted times (the identity order), found in one pass without the
  // per-observation block array: a new block starts where the key changes.
  const starts: number[] = [0];
  if (spec !== "day" && "count" in spec) {
    for (let i = spec.count; i < n; i += spec.count) starts.push(i);
  } else if (n > 0) {
    const width = spec === "day" ? MS_PER_DAY : spec.seconds * 1000;
    const origin = spec === "day" ? 0 : timestamps[0]!;
    let current = Math.floor((timestamps[0]! - origin) / width);
    for (let i = 1; i < n; i++) {
      const key = Math.floor((timestamps[i]! - origin) / width);
      if (key !== current) {
        starts.push(i);
        current = key;
      }
    }
  }
  if (n > 0) starts.push(n);
  return Int32Array.from(starts);
}

/**
 * A block spec for sorted observations: UTC days when they span at least `minBlocks` days, else blocks of
 * equal duration from the first time, `ceil((span + 1 s) / minBlocks)` whole seconds, cutting the span into
 * `minBlocks` pieces, so a short tape still gets a dependence-aware interval. When that rounding up leaves
 * fewer than `minBlocks` blocks, the block is `floor(span / (minBlocks - 1))` whole seconds instead (the
 * longest that gives at least `minBlocks`; the last block may then be short). A span under
 * `minBlocks - 1` seconds gets blocks of 1 s, fewer than `minBlocks`. State the choice with
 * {@linkcode describeBlockSpec}.
 *
 * @param timestamps times, UTC ms, non-decreasing.
 * @param options `minBlocks` (default {@linkcode MIN_INTERVAL_BLOCKS}, 10).
 * @returns `"day"` or `{ seconds }`.
 * @throws {RangeError} for a bad timestamp or `minBlocks`.
 *
 * @example
 * ```ts
 * import { chooseBlocks } from "@lib/core/bootstrap.ts";
 * import assert from "node:assert/strict";
 * const day = 86_400_000;
 * assert.equal(chooseBlocks(Float64Array.from({ length: 12 }, (_, i) => i * day)), "day");
 * assert.deepEqual(chooseBlocks(Float64Array.from([0, 300_000])), { seconds: 31 }); // 5 minutes in 10 blocks
 * // 344 s in 24 blocks: 15 s would make 23, so 14 s (25 blocks, the last one short).
 * assert.deepEqual(chooseBlocks(Float64Array.from([0, 344_000]), { minBlocks: 24 }), { seconds: 14 });
 * ```
 */
export function chooseBlocks(timestamps: Float64Array, options: { minBlocks?: number } = {}): BlockSpec {
  const action = "choose blocks";
  assertObject(action, "options", options);
  const { minBlocks = MIN_INTERVAL_BLOCKS } = options;
  assertInteger(action, "minBlocks", minBlocks, 1);
  assertSortedTimes(action, timestamps);
  const n = timestamps.length;
  if (n === 0) return "day";
  const days = Math.floor(timestamps[n - 1]! / MS_PER_DAY) - Math.floor(timestamps[0]! / MS_PER_DAY) + 1;
  if (days >= minBlocks) return "day";
  const spanMs = timestamps[n - 1]! - timestamps[0]!;
  const blocksOf = (seconds: number) => Math.floor(spanMs / (seconds * 1000)) + 1;
  const seconds = Math.max(1, Math.ceil((spanMs / 1000 + 1) / minBlocks));
  if (blocksOf(seconds) >= minBlocks) return { seconds };
  // Rounding up to whole seconds can leave minBlocks - 1 blocks (344 s in 24 blocks of 15 s makes 23): take
  // the longest whole-second block that still cuts the span into at least minBlocks pieces.
  return { seconds: Math.max(1, Math.floor(spanMs / 1000 / (minBlocks - 1))) };
}

/** Which blocks are resampled together: see {@linkcode resamplingUnits}. */
export interface ResamplingUnits {
  /** Number of blocks. */
  blocks: number;
  /** Number of resampling units (blocks after slivers joined their neighbour). */
  units: number;
  /** `unitOf[b]`: the unit of block b, non-decreasing, 0..units-1. */
  unitOf: Int32Array;
  /** Blocks that were slivers and joined a neighbour. */
  mergedSlivers: number;
}

/**
 * Groups blocks into resampling units, joining every sliver block to its neighbour: a block is a sliver when
 * its observation count is below the median block's and below `max(minObservations, fraction * median)`
 * (median over blocks with at least one observation). A sliver joins the unit of the block before it; a
 * leading sliver joins the block after it. Blocks of equal size (one observation each: the i.i.d.
 * bootstrap) are never slivers. Point estimates are unaffected (the blocks' sums are unchanged); only the
 * resampling draws a merged group as one unit. Cost O(blocks log blocks).
 *
 * @param blockSizes observations per block, in block (time) order, integers >= 0.
 * @param options `minObservations` (default {@linkcode SLIVER_MIN_OBSERVATIONS}), `fraction` (default
 *   {@linkcode SLIVER_FRACTION}); `mergeSlivers: false` keeps every block its own unit.
 * @returns the unit of each block and the counts.
 * @throws {TypeError} if `blockSizes` is not array-like.
 * @throws {RangeError} for a negative or non-integer size or a bad option.
 *
 * @example
 * ```ts
 * import { resamplingUnits } from "@lib/core/bootstrap.ts";
 * import assert from "node:assert/strict";
 * // Days of 2, 100, 90, 110 and 5 observations: the first joins the second, the last joins the fourth.
 * const u = resamplingUnits([2, 100, 90, 110, 5]);
 * assert.deepEqual([...u.unitOf], [0, 0, 1, 2, 2]);
 * assert.equal(u.units, 3);
 * assert.equal(u.mergedSlivers, 2);
 * ```
 */
export function resamplingUnits(
  blockSizes: ArrayLike<number>,
  options: { minObservations?: number; fraction?: number; mergeSlivers?: boolean } = {},
): ResamplingUnits {
  const action = "group blocks for resampling";
  assertObject(action, "options", options);
  const {
    minObservations = SLIVER_MIN_OBSERVATIONS,
    fraction = SLIVER_FRACTION,
    mergeSlivers = true,
  } = options;
  assertInteger(action, "minObservations", minObservations, 0);
  assertNumber(action, "fraction", fraction);
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new RangeError(`Cannot ${action}: fraction must be in [0, 1]: current value is ${fraction}`);
  }
  if (blockSizes === null || typeof blockSizes !== "object" || typeof blockSizes.length !== "number") {
    throw new TypeError(
      `Cannot ${action}: blockSizes must be an array of counts: current value is ${
        describeValue(blockSizes)
      }`,
    );
  }
  const nb = blockSizes.length;
  let positives = 0, allEqual = true;
  for (let b = 0; b < nb; b++) {
    const s = blockSizes[b]!;
    if (!(Number.isInteger(s) && s >= 0)) assertInteger(action, `blockSizes[${b}]`, s, 0);
    if (s > 0) positives++;
    if (s !== blockSizes[0]) allEqual = false;
  }
  const unitOf = new Int32Array(nb);
  if (!mergeSlivers || nb === 0 || allEqual) { // equal blocks (the i.i.d. bootstrap) have no sliver
    for (let b = 0; b < nb; b++) unitOf[b] = b;
    return { blocks: nb, units: nb, unitOf, mergedSlivers: 0 };
  }
  const positive = new Float64Array(positives);
  for (let b = 0, k = 0; b < nb; b++) if (blockSizes[b]! > 0) positive[k++] = blockSizes[b]!;
  positive.sort();
  const median = positives > 0 ? quantileSorted(positive, 0.5) : 0;
  const threshold = Math.max(minObservations, fraction * median);
  const isSliver = (s: number) => s < median && s < threshold;
  let units = 0, merged = 0, leading = 0;
  for (let b = 0; b < nb; b++) {
    if (isSliver(blockSizes[b]!)) {
      merged++;
      if (units === 0) leading++;
      else unitOf[b] = units - 1;
    } else {
      unitOf[b] = units++;
    }
  }
  if (units === 0) { // every block a sliver: cannot happen with a median, kept for safety
    for (let b = 0; b < nb; b++) unitOf[b] = b;
    return { blocks: nb, units: nb, unitOf, mergedSlivers: 0 };
  }
  for (let b = 0; b < leading; b++) unitOf[b] = 0;
  return { blocks: nb, units, unitOf, mergedSlivers: merged };
}

/**
 * A seeded source of block-bootstrap resamples over resampling units: each call fills `weights[b]` with how
 * many times block b's unit was drawn (units drawn uniformly with replacement, `units` draws, by
 * `SeededRandom.resampleCounts`; blocks of one unit share its count). With one unit per block the stream of
 * counts is that of `units` calls of `SeededRandom.int(units)` per resample.
 *
 * @param units a result of {@linkcode resamplingUnits}.
 * @param seed integer seed (default {@linkcode DEFAULT_SEED}).
 * @returns a function that fills and returns `weights` (length `units.blocks`) for the next resample.
 * @throws {RangeError} if `seed` is not an integer.
 *
 * @example
 * ```ts
 * import { blockResampler, resamplingUnits } from "@lib/core/bootstrap.ts";
 * import assert from "node:assert/strict";
 * const next = blockResampler(resamplingUnits([2, 100, 90, 110, 5]), 7);
 * const w = next(new Int32Array(5));
 * assert.equal(w[0], w[1]); // one unit, one count
 * assert.equal(w[1]! + w[2]! + w[3]!, 3); // three units, three draws
 * ```
 */
export function blockResampler(
  units: ResamplingUnits,
  seed: number = DEFAULT_SEED,
): (weights: Int32Array) => Int32Array {
  assertInteger("draw block bootstrap", "seed", seed, -(2 ** 31));
  const rng = new SeededRandom(seed);
  const { blocks, unitOf } = units;
  const identity = units.units === blocks;
  const unitCounts = new Int32Array(units.units);
  return (weights: Int32Array) => {
    if (identity) return rng.resampleCounts(weights);
    rng.resampleCounts(unitCounts);
    for (let b = 0; b < blocks; b++) weights[b] = unitCounts[unitOf[b]!]!;
    return weights;
  };
}

/** Largest `bootstrapSamples * blocks` that {@linkcode blockBootstrapCounts} allocates: 1e8 counts, 400 MB. */
const MAX_BOOTSTRAP_COUNTS = 1e8;

/**
 * Block bootstrap resample counts for all resamples at once: for each of `bootstrapSamples` resamples, how many times
 * each of `blocks` blocks is drawn (uniformly with replacement, `blocks` draws), seeded. Every block is its
 * own unit; for sliver merging use {@linkcode resamplingUnits} and {@linkcode blockResampler}, which this
 * equals when no block is a sliver.
 *
 * @param blocks number of blocks, >= 1.
 * @param options `bootstrapSamples` (default 1000), `seed` (default {@linkcode DEFAULT_SEED}).
 * @returns counts, resample-major: `counts[r * blocks + b]`; each resample's counts sum to `blocks`.
 * @throws {RangeError} if `blocks < 1`, `bootstrapSamples < 0`, `seed` is not an integer, or the table is too large.
 *
 * @example
 * ```ts
 * import { blockBootstrapCounts } from "@lib/core/bootstrap.ts";
 * import assert from "node:assert/strict";
 * const counts = blockBootstrapCounts(4, { bootstrapSamples: 3, seed: 1 });
 * assert.equal(counts.length, 12);
 * assert.equal(counts.slice(0, 4).reduce((a, b) => a + b, 0), 4);
 * ```
 */
export function blockBootstrapCounts(
  blocks: number,
  options: { bootstrapSamples?: number; seed?: number } = {},
): Int32Array {
  const action = "draw block bootstrap";
  assertObject(action, "options", options);
  const { bootstrapSamples = 1000, seed = DEFAULT_SEED } = options;
  assertInteger(action, "blocks", blocks, 1);
  assertInteger(action, "bootstrapSamples", bootstrapSamples, 0);
  assertInteger(action, "seed", seed, -(2 ** 31));
  if (bootstrapSamples * blocks > MAX_BOOTSTRAP_COUNTS) {
    throw new RangeError(
      `Cannot ${action}: samples * blocks must be <= ${MAX_BOOTSTRAP_COUNTS} (one 4-byte count each): current ` +
        `value is ${bootstrapSamples} * ${blocks} = ${bootstrapSamples * blocks}`,
    );
  }
  const rng = new SeededRandom(seed);
  const counts = new Int32Array(bootstrapSamples * blocks);
  for (let r = 0; r < bootstrapSamples; r++) {
    rng.resampleCounts(counts.subarray(r * blocks, (r + 1) * blocks));
  }
  return counts;
}

/**
 * Throws unless the bootstrap settings are valid: `bootstrapSamples` an integer >= 0, `confidence` in
 * (0, 1), `seed` an integer >= -2^31.
 *
 * @example
 * ```ts
 * import { assertBootstrapSettings } from "@lib/core/bootstrap.ts";
 * import assert from "node:assert/strict";
 * assert.throws(() => assertBootstrapSettings("fit", 10, 1, 42), /confidence must be in \(0, 1\)/);
 * ```
 */
export function assertBootstrapSettings(
  action: string,
  bootstrapSamples: number,
  confidence: number,
  seed: number,
): void {
  assertInteger(action, "bootstrapSamples", bootstrapSamples, 0);
  assertNumber(action, "confidence", confidence);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`Cannot ${action}: confidence must be in (0, 1): current value is ${confidence}`);
  }
  assertInteger(action, "seed", seed, -(2 ** 31));
}

/**
 * Percentile interval (type-7 quantiles, numpy's default) of bootstrap draws, ignoring non-finite draws.
 * The raw routine: {@linkcode bootstrapInterval} applies the library's rules on top.
 *
 * @param draws the bootstrap estimates.
 * @param confidence level in (0, 1), default 0.95.
 * @returns `[low, high]`, or `[NaN, NaN]` if no draw is finite.
 * @throws {TypeError} if `draws` is not array-like.
 * @throws {RangeError} if `confidence` is outside (0, 1).
 *
 * @example
 * ```ts
 * import { percentileInterval } from "@lib/core/bootstrap.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(percentileInterval([1, 2, 3, 4, 5], 0.5), [2, 4]);
 * ```
 */
export function percentileInterval(draws: ArrayLike<number>, confidence = 0.95): [number, number] {
  const action = "compute percentile interval";
  if (draws === null || typeof draws !== "object" || typeof draws.length !== "number") {
    throw new TypeError(
      `Cannot ${action}: draws must be an array of numbers: current value is ${describeValue(draws)}`,
    );
  }
  assertNumber(action, "confidence", confidence);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`Cannot ${action}: confidence must be in (0, 1): current value is ${confidence}`);
  }
  let finite = 0;
  for (let i = 0; i < draws.length; i++) if (Number.isFinite(draws[i])) finite++;
  if (finite === 0) return [NaN, NaN];
  const sorted = new Float64Array(finite);
  for (let i = 0, k = 0; i < draws.length; i++) if (Number.isFinite(draws[i])) sorted[k++] = draws[i]!;
  sorted.sort();
  const alpha = (1 - confidence) / 2;
  return [quantileSorted(sorted, alpha), quantileSorted(sorted, 1 - alpha)];
}

/** A bootstrap interval, or why there is none. */
export interface BootstrapInterval {
  /** Percentile interval `[low, high]`; null when it cannot be stated (see `intervalNote`). */
  interval: [number, number] | null;
  /** Why there is no interval (e.g. `"no interval (7 blocks)"`); null when there is one. */
  intervalNote: string | null;
}

/**
 * The percentile interval of bootstrap draws under the library's rules: null with a note when the
 * bootstrap was skipped (no draws), when fewer than {@linkcode MIN_INTERVAL_BLOCKS} units (blocks, or
 * observations for an i.i.d. bootstrap) were resampled, or when fewer than half the draws are finite (pass a
 * NaN for each resample that could not be fitted: the percentiles of the few that could would describe those
 * few, not the sampling distribution).
 *
 * @param draws the bootstrap estimates (non-finite draws are left out).
 * @param units resampled units (blocks after sliver merging).
 * @param confidence level in (0, 1), default 0.95.
 * @param unitName what a unit is, plural, for the note (default `"blocks"`).
 * @returns `{ interval, intervalNote }`.
 * @throws {RangeError} if `confidence` is outside (0, 1).
 *
 * @example
 * ```ts
 * import { bootstrapInterval } from "@lib/core/bootstrap.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(bootstrapInterval([1, 2, 3, 4, 5], 7), { interval: null, intervalNote: "no interval (7 blocks)" });
 * assert.deepEqual(bootstrapInterval([1, 2, 3, 4, 5], 12, 0.5).interval, [2, 4]);
 * assert.equal(bootstrapInterval([1, NaN, NaN], 12).interval, null); // 1 of 3 resamples fitted
 * ```
 */
export function bootstrapInterval(
  draws: ArrayLike<number>,
  units: number,
  confidence = 0.95,
  unitName = "blocks",
): BootstrapInterval {
  const [low, high] = percentileInterval(draws, confidence);
  if (draws.length === 0) return { interval: null, intervalNote: "no interval (no bootstrap resamples)" };
  if (units < MIN_INTERVAL_BLOCKS) {
    return {
      interval: null,
      intervalNote: `no interval (${units} ${units === 1 ? unitName.replace(/s$/, "") : unitName})`,
    };
  }
  if (!Number.isFinite(low)) {
    return { interval: null, intervalNote: "no interval (no resample could be fitted)" };
  }
  let fitted = 0;
  for (let i = 0; i < draws.length; i++) if (Number.isFinite(draws[i]!)) fitted++;
  if (2 * fitted < draws.length) {
    return {
      interval: null,
      intervalNote: `no interval (only ${fitted} of ${draws.length} resamples could be fitted)`,
    };
  }
  return { interval: [low, high], intervalNote: null };
}

/** Throws unless `timestamps` is a Float64Array of finite, non-decreasing UTC times in ms. */
function assertSortedTimes(action: string, timestamps: Float64Array): void {
  if (!(timestamps instanceof Float64Array)) {
    throw new TypeError(
      `Cannot ${action}: timestamps must be a Float64Array: current value is ${describeValue(timestamps)}`,
    );
  }
  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i]!;
    // The messages (a string per element) are built only for a bad value.
    if (!(Math.abs(t) <= MAX_TIMESTAMP_MS)) assertTimestamp(action, `timestamps[${i}]`, t);
    if (i > 0 && t < timestamps[i - 1]!) {
      throw new RangeError(
        `Cannot ${action}: timestamps[${i}] must be >= the previous one (${
          timestamps[i - 1]
        }): current value is ${timestamps[i]}`,
      );
    }
  }
}
