/**
 * Calibration of the simulated book's rates from summary statistics a user can measure on real data:
 * mean spread, depth at the best, trade rate, mean trade size and lag-1 sign correlation.
 *
 * Method of simulated moments: the trade rate and the mean trade size start `mu` and `sigma`, and each is
 * corrected multiplicatively by the ratio of the target to the simulated statistic (with dispersed market
 * order sizes a market order that takes several levels prints several smaller rows); `alpha` and `delta` start
 * from the Santa Fe scaling (spread about `0.4 mu / alpha` ticks and depth at the best about `0.3 alpha / delta`
 * orders, this simulator's values near the defaults) and are corrected multiplicatively, a few times, by the
 * ratio of the simulated to the target statistic (spread measured above its one-tick floor); the sign memory's
 * pool size starts at `N = 1 / C(1)` (Lillo, Mike & Farmer 2005: two consecutive orders share a metaorder with
 * probability `1 / N`) and is corrected the same way, and its Pareto exponent is `1 + gamma`. The simulated
 * statistics are measured by the same function as the target ones ({@linkcode bookStatistics}). The size
 * dispersion and the liquidity reaction (`marketSizeDispersion`, `reactionStrength`, `reactionMemory`) are
 * not fitted: they stay at their defaults.
 *
 * @module
 */
import { assertInteger, assertNumber, assertObject, assertPositive } from "../core/validate.ts";
import { assertTradeTape, type TradeTape } from "../data/trade_tape.ts";
import {
  type BookParameters,
  resolveBookParameters,
  type SignMemory,
  SIMULATED_BOOK_LABEL,
} from "./parameters.ts";
import { simulateBookDay } from "./simulate_day.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** Summary statistics of a market, the targets of {@linkcode calibrateBook}. */
export interface BookStatistics {
  /** Tick size, quote currency per base unit. */
  tickSize: number;
  /** Price level, quote currency per base unit. */
  price: number;
  /** Trades (tape rows) per day. */
  tradesPerDay: number;
  /** Mean quoted spread at trades, ticks (>= 1). */
  meanSpreadTicks: number;
  /** Mean size at the best quote (average of bid and ask), base units. */
  depthAtBest: number;
  /** Mean trade size, base units. */
  meanTradeSize: number;
  /** Lag-1 autocorrelation of trade signs, in [0, 1); 0 or absent: no sign memory is fitted. */
  signCorrelationLag1?: number;
  /** Decay exponent `gamma` of the sign autocorrelation `C(l) ~ l^-gamma`, in [0.05, 0.95]. Default 0.5. */
  signCorrelationExponent?: number;
}

/**
 * Summary statistics of a tape that carries the quote before each trade (`tape.quotes`): mean spread in
 * ticks and mean depth at the best over trades, trades per day over the tape's span, mean trade size and the
 * lag-1 sign autocorrelation `C(1) = (E[e_t e_{t+1}] - m^2) / (1 - m^2)` with `m` the mean sign.
 *
 * @param tape a tape with `quotes` (a real one joined with its quotes, or a simulated one).
 * @param options the tick size, quote currency per base unit.
 * @returns the statistics, `price` the mean trade price.
 * @throws {TypeError} if the tape has no quotes.
 * @throws {RangeError} for fewer than 3 trades, a zero time span or a bad tick size.
 *
 * @example
 * ```ts
 * import { bookStatistics } from "@lib/book/calibrate.ts";
 * import assert from "node:assert/strict";
 * const tape = {
 *   timestamps: Float64Array.of(0, 43_200_000, 86_400_000), prices: Float64Array.of(100, 100.1, 100),
 *   sizes: Float64Array.of(1, 2, 3), signs: Int8Array.of(1, 1, -1), symbol: "X", source: "csv" as const,
 *   quotes: { mids: Float64Array.of(100.05, 100.05, 100.05), spreads: Float64Array.of(0.1, 0.1, 0.3),
 *     bidSizes: Float64Array.of(1, 1, 1), askSizes: Float64Array.of(3, 3, 3) },
 * };
 * const s = bookStatistics(tape, { tickSize: 0.1 });
 * assert.ok(Math.abs(s.meanSpreadTicks - 5 / 3) < 1e-9);
 * assert.equal(s.depthAtBest, 2);
 * assert.equal(s.tradesPerDay, 2); // 2 gaps between trades in one day: 2 trades a day
 * assert.equal(s.meanTradeSize, 2);
 * ```
 */
