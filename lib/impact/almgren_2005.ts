/**
 * The impact model of Almgren, Thum, Hauptmann & Li (2005): a linear permanent impact scaled by the
 * inverse turnover and a 3/5-power temporary impact of the trading rate, with the paper's coefficients
 * and a calibration on the observations {@linkcode calibrateSquareRoot} takes, so the two laws can be
 * compared on the same data.
 *
 * Source: R. Almgren, C. Thum, E. Hauptmann, H. Li (2005), "Direct estimation of equity market impact",
 * Risk 18(7), 57-62 (preprint of May 10, 2005). Model, with a metaorder of `X` shares traded at a constant
 * rate over `T` days, daily volatility `sigma`, average daily volume `V` and shares outstanding `Theta`:
 *
 * ```
 * permanent  I = gamma * sigma * (X / V) * (Theta / V)^(1/4)
 * temporary  K = eta * sigma * |X / (V T)|^(3/5)          (sign of X)
 * realised   J = I / 2 + K                                 (average fill against the pre-trade price)
 * ```
 *
 * Provenance of each number (what was and was not verified):
 * - The form of `I`, `K` and `J`, the 3/5 exponent and the rejection of the square root for temporary
 *   impact: the paper's abstract ("We reject the common square-root model for temporary impact as
 *   function of trade rate, in favor of a 3/5 power law"), read in the abstract pages indexed by the
 *   project's search tool (osti.gov record 1195399; fdocuments.net transcript). The body of the paper
 *   (its equations and Table 3) was NOT available to us, so equation and table numbers are not cited.
 * - `gamma = 0.314 +- 0.041`, `eta = 0.142 +- 0.0062`, `beta = 0.600 +- 0.038`, the free permanent
 *   exponent `alpha = 0.891 +- 0.10` (fixed to 1 in the model) and the inverse-turnover exponent
 *   `0.267 +- 0.22` (fixed to 1/4): taken from an independent implementation that quotes the paper's
 *   estimates with their one-sigma errors, lakshmiDRIP/DROP (Apache-2.0),
 *   `src/main/java/org/drip/execution/athl/CalibrationEmpirics.java`; they agree with the values the
 *   issue quotes (gamma about 0.314, eta about 0.142, exponent 0.6). Not checked against the paper's table.
 * - Units: `sigma` daily volatility (fraction per day), `V` average daily volume (shares per day), `T` in
 *   days (DROP's `TransactionRealization` documents "Transaction Completion Time in Days" and the daily
 *   volatility). In the paper a day is one US equity session (6.5 hours); on a market open around the
 *   clock, a day is 24 hours and `V`, `sigma` must be per 24 hours too.
 * - The coefficients were fitted on Citigroup US equity orders (2001-2003, a few thousand stocks' worth of
 *   large orders); nothing says they transfer to crypto. `Theta` (shares outstanding) has no exact crypto
 *   counterpart: pass circulating supply if you accept that analogy, or leave it out and let `gamma`
 *   absorb the factor (then the paper's 0.314 is not comparable).
 *
 * @module
 */
import {
  assertFinite,
  assertFiniteResult,
  assertNonNegative,
  assertObject,
  assertPositive,
  positivePerObservation,
} from "../core/validate.ts";
import { assertObservations, observationColumns } from "./_observations.ts";

/**
 * The paper's estimates with their one-sigma standard errors (see the module documentation for where each
 * number comes from). Dimensionless.
 */
export const ALMGREN_2005_COEFFICIENTS: Readonly<{
  gamma: number;
  gammaStandardError: number;
  eta: number;
  etaStandardError: number;
  beta: number;
  betaStandardError: number;
  permanentExponent: number;
  permanentExponentStandardError: number;
  turnoverExponent: number;
  turnoverExponentStandardError: number;
}> = Object.freeze({
  gamma: 0.314,
  gammaStandardError: 0.041,
  eta: 0.142,
  etaStandardError: 0.0062,
  beta: 0.6,
  betaStandardError: 0.038,
  permanentExponent: 0.891,
  permanentExponentStandardError: 0.10,
  turnoverExponent: 0.267,
  turnoverExponentStandardError: 0.22,
});

/** Parameters of {@linkcode Almgren2005Model}. */
export interface Almgren2005Parameters {
  /** Permanent-impact coefficient `gamma`, dimensionless, >= 0. Paper: 0.314. */
  gamma: number;
  /** Temporary-impact coefficient `eta`, dimensionless, >= 0. Paper: 0.142. */
  eta: number;
  /** Temporary-impact exponent `beta`, dimensionless, in (0, 2]. Paper: 0.6. Default 0.6. */
  beta?: number;
  /** Daily volatility `sigma`, fraction per day, > 0. */
  volatility: number;
  /** Average daily volume `V`, base units (shares) per day, > 0. */
  averageDailyVolume: number;
  /**
   * Shares outstanding `Theta`, base units, > 0; the permanent term is multiplied by `(Theta/V)^(1/4)`.
   * Omitted: the factor is 1 (gamma then absorbs it and is not comparable with the paper's 0.314).
   */
  sharesOutstanding?: number;
}

