/**
 * `calibrateAlmgren2005`: the model of Almgren, Thum, Hauptmann & Li (2005) fitted on observed metaorders,
 * with robust standard errors and, optionally, the temporary exponent profiled. See `almgren_2005.ts` for
 * the model and where each of the paper's numbers comes from.
 *
 * @module
 */
import {
  assertFinite,
  assertFiniteResult,
  assertPositive,
  positivePerObservation,
} from "../core/validate.ts";
import { assertObservations, observationColumns } from "./_observations.ts";
import { Almgren2005Model } from "./almgren_2005.ts";
import { fitTwo, robustStandardErrors } from "./_two_regressor_fit.ts";
import { goldenSection } from "./_golden_section.ts";

/** Options of {@linkcode calibrateAlmgren2005}. */
export interface Almgren2005CalibrationOptions {
  /** Daily volatility `sigma`, fraction per day, > 0: one number or one per observation. */
  dailyVolatility: number | ArrayLike<number>;
  /** Average daily volume `V`, base units per day, > 0: one number or one per observation. */
  averageDailyVolume: number | ArrayLike<number>;
  /** Execution time `T` of each metaorder, days, > 0: one number or one per observation. */
  durationDays: number | ArrayLike<number>;
  /** Shares outstanding `Theta`, base units, > 0 (see {@linkcode Almgren2005Parameters}). Default: factor 1. */
  sharesOutstanding?: number;
  /**
   * What `impacts` measure: `"completion"` (default; price move from start to end of execution, `I + K`,
   * as the square-root calibration uses), `"realised"` (average fill against the pre-trade price,
   * `I/2 + K`, the paper's `J`) or `"permanent"` (post-trade move `I`; `eta` is then not identified and
   * fixed to 0).
   */
  target?: "completion" | "realised" | "permanent";
  /**
   * Temporary exponent: a number fixes it (default 0.6, the paper's); `"fit"` profiles the least-squares
   * error over beta in [0.05, 1.5] (grid of 0.01, then golden-section refinement).
   */
  beta?: number | "fit";
}

/** Result of {@linkcode calibrateAlmgren2005}: a plain, JSON-serialisable object. */
export interface Almgren2005Calibration {
  /** Fitted permanent coefficient, dimensionless, >= 0. */
  gamma: number;
  /** Fitted temporary coefficient, dimensionless, >= 0. */
  eta: number;
  /** Temporary exponent used (fixed or fitted). */
  beta: number;
  /** Whether `beta` was fitted. */
  betaFitted: boolean;
  /**
   * Whether the data fail to pin `beta` down (only with `beta: "fit"`): the least-squares profile is
   * flat over [0.05, 1.5] (relative range below 1e-9, e.g. when every order trades at the same rate
   * `X / (V T)`, so the temporary term is a constant) or its minimum is at an end of that interval. Report
   * the exponent as not identified rather than as the number returned.
   */
  betaUnidentified: boolean;
  /**
   * Heteroskedasticity-robust standard errors of `gamma` and `eta` (White 1980, "A heteroskedasticity-
   * consistent covariance matrix estimator", Econometrica 48(4), with the HC1 factor `n / (n - k)`), since
   * the market noise of an order grows with its duration; NaN for a coefficient held at 0. They assume
   * independent orders: overlapping orders make them too small.
   */
  gammaStandardError: number;
  etaStandardError: number;
  /** Whether the non-negativity constraint was active (a coefficient was held at 0). */
  constrained: boolean;
  /** R^2 of side-adjusted `impact / sigma` (uncentred: against 0, since the model has no intercept). */
  rSquared: number;
  /** Root mean squared error of the fitted impacts, fraction of price. */
  rmse: number;
  /** Observations used (every observation with a nonzero size; none is dropped for its sign). */
  n: number;
  /** Observations with zero size, left out. */
  dropped: number;
  target: "completion" | "realised" | "permanent";
  /** The fitted model (mean volatility and daily volume of the observations). */
  model: Almgren2005Model;
}

