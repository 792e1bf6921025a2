/**
 * The response function: how far the price moves, on average, in the direction of a trade, `l` trades later.
 *
 * `R(l) = <eps_t (m_{t+l} - m_t)>` (Bouchaud, Gefen, Potters & Wyart 2004), with `eps_t` the trade's
 * sign and `m` the mid price before trade `t`. It rises with `l` and saturates: the propagator model explains
 * it as the sum of decaying single-trade impacts `G` weighted by the sign correlation (see
 * `propagatorResponse`).
 *
 * @module
 */
import { estimateTickSize } from "../data/tick_size.ts";
import type { TradeTape } from "../data/trade_tape.ts";
import {
  assertFiniteResult,
  assertInteger,
  assertObject,
  assertPositive,
  toFiniteArray,
} from "../core/validate.ts";
import { type BlockSpec, describeBlocks } from "./blocks.ts";
import { assertLagsFitBlocks, checkBlockSpec } from "./_block_checks.ts";
import { addResponseSums, newResponseSums, responseFromSums, shiftedLevels } from "./_response_sums.ts";
import { SignSums } from "./_sign_sums.ts";
import {
  assertTapeOnce,
  laggedSumsUpTo,
  sameQuoteSource,
  tapeBlocksOnce,
  TapeLedger,
} from "./_accumulation.ts";
import type { SignCorrelation } from "./sign_correlation.ts";
import type { TapeAccumulator } from "./tape_accumulator.ts";

/**
 * The tape's mids (`tape.quotes.mids`), with trades before the first quote (NaN) given the first quote's
 * mid; undefined when the tape has no quotes.
 */
function quoteMids(tape: TradeTape): Float64Array | undefined {
  const mids = tape?.quotes?.mids;
  if (!(mids instanceof Float64Array)) return undefined;
  let first = 0;
  while (first < mids.length && !(mids[first]! > 0)) first++;
  if (first === 0 || first === mids.length) return mids;
  const filled = Float64Array.from(mids);
  filled.fill(mids[first]!, 0, first);
  return filled;
}
/** The library's one tick-size estimator (`data/tick_size.ts`), on the tape face too. */
export { estimateTickSize } from "../data/tick_size.ts";

/** Options of {@linkcode responseFunction}. */
export interface ResponseFunctionOptions {
  /** Largest lag, trades, >= 1. Default 1000. */
  maxLag?: number;
  /** Blocks: pairs `(t, t + l)` never cross one. Default `"day"`. */
  blocks?: BlockSpec;
  /** Tick size, quote currency per base unit, > 0. Default: estimated with {@linkcode estimateTickSize}. */
  tickSize?: number;
  /**
   * Mid prices before each trade (quote per base unit, one per trade). Default: `tape.quotes.mids` when the
   * tape has quotes, else `m` is the trade price, and `R(l)` then includes the bid-ask bounce: trades at the
   * ask after a buy, at the bid after a sell, which lowers `R` by about half a spread times `1 - C(l)`.
   */
  mids?: ArrayLike<number>;
}

/** Result of {@linkcode responseFunction}: a plain, JSON-serialisable object. */
export interface ResponseFunction {
  /** Lags `1..maxLag`, trades. */
  lags: Float64Array;
  /** `R(l)` in ticks. */
  ticks: Float64Array;
  /** `R(l)` in basis points of the price: `<eps_t (ln m_{t+l} - ln m_t)> * 1e4`. */
  bps: Float64Array;
  /** Which price `m` is: the mid before each trade, or the trade price (no quotes in the tape). */
  priceSource: "mid" | "trade price";
  /** The same, in the library's common words. */
  priceReference: "mid" | "trade";
  /** Tick size used, quote per base unit, and whether it was given or estimated from the tape. */
  tickSize: number;
  tickSizeSource: "given" | "estimated";
  /** Trades, blocks and the blocks' description. */
  trades: number;
  blocks: number;
  blocksDescription: string;
}

