/**
 * Almgren-Chriss parameters from a measured square-root law, carrying the law's provenance and a flag
 * when the order lies outside the range of `|Q|/V` the law was measured on: the one hand-over of a
 * measured law to execution and TCA.
 *
 * @module
 */
import { isExtrapolation, type MeasuredLaw } from "../tape/measured_law.ts";
import {
  type AlmgrenChrissCalibration,
  almgrenChrissFromSquareRoot,
  type SquareRootConversionOptions,
} from "./parameters.ts";
import { assertObject } from "../core/validate.ts";

/** Result of {@linkcode almgrenChrissFromMeasuredLaw}: plain and JSON-serialisable. */
export interface MeasuredAlmgrenChriss extends AlmgrenChrissCalibration {
  /** The law the parameters come from, with its venue, dates, definition and measured range. */
  law: MeasuredLaw;
  /** The order's `|Q| / V`, with `V` the market's daily volume now (`options.market.averageDailyVolume`). */
  orderParticipation: number;
  /** True when `orderParticipation` is outside `law.participationRange`: the cost is extrapolated. */
  extrapolation: boolean;
  /**
   * The law's prediction of the order's implementation shortfall against the arrival mid, as a fraction of
   * the price: `(epsilon + p S sigma_d Y (Q/V)^delta) / S`, half spread and fees plus the paid share `p`
   * of the peak impact (the same for every schedule of that order: the law ignores the schedule).
   */
  lawShortfall: number;
}

/**
 * Almgren-Chriss parameters from a {@linkcode MeasuredLaw}: `almgrenChrissFromSquareRoot` matched at the
 * order and horizon (Almgren & Chriss 2000, Section 1.5; Tóth et al. 2011 for the law), returned with the
 * law, the order's `|Q|/V`, the extrapolation flag and the law's own shortfall prediction.
 *
 * @param law a measured law (`measuredLaw` on a tape, or `measuredLawFromOrders` on executed orders).
 * @param options as {@linkcode almgrenChrissFromSquareRoot}: market now, order size (base units), horizon (days).
 * @returns the parameters, the law and the flag.
 * @throws {TypeError} / {RangeError} as {@linkcode almgrenChrissFromSquareRoot}.
 *
 * @example
 * ```ts
 * import { almgrenChrissFromMeasuredLaw } from "@lib/execution/mod.ts";
 * import assert from "node:assert/strict";
 * const law = {
 *   eta: 0.5, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1e4, deltaInterval: null, etaInterval: null,
 *   intervalNote: "no interval", participationRange: [1e-5, 1e-3] as [number, number], metaorders: 100, blocks: 100,
 *   definition: { source: "executed orders" as const, description: "hand-made", fit: "binned" },
 *   venue: "simulated", symbol: "BTCUSDT", dates: ["2025-06-02", "2025-06-02"] as [string, string], synthetic: true,
 * };
 * const market = { price: 100, dailyVolatility: 0.02, spread: 0.02, averageDailyVolume: 1e4 };
 * const p = almgrenChrissFromMeasuredLaw(law, { market, orderSize: 1, durationDays: 1 });
 * assert.equal(p.extrapolation, false);
 * // half spread 1 bp plus (2/3) * 0.02 * 0.5 * sqrt(1e-4) = 0.667 bp
 * assert.ok(Math.abs(p.lawShortfall - (1e-4 + (2 / 3) * 0.02 * 0.5 * 0.01)) < 1e-12);
 * assert.equal(almgrenChrissFromMeasuredLaw(law, { market, orderSize: 100, durationDays: 1 }).extrapolation, true);
 * ```
 */
export function almgrenChrissFromMeasuredLaw(
  law: MeasuredLaw,
  options: SquareRootConversionOptions,
): MeasuredAlmgrenChriss {
  assertObject("set Almgren-Chriss parameters from a measured law", "law", law);
  const parameters = almgrenChrissFromSquareRoot(law, options);
  const orderParticipation = Math.abs(options.orderSize) / options.market.averageDailyVolume;
  const price = options.market.price;
  return {
    ...parameters,
    law,
    orderParticipation,
    extrapolation: isExtrapolation(law, orderParticipation),
    lawShortfall: (parameters.epsilon + parameters.reference!.impactCostPerShare) / price,
  };
}
