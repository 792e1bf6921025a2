/**
 * The Almgren et al. (2005) impact model as an `ImpactPredictor`, so the backtest can charge it.
 *
 * @module
 */
import type { ImpactPredictor } from "../core/predictor.ts";
import type { MetaorderFeaturesInput } from "../core/trade.ts";
import { describeValue } from "../core/validate.ts";
import { Almgren2005Model, ALMGREN_2005_COEFFICIENTS } from "../impact/almgren_2005.ts";

/** Coefficients of {@linkcode almgren2005ImpactPredictor}. */
export interface Almgren2005Coefficients {
  /** Permanent coefficient `gamma` >= 0. Paper 0.314. */
  gamma: number;
  /** Temporary coefficient `eta` >= 0. Paper 0.142. */
  eta: number;
  /** Temporary exponent `beta` in (0, 2]. Paper 0.6. */
  beta?: number;
}

/**
 * An `ImpactPredictor` for the Almgren, Thum, Hauptmann & Li (2005) model ("Direct estimation of equity
 * market impact", Risk 18(7)): the impact at completion `I + K = sigma (gamma q + eta (q / T)^beta)` with
 * `q = |size| / averageDailyVolume` and `T = durationMinutes / 1440` days, the same quantity the
 * square-root law predicts (see `Almgren2005Model.completionImpact`; without shares outstanding, so the
 * inverse-turnover factor is 1). Each trade must carry `durationMinutes` (the portfolio `TradingCost`
 * passes it). Default coefficients: the paper's, fitted on US equities (not a crypto calibration).
 *
 * @param coefficients `gamma`, `eta`, `beta`; default {@linkcode ALMGREN_2005_COEFFICIENTS}.
 * @param options `label`, default `"Almgren et al. 2005"`.
 * @returns the predictor.
 * @throws {RangeError} for invalid coefficients (as `Almgren2005Model`); `predictImpact` throws for a trade
 *   without a positive `durationMinutes`.
 *
 * @example
 * ```ts
 * import { almgren2005ImpactPredictor } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const p = almgren2005ImpactPredictor();
 * const trade = { size: 1e4, arrivalPrice: 1, spread: 0, averageDailyVolume: 1e5, dailyVolatility: 0.02, durationMinutes: 1440 };
 * // q = 0.1 over one day: 0.02 * (0.314 * 0.1 + 0.142 * 0.1^0.6)
 * assert.ok(Math.abs(p.predictImpact([trade])[0]! - 0.02 * (0.0314 + 0.142 * Math.pow(0.1, 0.6))) < 1e-15);
 * ```
 */
export function almgren2005ImpactPredictor(
  coefficients: Almgren2005Coefficients = ALMGREN_2005_COEFFICIENTS,
  { label = "Almgren et al. 2005" }: { label?: string } = {},
): ImpactPredictor<MetaorderFeaturesInput & { durationMinutes?: number }> {
  const { gamma, eta, beta = 0.6 } = coefficients;
  // validates the coefficients once (volatility and volume here are placeholders, replaced per trade)
  new Almgren2005Model({ gamma, eta, beta, dailyVolatility: 1, averageDailyVolume: 1 });
  return {
    label,
    predictImpact(trades) {
      const out = new Float64Array(trades.length);
      for (let i = 0; i < trades.length; i++) {
        const t = trades[i]!;
        const minutes = t.durationMinutes;
        if (typeof minutes !== "number" || !(minutes > 0) || !Number.isFinite(minutes)) {
          throw new RangeError(
            `Cannot predict impact: trades[${i}].durationMinutes must be > 0 for ${label}: current value is ${
              describeValue(minutes)
            }`,
          );
        }
        const q = Math.abs(t.size) / t.averageDailyVolume;
        out[i] = t.dailyVolatility * (gamma * q + eta * Math.pow(q / (minutes / 1440), beta));
        if (!Number.isFinite(out[i]!)) {
          throw new RangeError(
            `Cannot predict impact: trades[${i}] gives a non-finite impact: current value is ${out[i]}`,
          );
        }
      }
      return out;
    },
  };
}
