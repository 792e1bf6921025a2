/**
 * Placebo tapes: tapes on which the answer is known, to run the same pipeline on before believing it.
 *
 * - {@linkcode shuffleSignsWithinBlocks}: the tape's own prices and sizes with its signs permuted inside each
 *   block, or over the whole tape (`within: "tape"`). Trade by trade, prices no longer respond to the signs.
 *   A within-block shuffle keeps each block's net sign, which is correlated with the block's return (impact at
 *   the block's scale): on short blocks (35 s on a 5-minute tape) that leaves a small, significant "impact"
 *   in the placebo. The tape-wide shuffle removes it: a metaorder's "impact" there must be 0 within its
 *   interval.
 * - {@linkcode permanentImpactTape}: a market with purely permanent, linear impact: i.i.d. signs, and the log
 *   price moves by `impactPerUnit * sign * size` at every trade and never reverts. A metaorder's expected
 *   impact there is the sum of its own children's moves, `impactPerUnit * |Q|`, so the square-root law
 *   measured on it must be compatible with `delta = 1` and its impact must not decay. (With
 *   `sizeExponent: 0.5` each trade moves the price by `sign * sqrt(size)`: still permanent, but no longer
 *   linear in volume.)
 *
 * Both are labelled `source: "synthetic"`: a result on them tests the estimators, not markets.
 *
 * @module
 */
import { assertTradeTape, type TradeTape } from "../data/trade_tape.ts";
import { DEFAULT_SEED, SeededRandom } from "../core/random.ts";
import { assertEach, assertInteger, assertObject } from "../core/validate.ts";
import { type BlockSpec, tapeBlocks } from "./blocks.ts";
import { checkBlockSpec } from "./_block_checks.ts";

/**
 * The tape with its signs shuffled inside each block (Fisher-Yates, seeded); prices, sizes, times and quotes
 * unchanged. Cost O(n).
 *
 * @param tape the trade tape.
 * @param options `blocks` (default `"day"`), `within` `"blocks"` (default) or `"tape"` (one permutation of the
 *   whole tape), `seed` (default {@linkcode DEFAULT_SEED}).
 * @returns a new tape, `source: "synthetic"`, with the same number of buys in every block.
 *
 * @example
 * ```ts
 * import { shuffleSignsWithinBlocks } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const tape = {
 *   timestamps: Float64Array.from([0, 1, 2, 3]), prices: Float64Array.from([1, 2, 3, 4]),
 *   sizes: new Float64Array(4).fill(1), signs: Int8Array.from([1, 1, 1, -1]), symbol: "T", source: "csv" as const,
 * };
 * const shuffled = shuffleSignsWithinBlocks(tape, { seed: 1 });
 * assert.equal(shuffled.signs.reduce((a, b) => a + b, 0), 2); // still three buys and one sell
 * assert.deepEqual([...shuffled.prices], [1, 2, 3, 4]);
 * ```
 */
export function shuffleSignsWithinBlocks(
  tape: TradeTape,
  options: { blocks?: BlockSpec; within?: "blocks" | "tape"; seed?: number } = {},
): TradeTape {
  const action = "shuffle signs within blocks";
  assertObject(action, "options", options);
  const { blocks = "day", within = "blocks", seed = DEFAULT_SEED } = options;
  if (within !== "blocks" && within !== "tape") {
    throw new RangeError(
      `Cannot ${action}: within must be "blocks" or "tape": current value is ${String(within)}`,
    );
  }
  checkBlockSpec(action, blocks);
  assertInteger(action, "seed", seed, -(2 ** 31));
  assertTradeTape(action, tape);
  const starts = within === "tape"
    ? Int32Array.of(0, tape.signs.length)
    : tapeBlocks(tape.timestamps, blocks);
  const signs = tape.signs.slice();
  const rng = new SeededRandom(seed);
  for (let b = 0; b + 1 < starts.length; b++) {
    const from = starts[b]!, to = starts[b + 1]!;
    for (let i = to - 1; i > from; i--) {
      const j = from + rng.int(i - from + 1);
      const s = signs[i]!;
      signs[i] = signs[j]!;
      signs[j] = s;
    }
  }
  return { ...tape, signs, source: "synthetic" };
}

