/**
 * Transaction cost analysis of one trade: implementation shortfall, VWAP slippage, spread cost,
 * participation, the square-root law's estimated impact, a trained model's predicted impact, and the
 * decomposition of the shortfall into spread, impact and timing parts.
 *
 * Every cost is a fraction of a price (0.001 = 10 bps), side-adjusted so that a positive number is a
 * cost to the trader for buys and sells alike. {@linkcode tradeAnalysisBps} converts to basis points.
 *
 * References: Perold, A. (1988) "The implementation shortfall: paper versus reality", Journal of
 * Portfolio Management 14(3), 4-9; Kissell, R. (2013) "The Science of Algorithmic Trading and
 * Portfolio Management", ch. 3 (cost components); Tóth et al. (2011) "Anomalous price impact and the
 * critical nature of liquidity in financial markets", Phys. Rev. X 1, eq. 1 (square-root law).
 *
 * @module
 */
import {
  assertFinite,
  assertFiniteResult,
  assertNonNegative,
  assertObject,
  assertPositive,
  assertTimestamp,
} from "../core/validate.ts";
import { type ImpactLaw, squareRootImpact } from "../core/impact_law.ts";
import type { ImpactPredictor } from "../core/predictor.ts";
import type { TradeRecord } from "../core/trade.ts";
import { toBps } from "../core/units.ts";
import { COMPUTED_METRICS, TRADE_FIELD_RULES, validateTcaOptions } from "./_rules.ts";

/** Options of {@linkcode analyzeTrade} and `analyzeTrades`. */
export interface TradeAnalysisOptions {
  /**
   * Square-root law for `estimatedImpact` (and the impact part of the shortfall). Default: none, so
   * `estimatedImpact` and `impactCost` are left out.
   */
  impactLaw?: ImpactLaw;
  /**
   * Share of the peak impact `estimatedImpact` that the execution pays on average, in [0, 1]. Default
   * `1 / (1 + delta)`: the time average of a concave impact path `I (t/T)^delta` over the execution
   * (Bouchaud, Bonart, Donier & Gould 2018, "Trades, Quotes and Prices", ch. 12; 2/3 for delta = 1/2).
   */
  impactPaidFraction?: number;
}

/** Result of {@linkcode analyzeTrade}: fractions of a price unless said otherwise. */
export interface TradeAnalysis {
  /** +1 for a buy, -1 for a sell. */
  side: 1 | -1;
  /** `|size| / averageDailyVolume`, fraction of a day's volume (0.05 = 5 %). */
  participation: number;
  /** Perold's implementation shortfall `side * (exec - arrival) / arrival`; positive = cost. */
  implementationShortfall: number;
  /** `side * (exec - vwap) / vwap`; positive = filled worse than the market's VWAP. */
  vwapSlippage: number;
  /** Half the quoted spread, `spread / (2 * arrival)`: what crossing the spread costs. */
  spreadCost: number;
  /** Square-root law `dailyVolatility * eta * participation^delta` (peak impact, positive); with `impactLaw`. */
  estimatedImpact?: number;
  /** The predictor's expected side-adjusted impact; with `predictor`. */
  predictedImpact?: number;
  /** Impact part of the shortfall, `impactPaidFraction * estimatedImpact`; with `impactLaw`. */
  impactCost?: number;
  /**
   * Timing (residual) part of the shortfall, `implementationShortfall - spreadCost - impactCost`: the
   * market's own move during execution plus model error. Without `impactLaw` it also holds the impact.
   */
  timingCost: number;
}

/** {@linkcode TradeAnalysis} in display units: costs in basis points, participation in percent. */
export interface TradeAnalysisBps {
  side: 1 | -1;
  participationPct: number;
  implementationShortfallBps: number;
  vwapSlippageBps: number;
  spreadCostBps: number;
  estimatedImpactBps?: number;
  predictedImpactBps?: number;
  impactCostBps?: number;
  timingCostBps: number;
}

