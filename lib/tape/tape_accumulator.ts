/**
 * The one shape of a tape estimator: an accumulator fed tapes in time order, one `add` each, then one
 * `finish` that returns the result.
 *
 * Every tape estimator computes per-block sums (lagged products, window returns, metaorder runs), so the
 * result over a long tape is the result over its blocks taken one after another. Written once as an
 * accumulator, each estimator serves two callers with one kernel: its whole-tape function is one `add` of
 * the tape and `finish`, and `measureTapeDays` adds a month one UTC day at a time. A block never spans two
 * adds, so the two agree to the bit when the adds cut the tape at block boundaries (whole UTC days for the
 * default `"day"` blocks).
 *
 * The accumulators: `createSignCorrelationAccumulator` (C(l)), `createResponseFunctionAccumulator` (R(l)),
 * `createSignsAndResponseAccumulator` (both on shared FFTs), `createAggregateImpactAccumulator` (aggregate
 * impact and Kyle's lambda), `createSyntheticMetaorderAccumulator` (synthetic metaorders) and
 * `createImpactPathAccumulator` (their average impact path).
 *
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";

/**
 * A tape estimator fed one tape at a time: per-block sums added up tape after tape, then turned into the
 * estimator's result (the estimators themselves: Bouchaud, Bonart, Donier & Gould 2018).
 *
 * - `add(tape)` measures one tape: trades in time order, after those of the previous add, cut into the
 *   estimator's blocks (a block never spans two adds). A tape without trades adds nothing. The tape may be
 *   let go once `add` returns; what is kept is per-block sums (and, for metaorders and aggregate windows, one
 *   row per metaorder or window).
 * - `finish()` returns the result over every tape added, and closes the accumulator: `add` and `finish`
 *   throw a `RangeError` after it.
 *
 * @typeParam Result the estimator's result (as its whole-tape function returns it).
 *
 * @example
 * ```ts
 * import { createSignCorrelationAccumulator, signCorrelation, tapeByDay } from "@lib/tape/mod.ts";
 * import { synthesizeTrades } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const tape = synthesizeTrades({ days: 3, tradesPerDay: 1_000, seed: 1 });
 * const accumulator = createSignCorrelationAccumulator({ maxLag: 20 });
 * for (const day of tapeByDay(tape)) accumulator.add(day);
 * // Day by day equals the whole tape (UTC-day blocks) to the bit.
 * assert.deepEqual(accumulator.finish(), signCorrelation(tape, { maxLag: 20 }));
 * assert.throws(() => accumulator.add(tape), /accumulator must be open/);
 * ```
 */
export interface TapeAccumulator<Result> {
  /** Measures one tape, after the tapes added before it. */
  add(tape: TradeTape): void;
  /** The result over every tape added; the accumulator is closed afterwards. */
  finish(): Result;
}
