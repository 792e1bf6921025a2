/**
 * The fitted square-root law with its pointwise bootstrap confidence band, from a calibration's draws.
 *
 * @module
 */
import { assertImpactLaw, squareRootImpact } from "../core/impact_law.ts";
import { quantileSorted } from "../core/statistics.ts";
import { assertObject, assertPositive, assertSameLength, toFiniteArray } from "../core/validate.ts";
import type { SquareRootCalibration } from "./square_root_calibration.ts";

/** One point of {@linkcode calibrationBand}: impacts in units of daily volatility (`I / sigma`). */
export interface CalibrationBandPoint {
  /** Participation `|Q|/V`, fraction of daily volume. */
  participation: number;
  /** The fitted law, `eta * q^delta`. */
  fit: number;
  /** Lower end of the bootstrap percentile band (NaN without bootstrap draws). */
  low: number;
  /** Upper end of the bootstrap percentile band (NaN without bootstrap draws). */
  high: number;
}

/**
 * The fitted law and its pointwise bootstrap confidence band over a grid of participations, in units of
 * daily volatility: at each `q`, the `(1 - confidence) / 2` and `(1 + confidence) / 2` type-7 percentiles
 * of `eta_b * q^delta_b` over the bootstrap draws `b` (Efron & Tibshirani 1993, ch. 13), the same
 * percentile rule as the calibration's own intervals. Cost: O(grid * draws log draws).
 *
 * @param calibration a result of {@linkcode calibrateSquareRoot}.
 * @param participations the grid, fractions of daily volume, > 0.
 * @returns one point per grid value, in grid order.
 * @throws {TypeError} if `calibration` is not a calibration result or its draws differ in length.
 * @throws {RangeError} for a participation <= 0, a law outside its domain, or a non-finite draw.
 *
 * @example
 * ```ts
 * import { calibrateSquareRoot } from "@lib/mod.ts";
 * import { calibrationBand } from "@lib/impact/mod.ts";
 * import assert from "node:assert/strict";
 * const fit = calibrateSquareRoot({ sizes: [1, 4, 9, 16], impacts: [0.011, 0.019, 0.031, 0.04] }, {
 *   dailyVolatility: 1, averageDailyVolume: 100, bootstrapSamples: 50,
 * });
 * const [p] = calibrationBand(fit, [0.05]);
 * assert.ok(p!.low <= p!.fit && p!.fit <= p!.high);
 * ```
 */
export function calibrationBand(
  calibration: Pick<SquareRootCalibration, "eta" | "delta" | "bootstrap" | "confidence">,
  participations: ArrayLike<number>,
): CalibrationBandPoint[] {
  const action = "compute calibration band";
  assertObject(action, "calibration", calibration, "(a result of calibrateSquareRoot)");
  assertImpactLaw(action, calibration, "calibration");
  assertObject(action, "calibration.bootstrap", calibration.bootstrap, "{ eta, delta }");
  const grid = toFiniteArray(action, "participations", participations);
  grid.forEach((q, i) => assertPositive(action, `participations[${i}]`, q));
  const { bootstrap, confidence } = calibration;
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(
      `Cannot ${action}: calibration.confidence must be in (0, 1): current value is ${confidence}`,
    );
  }
  const etas = toFiniteArray(action, "calibration.bootstrap.eta", bootstrap.eta);
  const deltas = toFiniteArray(action, "calibration.bootstrap.delta", bootstrap.delta);
  assertSameLength(action, "calibration.bootstrap.eta", etas, "calibration.bootstrap.delta", deltas);
  const alpha = (1 - confidence) / 2;
  const draws = new Float64Array(etas.length);
  return Array.from(grid, (q) => {
    for (let b = 0; b < draws.length; b++) {
      draws[b] = squareRootImpact({ eta: etas[b]!, delta: deltas[b]! }, 1, q);
    }
    draws.sort();
    return {
      participation: q,
      fit: squareRootImpact(calibration, 1, q),
      low: quantileSorted(draws, alpha),
      high: quantileSorted(draws, 1 - alpha),
    };
  });
}