/** Options of {@linkcode permanentImpactTape}. */
export interface PermanentImpactTapeOptions {
  /** UTC days, from 2025-01-01. Default 2. */
  days?: number;
  /** Trades per day, evenly spaced in time. Default 100,000. */
  tradesPerDay?: number;
  /** Log-price move per unit of `sign * size^sizeExponent`, fraction. Default 1e-5 (0.1 bp). */
  impactPerUnit?: number;
  /** Exponent of the size in each trade's move. Default 1 (linear). */
  sizeExponent?: number;
  /** Also fill `quotes`, the mid before each trade being the previous trade's price (no spread). Default false. */
  withQuotes?: boolean;
  /** Seed. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
}

/**
 * A tape from a market with purely permanent linear impact: signs i.i.d. +-1 with probability 1/2, sizes
 * log-normal (median 1, log-sd 0.5), and `ln p_t = ln p_{t-1} + impactPerUnit * sign_t * size_t^sizeExponent`, the
 * trade printing at `p_t`. No memory in the signs and no reversion: the known answers are no decay after a
 * metaorder and a square-root-law exponent compatible with 1. Cost O(n).
 *
 * @param options days, trades per day, impact scale, quotes, seed.
 * @returns a `TradeTape` with `source: "synthetic"` (and `quotes` when asked).
 *
 * @example
 * ```ts
 * import { permanentImpactTape } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const tape = permanentImpactTape({ days: 1, tradesPerDay: 1000, seed: 1 });
 * // Every log-price step is exactly the trade's own sign * size * 1e-5.
 * const step = Math.log(tape.prices[5]! / tape.prices[4]!);
 * assert.ok(Math.abs(step - 1e-5 * tape.signs[5]! * tape.sizes[5]!) < 1e-12);
 * ```
 */
export function permanentImpactTape(options: PermanentImpactTapeOptions = {}): TradeTape {
  const action = "generate a permanent-impact tape";
  assertObject(action, "options", options);
  const {
    days = 2,
    tradesPerDay = 100_000,
    impactPerUnit = 1e-5,
    sizeExponent = 1,
    withQuotes = false,
    seed = DEFAULT_SEED,
  } = options;
  assertInteger(action, "days", days, 1);
  assertInteger(action, "tradesPerDay", tradesPerDay, 2);
  assertEach(action, "positive", { impactPerUnit, sizeExponent });
  assertInteger(action, "seed", seed, -(2 ** 31));
  const n = days * tradesPerDay;
  const timestamps = new Float64Array(n), prices = new Float64Array(n), sizes = new Float64Array(n);
  const signs = new Int8Array(n);
  const mids = withQuotes ? new Float64Array(n) : undefined;
  const rng = new SeededRandom(seed);
  const start = Date.UTC(2025, 0, 1), gap = 86_400_000 / tradesPerDay;
  let logPrice = Math.log(100);
  for (let t = 0; t < n; t++) {
    const day = Math.floor(t / tradesPerDay);
    timestamps[t] = start + day * 86_400_000 + (t - day * tradesPerDay) * gap;
    if (mids) mids[t] = Math.exp(logPrice);
    const s = rng.uniform() < 0.5 ? -1 : 1;
    const q = Math.exp(0.5 * rng.normal());
    logPrice += impactPerUnit * s * Math.pow(q, sizeExponent);
    signs[t] = s;
    sizes[t] = q;
    prices[t] = Math.exp(logPrice);
  }
  const tape: TradeTape = { timestamps, prices, sizes, signs, symbol: "PERMANENT", source: "synthetic" };
  if (mids) {
    tape.quotes = {
      mids,
      spreads: new Float64Array(n),
      bidSizes: new Float64Array(n).fill(1),
      askSizes: new Float64Array(n).fill(1),
    };
  }
  return tape;
}