/**
 * The Almgren et al. (2005) impact model for a metaorder traded at a constant rate.
 *
 * `I = gamma sigma (X/V) (Theta/V)^(1/4)` (permanent), `K = eta sigma sign(X) |X/(V T)|^beta`
 * (temporary), realised `J = I/2 + K`; all fractions of the pre-trade price (0.001 = 10 bps). See the
 * module documentation for the sources and units.
 *
 * A plain, JSON-serialisable value: `JSON.stringify(model)` gives its parameters.
 *
 * @example
 * ```ts
 * import { Almgren2005Model } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * // Paper coefficients; 10 % of a day's volume over half a day, sigma 2 %/day, Theta/V = 16 (factor 2)
 * const m = new Almgren2005Model({ gamma: 0.314, eta: 0.142, volatility: 0.02, averageDailyVolume: 1e6, sharesOutstanding: 16e6 });
 * const I = 0.314 * 0.02 * 0.1 * 2;                 // 12.56 bps
 * const K = 0.142 * 0.02 * Math.pow(0.1 / 0.5, 0.6); // 10.3 bps
 * assert.ok(Math.abs(m.permanentImpact(1e5) - I) < 1e-15);
 * assert.ok(Math.abs(m.temporaryImpact(1e5, 0.5) - K) < 1e-15);
 * assert.ok(Math.abs(m.realisedImpact(-1e5, 0.5) + (I / 2 + K)) < 1e-15);
 * ```
 */
export class Almgren2005Model {
  readonly gamma: number;
  readonly eta: number;
  readonly beta: number;
  readonly volatility: number;
  readonly averageDailyVolume: number;
  readonly sharesOutstanding: number | undefined;

  /**
   * @throws {RangeError} if `gamma` or `eta` is negative or non-finite, `volatility` or
   *   `averageDailyVolume` is not > 0, `beta` is outside (0, 2], or `sharesOutstanding` is given and not > 0.
   */
  constructor(parameters: Almgren2005Parameters) {
    const action = "create Almgren2005Model";
    assertObject(action, "parameters", parameters, "{ gamma, eta, volatility, averageDailyVolume }");
    const { gamma, eta, beta = 0.6, volatility, averageDailyVolume, sharesOutstanding } = parameters;
    assertNonNegative(action, "gamma", gamma);
    assertNonNegative(action, "eta", eta);
    assertPositive(action, "volatility", volatility);
    assertPositive(action, "averageDailyVolume", averageDailyVolume);
    assertFinite(action, "beta", beta);
    if (!(beta > 0 && beta <= 2)) {
      throw new RangeError(`Cannot ${action}: beta must be in (0, 2]: current value is ${beta}`);
    }
    if (sharesOutstanding !== undefined) assertPositive(action, "sharesOutstanding", sharesOutstanding);
    this.gamma = gamma;
    this.eta = eta;
    this.beta = beta;
    this.volatility = volatility;
    this.averageDailyVolume = averageDailyVolume;
    this.sharesOutstanding = sharesOutstanding;
  }

  /**
   * The model with the paper's coefficients (`gamma = 0.314`, `eta = 0.142`, `beta = 0.6`; see
   * {@linkcode ALMGREN_2005_COEFFICIENTS}) for a given market. US-equity numbers: a starting point, not a
   * calibration for crypto.
   * @param market `volatility` (fraction per day), `averageDailyVolume` (base units per day) and optionally
   *   `sharesOutstanding` (base units).
   * @returns the model.
   * @throws {RangeError} as the constructor.
   */
  static withPaperCoefficients(
    market: Pick<Almgren2005Parameters, "volatility" | "averageDailyVolume" | "sharesOutstanding">,
  ): Almgren2005Model {
    const { gamma, eta, beta } = ALMGREN_2005_COEFFICIENTS;
    return new Almgren2005Model({ ...market, gamma, eta, beta });
  }

  /** The inverse-turnover factor `(Theta / V)^(1/4)`, dimensionless (1 without `sharesOutstanding`). */
  get turnoverFactor(): number {
    return this.sharesOutstanding === undefined
      ? 1
      : Math.pow(this.sharesOutstanding / this.averageDailyVolume, 0.25);
  }

