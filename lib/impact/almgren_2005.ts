/**
 * The impact model of Almgren, Thum, Hauptmann & Li (2005): a linear permanent impact scaled by the
 * inverse turnover and a 3/5-power temporary impact of the trading rate, with the paper's coefficients.
 * Its calibration, on the observations {@linkcode calibrateSquareRoot} takes (so the two laws can be
 * compared on the same data), is `calibrate_almgren_2005.ts`.
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
} from "../core/validate.ts";

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
  dailyVolatility: number;
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
 * const m = new Almgren2005Model({ gamma: 0.314, eta: 0.142, dailyVolatility: 0.02, averageDailyVolume: 1e6, sharesOutstanding: 16e6 });
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
  readonly dailyVolatility: number;
  readonly averageDailyVolume: number;
  readonly sharesOutstanding: number | undefined;

  /**
   * @throws {RangeError} if `gamma` or `eta` is negative or non-finite, `dailyVolatility` or
   *   `averageDailyVolume` is not > 0, `beta` is outside (0, 2], or `sharesOutstanding` is given and not > 0.
   */
  constructor(parameters: Almgren2005Parameters) {
    const action = "create Almgren2005Model";
    assertObject(action, "parameters", parameters, "{ gamma, eta, dailyVolatility, averageDailyVolume }");
    const { gamma, eta, beta = 0.6, dailyVolatility, averageDailyVolume, sharesOutstanding } = parameters;
    assertNonNegative(action, "gamma", gamma);
    assertNonNegative(action, "eta", eta);
    assertPositive(action, "dailyVolatility", dailyVolatility);
    assertPositive(action, "averageDailyVolume", averageDailyVolume);
    assertFinite(action, "beta", beta);
    if (!(beta > 0 && beta <= 2)) {
      throw new RangeError(`Cannot ${action}: beta must be in (0, 2]: current value is ${beta}`);
    }
    if (sharesOutstanding !== undefined) assertPositive(action, "sharesOutstanding", sharesOutstanding);
    this.gamma = gamma;
    this.eta = eta;
    this.beta = beta;
    this.dailyVolatility = dailyVolatility;
    this.averageDailyVolume = averageDailyVolume;
    this.sharesOutstanding = sharesOutstanding;
  }

  /**
   * The model with the paper's coefficients (`gamma = 0.314`, `eta = 0.142`, `beta = 0.6`; see
   * {@linkcode ALMGREN_2005_COEFFICIENTS}) for a given market. US-equity numbers: a starting point, not a
   * calibration for crypto.
   * @param market `dailyVolatility` (fraction per day), `averageDailyVolume` (base units per day) and optionally
   *   `sharesOutstanding` (base units).
   * @returns the model.
   * @throws {RangeError} as the constructor.
   */
  static withPaperCoefficients(
    market: Pick<Almgren2005Parameters, "dailyVolatility" | "averageDailyVolume" | "sharesOutstanding">,
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
    const impact = this.gamma * this.dailyVolatility * (orderSize / this.averageDailyVolume) *
      this.turnoverFactor;
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
    const impact = Math.sign(orderSize) * this.eta * this.dailyVolatility * Math.pow(rate, this.beta);
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
      dailyVolatility: this.dailyVolatility,
      averageDailyVolume: this.averageDailyVolume,
      ...(this.sharesOutstanding !== undefined ? { sharesOutstanding: this.sharesOutstanding } : {}),
    };
  }
}