export function bookStatistics(tape: TradeTape, options: { tickSize: number }): BookStatistics {
  const action = "measure book statistics";
  assertTradeTape(action, tape, 3);
  assertObject(action, "options", options);
  assertPositive(action, "options.tickSize", options.tickSize);
  if (options.tickSize < 1e-12) {
    throw new RangeError(
      `Cannot ${action}: options.tickSize must be >= 1e-12: current value is ${options.tickSize}`,
    );
  }
  const q = tape.quotes;
  const n = tape.timestamps.length;
  if (q === undefined || q === null || typeof q !== "object") {
    throw new TypeError(
      `Cannot ${action}: tape.quotes must hold the quote before each trade: current value is ${q}`,
    );
  }
  for (const name of ["spreads", "bidSizes", "askSizes"] as const) {
    const column = q[name];
    if (!(column instanceof Float64Array) || column.length !== n) {
      throw new TypeError(
        `Cannot ${action}: tape.quotes.${name} must be a Float64Array with one value per trade (${n}): current value is ${column}`,
      );
    }
  }
  let spread = 0, depth = 0, quoted = 0, size = 0, price = 0, sign = 0, pair = 0;
  for (let i = 0; i < n; i++) {
    const s = q.spreads[i]!, b = q.bidSizes[i]!, a = q.askSizes[i]!;
    if (Number.isFinite(s) && Number.isFinite(b) && Number.isFinite(a)) {
      spread += s;
      depth += (b + a) / 2;
      quoted++;
    }
    size += tape.sizes[i]!;
    price += tape.prices[i]!;
    sign += tape.signs[i]!;
    if (i > 0) pair += tape.signs[i]! * tape.signs[i - 1]!;
  }
  const span = tape.timestamps[n - 1]! - tape.timestamps[0]!;
  if (!(span > 0) || quoted === 0 || !Number.isFinite(spread) || !Number.isFinite(depth)) {
    throw new RangeError(
      `Cannot ${action}: the tape must span some time and have quoted trades with finite sums (tape.quotes): current span is ` +
        `${span} ms, ${quoted} quoted trades`,
    );
  }
  const m = sign / n;
  const c1 = m * m < 1 ? (pair / (n - 1) - m * m) / (1 - m * m) : 0;
  return {
    tickSize: options.tickSize,
    price: price / n,
    tradesPerDay: ((n - 1) * 86_400_000) / span,
    meanSpreadTicks: spread / quoted / options.tickSize,
    depthAtBest: depth / quoted,
    meanTradeSize: size / n,
    signCorrelationLag1: c1,
  };
}

/** Options of {@linkcode calibrateBook}. */
export interface CalibrateBookOptions {
  /** Seed of the calibration runs. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
  /** Correction rounds, 1-100. Default 6. */
  iterations?: number;
  /** Trades simulated per round. Default 40,000. */
  tradesPerIteration?: number;
  /** Limit order window `L`, ticks. Default `max(10, ceil(6 * meanSpreadTicks))`. */
  limitWindowTicks?: number;
  /** Symbol written on the simulated tapes. Default `"CALIBRATED"`. */
  symbol?: string;
}

/** The result of {@linkcode calibrateBook}: parameters, what they reproduce, and whether to trust them. */
export interface BookCalibration {
  /** `"simulated order book"`. */
  label: string;
  parameters: BookParameters;
  /** The statistics of the last calibration run (measured by {@linkcode bookStatistics}). */
  achieved: BookStatistics;
  target: BookStatistics;
  /** `achieved / target - 1` for the spread (above one tick), the depth at the best and `C(1)` (NaN without memory). */
  spreadError: number;
  depthError: number;
  signCorrelationError: number;
  /** Both errors within 10 %. A spread target at or below 1 tick cannot be met (the simulated spread is >= 1). */
  converged: boolean;
}

