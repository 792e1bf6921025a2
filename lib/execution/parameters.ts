/**
 * Almgren-Chriss parameters from market data: from a calibrated square-root law, or from the paper's
 * rules of thumb, with the units made explicit; and the risk aversion that gives a chosen half-life.
 *
 * @module
 */
import type { AlmgrenChrissParameters } from "./almgren_chriss.ts";
import { assertImpactLaw, type ImpactLaw, squareRootImpact } from "../core/impact_law.ts";
import { toModel } from "./_model.ts";
import { etaTildeOf } from "./_trajectory.ts";
import {
  assertEach,
  assertFinite,
  assertFiniteResult,
  assertNonNegative,
  assertObject,
  assertPositive,
} from "../core/validate.ts";

/** Market conditions of one instrument, in currency (e.g. USDT) and shares (e.g. BTC). */
export interface MarketConditions {
  /** Arrival mid price `S0`, currency per share (USDT per BTC), > 0. */
  price: number;
  /** Daily volatility as a fraction of the price per sqrt(day) (0.03 = 3 %/day), > 0; as `SquareRootModel.dailyVolatility`. */
  dailyVolatility: number;
  /** Full bid-ask spread, currency per share, >= 0. */
  spread: number;
  /** Average daily volume, shares per day, > 0. */
  averageDailyVolume: number;
  /** Fees as a fraction of the notional traded (0.0004 = 4 bps), >= 0. Default 0. */
  feeRate?: number;
}

/** Result of {@linkcode almgrenChrissFromSquareRoot} and {@linkcode almgrenChrissRulesOfThumb}: plain and JSON-serialisable. */
export interface AlmgrenChrissCalibration extends AlmgrenChrissParameters {
  /** How the impact coefficients were set. */
  method: "square-root" | "rules-of-thumb";
  /** The model's time unit in days (1 = day, 1/24 = hour); `eta` and `sigma` are per this unit. */
  timeUnitDays: number;
  /** The unit of each parameter, in words. */
  units: { gamma: string; eta: string; epsilon: string; sigma: string; lambda: string };
  /** For `"square-root"`: the order at which the linear model was matched to the law; else `null`. */
  reference: {
    /** Order size `Q` in shares. */
    orderSize: number;
    /** Execution horizon in days. */
    durationDays: number;
    /** Square-root impact cost per share at `Q`, currency per share: `price * sigma_d * Y * (Q / V)^delta`. */
    impactCostPerShare: number;
    /** Share of that cost assigned to permanent impact. */
    permanentFraction: number;
  } | null;
}

const UNITS = {
  gamma: "(currency/share)/share",
  eta: "(currency/share)/(share/time unit)",
  epsilon: "currency/share",
  sigma: "(currency/share)/sqrt(time unit)",
  lambda: "1/currency",
};

function validateMarket(action: string, market: MarketConditions): { fixed: number; sigmaDay: number } {
  if (market === null || typeof market !== "object") {
    throw new TypeError(
      `Cannot ${action}: market must be { price, dailyVolatility, spread, averageDailyVolume }: current value is ${market}`,
    );
  }
  const { price, dailyVolatility, spread, averageDailyVolume, feeRate = 0 } = market;
  assertPositive(action, "market.price", price);
  assertPositive(action, "market.dailyVolatility", dailyVolatility);
  assertNonNegative(action, "market.spread", spread);
  assertPositive(action, "market.averageDailyVolume", averageDailyVolume);
  assertNonNegative(action, "market.feeRate", feeRate);
  const fixed = spread / 2 + feeRate * price, sigmaDay = dailyVolatility * price;
  const inputs = { "market.price": price, "market.spread": spread, "market.feeRate": feeRate };
  assertFiniteResult(action, "epsilon = spread / 2 + feeRate * price", fixed, inputs);
  assertFiniteResult(action, "sigma = dailyVolatility * price", sigmaDay, {
    "market.price": price,
    "market.dailyVolatility": dailyVolatility,
  });
  return { fixed, sigmaDay };
}

/**
 * The result both conversions return: the impact coefficients as set by `method`, and the market's
 * `epsilon` (currency/share) and daily `sigma` (currency/share per sqrt(day)) rescaled to the time unit,
 * `sigma = sigmaDay * sqrt(timeUnitDays)`.
 */
function calibrationResult(
  method: AlmgrenChrissCalibration["method"],
  market: { fixed: number; sigmaDay: number },
  fit: Pick<AlmgrenChrissCalibration, "gamma" | "eta" | "lambda" | "timeUnitDays" | "reference">,
): AlmgrenChrissCalibration {
  const { gamma, eta, lambda, timeUnitDays, reference } = fit;
  return {
    gamma,
    eta,
    epsilon: market.fixed,
    sigma: market.sigmaDay * Math.sqrt(timeUnitDays),
    lambda,
    method,
    timeUnitDays,
    units: UNITS,
    reference,
  };
}