  /**
   * Permanent impact `I = gamma sigma (X/V) (Theta/V)^(1/4)`: the lasting move of the price once the
   * temporary impact has decayed.
   * @param orderSize signed size `X`, base units (positive buys).
   * @returns signed fraction of the pre-trade price.
   * @throws {RangeError} if `orderSize` is not finite.
   */
  permanentImpact(orderSize: number): number {
    const action = "compute permanent impact";
    assertFinite(action, "orderSize", orderSize);
    const impact = this.gamma * this.volatility * (orderSize / this.averageDailyVolume) * this.turnoverFactor;
    assertFiniteResult(action, "the permanent impact", impact, { orderSize, gamma: this.gamma });
    return impact;
  }

  /**
   * Temporary impact `K = eta sigma sign(X) |X / (V T)|^beta` of trading `X` at a constant rate over `T` days.
   * @param orderSize signed size `X`, base units.
   * @param durationDays execution time `T`, days (> 0).
   * @returns signed fraction of the pre-trade price; 0 for `X = 0`.
   * @throws {RangeError} if `orderSize` is not finite or `durationDays` is not > 0.
   */
  temporaryImpact(orderSize: number, durationDays: number): number {
    const action = "compute temporary impact";
    assertFinite(action, "orderSize", orderSize);
    assertPositive(action, "durationDays", durationDays);
    if (orderSize === 0) return 0;
    const rate = Math.abs(orderSize) / (this.averageDailyVolume * durationDays);
    const impact = Math.sign(orderSize) * this.eta * this.volatility * Math.pow(rate, this.beta);
    assertFiniteResult(action, "the temporary impact", impact, { orderSize, durationDays, eta: this.eta });
    return impact;
  }

  /**
   * Realised impact `J = I/2 + K`: the average fill price against the pre-trade price, as a fraction.
   * @param orderSize signed size `X`, base units.
   * @param durationDays execution time `T`, days (> 0).
   * @returns signed fraction (positive = paid above the pre-trade price for a buy).
   * @throws {RangeError} as {@linkcode Almgren2005Model.temporaryImpact}.
   */
  realisedImpact(orderSize: number, durationDays: number): number {
    return this.permanentImpact(orderSize) / 2 + this.temporaryImpact(orderSize, durationDays);
  }

  /**
   * The price move from the start to the end of execution, `I + K` (the whole permanent impact has
   * accrued, the temporary one still acts on the last fill): the quantity the project's square-root law is
   * calibrated on ("impact at completion").
   * @param orderSize signed size `X`, base units.
   * @param durationDays execution time `T`, days (> 0).
   * @returns signed fraction of the pre-trade price.
   * @throws {RangeError} as {@linkcode Almgren2005Model.temporaryImpact}.
   */
  completionImpact(orderSize: number, durationDays: number): number {
    return this.permanentImpact(orderSize) + this.temporaryImpact(orderSize, durationDays);
  }

  /**
   * Expected impact cost in quote currency, `|J| * midPrice * |X|` (the realised impact paid on every unit).
   * @param orderSize signed size `X`, base units.
   * @param durationDays execution time `T`, days (> 0).
   * @param midPrice pre-trade mid price, quote per base unit, > 0 (in the options object).
   * @returns cost in quote currency, >= 0.
   * @throws {RangeError} for a non-finite size, non-positive duration or price.
   */
  cost(orderSize: number, durationDays: number, options: { midPrice: number }): number {
    const action = "compute impact cost";
    assertObject(action, "options", options, "{ midPrice }");
    const { midPrice } = options;
    assertPositive(action, "midPrice", midPrice);
    const cost = Math.abs(this.realisedImpact(orderSize, durationDays)) * midPrice * Math.abs(orderSize);
    assertFiniteResult(action, "the cost |impact| * midPrice * |orderSize|", cost, {
      orderSize,
      durationDays,
      midPrice,
    });
    return cost;
  }

  /** The parameters as a plain object. */
  toJSON(): Almgren2005Parameters {
    return {
      gamma: this.gamma,
      eta: this.eta,
      beta: this.beta,
      volatility: this.volatility,
      averageDailyVolume: this.averageDailyVolume,
      ...(this.sharesOutstanding !== undefined ? { sharesOutstanding: this.sharesOutstanding } : {}),
    };
  }
}