function checkStatistics(action: string, s: BookStatistics): void {
  assertObject(action, "statistics", s);
  for (
    const name of [
      "tickSize",
      "price",
      "tradesPerDay",
      "meanSpreadTicks",
      "depthAtBest",
      "meanTradeSize",
    ] as const
  ) {
    assertPositive(action, `statistics.${name}`, s[name]);
  }
  if (s.meanSpreadTicks < 1 || s.meanSpreadTicks > 500) {
    throw new RangeError(
      `Cannot ${action}: statistics.meanSpreadTicks must be in [1, 500] (a spread is at least a tick): current value is ${s.meanSpreadTicks}`,
    );
  }
  const ticks = s.price / s.tickSize;
  if (!(ticks >= 1000 && ticks <= 1e9)) {
    throw new RangeError(
      `Cannot ${action}: statistics.price / statistics.tickSize must be between 1,000 and 1e9 ticks: current value is ${ticks}`,
    );
  }
  if (s.tradesPerDay < 86.4 || s.tradesPerDay > 8.64e9) {
    throw new RangeError(
      `Cannot ${action}: statistics.tradesPerDay must be in [86.4, 8.64e9] (1e-3 to 1e5 a second): current value is ${s.tradesPerDay}`,
    );
  }
  const orders = s.depthAtBest / s.meanTradeSize;
  if (!(orders >= 1e-3 && orders <= 1e6) || s.meanTradeSize < 1e-12 || s.meanTradeSize > 1e9) {
    throw new RangeError(
      `Cannot ${action}: statistics.depthAtBest / statistics.meanTradeSize (orders at the best) must be in [1e-3, 1e6], ` +
        `statistics.meanTradeSize in [1e-12, 1e9]: current values are ${orders} and ${s.meanTradeSize}`,
    );
  }
  if (s.signCorrelationLag1 !== undefined) {
    assertNumber(action, "statistics.signCorrelationLag1", s.signCorrelationLag1);
    if (!(s.signCorrelationLag1 >= 0 && s.signCorrelationLag1 < 1)) {
      throw new RangeError(
        `Cannot ${action}: statistics.signCorrelationLag1 must be in [0, 1): current value is ${s.signCorrelationLag1}`,
      );
    }
  }
  if (s.signCorrelationExponent !== undefined) {
    assertNumber(action, "statistics.signCorrelationExponent", s.signCorrelationExponent);
    if (!(s.signCorrelationExponent >= 0.05 && s.signCorrelationExponent <= 0.95)) {
      throw new RangeError(
        `Cannot ${action}: statistics.signCorrelationExponent must be in [0.05, 0.95]: current value is ${s.signCorrelationExponent}`,
      );
    }
  }
}

/**
 * Calibrates the simulated book to summary statistics of a market (method of simulated moments, see the
 * module notes): `mu` from `tradesPerDay / 86,400`, `sigma` from `meanTradeSize`, tick and price as given, the sign
 * memory from `C(1)` and `gamma`, and `alpha`, `delta` corrected until the simulated mean spread and depth at
 * the best match (or `iterations` runs are spent). Cost: `iterations` runs of `tradesPerIteration` trades,
 * about a second with the defaults.
 *
 * @param statistics the targets (e.g. from {@linkcode bookStatistics} on a real tape with quotes).
 * @param options seed, rounds, trades per round, window.
 * @returns the parameters, the statistics they reproduce, the errors and a `converged` flag.
 * @throws {TypeError} / {RangeError} for a bad statistic or option.
 *
 * @example
 * ```ts
 * import { calibrateBook } from "@lib/book/calibrate.ts";
 * import assert from "node:assert/strict";
 * const fit = calibrateBook({
 *   tickSize: 0.1, price: 60_000, tradesPerDay: 500_000, meanSpreadTicks: 2, depthAtBest: 0.3,
 *   meanTradeSize: 0.05, signCorrelationLag1: 0.1,
 * }, { iterations: 4, tradesPerIteration: 20_000 });
 * assert.ok(fit.parameters.signMemory !== null);
 * assert.ok(Math.abs(fit.spreadError) < 0.25 && Math.abs(fit.depthError) < 0.25);
 * ```
 */