/**
 * A {@linkcode TradeAnalysis} with every cost in basis points (`* 1e4`) and participation in percent
 * (`* 100`); the keys say the unit.
 *
 * @param analysis a result of {@linkcode analyzeTrade}.
 * @returns the same numbers in display units.
 *
 * @example
 * ```ts
 * import { analyzeTrade, tradeAnalysisBps } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const a = analyzeTrade({
 *   size: 50_000, executionPrice: 100.1, arrivalPrice: 100, vwap: 100.05, spread: 0.02,
 *   averageDailyVolume: 1_000_000, dailyVolatility: 0.02,
 * });
 * const b = tradeAnalysisBps(a);
 * assert.ok(Math.abs(b.implementationShortfallBps - 10) < 1e-9 && Math.abs(b.participationPct - 5) < 1e-12);
 * ```
 */
export function tradeAnalysisBps(analysis: TradeAnalysis): TradeAnalysisBps {
  const out: TradeAnalysisBps = {
    side: analysis.side,
    participationPct: analysis.participation * 100,
    implementationShortfallBps: toBps(analysis.implementationShortfall),
    vwapSlippageBps: toBps(analysis.vwapSlippage),
    spreadCostBps: toBps(analysis.spreadCost),
    timingCostBps: toBps(analysis.timingCost),
  };
  if (analysis.estimatedImpact !== undefined) out.estimatedImpactBps = toBps(analysis.estimatedImpact);
  if (analysis.predictedImpact !== undefined) out.predictedImpactBps = toBps(analysis.predictedImpact);
  if (analysis.impactCost !== undefined) out.impactCostBps = toBps(analysis.impactCost);
  return out;
}

/**
 * Transaction cost analysis of one trade, every cost a side-adjusted fraction of a price.
 *
 * With `side = sign(size)`:
 * - implementation shortfall (Perold 1988): `side * (exec - arrival) / arrival`;
 * - VWAP slippage: `side * (exec - vwap) / vwap`;
 * - spread cost: `spread / (2 * arrival)` (half the quoted spread);
 * - participation: `|size| / averageDailyVolume`;
 * - estimated impact (square-root law, Tóth et al. 2011 eq. 1), with `impactLaw = { eta, delta }`:
 *   `dailyVolatility * eta * participation^delta`, using the trade's own volatility and daily volume;
 * - predicted impact, with `predictor`: `predictor.predictImpact([trade])[0]`;
 * - shortfall decomposition (Perold 1988; Kissell 2013 ch. 3):
 *   `implementationShortfall = spreadCost + impactCost + timingCost`, where
 *   `impactCost = impactPaidFraction * estimatedImpact` (default share `1 / (1 + delta)`) and the timing
 *   part is the rest: the market's move during execution and model error. Without `impactLaw`,
 *   `timingCost` is `implementationShortfall - spreadCost` and holds impact and timing together.
 *
 * Cost: O(1) (plus one predictor call).
 *
 * @param trade the trade; see {@linkcode TradeRecord}.
 * @param options `impactLaw` (e.g. a `calibrateSquareRoot` result), `predictor`, `impactPaidFraction`.
 * @returns a {@linkcode TradeAnalysis}.
 * @throws {TypeError} if `trade` is not an object, `impactLaw` is not an object, or the predictor does not
 *   return an array.
 * @throws {RangeError} naming the field and its value: a zero or non-finite size, a non-positive or
 *   non-finite price, VWAP, daily volume or volatility, a negative or non-finite spread, a non-finite
 *   timestamp, an impact law out of its domain, or a non-finite predicted impact.
 *
 * @example
 * ```ts
 * import { analyzeTrade } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * // The worked example: buy 50,000 at 100.10; arrival 100, VWAP 100.05, spread 0.02, ADV 1,000,000.
 * const a = analyzeTrade(
 *   { size: 50_000, executionPrice: 100.1, arrivalPrice: 100, vwap: 100.05, spread: 0.02,
 *     averageDailyVolume: 1_000_000, dailyVolatility: 0.02 },
 *   { impactLaw: { eta: 1, delta: 0.5 } },
 * );
 * assert.ok(Math.abs(a.implementationShortfall - 0.001) < 1e-12);       // 10 bps
 * assert.ok(Math.abs(a.vwapSlippage - 0.05 / 100.05) < 1e-15);          // 4.9975 bps
 * assert.ok(Math.abs(a.spreadCost - 0.0001) < 1e-15);                   // 1 bp
 * assert.equal(a.participation, 0.05);                              // 5 %
 * assert.ok(Math.abs(a.estimatedImpact! - 0.02 * Math.sqrt(0.05)) < 1e-15);
 * ```
 */