/** Options of {@linkcode almgrenChrissFromSquareRoot}. */
export interface SquareRootConversionOptions {
  /** Market conditions now (volatility and volume may differ from those of the calibration sample). */
  market: MarketConditions;
  /** The order to execute, `Q` in shares, > 0 (sign ignored): the size at which the linear model is matched. */
  orderSize: number;
  /** Execution horizon `T` in days, > 0, at which the linear model is matched. */
  durationDays: number;
  /**
   * Share `phi` of the square-root cost assigned to permanent impact, in [0, 1). Default 1/2: under
   * "fair pricing" (Farmer, Gerig, Lillo & Waelbroeck 2013) the permanent shift `gamma Q` equals the
   * average cost per share, and the linear model charges half the permanent shift, `gamma Q / 2`.
   */
  permanentFraction?: number;
  /**
   * Share of the law's peak impact `I(Q)` that the order pays on average, in (0, 1]. Default `1 / (1 + delta)`:
   * the law is calibrated on the price move at completion, and while the order trades at a constant rate its
   * impact builds up as `(t/T)^delta`, so the average fill pays `I(Q) / (1 + delta)` (2/3 for the square-root
   * law; Farmer, Gerig, Lillo & Waelbroeck 2013). Pass 1 to match the peak instead.
   */
  paidFraction?: number;
  /** Time unit of the returned `eta` and `sigma`, in days, > 0. Default 1 (per day); 1/24 per hour. */
  timeUnitDays?: number;
  /** Risk aversion to store in the result, per unit of currency. Default 0. */
  lambda?: number;
}

/**
 * Almgren-Chriss parameters that reproduce a calibrated square-root law at the order you plan to trade.
 *
 * The square-root law (Tóth et al. 2011; lib/impact) moves the price by `I = sigma_d Y (Q / V)^delta` by the
 * time a metaorder of `Q` shares completes, whatever its duration, and the order pays on average a share
 * `p` of that (`paidFraction`, default `1 / (1 + delta)`): `c = p S sigma_d Y (Q / V)^delta` per share (`S`
 * price, `sigma_d` daily volatility as a fraction, `Y` and `delta` the law's `eta` and `delta`, `V` daily
 * volume). The linear model
 * charges a constant-rate execution over `T` days `gamma Q / 2 + eta Q / T` per share (continuous limit
 * of Almgren & Chriss 2000, Section 1.5). Matching the two at `(Q, T)` with a share `phi` permanent:
 *
 * ```
 * gamma = 2 phi c / Q                        (currency/share)/share
 * eta   = (1 - phi) c T / Q   (per day)      (currency/share)/(share/day), then / timeUnitDays
 * epsilon = spread / 2 + feeRate * S         currency/share
 * sigma = sigma_d * S         (per day^1/2)  then * sqrt(timeUnitDays)
 * ```
 *
 * The match holds for that order and horizon only, and exactly in the continuous limit: with `N` trades the
 * discrete linear strategy costs `gamma Q^2 / (2N)` less (Almgren & Chriss's `etaTilde = eta - gamma tau / 2`).
 * A concave law cannot be linear everywhere, and
 * `eta` grows with `T` because the square-root cost does not fall when the same order is spread out.
 * Recompute when the order or horizon changes.
 *
 * @param law the calibrated law's `eta` (`Y`, dimensionless) and `delta`: a `SquareRootModel` or the
 *   result of `calibrateSquareRoot`.
 * @param options market conditions, the reference order and horizon, and unit choices.
 * @returns parameters for `new AlmgrenChriss(...)` with their units and the reference point.
 * @throws {TypeError} for a null law, market or options, or a number of another type.
 * @throws {RangeError} for a non-finite or out-of-range input, naming it and its value, or matched
 *   coefficients that overflow or underflow to 0.
 *
 * @example
 * ```ts
 * import { AlmgrenChriss } from "@lib/mod.ts";
 * import { almgrenChrissFromSquareRoot } from "@lib/execution/mod.ts";
 * import assert from "node:assert/strict";
 * const market = { price: 60_000, dailyVolatility: 0.03, spread: 0.1, averageDailyVolume: 10_000 };
 * const params = almgrenChrissFromSquareRoot({ eta: 0.8, delta: 0.5 },
 *   { market, orderSize: 100, durationDays: 1 });
 * // peak impact 60,000 * 0.03 * 0.8 * sqrt(100 / 10,000) = 144 USDT/BTC; paid on average 144 / 1.5 = 96
 * // USDT/BTC, so the linear strategy costs c Q + epsilon Q = 9,600 + 5 USDT
 * const model = new AlmgrenChriss(params);
 * const cost = model.expectedCost(model.linearTrajectory(100, 1440), 1 / 1440);
 * assert.ok(Math.abs(cost - (96 * 100 + 0.05 * 100)) < 0.01 * 96 * 100);
 * ```
 */
