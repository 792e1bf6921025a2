/**
 * Blocks of a tape for dependence-aware intervals: trades, and metaorders built from them, overlap in time
 * and their signs have long memory, so rows are not independent and an i.i.d. bootstrap understates the
 * error. Every tape estimator here computes its sums per block and resamples whole blocks with replacement
 * (the non-overlapping block bootstrap of Carlstein 1986; Künsch 1989; Lahiri 2003, ch. 2), seeded, with
 * percentile intervals (Efron & Tibshirani 1993, ch. 13). Lagged products never cross a block boundary.
 *
 * Use days (`"day"`) when the tape covers several days; on a tape of minutes use a stated number of trades
 * or seconds per block, enough blocks (10 or more) for the interval to mean something.
 *
 * @module
 */
import { SeededRandom } from "../core/random.ts";
import {
  assertInteger,
  assertNumber,
  assertObject,
  assertPositive,
  describeValue,
} from "../core/validate.ts";
import { assignTimeBlocks, type TimeBlockSpec } from "../core/blocks.ts";
import { checkBlockSpec, checkTimestamps } from "./_block_checks.ts";

/** How to cut a tape into blocks: UTC days, or consecutive runs of a fixed number of trades or seconds. */
export type BlockSpec = "day" | { trades: number } | { seconds: number };

const DAY_MS = 86_400_000;

/**
 * Fewest blocks for a block-bootstrap interval: with fewer, a percentile interval over resampled blocks is
 * not an interval (one block gives zero width), and results say `"no interval (k blocks)"` instead.
 */
export const MIN_BOOTSTRAP_BLOCKS = 10;

/** Largest `samples * blocks` that {@linkcode blockBootstrapCounts} allocates: 1e8 counts, 400 MB. */
const MAX_BOOTSTRAP_COUNTS = 1e8;

/** A plain description of a block spec, e.g. `"UTC days"`, `"blocks of 2,000 trades"`. */
export function describeBlocks(spec: BlockSpec): string {
  checkBlockSpec("describe blocks", spec);
  if (spec === "day") return "UTC days";
  if ("trades" in spec) return `blocks of ${spec.trades.toLocaleString("en-US")} trades`;
  return `blocks of ${spec.seconds.toLocaleString("en-US")} s`;
}

/**
 * Cuts a tape into consecutive non-empty blocks.
 *
 * Days are UTC calendar days of the trade timestamps; `{ seconds }` blocks start at the first trade's time
 * and are `seconds` long; `{ trades }` blocks hold that many trades (the last one the rest). Cost O(n).
 *
 * @param timestamps trade times, UTC ms, non-decreasing (a validated tape's `timestamps`).
 * @param spec the block spec (default `"day"`).
 * @returns block start indices followed by `n`: block `b` is `[starts[b], starts[b + 1])`.
 * @throws {RangeError} if the spec's size is not a positive integer (trades) or positive number (seconds).
 *
 * @example
 * ```ts
 * import { tapeBlocks } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const day = 86_400_000;
 * const t = new Float64Array([0, 1, day - 1, day, 3 * day]);
 * assert.deepEqual([...tapeBlocks(t, "day")], [0, 3, 4, 5]);
 * assert.deepEqual([...tapeBlocks(t, { trades: 2 })], [0, 2, 4, 5]);
 * ```
 */
export function tapeBlocks(timestamps: Float64Array, spec: BlockSpec = "day"): Int32Array {
  const action = "cut tape into blocks";
  checkTimestamps(action, timestamps);
  checkBlockSpec(action, spec);
  const n = timestamps.length;
  let core: TimeBlockSpec;
  if (spec === "day") core = "day";
  else if (typeof spec === "object" && spec !== null && "seconds" in spec) {
    assertPositive(action, "spec.seconds", spec.seconds);
    core = { ms: spec.seconds * 1000 };
  } else if (typeof spec === "object" && spec !== null && "trades" in spec) {
    assertInteger(action, "spec.trades", spec.trades, 1);
    core = { count: spec.trades };
  } else {
    throw new RangeError(
      `Cannot ${action}: spec must be "day", { trades } or { seconds }: current value is ${
        JSON.stringify(spec)
      }`,
    );
  }
  // The shared block assignment (lib/core/blocks.ts); on a sorted tape the blocks are runs of rows.
  const { block } = assignTimeBlocks(timestamps, core, "spec");
  const starts: number[] = [0];
  for (let i = 1; i < n; i++) if (block[i] !== block[i - 1]) starts.push(i);
  if (n > 0) starts.push(n);
  return Int32Array.from(starts);
}