export function analyzeTrade<T extends TradeRecord>(
  trade: T,
  options: TradeAnalysisOptions & { predictor?: Pick<ImpactPredictor<T>, "predictImpact"> } = {},
): TradeAnalysis {
  const action = "analyze trade";
  if (trade === null || typeof trade !== "object") {
    throw new TypeError(`Cannot ${action}: trade must be a TradeRecord object: current value is ${trade}`);
  }
  for (const { field, rule } of TRADE_FIELD_RULES) {
    const value = trade[field] as number;
    if (rule === "positive") assertPositive(action, field, value);
    else if (rule === "nonNegative") assertNonNegative(action, field, value);
    else {
      assertFinite(action, field, value);
      if (value === 0) throw new RangeError(`Cannot ${action}: ${field} must be nonzero: current value is 0`);
    }
  }
  if (trade.timestamp !== undefined) assertTimestamp(action, "timestamp", trade.timestamp);
  if (trade.durationMinutes !== undefined) {
    assertNonNegative(action, "durationMinutes", trade.durationMinutes);
  }
  assertObject(action, "options", options);
  const paid = validateTcaOptions(action, options);

  const { size, executionPrice, arrivalPrice, vwap, spread, averageDailyVolume, dailyVolatility } = trade;
  const side: 1 | -1 = size > 0 ? 1 : -1;
  const participation = Math.abs(size) / averageDailyVolume;
  const implementationShortfall = (side * (executionPrice - arrivalPrice)) / arrivalPrice;
  const spreadCost = spread / (2 * arrivalPrice);
  const result: TradeAnalysis = {
    side,
    participation,
    implementationShortfall,
    vwapSlippage: (side * (executionPrice - vwap)) / vwap,
    spreadCost,
    timingCost: implementationShortfall - spreadCost,
  };
  if (options.impactLaw !== undefined) {
    const estimatedImpact = squareRootImpact(options.impactLaw, dailyVolatility, participation);
    result.estimatedImpact = estimatedImpact;
    result.impactCost = paid! * estimatedImpact;
    result.timingCost = implementationShortfall - spreadCost - result.impactCost;
  }
  // Each field is valid, yet ratios of extreme prices or volumes can leave double precision.
  const inputs = {
    size,
    executionPrice,
    arrivalPrice,
    vwap,
    spread,
    averageDailyVolume,
    dailyVolatility,
    ...(options.impactLaw === undefined ? {} : { "impactLaw.eta": options.impactLaw.eta }),
  };
  for (const name of COMPUTED_METRICS) {
    const value = result[name];
    if (typeof value === "number" && !Number.isFinite(value)) assertFiniteResult(action, name, value, inputs);
  }
  if (options.predictor !== undefined) {
    const predicted = options.predictor.predictImpact([trade]);
    if (predicted === null || typeof predicted !== "object" || typeof predicted.length !== "number") {
      throw new TypeError(
        `Cannot ${action}: predictor.predictImpact must return an array of numbers: current value is ${predicted}`,
      );
    }
    assertFinite(action, "predictedImpact", predicted[0]!);
    result.predictedImpact = predicted[0]!;
  }
  return result;
}