/**
 * Calibrates the Almgren et al. (2005) model on observed metaorders: least squares of the side-adjusted,
 * volatility-normalised impact on the model's two terms, with the exponents fixed (or `beta` profiled).
 *
 * With `s_i = sign(X_i)`, `x_i = |X_i| / V_i`, `r_i = x_i / T_i` and the target weights `(cI, cK)` =
 * (1, 1) for `"completion"`, (1/2, 1) for `"realised"`, (1, 0) for `"permanent"`:
 *
 * ```
 * s_i * impact_i / sigma_i = gamma * cI * x_i * (Theta / V_i)^(1/4) + eta * cK * r_i^beta + noise
 * ```
 *
 * is linear in `(gamma, eta)`, so it is solved in closed form (non-negative: if a coefficient comes out
 * negative it is held at 0 and `constrained` is set). Unlike the log-log square-root fit, every
 * observation with a nonzero size enters, including those whose price moved against the order, so no
 * selection bias comes from dropping them. The paper fits the same two equations by nonlinear regression
 * (with the exponents free, then fixed); its permanent equation uses the post-trade price, which candles
 * rarely give, hence the `target` option. Cost: O(n), or O(n * 160) with `beta: "fit"`.
 *
 * @param observations `{ sizes, impacts }` as for {@linkcode calibrateSquareRoot}: signed sizes (base
 *   units) and signed fractional impacts.
 * @param options volatility, daily volume, durations (days), shares outstanding, target and beta.
 * @returns the coefficients, their standard errors, the fit quality and the fitted model.
 * @throws {TypeError} if `sizes`, `impacts` or a per-observation option have different lengths.
 * @throws {RangeError} for a non-finite value, non-positive volatility, volume or duration, fewer than 3
 *   usable observations, or an option out of range.
 *
 * @example
 * ```ts
 * import { calibrateAlmgren2005 } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const sizes = [1e3, 5e3, -2e4, 4e4, 1e5], durationDays = [0.1, 0.2, 0.5, 0.25, 1];
 * const impacts = sizes.map((x, i) => Math.sign(x) * 0.02 * (0.3 * Math.abs(x) / 1e6 + 0.15 * Math.pow(Math.abs(x) / 1e6 / durationDays[i]!, 0.6)));
 * const fit = calibrateAlmgren2005({ sizes, impacts }, { dailyVolatility: 0.02, averageDailyVolume: 1e6, durationDays });
 * assert.ok(Math.abs(fit.gamma - 0.3) < 1e-9 && Math.abs(fit.eta - 0.15) < 1e-9);
 * ```
 */
