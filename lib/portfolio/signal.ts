/**
 * The expected-return forecast of the portfolio studies: a time-series momentum signal turned into
 * returns by the "alpha = volatility x IC x score" rule.
 *
 * @module
 */
import {
  assertFinite,
  assertFiniteResult,
  assertInteger,
  assertObject,
  assertPositive,
} from "../core/validate.ts";
import { momentumInto } from "./_momentum.ts";
import type { AssetUniverse } from "./universe.ts";

/** Options of {@linkcode momentumForecast}. */
export interface MomentumForecastOptions {
  /** Half-life of the exponentially weighted mean of past returns, days, > 0. Default 20. */
  halfLife?: number;
  /** Information coefficient `IC`: the assumed correlation of the score with the next return. Default 0.05. */
  informationCoefficient?: number;
}

/**
 * Expected next-day returns of every asset from its past returns only (days `< day`): the time-series
 * momentum score `z_i = m_i / (sigma_i sqrt(sum_k a^2k) / sum_k a^k)`, where `m_i` is the exponentially
 * weighted mean of the past daily returns (weight `a^k` on the return `k + 1` days back,
 * `a = 2^(-1/halfLife)`, the last `ceil(10 halfLife)` days, normalised) and the denominator its standard
 * deviation for independent returns of volatility `sigma_i` (about `sigma_i sqrt((1 - a) / (1 + a))`), turned into
 * a return by Grinold's rule `mu_i = IC * sigma_i * z_i` (Grinold & Kahn 2000, "Active Portfolio
 * Management", 2nd ed., ch. 10, "alpha = volatility x IC x score"). `sigma_i` is the universe's daily
 * volatility. Momentum in the time series: Moskowitz, Ooi & Pedersen (2012), "Time series momentum",
 * J. Financ. Econ. 104(2).
 *
 * @param universe the universe.
 * @param day index of the day to forecast (returns of days `< day` are used), integer in [1, T].
 * @param options half-life and IC.
 * @returns `mu`, fraction per day, one per asset.
 * @throws {RangeError} for a day out of range or a non-positive half-life.
 *
 * @example
 * ```ts
 * import { momentumForecast, syntheticUniverse } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const u = syntheticUniverse({ assets: 3, days: 50 });
 * const mu = momentumForecast(u, 50);
 * assert.equal(mu.length, 3);
 * assert.ok(mu.every((m, i) => Math.abs(m) < 0.05 * 5 * u.dailyVolatility[i]!));
 * ```
 */
export function momentumForecast(
  universe: AssetUniverse,
  day: number,
  options: MomentumForecastOptions = {},
): Float64Array {
  const action = "forecast momentum";
  assertObject(action, "universe", universe, "(an AssetUniverse)");
  assertObject(action, "options", options);
  const { halfLife = 20, informationCoefficient = 0.05 } = options;
  assertPositive(action, "halfLife", halfLife);
  assertFinite(action, "informationCoefficient", informationCoefficient);
  assertInteger(action, "day", day, 1);
  if (day > universe.days) {
    throw new RangeError(
      `Cannot ${action}: day must be <= universe.days (${universe.days}): current value is ${day}`,
    );
  }
  const out = new Float64Array(universe.symbols.length);
  momentumInto(universe, day, halfLife, informationCoefficient, out);
  out.forEach((m, i) =>
    assertFiniteResult(action, `the forecast of asset ${i}`, m, { informationCoefficient, halfLife })
  );
  return out;
}
