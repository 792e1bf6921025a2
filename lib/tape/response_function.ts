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
import { assertTradeTape, type TradeTape } from "../data/trade_tape.ts";
import {
  assertFiniteResult,
  assertInteger,
  assertObject,
  assertPositive,
  toFiniteArray,
} from "../core/validate.ts";
import { type BlockSpec, describeBlocks, tapeBlocks } from "./blocks.ts";
import { assertLagsFitBlocks, checkBlockSpec } from "./_block_checks.ts";
import { laggedSumsByBlock } from "./_lagged_sums.ts";
import { addResponseSums, newResponseSums, responseFromSums, shiftedLevels } from "./_response_sums.ts";
import { signCorrelationFromProducts } from "./_sign_sums.ts";
import type { SignCorrelation } from "./sign_correlation.ts";

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
   * Mid prices before each trade (quote per base unit, one per trade). The tape type carries no quotes, so
   * by default `m` is the trade price, and `R(l)` then includes the bid-ask bounce: trades at the ask after
   * a buy, at the bid after a sell, which lowers `R` by about half a spread times `1 - C(l)`.
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
  const { maxLag = 1000, blocks = "day", tickSize, mids } = options;
  assertInteger(action, "maxLag", maxLag, 1);
  assertTradeTape(action, tape, maxLag + 2);
  const n = tape.signs.length;
  let m: Float64Array = tape.prices;
  if (mids !== undefined) {
    m = toFiniteArray(action, "mids", mids);
    if (m.length !== n) {
      throw new TypeError(
        `Cannot ${action}: mids must have one value per trade (${n}): current length is ${m.length}`,
      );
    }
    for (let i = 0; i < n; i++) assertPositive(action, `mids[${i}]`, m[i]!);
  }
  const prepared = prepareResponse(tape, m, tickSize, mids !== undefined, blocks, maxLag);
  const [cross, crossLog] = laggedSumsByBlock(
    tape.signs,
    [prepared.level, prepared.logLevel],
    maxLag,
    prepared.starts,
  );
  return finishResponse(tape, prepared, cross!, crossLog!, maxLag);
}

/** Validated options of a response measurement, and the shifted price series. */
interface PreparedResponse {
  level: Float64Array;
  logLevel: Float64Array;
  tick: number;
  tickSizeSource: "given" | "estimated";
  priceSource: "mid" | "trade price";
  starts: Int32Array;
  blocksDescription: string;
}

function prepareResponse(
  tape: TradeTape,
  m: Float64Array,
  tickSize: number | undefined,
  fromMids: boolean,
  blocks: BlockSpec,
  maxLag: number,
  action = "measure response function",
): PreparedResponse {
  const n = m.length;
  checkBlockSpec(action, blocks);
  const starts = tapeBlocks(tape.timestamps, blocks);
  assertLagsFitBlocks(action, starts, maxLag, describeBlocks(blocks));
  const tick = tickSize === undefined ? estimateTickSize(tape.prices) : tickSize;
  assertPositive(action, "tickSize", tick);
  // Levels in ticks must stay far from overflow in the FFT's products (and a tick below 1e-15 of the
  // range is below double precision anyway).
  let range = 0;
  for (let i = 0; i < n; i++) range = Math.max(range, Math.abs(m[i]! - m[0]!));
  if (!(range / tick <= MAX_RANGE_TICKS)) {
    throw new RangeError(
      `Cannot ${action}: the price range of ${
        fromMids ? "mids" : "tape.prices"
      } in ticks (tickSize = ${tick}) ` +
        `must be <= ${MAX_RANGE_TICKS}: current value is ${range / tick} (range ${range})`,
    );
  }
  const { level, logLevel } = shiftedLevels(m, m[0]!, tick);
  return {
    level,
    logLevel,
    tick,
    tickSizeSource: tickSize === undefined ? "estimated" : "given",
    priceSource: fromMids ? "mid" : "trade price",
    starts,
    blocksDescription: describeBlocks(blocks),
  };
}

/** R(l) from the per-block cross sums: subtract sum_{t, t+l in block} eps_t m_t and divide by the pairs. */
function finishResponse(
  tape: TradeTape,
  p: PreparedResponse,
  cross: Float64Array,
  crossLog: Float64Array,
  maxLag: number,
): ResponseFunction {
  const { level, logLevel, starts } = p;
  const sums = newResponseSums(maxLag);
  addResponseSums(sums, tape.signs, level, logLevel, starts, cross, crossLog);
  const { ticks, bps } = responseFromSums(sums);
  const nb = starts.length - 1;
  return {
    lags: Float64Array.from({ length: maxLag }, (_, i) => i + 1),
    ticks,
    bps,
    priceSource: p.priceSource,
    tickSize: p.tick,
    tickSizeSource: p.tickSizeSource,
    trades: tape.signs.length,
    blocks: nb,
    blocksDescription: p.blocksDescription,
  };
}

/** Largest price range, in ticks, that the response function measures: 1e12 ticks. */
const MAX_RANGE_TICKS = 1e12;

/**
 * {@linkcode signCorrelation} and {@linkcode responseFunction} in one pass over the tape: the three lagged
 * sums (`eps * eps`, `eps * m`, `eps * ln m`) share their FFTs, so both cost about what the response alone
 * costs (two packed transforms per chunk instead of three). Same options and results as the two functions
 * (trade price as `m`; no `mids`).
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
  options: Omit<ResponseFunctionOptions, "mids"> = {},
): { correlation: SignCorrelation; response: ResponseFunction } {
  const action = "measure sign correlation and response function";
  assertObject(action, "options", options);
  const { maxLag = 1000, blocks = "day", tickSize } = options;
  assertInteger(action, "maxLag", maxLag, 1);
  assertTradeTape(action, tape, maxLag + 2);
  const prepared = prepareResponse(tape, tape.prices, tickSize, false, blocks, maxLag, action);
  const [products, cross, crossLog] = laggedSumsByBlock(
    tape.signs,
    [tape.signs, prepared.level, prepared.logLevel],
    maxLag,
    prepared.starts,
  );
  return {
    correlation: signCorrelationFromProducts(
      tape,
      prepared.starts,
      products!,
      maxLag,
      prepared.blocksDescription,
    ),
    response: finishResponse(tape, prepared, cross!, crossLog!, maxLag),
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