/**
 * Block bootstrap resample counts: for each of `samples` resamples, how many times each of `blocks` blocks
 * is drawn (uniformly with replacement, `blocks` draws), seeded.
 *
 * @param blocks number of blocks, >= 1.
 * @param options `samples` (default 1000), `seed` (default 42).
 * @returns counts, resample-major: `counts[r * blocks + b]`; each resample's counts sum to `blocks`.
 * @throws {RangeError} if `blocks < 1`, `samples < 0` or `seed` is not an integer.
 *
 * @example
 * ```ts
 * import { blockBootstrapCounts } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const counts = blockBootstrapCounts(4, { samples: 3, seed: 1 });
 * assert.equal(counts.length, 12);
 * assert.equal(counts.slice(0, 4).reduce((a, b) => a + b, 0), 4);
 * ```
 */
export function blockBootstrapCounts(
  blocks: number,
  options: { samples?: number; seed?: number } = {},
): Int32Array {
  const action = "draw block bootstrap";
  assertObject(action, "options", options);
  const { samples = 1000, seed = 42 } = options;
  assertInteger(action, "blocks", blocks, 1);
  assertInteger(action, "samples", samples, 0);
  assertInteger(action, "seed", seed, -(2 ** 31));
  if (samples * blocks > MAX_BOOTSTRAP_COUNTS) {
    throw new RangeError(
      `Cannot ${action}: samples * blocks must be <= ${MAX_BOOTSTRAP_COUNTS} (one 4-byte count each): current ` +
        `value is ${samples} * ${blocks} = ${samples * blocks}`,
    );
  }
  const rng = new SeededRandom(seed);
  const counts = new Int32Array(samples * blocks);
  for (let r = 0; r < samples; r++) {
    for (let k = 0; k < blocks; k++) counts[r * blocks + rng.int(blocks)]!++;
  }
  return counts;
}

/**
 * Percentile interval (type 7 interpolation, numpy's default) of bootstrap draws, ignoring non-finite draws.
 *
 * @param draws the bootstrap estimates.
 * @param confidence level in (0, 1), default 0.95.
 * @returns `[low, high]`, or `[NaN, NaN]` if no draw is finite.
 * @throws {RangeError} if `confidence` is outside (0, 1).
 *
 * @example
 * ```ts
 * import { percentileInterval } from "@lib/tape/mod.ts";
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
    throw new RangeError(
      `Cannot compute percentile interval: confidence must be in (0, 1): current value is ${confidence}`,
    );
  }
  const finite: number[] = [];
  for (let i = 0; i < draws.length; i++) if (Number.isFinite(draws[i])) finite.push(draws[i]!);
  if (finite.length === 0) return [NaN, NaN];
  const sorted = Float64Array.from(finite).sort();
  const at = (p: number) => {
    const h = (sorted.length - 1) * p, lo = Math.floor(h), hi = Math.ceil(h);
    return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  };
  const alpha = (1 - confidence) / 2;
  return [at(alpha), at(1 - alpha)];
}

/**
 * A block spec for a tape: UTC days when the tape spans at least `minBlocks` days, else blocks of equal
 * duration, `ceil((span + 1 s) / minBlocks)` whole seconds, cutting its span into `minBlocks` pieces (never a
 * sliver of a block at the end), so a short tape still gets a dependence-aware interval. The choice is stated by {@linkcode describeBlocks}.
 *
 * @param timestamps trade times, UTC ms, non-decreasing.
 * @param options `minBlocks` (default 10).
 * @returns `"day"` or `{ seconds }`.
 *
 * @example
 * ```ts
 * import { chooseBlocks } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const day = 86_400_000;
 * assert.equal(chooseBlocks(Float64Array.from({ length: 12 }, (_, i) => i * day)), "day");
 * assert.deepEqual(chooseBlocks(Float64Array.from([0, 300_000])), { seconds: 31 }); // 5 minutes in 10 blocks
 * ```
 */
