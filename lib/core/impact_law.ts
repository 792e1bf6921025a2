/**
 * The square-root impact law in one place: its parameters, their validation and the formula
 * `I = sigma * eta * q^delta`, which every part of the library (the law, the simulators, TCA, the
 * predictors, the execution parameters and the figures) evaluates through {@linkcode squareRootImpact}.
 *
 * References: Tóth, Lempérière, Deremble, de Lataillade, Kockelkoren & Bouchaud (2011), "Anomalous
 * price impact and the critical nature of liquidity in financial markets", Phys. Rev. X 1, eq. 1;
 * Bouchaud, Bonart, Donier & Gould (2018), "Trades, Quotes and Prices", ch. 12.
 *
 * @module
 */
import { assertNumber, assertObject, assertPositive } from "./validate.ts";

/**
 * The shape of a square-root law: prefactor `eta` and exponent `delta`. A calibration result, a
 * `SquareRootModel` and a plain `{ eta, delta }` all fit.
 */
export interface ImpactLaw {
  /** Prefactor `eta` (Tóth et al.'s `Y`), dimensionless, > 0. Empirically 0.5 to 1. */
  readonly eta: number;
  /** Exponent `delta`, dimensionless, in (0, 2]. Empirically about 0.5. */
  readonly delta: number;
}

/**
 * Whether `delta` is a valid exponent of the law, in (0, 2]: an impact that grows with size, no faster
 * than quadratically. The one statement of the domain, shared by {@linkcode assertImpactLaw} and the
 * check of a fitted exponent.
 *
 * @param delta the exponent.
 * @returns `true` when `0 < delta <= 2` (so `false` for NaN).
 *
 * @example
 * ```ts
 * import { isImpactExponent } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isImpactExponent(0.5) && isImpactExponent(2));
 * assert.ok(!isImpactExponent(0) && !isImpactExponent(NaN));
 * ```
 */
export function isImpactExponent(delta: number): boolean {
  return typeof delta === "number" && delta > 0 && delta <= 2;
}

/**
 * Checks an impact law at a public boundary: `eta` finite and > 0, `delta` in (0, 2] (an impact that
 * grows with size, no faster than quadratically), and not a calibration flagged `reliable: false` (a
 * `calibrateSquareRoot` result whose estimate or interval leaves that domain).
 *
 * @param action what the caller was doing, for the message (`"create SquareRootModel"`).
 * @param law the law to check.
 * @param name the argument's name; when given, fields are named `name.eta` and `name.delta`.
 * @throws {TypeError} if `law` is not an object.
 * @throws {RangeError} naming the field and its value.
 *
 * @example
 * ```ts
 * import { assertImpactLaw } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assertImpactLaw("test", { eta: 0.8, delta: 0.5 });
 * assert.throws(() => assertImpactLaw("test", { eta: 0.8, delta: 3 }, "law"), /law\.delta must be in \(0, 2\]/);
 * const unreliable = { eta: 0.8, delta: 0.5, reliable: false, warnings: ["delta interval leaves (0, 2]"] };
 * assert.throws(() => assertImpactLaw("test", unreliable, "law"), /law is a calibration flagged unreliable/);
 * ```
 */
export function assertImpactLaw(action: string, law: ImpactLaw, name?: string): void {
  assertObject(action, name ?? "law", law, "{ eta, delta }");
  const prefix = name === undefined ? "" : `${name}.`;
  const flagged = law as { reliable?: unknown; warnings?: unknown };
  if (flagged.reliable === false) {
    const why = Array.isArray(flagged.warnings) && flagged.warnings.length > 0
      ? flagged.warnings.join("; ")
      : "no reason given";
    throw new RangeError(
      `Cannot ${action}: ${name ?? "law"} is a calibration flagged unreliable (${why}): refit on more or ` +
        `better data, or pass { eta, delta } explicitly if you accept them: current value of ${prefix}reliable is false`,
    );
  }
  assertPositive(action, `${prefix}eta`, law.eta);
  assertNumber(action, `${prefix}delta`, law.delta);
  if (!isImpactExponent(law.delta)) {
    throw new RangeError(`Cannot ${action}: ${prefix}delta must be in (0, 2]: current value is ${law.delta}`);
  }
}

