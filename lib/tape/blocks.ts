/**
 * Blocks of a tape for dependence-aware intervals: the tape face of the library's one block bootstrap
 * (`lib/core/bootstrap.ts`). Trades, and metaorders built from them, overlap in time and their signs have
 * long memory, so every tape estimator computes its sums per block and resamples whole blocks with
 * replacement (Carlstein 1986; Künsch 1989), seeded, with percentile intervals (Efron & Tibshirani 1993,
 * ch. 13). Lagged products never cross a block boundary. `{ count }` blocks count trades on a tape.
 *
 * Use days (`"day"`) when the tape covers several days; on a tape of minutes use a stated number of trades
 * or seconds per block, enough blocks (10 or more) for the interval to mean something.
 *
 * @module
 */
import { type BlockSpec, describeBlockSpec, MIN_INTERVAL_BLOCKS } from "../core/bootstrap.ts";
import { assertInteger, assertNumber, assertObject } from "../core/validate.ts";

export {
  assertBlockSpec,
  blockBootstrapCounts,
  blockResampler,
  type BlockSpec,
  blockStarts as tapeBlocks,
  type BootstrapInterval,
  bootstrapInterval,
  type BootstrapOptions,
  chooseBlocks,
  MIN_INTERVAL_BLOCKS,
  percentileInterval,
  type ResamplingUnits,
  resamplingUnits,
} from "../core/bootstrap.ts";
export { DEFAULT_SEED } from "../core/random.ts";

/**
 * Fewest blocks for a block-bootstrap interval (`MIN_INTERVAL_BLOCKS` of core/bootstrap.ts): with fewer, a
 * percentile interval over resampled blocks is not an interval, and results say `"no interval (k blocks)"`.
 */
export const MIN_BOOTSTRAP_BLOCKS = MIN_INTERVAL_BLOCKS;

/**
 * A plain description of a tape's block spec, where `{ count }` counts trades: `"UTC days"`,
 * `"blocks of 2,000 trades"`, `"blocks of 60 s"`.
 *
 * @param spec the block spec.
 * @returns the description.
 * @throws {RangeError} if `spec` is not a block spec.
 *
 * @example
 * ```ts
 * import { describeBlocks } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(describeBlocks({ count: 2000 }), "blocks of 2,000 trades");
 * ```
 */
export function describeBlocks(spec: BlockSpec): string {
  return describeBlockSpec(spec, "trades");
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