export function chooseBlocks(
  timestamps: Float64Array,
  options: { minBlocks?: number } = {},
): BlockSpec {
  assertObject("choose blocks", "options", options);
  const { minBlocks = 10 } = options;
  assertInteger("choose blocks", "minBlocks", minBlocks, 1);
  checkTimestamps("choose blocks", timestamps);
  const n = timestamps.length;
  if (n === 0) return "day";
  const days = Math.floor(timestamps[n - 1]! / DAY_MS) - Math.floor(timestamps[0]! / DAY_MS) + 1;
  if (days >= minBlocks) return "day";
  const spanSeconds = (timestamps[n - 1]! - timestamps[0]!) / 1000;
  return { seconds: Math.max(1, Math.ceil((spanSeconds + 1) / minBlocks)) };
}

/**
 * Merges sliver blocks into a neighbour: a block whose span (first to last trade) is under `minFraction` of
 * the longest block's span, or that holds fewer than `minTrades` trades, joins the previous block (the next
 * one if it is the first). A tape that starts 0.94 s before midnight otherwise gets a one-second "day" with
 * no volatility, which then counts as a whole day in the bootstrap. Cost O(blocks).
 *
 * @param starts block boundaries (see {@linkcode tapeBlocks}).
 * @param timestamps the tape's trade times, UTC ms.
 * @param options `minFraction` (default 0.05), `minTrades` (default 2).
 * @returns the merged boundaries and how many blocks were merged away.
 *
 * @example
 * ```ts
 * import { mergeSliverBlocks, tapeBlocks } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const day = 86_400_000;
 * // Two trades 0.94 s before midnight, then a whole day: the sliver joins the day.
 * const t = Float64Array.from([day - 940, day - 100, day, day + 40_000_000, 2 * day - 1]);
 * const cut = mergeSliverBlocks(tapeBlocks(t, "day"), t);
 * assert.deepEqual([...cut.starts], [0, 5]);
 * assert.equal(cut.merged, 1);
 * ```
 */
export function mergeSliverBlocks(
  starts: Int32Array,
  timestamps: Float64Array,
  options: { minFraction?: number; minTrades?: number } = {},
): { starts: Int32Array; merged: number } {
  const action = "merge sliver blocks";
  assertObject(action, "options", options);
  const { minFraction = 0.05, minTrades = 2 } = options;
  assertNumber(action, "minFraction", minFraction);
  assertInteger(action, "minTrades", minTrades, 1);
  const nb = starts.length - 1;
  if (nb <= 1) return { starts, merged: 0 };
  const span = (from: number, to: number) => timestamps[to - 1]! - timestamps[from]!;
  let longest = 0;
  for (let b = 0; b < nb; b++) longest = Math.max(longest, span(starts[b]!, starts[b + 1]!));
  const isSliver = (from: number, to: number) =>
    to - from < minTrades || span(from, to) < minFraction * longest;
  const kept: number[] = [0];
  for (let b = 1; b < nb; b++) {
    const from = starts[b]!, to = starts[b + 1]!;
    const previousFrom = kept[kept.length - 1]!;
    // A sliver joins the previous block; a first block that is a sliver absorbs into this one.
    if (isSliver(from, to) || (kept.length === 1 && isSliver(previousFrom, from))) continue;
    kept.push(from);
  }
  kept.push(starts[nb]!);
  return { starts: Int32Array.from(kept), merged: nb - (kept.length - 1) };
}