/**
 * Response function `R(l) = <eps_t (m_{t+l} - m_t)>` for `l = 1..maxLag` (Bouchaud et al. 2004), in
 * ticks and in bps, averaged over all pairs of trades `l` apart inside one block.
 *
 * Cost O(n log maxLag) by FFT overlap-add; no per-trade objects.
 *
 * @param tape the trade tape.
 * @param options `maxLag` (default 1000), `blocks`, `tickSize`, `mids`.
 * @returns `R(l)` in ticks and bps, and which price it used.
 * @throws {TypeError} for a malformed tape or `mids` of another length.
 * @throws {RangeError} for a bad option, a non-positive mid, or fewer than `maxLag + 2` trades.
 *
 * @example
 * ```ts
 * import { responseFunction } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // Hand check: signs + + - +, prices 100, 101, 101, 100 (tick 1), one block.
 * // Lag 1: (+1)(101-100) + (+1)(101-101) + (-1)(100-101) = 2 over 3 pairs -> 2/3 tick.
 * const tape = {
 *   timestamps: new Float64Array(4), prices: Float64Array.from([100, 101, 101, 100]),
 *   sizes: new Float64Array(4).fill(1), signs: Int8Array.from([1, 1, -1, 1]), symbol: "TEST",
 *   source: "synthetic" as const,
 * };
 * const r = responseFunction(tape, { maxLag: 1, tickSize: 1 });
 * assert.ok(Math.abs(r.ticks[0]! - 2 / 3) < 1e-12);
 * assert.equal(r.priceSource, "trade price");
 * ```
 */
export function responseFunction(tape: TradeTape, options: ResponseFunctionOptions = {}): ResponseFunction {
  const action = "measure response function";
  assertObject(action, "options", options);
  const { mids, ...rest } = options;
  const accumulator = lagAccumulator(rest, action, false);
  assertTapeOnce(action, tape, (options.maxLag ?? 1000) + 2);
  if (mids === undefined) accumulator.add(tape);
  else accumulator.addPrices(tape, checkedMids(action, mids, tape.prices.length), true);
  return accumulator.finish().response;
}

/** Options of {@linkcode createResponseFunctionAccumulator} and {@linkcode createSignsAndResponseAccumulator}. */
export type ResponseAccumulatorOptions = Omit<ResponseFunctionOptions, "mids">;

/**
 * The response function `R(l)` as an accumulator (see `TapeAccumulator`): each `add(tape)` keeps, per lag,
 * the sums `sum eps_t (m_{t+l} - m_t)` over the pairs inside each block of the tape and their count, and
 * `finish()` gives `R(l)` in ticks and bps over everything added (Bouchaud et al. 2004): the result of
 * {@linkcode responseFunction} on the tapes joined, which is one `add` and `finish`.
 *
 * `m` is the tape's quoted mid before each trade when the tapes carry quotes (`tape.quotes.mids`, trades
 * before the first quote given its mid), else the trade price; every tape added must agree. Prices are
 * shifted by the first measured price and divided by the tick before the FFT, so the tick is needed before
 * the first tape is measured: give `tickSize`, or it is estimated (`estimateTickSize`, on trade prices) on
 * the first tape whose price changes, and the tapes before it wait for it (kept, not copied). Memory:
 * `24 * maxLag` bytes, plus waiting tapes.
 *
 * @param options `maxLag` (default 1000), `blocks` (default `"day"`), `tickSize` (default estimated).
 * @param action the action named in error messages (default `"measure response function"`).
 * @returns the accumulator.
 * @throws {RangeError} for a bad option; `add` throws for a malformed tape, mids that are not finite and
 *   > 0, a tape with quotes after one without (or the other way), or a price range over 1e12 ticks;
 *   `finish` for fewer than `maxLag + 2` trades, a `maxLag` not below the longest block, or no tick size.
 *
 * @example
 * ```ts
 * import { createResponseFunctionAccumulator } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const day = 86_400_000;
 * const tape = (start: number, prices: number[], signs: number[]) => ({
 *   timestamps: Float64Array.from(prices, (_, i) => start + i), prices: Float64Array.from(prices),
 *   sizes: new Float64Array(prices.length).fill(1), signs: Int8Array.from(signs), symbol: "T",
 *   source: "csv" as const,
 * });
 * const r = createResponseFunctionAccumulator({ maxLag: 1, tickSize: 1 });
 * r.add(tape(0, [100, 101, 101], [1, 1, -1])); // lag 1: (+1)(1) + (+1)(0) = 1 over 2 pairs
 * r.add(tape(day, [101, 99, 98], [-1, -1, 1])); // (-1)(-2) + (-1)(-1) = 3 over 2 pairs
 * const result = r.finish();
 * assert.ok(Math.abs(result.ticks[0]! - 1) < 1e-12); // (1 + 3) / 4 pairs
 * assert.equal(result.blocks, 2);
 * ```
 */