export function almgrenChrissFromSquareRoot(
  law: ImpactLaw,
  options: SquareRootConversionOptions,
): AlmgrenChrissCalibration {
  const action = "convert square-root law to Almgren-Chriss parameters";
  assertImpactLaw(action, law, "law");
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `Cannot ${action}: options must be { market, orderSize, durationDays }: current value is ${options}`,
    );
  }
  const {
    market,
    orderSize,
    durationDays,
    permanentFraction = 0.5,
    paidFraction = 1 / (1 + law.delta),
    timeUnitDays = 1,
    lambda = 0,
  } = options;
  const { fixed, sigmaDay } = validateMarket(action, market);
  assertFinite(action, "orderSize", orderSize);
  const size = Math.abs(orderSize);
  assertPositive(action, "|orderSize|", size);
  assertEach(action, "positive", { durationDays, timeUnitDays });
  assertEach(action, "finite", { lambda, permanentFraction, paidFraction });
  if (!(permanentFraction >= 0 && permanentFraction < 1)) {
    throw new RangeError(
      `Cannot ${action}: permanentFraction must be in [0, 1): current value is ${permanentFraction}`,
    );
  }
  if (!(paidFraction > 0 && paidFraction <= 1)) {
    throw new RangeError(
      `Cannot ${action}: paidFraction must be in (0, 1]: current value is ${paidFraction}`,
    );
  }
  // The law in quote currency per share: its volatility is the paid share of the daily volatility in
  // quote units (paidFraction * price * sigma), so the product keeps the order it always had.
  const paidVolatilityQuote = paidFraction * market.price * market.dailyVolatility;
  const impactCostPerShare = squareRootImpact(law, paidVolatilityQuote, size / market.averageDailyVolume);
  const etaPerDay = ((1 - permanentFraction) * impactCostPerShare * durationDays) / size;
  const gamma = (2 * permanentFraction * impactCostPerShare) / size, eta = etaPerDay / timeUnitDays;
  const inputs = {
    orderSize,
    "market.averageDailyVolume": market.averageDailyVolume,
    "market.price": market.price,
    "market.dailyVolatility": market.dailyVolatility,
    durationDays,
    timeUnitDays,
  };
  assertFiniteResult(action, "eta", eta, inputs);
  assertFiniteResult(action, "gamma", gamma, inputs);
  if (!(eta > 0) || (permanentFraction > 0 && !(gamma > 0))) {
    // The impact cost underflowed (a tiny orderSize / averageDailyVolume raised to delta): a linear model without
    // temporary impact has no optimal trajectory (Almgren-Chriss need eta > 0).
    throw new RangeError(
      `Cannot ${action}: the matched ${
        !(eta > 0) ? "eta" : "gamma"
      } underflows to 0 with orderSize = ${orderSize}, ` +
        `market.averageDailyVolume = ${market.averageDailyVolume}, market.price = ${market.price}, durationDays = ${durationDays} ` +
        `(impact cost per share ${impactCostPerShare}; rescale the units): current value is ${
          !(eta > 0) ? eta : gamma
        }`,
    );
  }
  return calibrationResult("square-root", { fixed, sigmaDay }, {
    gamma,
    eta,
    lambda,
    timeUnitDays,
    reference: { orderSize: size, durationDays, impactCostPerShare, permanentFraction },
  });
}

/** Options of {@linkcode almgrenChrissRulesOfThumb}. */
export interface RulesOfThumbOptions {
  /** Trading at this fraction of daily volume per day costs one spread in temporary impact. Default 0.01. */
  temporaryParticipation?: number;
  /** Selling this fraction of daily volume moves the price permanently by one spread. Default 0.1. */
  permanentParticipation?: number;
  /** Time unit of the returned `eta` and `sigma`, in days, > 0. Default 1. */
  timeUnitDays?: number;
  /** Risk aversion to store in the result, per unit of currency. Default 0. */
  lambda?: number;
}