export function calibrateBook(
  statistics: BookStatistics,
  options: CalibrateBookOptions = {},
): BookCalibration {
  const action = "calibrate book";
  checkStatistics(action, statistics);
  assertObject(action, "options", options);
  const { seed = DEFAULT_SEED, iterations = 6, tradesPerIteration = 40_000, symbol = "CALIBRATED" } = options;
  assertInteger(action, "options.seed", seed, -(2 ** 31));
  assertInteger(action, "options.iterations", iterations, 1);
  if (iterations > 100) {
    throw new RangeError(
      `Cannot ${action}: options.iterations must be <= 100: current value is ${iterations}`,
    );
  }
  assertInteger(action, "options.tradesPerIteration", tradesPerIteration, 1000);
  if (tradesPerIteration > 1e7) {
    throw new RangeError(
      `Cannot ${action}: options.tradesPerIteration must be <= 1e7: current value is ${tradesPerIteration}`,
    );
  }
  const s = statistics;
  if (options.limitWindowTicks !== undefined) {
    assertInteger(action, "options.limitWindowTicks", options.limitWindowTicks, 1);
    if (options.limitWindowTicks > 4096) {
      throw new RangeError(
        `Cannot ${action}: options.limitWindowTicks must be <= 4096: current value is ${options.limitWindowTicks}`,
      );
    }
  }
  const window = options.limitWindowTicks ?? Math.max(10, Math.ceil(6 * s.meanSpreadTicks));
  let mu = s.tradesPerDay / 86_400;
  let sigma = s.meanTradeSize;
  const depthOrders = s.depthAtBest / sigma;
  const c1 = s.signCorrelationLag1 ?? 0;
  const signMemory: SignMemory | null = c1 > 0
    ? {
      metaorders: Math.max(1, Math.min(1e6, Math.round(1 / c1))),
      lengthExponent: 1 + (s.signCorrelationExponent ?? 0.5),
      maxLength: 100_000,
    }
    : null;
  let alpha = Math.min(1e5, Math.max(1e-4, (0.4 * mu) / s.meanSpreadTicks));
  let delta = Math.min(1e4, Math.max(1e-4, (2 * window * alpha) / 1e7, (0.3 * alpha) / depthOrders));
  const base = {
    tickSize: s.tickSize,
    initialPrice: s.price,
    limitWindowTicks: window,
    signMemory,
    symbol,
  };
  // The parameters at the current rates (they change every iteration).
  const current = () => ({ ...base, marketRate: mu, orderSize: sigma, limitRate: alpha, cancelRate: delta });
  resolveBookParameters(action, current());
  let achieved: BookStatistics = s;
  let spreadError = NaN, depthError = NaN;
  // Spread above its one-tick floor (plus a small margin so that a target near 1 tick stays finite).
  const excess = (x: number) => x - 1 + 0.05;
  for (let k = 0; k < iterations; k++) {
    const market = simulateBookDay({
      seed: seed + k,
      trades: tradesPerIteration,
      parameters: current(),
      recordQuotes: "none",
    });
    achieved = bookStatistics(market.tape, { tickSize: s.tickSize });
    spreadError = excess(achieved.meanSpreadTicks) / excess(s.meanSpreadTicks) - 1;
    depthError = achieved.depthAtBest / s.depthAtBest - 1;
    if (k === iterations - 1) break;
    // C(1) falls as the pool grows (about 1 / N, less when metaorders are short).
    if (signMemory !== null && achieved.signCorrelationLag1! > 0) {
      const ratio = achieved.signCorrelationLag1! / c1;
      signMemory.metaorders = Math.max(
        1,
        Math.min(1e6, Math.round(signMemory.metaorders * Math.min(4, Math.max(0.25, ratio)))),
      );
    }
    // A sweep prints one row per level: more prints than market orders, each smaller than the order.
    sigma *= Math.min(4, Math.max(0.25, s.meanTradeSize / achieved.meanTradeSize));
    sigma = Math.min(1e9, Math.max(1e-12, sigma));
    mu *= Math.min(4, Math.max(0.25, s.tradesPerDay / achieved.tradesPerDay));
    mu = Math.min(1e5, Math.max(1e-3, mu));
    // Spread falls as alpha grows; depth grows as alpha / delta grows.
    alpha *= Math.min(4, Math.max(0.25, 1 + spreadError));
    delta *= Math.min(4, Math.max(0.25, (1 + depthError) * (1 + spreadError)));
    // Within the simulator's bounds, and at most 1e7 resting orders (2 L alpha / delta): a target out of
    // reach leaves `converged` false instead of an endless run.
    alpha = Math.min(1e5, Math.max(1e-4, alpha));
    delta = Math.min(1e4, Math.max(1e-4, (2 * window * alpha) / 1e7, delta));
  }
  // The last run measured these parameters' statistics: report them with it.
  return {
    label: SIMULATED_BOOK_LABEL,
    parameters: resolveBookParameters(action, current()),
    achieved,
    target: s,
    spreadError,
    depthError,
    signCorrelationError: signMemory === null ? NaN : achieved.signCorrelationLag1! / c1 - 1,
    converged: Math.abs(spreadError) < 0.1 && Math.abs(depthError) < 0.1,
  };
}
