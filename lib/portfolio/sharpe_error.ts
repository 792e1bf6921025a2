/**
 * The standard error of an annualised Sharpe ratio estimated from a finite sample of returns.
 *
 * @module
 */
import { assertFinite, assertInteger, assertPositive } from "../core/validate.ts";

/**
 * Standard error of an annualised Sharpe ratio estimated on `periods` i.i.d. returns (Lo 2002, "The
 * Statistics of Sharpe Ratios", Financial Analysts Journal 58(4), eq. 8, then annualised):
 *
 * ```
 * SR_p = SR / sqrt(periodsPerYear)            (per-period Sharpe ratio)
 * SE(SR) = sqrt(periodsPerYear * (1 + SR_p^2 / 2) / periods)
 * ```
 *
 * Dimensionless (units of the annualised Sharpe ratio). About `sqrt(years)^-1` for a small Sharpe ratio:
 * one year of daily returns gives a standard error near 1, four years near 0.5. Serial correlation and fat
 * tails make the true error larger; read it as a floor.
 *
 * @param sharpe the annualised Sharpe ratio, finite.
 * @param periods number of returns it was estimated on, integer >= 2.
 * @param periodsPerYear periods in a year, > 0. Default 365 (crypto trades every day).
 * @returns the standard error of the annualised Sharpe ratio.
 * @throws {RangeError} for a non-finite Sharpe ratio, fewer than 2 periods or `periodsPerYear <= 0`.
 *
 * @example
 * ```ts
 * import { sharpeStandardError } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * // Sharpe 0 over one year of daily returns: sqrt(365 / 365) = 1.
 * assert.equal(sharpeStandardError(0, 365), 1);
 * // Sharpe 2 over 730 days: SR_p^2 = 4 / 365, sqrt(365 * (1 + 2 / 365) / 730).
 * assert.ok(Math.abs(sharpeStandardError(2, 730) - Math.sqrt((365 + 2) / 730)) < 1e-15);
 * ```
 */
export function sharpeStandardError(sharpe: number, periods: number, periodsPerYear = 365): number {
  const action = "compute Sharpe standard error";
  assertFinite(action, "sharpe", sharpe);
  assertInteger(action, "periods", periods, 2);
  assertPositive(action, "periodsPerYear", periodsPerYear);
  const perPeriod = sharpe / Math.sqrt(periodsPerYear);
  return Math.sqrt(periodsPerYear * (1 + perPeriod * perPeriod / 2) / periods);
}