/** Options of {@linkcode calibrateAlmgren2005}. */
export interface Almgren2005CalibrationOptions {
  /** Daily volatility `sigma`, fraction per day, > 0: one number or one per observation. */
  volatility: number | ArrayLike<number>;
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

interface TwoFit {
  gamma: number;
  eta: number;
  sse: number;
  constrained: boolean;
}

/** Non-negative least squares of y on two regressors without intercept (closed form, 2 x 2). */
function fitTwo(a: Float64Array, b: Float64Array | null, y: Float64Array): TwoFit {
  const n = y.length;
  let saa = 0, sbb = 0, sab = 0, say = 0, sby = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const ai = a[i]!, bi = b ? b[i]! : 0, yi = y[i]!;
    saa += ai * ai;
    sbb += bi * bi;
    sab += ai * bi;
    say += ai * yi;
    sby += bi * yi;
    syy += yi * yi;
  }
  const sseOf = (g: number, e: number) =>
    syy - 2 * g * say - 2 * e * sby + g * g * saa + 2 * g * e * sab + e * e * sbb;
  const det = saa * sbb - sab * sab;
  if (b !== null && det > 1e-12 * saa * sbb) {
    const g = (say * sbb - sby * sab) / det, e = (sby * saa - say * sab) / det;
    if (g >= 0 && e >= 0) {
      return { gamma: g, eta: e, sse: Math.max(sseOf(g, e), 0), constrained: false };
    }
  }
  // One coefficient at 0: the better of the two one-regressor fits (each clamped at >= 0).
  const gOnly = saa > 0 ? Math.max(say / saa, 0) : 0;
  const eOnly = b !== null && sbb > 0 ? Math.max(sby / sbb, 0) : 0;
  const sseG = sseOf(gOnly, 0), sseE = b !== null ? sseOf(0, eOnly) : Infinity;
  if (sseG <= sseE) {
    return {
      gamma: gOnly,
      eta: 0,
      sse: Math.max(sseG, 0),
      constrained: b !== null,
    };
  }
  return {
    gamma: 0,
    eta: eOnly,
    sse: Math.max(sseE, 0),
    constrained: true,
  };
}

/** HC1 sandwich standard errors of the (possibly constrained) two-regressor fit. */
function robustStandardErrors(
  a: Float64Array,
  b: Float64Array | null,
  y: Float64Array,
  fit: TwoFit,
): { gamma: number; eta: number } {
  const n = y.length;
  const useA = fit.gamma > 0 || !fit.constrained, useB = b !== null && (fit.eta > 0 || !fit.constrained);
  let saa = 0, sbb = 0, sab = 0, maa = 0, mbb = 0, mab = 0;
  for (let i = 0; i < n; i++) {
    const ai = useA ? a[i]! : 0, bi = useB ? b![i]! : 0;
    const e = y[i]! - fit.gamma * a[i]! - (b !== null ? fit.eta * b[i]! : 0);
    saa += ai * ai;
    sbb += bi * bi;
    sab += ai * bi;
    maa += e * e * ai * ai;
    mbb += e * e * bi * bi;
    mab += e * e * ai * bi;
  }
  const k = (useA ? 1 : 0) + (useB ? 1 : 0);
  const scale = n / Math.max(n - k, 1);
  if (useA && useB) {
    const det = saa * sbb - sab * sab;
    // inv(X'X) = [sbb, -sab; -sab, saa] / det; V = inv * M * inv.
    const i11 = sbb / det, i12 = -sab / det, i22 = saa / det;
    const v11 = i11 * (i11 * maa + i12 * mab) + i12 * (i11 * mab + i12 * mbb);
    const v22 = i12 * (i12 * maa + i22 * mab) + i22 * (i12 * mab + i22 * mbb);
    return { gamma: Math.sqrt(scale * v11), eta: Math.sqrt(scale * v22) };
  }
  return {
    gamma: useA ? Math.sqrt((scale * maa) / (saa * saa)) : NaN,
    eta: useB ? Math.sqrt((scale * mbb) / (sbb * sbb)) : NaN,
  };
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
 * const fit = calibrateAlmgren2005({ sizes, impacts }, { volatility: 0.02, averageDailyVolume: 1e6, durationDays });
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
    options.volatility,
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
      [`volatility[${i}]`]: sigmas[i],
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
    let lo = Math.max(0.05, best - 0.01), hi = Math.min(1.5, best + 0.01);
    const phi = (Math.sqrt(5) - 1) / 2;
    let c = hi - phi * (hi - lo), d = lo + phi * (hi - lo), fc = sse(c), fd = sse(d);
    for (let it = 0; it < 60 && hi - lo > 1e-10; it++) {
      if (fc < fd) {
        hi = d;
        d = c;
        fd = fc;
        c = hi - phi * (hi - lo);
        fc = sse(c);
      } else {
        lo = c;
        c = d;
        fc = fd;
        d = lo + phi * (hi - lo);
        fd = sse(d);
      }
    }
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
    "impacts / volatility, largest |.|": y.reduce((s, v) => Math.max(s, Math.abs(v)), 0),
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
      volatility: meanOf(sigmas),
      averageDailyVolume: meanOf(volumes),
      ...(sharesOutstanding !== undefined ? { sharesOutstanding } : {}),
    }),
  };
}