export function calibrateAlmgren2005(
  observations: { sizes: ArrayLike<number>; impacts: ArrayLike<number> },
  options: Almgren2005CalibrationOptions,
): Almgren2005Calibration {
  const action = "calibrate the Almgren et al. 2005 model";
  assertObservations(action, observations);
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Cannot ${action}: options must be an object: current value is ${options}`);
  }
  const { target = "completion", beta = 0.6, sharesOutstanding } = options;
  const { sizes, impacts, sigmas, volumes } = observationColumns(
    action,
    observations,
    options.dailyVolatility,
    options.averageDailyVolume,
  );
  const n = sizes.length;
  const durations = positivePerObservation(action, "durationDays", options.durationDays, n);
  if (sharesOutstanding !== undefined) assertPositive(action, "sharesOutstanding", sharesOutstanding);
  if (target !== "completion" && target !== "realised" && target !== "permanent") {
    throw new RangeError(
      `Cannot ${action}: target must be "completion", "realised" or "permanent": current value is ${target}`,
    );
  }
  if (beta !== "fit") {
    assertFinite(action, "beta", beta);
    if (!(beta > 0 && beta <= 2)) {
      throw new RangeError(`Cannot ${action}: beta must be in (0, 2] or "fit": current value is ${beta}`);
    }
  }
  const cI = target === "realised" ? 0.5 : 1, cK = target === "permanent" ? 0 : 1;
  const used: number[] = [];
  for (let i = 0; i < n; i++) if (sizes[i] !== 0) used.push(i);
  const m = used.length;
  if (m < 3) {
    throw new RangeError(
      `Cannot ${action}: at least 3 observations with a nonzero size are needed: current count is ${m}`,
    );
  }
  const a = new Float64Array(m), y = new Float64Array(m), lnRate = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const i = used[k]!;
    const x = Math.abs(sizes[i]!) / volumes[i]!;
    const factor = sharesOutstanding === undefined ? 1 : Math.pow(sharesOutstanding / volumes[i]!, 0.25);
    a[k] = cI * x * factor;
    y[k] = (Math.sign(sizes[i]!) * impacts[i]!) / sigmas[i]!;
    lnRate[k] = Math.log(x / durations[i]!);
    const inputs = {
      [`sizes[${i}]`]: sizes[i],
      [`impacts[${i}]`]: impacts[i],
      [`dailyVolatility[${i}]`]: sigmas[i],
      [`averageDailyVolume[${i}]`]: volumes[i],
      [`durationDays[${i}]`]: durations[i],
    };
    assertFiniteResult(action, `observation ${i}'s participation x = |Q| / V`, a[k]!, inputs);
    assertFiniteResult(action, `observation ${i}'s impact over volatility`, y[k]!, inputs);
    assertFiniteResult(action, `observation ${i}'s trading rate ln(x / T)`, lnRate[k]!, inputs);
  }
  const bOf = (exponent: number): Float64Array | null => {
    if (cK === 0) return null;
    const b = new Float64Array(m);
    for (let k = 0; k < m; k++) b[k] = cK * Math.exp(exponent * lnRate[k]!);
    return b;
  };
  let betaUsed = typeof beta === "number" ? beta : 0.6;
  let betaUnidentified = false;
  if (beta === "fit" && cK !== 0) {
    const sse = (e: number) => fitTwo(a, bOf(e), y).sse;
    let best = 0.05, bestSse = Infinity, worstSse = -Infinity;
    const grid = Array.from({ length: 146 }, (_, k) => 0.05 + 0.01 * k);
    for (const e of grid) {
      const s = sse(e);
      if (s > worstSse) worstSse = s;
      if (s < bestSse) {
        bestSse = s;
        best = e;
      }
    }
    betaUnidentified = worstSse - bestSse <= 1e-9 * Math.max(bestSse, 1e-300) || best === grid[0] ||
      best === grid[grid.length - 1];
    const [lo, hi] = goldenSection(
      sse,
      Math.max(0.05, best - 0.01),
      Math.min(1.5, best + 0.01),
      (lo, hi, steps) => steps >= 60 || !(hi - lo > 1e-10),
      false,
    );
    betaUsed = (lo + hi) / 2;
  }
  const fit = fitTwo(a, bOf(betaUsed), y);
  const robust = robustStandardErrors(a, bOf(betaUsed), y, fit);
  // Fit quality in price units: residuals scaled back by each observation's sigma.
  let sse = 0, yy = 0;
  const b = bOf(betaUsed);
  for (let k = 0; k < m; k++) {
    const sigma = sigmas[used[k]!]!;
    const predicted = fit.gamma * a[k]! + (b ? fit.eta * b[k]! : 0);
    sse += ((y[k]! - predicted) * sigma) ** 2;
    yy += y[k]! * y[k]!;
  }
  const meanOf = (v: Float64Array) => v.reduce((s, x) => s + x / v.length, 0);
  const fitInputs = {
    "sizes / averageDailyVolume, largest": a.reduce((s, v) => Math.max(s, v), 0),
    "impacts / dailyVolatility, largest |.|": y.reduce((s, v) => Math.max(s, Math.abs(v)), 0),
    "durationDays, smallest": durations.reduce((s, v) => Math.min(s, v), Infinity),
  };
  for (
    const [name, value] of [["gamma", fit.gamma], ["eta", fit.eta], [
      "the residual sum of squares",
      sse,
    ]] as const
  ) {
    assertFiniteResult(action, `the fitted ${name}`, value, fitInputs);
  }
  assertFiniteResult(action, "the sum of squared impacts (for R^2)", yy, fitInputs);
  assertFiniteResult(action, "R^2's residual sum of squares", fit.sse, fitInputs);
  return {
    gamma: fit.gamma,
    eta: cK === 0 ? 0 : fit.eta,
    beta: betaUsed,
    betaFitted: beta === "fit" && cK !== 0,
    betaUnidentified,
    gammaStandardError: robust.gamma,
    etaStandardError: cK === 0 ? NaN : robust.eta,
    constrained: fit.constrained,
    rSquared: yy > 0 ? 1 - fit.sse / yy : 1,
    rmse: Math.sqrt(sse / m),
    n: m,
    dropped: n - m,
    target,
    model: new Almgren2005Model({
      gamma: fit.gamma,
      eta: cK === 0 ? 0 : fit.eta,
      beta: betaUsed,
      dailyVolatility: meanOf(sigmas),
      averageDailyVolume: meanOf(volumes),
      ...(sharesOutstanding !== undefined ? { sharesOutstanding } : {}),
    }),
  };
}