/**
 * Multiplication and power over some representation of numbers: plain numbers, or the column
 * expressions of a dataframe library (polars' `pl.Expr` in `lib/tca`), so that one formula serves both.
 */
export interface ImpactArithmetic<T> {
  /** `value * factor`. */
  scale(value: T, factor: number): T;
  /** `a * b`. */
  multiply(a: T, b: T): T;
  /** `base ^ exponent`. */
  power(base: T, exponent: number): T;
}

/** Kernel of the square-root law: `(law, dailyVolatility, participation) => dailyVolatility * eta * participation^delta`. */
export type SquareRootImpactKernel<T> = (law: ImpactLaw, dailyVolatility: T, participation: T) => T;

/**
 * The square-root law `I = sigma * eta * q^delta`, written once, over any {@linkcode ImpactArithmetic}:
 * {@linkcode squareRootImpact} is this formula over numbers, and the vectorized TCA builds it over polars
 * expressions. The operations run in the same order in every representation (`(sigma * eta) * q^delta`),
 * so they agree to the last bit wherever their `pow` does.
 *
 * @param arithmetic how to multiply and raise to a power in the representation.
 * @returns the kernel `(law, dailyVolatility, participation) => dailyVolatility * eta * participation^delta`.
 *
 * @example
 * ```ts
 * import { squareRootImpactIn } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * // The formula written out as text, through the same kernel.
 * const text = squareRootImpactIn<string>({
 *   scale: (v, k) => `${v} * ${k}`,
 *   multiply: (a, b) => `${a} * ${b}`,
 *   power: (b, e) => `${b}^${e}`,
 * });
 * assert.equal(text({ eta: 0.8, delta: 0.5 }, "sigma", "q"), "sigma * 0.8 * q^0.5");
 * ```
 */
export function squareRootImpactIn<T>(arithmetic: ImpactArithmetic<T>): SquareRootImpactKernel<T> {
  const { scale, multiply, power } = arithmetic;
  return (law, dailyVolatility, participation) =>
    multiply(scale(dailyVolatility, law.eta), power(participation, law.delta));
}

const NUMBERS: ImpactArithmetic<number> = {
  scale: (value, factor) => value * factor,
  multiply: (a, b) => a * b,
  power: Math.pow,
};

/**
 * The square-root law's expected (side-adjusted, peak) impact `I = sigma * eta * q^delta`, a fraction
 * of the price (0.001 = 10 bps), for an order of participation `q = |Q| / V`: the formula of
 * {@linkcode squareRootImpactIn} over numbers.
 *
 * It takes three positional arguments (not an options object) because it is the kernel of hot loops over
 * millions of orders; it does not validate (callers validate the law once with
 * {@linkcode assertImpactLaw}). Cost: one `Math.pow`.
 *
 * @param law `{ eta, delta }`.
 * @param dailyVolatility daily volatility `sigma`, fraction per day (use 1 for impact in units of sigma).
 * @param participation `|Q| / V`, fraction of a day's volume, >= 0.
 * @returns `dailyVolatility * eta * participation^delta`, fraction of the price.
 *
 * @example
 * ```ts
 * import { squareRootImpact } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * // 1 % of daily volume at 2 %/day volatility: 0.02 * 1 * sqrt(0.01) = 0.002 = 20 bps
 * assert.ok(Math.abs(squareRootImpact({ eta: 1, delta: 0.5 }, 0.02, 0.01) - 0.002) < 1e-15);
 * ```
 */
export const squareRootImpact: SquareRootImpactKernel<number> = squareRootImpactIn(NUMBERS);