export function createResponseFunctionAccumulator(
  options: ResponseAccumulatorOptions = {},
  action = "measure response function",
): TapeAccumulator<ResponseFunction> {
  const accumulator = lagAccumulator(options, action, false);
  return { add: accumulator.add, finish: () => accumulator.finish().response };
}

/** `mids` checked: one finite value > 0 per trade. */
function checkedMids(action: string, mids: ArrayLike<number>, n: number): Float64Array {
  const m = toFiniteArray(action, "mids", mids);
  if (m.length !== n) {
    throw new TypeError(
      `Cannot ${action}: mids must have one value per trade (${n}): current length is ${m.length}`,
    );
  }
  for (let i = 0; i < n; i++) if (!(m[i]! > 0)) assertPositive(action, `mids[${i}]`, m[i]!);
  return m;
}

/** The tick size estimated from one tape's prices, or undefined when they never change. */
function tickFromPrices(prices: Float64Array): number | undefined {
  try {
    return estimateTickSize(prices);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * The accumulator behind the response function, and behind the sign correlation too when `withSigns`: the
 * three lagged sums (`eps * eps`, `eps * m`, `eps * ln m`) then share their FFTs. `addPrices` adds a tape
 * with a price series of its own (`responseFunction`'s `mids`).
 */
function lagAccumulator(options: ResponseAccumulatorOptions, action: string, withSigns: boolean) {
  assertObject(action, "options", options);
  const { maxLag = 1000, blocks = "day", tickSize } = options;
  assertInteger(action, "maxLag", maxLag, 1);
  checkBlockSpec(action, blocks);
  if (tickSize !== undefined) assertPositive(action, "tickSize", tickSize);
  const description = describeBlocks(blocks);
  const ledger = new TapeLedger(action);
  const responseSums = newResponseSums(maxLag);
  const signSums = withSigns ? new SignSums(maxLag) : null;
  let tick = tickSize ?? NaN, ref = NaN, fromMids: boolean | undefined;
  // Tapes added before the tick size is known (no given tick, prices constant so far).
  const waiting: { tape: TradeTape; m: Float64Array }[] = [];
  let waitingTrades = 0;
  const measure = (tape: TradeTape, m: Float64Array) => {
    const n = m.length;
    const starts = tapeBlocksOnce(tape, blocks);
    // Levels in ticks must stay far from overflow in the FFT's products (and a tick below 1e-15 of the
    // range is below double precision anyway).
    let range = 0;
    for (let i = 0; i < n; i++) range = Math.max(range, Math.abs(m[i]! - ref));
    if (!(range / tick <= MAX_RANGE_TICKS)) {
      throw new RangeError(
        `Cannot ${action}: the price range of ${
          fromMids ? "mids" : "tape.prices"
        } from the first price in ticks (tickSize = ${tick}) must be <= ${MAX_RANGE_TICKS}: current value is ${
          range / tick
        } (range ${range})`,
      );
    }
    const { level, logLevel } = shiftedLevels(m, ref, tick);
    const sums = laggedSumsUpTo(
      tape.signs,
      withSigns ? [tape.signs, level, logLevel] : [level, logLevel],
      maxLag,
      starts,
    );
    const [cross, crossLog] = withSigns ? sums.slice(1) : sums;
    addResponseSums(responseSums, tape.signs, level, logLevel, starts, cross!, crossLog!);
    signSums?.add(tape.signs, starts, sums[0]!);
    ledger.record(starts);
  };
  const addPrices = (tape: TradeTape, m: Float64Array, withMids: boolean): void => {
    if (!ledger.admit(tape, waitingTrades)) return;
    fromMids = sameQuoteSource(
      action,
      fromMids,
      withMids,
      ` (the price m is ${fromMids ? "the mid" : "the trade price"})`,
    );
    if (!Number.isNaN(ref)) return measure(tape, m);
    waiting.push({ tape, m });
    waitingTrades += m.length;
    if (Number.isNaN(tick)) {
      const estimate = tickFromPrices(tape.prices);
      if (estimate === undefined) return;
      tick = estimate;
    }
    ref = waiting[0]!.m[0]!;
    for (const w of waiting) measure(w.tape, w.m);
    waiting.length = 0;
    waitingTrades = 0;
  };
  return {
    addPrices,
    add(tape: TradeTape): void {
      assertTapeOnce(action, tape, 0);
      const mids = quoteMids(tape);
      if (mids === undefined) addPrices(tape, tape.prices, false);
      else addPrices(tape, checkedMids(action, mids, tape.prices.length), true);
    },
    finish(): { correlation: SignCorrelation | null; response: ResponseFunction } {
      ledger.close();
      if (waiting.length > 0) {
        throw new RangeError(
          `Cannot ${action}: tickSize must be given when no tape's price ever changes (nothing to estimate it ` +
            `from): current value is undefined, over ${waiting.length} tape(s) of constant price`,
        );
      }
      ledger.assertTrades(maxLag + 2);
      const blockStarts = ledger.blockStarts();
      assertLagsFitBlocks(action, blockStarts, maxLag, description);
      const { ticks, bps } = responseFromSums(responseSums);
      const priceSource = fromMids ? "mid" : "trade price";
      return {
        correlation: signSums ? signSums.result(blockStarts, ledger.trades, description) : null,
        response: {
          lags: Float64Array.from({ length: maxLag }, (_, i) => i + 1),
          ticks,
          bps,
          priceSource,
          priceReference: fromMids ? "mid" : "trade",
          tickSize: tick,
          tickSizeSource: tickSize === undefined ? "estimated" : "given",
          trades: ledger.trades,
          blocks: ledger.blocks,
          blocksDescription: description,
        },
      };
    },
  };
}

/** Largest price range, in ticks, that the response function measures: 1e12 ticks. */
const MAX_RANGE_TICKS = 1e12;

/**
 * {@linkcode signCorrelation} and {@linkcode responseFunction} in one pass over the tape: the three lagged
 * sums (`eps * eps`, `eps * m`, `eps * ln m`) share their FFTs, so both cost about what the response alone
 * costs (two packed transforms per chunk instead of three). Same options and results as the two functions
 * (`m` the quoted mid when the tape has quotes, else the trade price; no `mids` option). One `add` of
 * {@linkcode createSignsAndResponseAccumulator} and `finish`.
 *
 * @param tape the trade tape.
 * @param options `maxLag` (default 1000), `blocks` (default `"day"`), `tickSize` (default estimated).
 * @returns `{ correlation, response }`.
 * @throws {TypeError} for a malformed tape.
 * @throws {RangeError} for a bad option or fewer than `maxLag + 2` trades.
 *
 * @example
 * ```ts
 * import { responseFunction, signCorrelation, signsAndResponse } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const tape = {
 *   timestamps: new Float64Array(6), prices: Float64Array.from([100, 101, 101, 100, 101, 102]),
 *   sizes: new Float64Array(6).fill(1), signs: Int8Array.from([1, 1, -1, -1, 1, 1]), symbol: "T",
 *   source: "synthetic" as const,
 * };
 * const both = signsAndResponse(tape, { maxLag: 2, tickSize: 1 });
 * const c = signCorrelation(tape, { maxLag: 2 }), r = responseFunction(tape, { maxLag: 2, tickSize: 1 });
 * assert.ok(Math.abs(both.correlation.correlation[0]! - c.correlation[0]!) < 1e-12);
 * assert.ok(Math.abs(both.response.ticks[1]! - r.ticks[1]!) < 1e-12);
 * ```
 */
export function signsAndResponse(
  tape: TradeTape,
  options: ResponseAccumulatorOptions = {},
): { correlation: SignCorrelation; response: ResponseFunction } {
  const action = "measure sign correlation and response function";
  const accumulator = createSignsAndResponseAccumulator(options, action);
  assertTapeOnce(action, tape, (options.maxLag ?? 1000) + 2);
  accumulator.add(tape);
  return accumulator.finish();
}

/**
 * {@linkcode createSignCorrelationAccumulator} and {@linkcode createResponseFunctionAccumulator} in one: the
 * three lagged sums of each tape share their FFTs (see {@linkcode signsAndResponse}, which is one `add` of
 * this and `finish`). `measureTapeDays` measures C(l) and R(l) with it. Tick size, price reference and
 * waiting tapes as the response accumulator.
 *
 * @param options `maxLag` (default 1000), `blocks` (default `"day"`), `tickSize` (default estimated).
 * @param action the action named in error messages (default
 *   `"measure sign correlation and response function"`).
 * @returns the accumulator of `{ correlation, response }`.
 * @throws {RangeError} for a bad option; `add` and `finish` as the two accumulators.
 *
 * @example
 * ```ts
 * import { createSignsAndResponseAccumulator, signsAndResponse, tapeByDay } from "@lib/tape/mod.ts";
 * import { synthesizeTrades } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const tape = synthesizeTrades({ days: 2, tradesPerDay: 500, seed: 4 });
 * const both = createSignsAndResponseAccumulator({ maxLag: 10, tickSize: 0.5 });
 * for (const day of tapeByDay(tape)) both.add(day);
 * assert.deepEqual(both.finish(), signsAndResponse(tape, { maxLag: 10, tickSize: 0.5 }));
 * ```
 */
export function createSignsAndResponseAccumulator(
  options: ResponseAccumulatorOptions = {},
  action = "measure sign correlation and response function",
): TapeAccumulator<{ correlation: SignCorrelation; response: ResponseFunction }> {
  const accumulator = lagAccumulator(options, action, true);
  return {
    add: accumulator.add,
    finish: () => {
      const { correlation, response } = accumulator.finish();
      return { correlation: correlation!, response };
    },
  };
}

/**
 * The propagator model's response function (Bouchaud et al. 2004, with `<f(v)>` factored out):
 *
 * ```
 * R(l) = sum_{0 <= j < l} G(l - j) C(j) + sum_{j >= 1} [G(l + j) - G(j)] C(j)
 * ```
 *
 * for a mid `m_t = sum_{s < t} G(t - s) eps_s + noise` (so `m_t` is the mid *before* trade `t`), `C(0) = 1`,
 * `G(0) = 0`. Derivation: `m_{t+l} - m_t = sum_{s < t+l} G(t + l - s) eps_s - sum_{s < t} G(t - s) eps_s`;
 * multiply by `eps_t` and average with `<eps_t eps_s> = C(|t - s|)`: the trades `s = t + j`, `0 <= j < l`, give
 * the first sum, the earlier ones `s = t - j` the second. Both `G` and `C` are truncated at their arrays' ends (`G(l) = C(l) = 0` beyond).
 *
 * @param kernel `G(1..K)`, price units per trade sign (`kernel[i] = G(i + 1)`).
 * @param correlation `C(1..J)`, the sign autocorrelation (`correlation[i] = C(i + 1)`).
 * @param maxLag largest `l`.
 * @returns `R(1..maxLag)` in the kernel's units.
 * @throws {RangeError} if `maxLag` is not an integer >= 1.
 *
 * @example
 * ```ts
 * import { propagatorResponse } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // Uncorrelated signs and a permanent unit impact (G = 1 at every lag): R(l) = G(l) = 1.
 * const r = propagatorResponse(new Float64Array(50).fill(1), new Float64Array(50), 3);
 * assert.deepEqual([...r], [1, 1, 1]);
 * ```
 */
export function propagatorResponse(
  kernel: ArrayLike<number>,
  correlation: ArrayLike<number>,
  maxLag: number,
): Float64Array {
  const action = "compute propagator response";
  kernel = toFiniteArray(action, "kernel", kernel);
  correlation = toFiniteArray(action, "correlation", correlation);
  assertInteger(action, "maxLag", maxLag, 1);
  if (maxLag > 1e6) {
    throw new RangeError(
      `Cannot ${action}: maxLag must be <= 1e6 (the cost is O(maxLag^2)): current value is ${maxLag}`,
    );
  }
  for (let j = 0; j < correlation.length; j++) {
    if (!(Math.abs(correlation[j]!) <= 1)) {
      throw new RangeError(
        `Cannot ${action}: correlation[${j}] must be in [-1, 1]: current value is ${correlation[j]}`,
      );
    }
  }
  const G = (l: number) => (l >= 1 && l <= kernel.length ? kernel[l - 1]! : 0);
  const C = (j: number) => (j === 0 ? 1 : j <= correlation.length ? correlation[j - 1]! : 0);
  const out = new Float64Array(maxLag);
  const J = Math.min(correlation.length, kernel.length);
  for (let l = 1; l <= maxLag; l++) {
    let r = 0;
    for (let j = 0; j < l; j++) r += G(l - j) * C(j);
    for (let j = 1; j <= J; j++) r += (G(l + j) - G(j)) * C(j);
    out[l - 1] = r;
    assertFiniteResult(action, `R(${l})`, r, {
      "largest |kernel|": Math.max(...Array.from(kernel, Math.abs)),
    });
  }
  return out;
}