/**
 * Almgren-Chriss parameters from the rules of thumb of the paper's numerical example (Almgren & Chriss
 * 2000, "choice of parameters"):
 *
 * - `epsilon` = half the bid-ask spread (plus fees, an addition to the paper);
 * - `eta`: trading at 1 % of daily volume per day costs one spread per share,
 *   `eta = spread / (0.01 V)` per day;
 * - `gamma`: selling 10 % of daily volume depresses the price by one spread, `gamma = spread / (0.1 V)`;
 * - `sigma` = daily volatility times price.
 *
 * With the paper's stock (price 50 $, 30 % annual volatility -> 0.019/day, spread 1/8 $, 5 million
 * shares a day) this gives its `epsilon = 0.0625`, `eta = 2.5e-6`, `gamma = 2.5e-7`, `sigma = 0.95`.
 *
 * @param market price, daily volatility, spread, daily volume and fees.
 * @param options the two participation levels, the time unit and `lambda`.
 * @returns parameters for `new AlmgrenChriss(...)` with their units.
 * @throws {RangeError} for a non-finite or out-of-range input, naming it and its value.
 *
 * @example
 * ```ts
 * import { almgrenChrissRulesOfThumb } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const p = almgrenChrissRulesOfThumb({ price: 50, dailyVolatility: 0.019, spread: 0.125, averageDailyVolume: 5e6 });
 * assert.equal(p.epsilon, 0.0625);
 * assert.ok(Math.abs(p.eta - 2.5e-6) < 1e-20 && Math.abs(p.gamma - 2.5e-7) < 1e-21);
 * assert.ok(Math.abs(p.sigma - 0.95) < 1e-15);
 * ```
 */
export function almgrenChrissRulesOfThumb(
  market: MarketConditions,
  options: RulesOfThumbOptions = {},
): AlmgrenChrissCalibration {
  const action = "set Almgren-Chriss parameters by rules of thumb";
  const { fixed, sigmaDay } = validateMarket(action, market);
  assertObject(action, "options", options);
  const { temporaryParticipation = 0.01, permanentParticipation = 0.1, timeUnitDays = 1, lambda = 0 } =
    options;
  assertEach(action, "positive", { temporaryParticipation, permanentParticipation, timeUnitDays });
  assertFinite(action, "lambda", lambda);
  if (!(market.spread > 0)) {
    throw new RangeError(
      `Cannot ${action}: market.spread must be > 0 (the rules price impact in spreads): current value is ${market.spread}`,
    );
  }
  const gamma = market.spread / (permanentParticipation * market.averageDailyVolume);
  const eta = market.spread / (temporaryParticipation * market.averageDailyVolume) / timeUnitDays;
  const inputs = {
    "market.spread": market.spread,
    "market.averageDailyVolume": market.averageDailyVolume,
    temporaryParticipation,
    permanentParticipation,
    timeUnitDays,
  };
  assertFiniteResult(action, "gamma", gamma, inputs);
  assertFiniteResult(action, "eta", eta, inputs);
  return calibrationResult("rules-of-thumb", { fixed, sigmaDay }, {
    gamma,
    eta,
    lambda,
    timeUnitDays,
    reference: null,
  });
}

/**
 * The risk aversion whose optimal trajectory has half-life `theta` (`kappa = 1 / theta`), inverting
 * `cosh(kappa tau) = 1 + lambda sigma^2 tau^2 / (2 etaTilde)` (Almgren & Chriss 2000, Sections 2.2-2.3):
 *
 * ```
 * lambda = 4 etaTilde sinh^2(tau / (2 theta)) / (sigma^2 tau^2)
 * ```
 *
 * A way to pick `lambda` in intuitive terms ("sell most of it within about an hour").
 *
 * @param model the model (its `lambda` is ignored).
 * @param options `halfLife` (`theta`, time units, > 0) and `tau` (period length, time units, > 0).
 * @returns `lambda` per unit of currency, >= 0.
 * @throws {RangeError} for invalid parameters, `sigma = 0` (no `lambda` changes the trajectory),
 *   `halfLife <= 0`, `tau <= 0` or `etaTilde <= 0`.
 *
 * @example
 * ```ts
 * import { AlmgrenChriss, lambdaForHalfLife } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const paper = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 0 };
 * const lambda = lambdaForHalfLife(paper, { halfLife: 2, tau: 1 });
 * assert.ok(Math.abs(new AlmgrenChriss({ ...paper, lambda }).halfLife(1) - 2) < 1e-12);
 * ```
 */
export function lambdaForHalfLife(
  model: AlmgrenChrissParameters,
  options: { halfLife: number; tau: number },
): number {
  const action = "compute lambda for a half-life";
  const m = toModel(action, model);
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Cannot ${action}: options must be { halfLife, tau }: current value is ${options}`);
  }
  const { halfLife, tau } = options;
  assertEach(action, "positive", { halfLife, sigma: m.sigma });
  const etaTilde = etaTildeOf(action, m, tau);
  const s = Math.sinh(tau / (2 * halfLife));
  const lambda = (4 * etaTilde * s * s) / (m.sigma * m.sigma * tau * tau);
  if (!Number.isFinite(lambda)) {
    throw new RangeError(
      `Cannot ${action}: halfLife is so short relative to tau that lambda overflows: current value is ${halfLife}`,
    );
  }
  return lambda;
}
