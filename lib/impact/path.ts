/**
 * The price path of a metaorder: concave build-up while it trades, then relaxation to a permanent level.
 *
 * @module
 */
import type { SquareRootParameters } from "./square_root.ts";
import {
  assertFinite,
  assertFiniteResult,
  assertInteger,
  assertObject,
  assertPositive,
} from "../core/validate.ts";
import { squareRootImpact } from "../core/impact_law.ts";

/** Options of {@linkcode impactPath}. */
export interface ImpactPathOptions {
  /** Number of time points, integer >= 2. Default 200. One more is added when `t = T` is not on the grid. */
  points?: number;
  /** How long after completion to draw, in multiples of the execution time. Default 3. */
  horizon?: number;
  /**
   * Permanent impact as a fraction of the peak. Default `1 / (1 + delta)`: the "fair pricing" level of
   * Farmer, Gerig, Lillo & Waelbroeck (2013, eq. 12), 2/3 for the square-root law.
   */
  permanentFraction?: number;
  /** Exponent `beta` of the power-law relaxation `(1 + (t - T)/T)^-beta` after completion. Default 1. */
  relaxationExponent?: number;
}

/** One point of {@linkcode impactPath}. */
export interface ImpactPathPoint {
  /** Time in units of the execution time `T` (1 = the metaorder completes). */
  time: number;
  /** Expected signed fractional price change from arrival. */
  impact: number;
  /** `"execution"` while trading, `"relaxation"` after. */
  phase: "execution" | "relaxation";
}

/**
 * Stylised expected price path of a metaorder executed at a constant rate over time `T`.
 *
 * While trading (`t <= T`) the impact of the executed part follows the same law,
 * `I(t) = I(Q) (t/T)^delta` (Moro et al. 2009, Fig. 4; Tóth et al. 2011). After completion it relaxes
 * towards the permanent level `p * I(Q)`:
 * `I(t) = I(Q) [p + (1 - p) (1 + (t - T)/T)^-beta]` (a power-law decay, as measured by Bucci et al. 2018;
 * the exponent is illustrative, not calibrated).
 *
 * @param law the square-root law.
 * @param orderSize signed metaorder size in base units.
 * @param options grid, horizon, permanent fraction and relaxation exponent.
 * @returns points in time order, `time` in units of `T`.
 * @throws {TypeError} if `law` or `options` is not an object, or a number is of another type.
 * @throws {RangeError} for a law parameter or an option out of range, a non-finite size, or a peak impact
 *   that overflows.
 *
 * @example
 * ```ts
 * import { impactPath, SquareRootModel } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const law = new SquareRootModel({ eta: 1, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1e6 });
 * const path = impactPath(law, 10_000);
 * const peak = Math.max(...path.map((p) => p.impact));
 * assert.ok(Math.abs(peak - law.impact(10_000)) < 1e-15);
 * ```
 */
export function impactPath(
  law: SquareRootParameters,
  orderSize: number,
  options: ImpactPathOptions = {},
): ImpactPathPoint[] {
  const action = "compute impact path";
  assertObject(action, "law", law, "{ eta, delta, dailyVolatility, averageDailyVolume }");
  assertPositive(action, "law.eta", law.eta);
  assertPositive(action, "law.dailyVolatility", law.dailyVolatility);
  assertPositive(action, "law.averageDailyVolume", law.averageDailyVolume);
  assertFinite(action, "law.delta", law.delta);
  if (!(law.delta > 0 && law.delta <= 2)) {
    throw new RangeError(`Cannot ${action}: law.delta must be in (0, 2]: current value is ${law.delta}`);
  }
  assertObject(action, "options", options);
  const { points = 200, horizon = 3, permanentFraction, relaxationExponent = 1 } = options;
  assertFinite(action, "orderSize", orderSize);
  assertInteger(action, "points", points, 2);
  assertPositive(action, "horizon", horizon);
  assertPositive(action, "relaxationExponent", relaxationExponent);
  if (permanentFraction !== undefined) assertFinite(action, "permanentFraction", permanentFraction);
  const p = permanentFraction ?? 1 / (1 + law.delta);
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`Cannot ${action}: permanentFraction must be in [0, 1]: current value is ${p}`);
  }
  const peak = orderSize === 0 ? 0 : Math.sign(orderSize) *
    squareRootImpact(law, law.dailyVolatility, Math.abs(orderSize) / law.averageDailyVolume);
  assertFiniteResult(action, "the peak impact", peak, {
    orderSize,
    "law.averageDailyVolume": law.averageDailyVolume,
    "law.eta": law.eta,
  });
  const end = 1 + horizon;
  const out: ImpactPathPoint[] = [];
  for (let i = 0; i < points; i++) {
    const t = (end * i) / (points - 1);
    if (t <= 1) out.push({ time: t, impact: peak * Math.pow(t, law.delta), phase: "execution" });
    else {out.push({
        time: t,
        impact: peak * (p + (1 - p) * Math.pow(t, -relaxationExponent)),
        phase: "relaxation",
      });}
  }
  // Make sure the peak itself (t = T) is on the grid.
  if (!out.some((pt) => pt.time === 1)) {
    const k = out.findIndex((pt) => pt.time > 1);
    out.splice(k, 0, { time: 1, impact: peak, phase: "execution" });
  }
  return out;
}
