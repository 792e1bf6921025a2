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
import { type BlockSpec, describeBlocks as describeCoreBlocks } from "../core/bootstrap.ts";

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
  DEFAULT_SEED,
  MIN_INTERVAL_BLOCKS,
  percentileInterval,
  type ResamplingUnits,
  resamplingUnits,
} from "../core/bootstrap.ts";

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
  return describeCoreBlocks(spec, "trades");
}
