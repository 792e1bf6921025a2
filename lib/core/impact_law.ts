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
import { assertPositive } from "./validate.ts";

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
 * Checks an impact law at a public boundary: `eta` finite and > 0, `delta` in (0, 2] (an impact that
 * grows with size, no faster than quadratically).
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
 * ```
 */
export function assertImpactLaw(action: string, law: ImpactLaw, name?: string): void {
  if (law === null || typeof law !== "object") {
    throw new TypeError(`Cannot ${action}: ${name ?? "law"} must be { eta, delta }: current value is ${law}`);
  }
  const prefix = name === undefined ? "" : `${name}.`;
  assertPositive(action, `${prefix}eta`, law.eta);
  if (typeof law.delta !== "number" || !(law.delta > 0 && law.delta <= 2)) {
    throw new RangeError(`Cannot ${action}: ${prefix}delta must be in (0, 2]: current value is ${law.delta}`);
  }
}

/**
 * The square-root law's expected (side-adjusted, peak) impact `I = sigma * eta * q^delta`, a fraction
 * of the price (0.001 = 10 bps), for an order of participation `q = |Q| / V`.
 *
 * The one place the formula is written. It takes three positional numbers (not an options object) because
 * it is the kernel of hot loops over millions of orders; it does not validate (callers validate the law
 * once with {@linkcode assertImpactLaw}). Cost: one `Math.pow`.
 *
 * @param law `{ eta, delta }`.
 * @param volatility daily volatility `sigma`, fraction per day (use 1 for impact in units of sigma).
 * @param participation `|Q| / V`, fraction of a day's volume, >= 0.
 * @returns `volatility * eta * participation^delta`, fraction of the price.
 *
 * @example
 * ```ts
 * import { squareRootImpact } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * // 1 % of daily volume at 2 %/day volatility: 0.02 * 1 * sqrt(0.01) = 0.002 = 20 bps
 * assert.ok(Math.abs(squareRootImpact({ eta: 1, delta: 0.5 }, 0.02, 0.01) - 0.002) < 1e-15);
 * ```
 */
export function squareRootImpact(law: ImpactLaw, volatility: number, participation: number): number {
  return volatility * law.eta * Math.pow(participation, law.delta);
}

/**
 * {@linkcode squareRootImpact} over columns: `out[i] = volatility[i] * eta * participation[i]^delta`.
 *
 * @param law `{ eta, delta }` (validate it first with {@linkcode assertImpactLaw}).
 * @param columns `participation` (fractions of daily volume) and `volatility` (fraction per day): one
 *   number for every order or one per order.
 * @returns impacts, fractions of the price, one per participation.
 * @throws {TypeError} if a `volatility` array's length differs from `participation`'s.
 *
 * @example
 * ```ts
 * import { squareRootImpacts } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * const out = squareRootImpacts({ eta: 1, delta: 0.5 }, { participation: [0.01, 0.04], volatility: 0.02 });
 * assert.ok(Math.abs(out[1]! - 0.004) < 1e-15);
 * ```
 */
export function squareRootImpacts(
  law: ImpactLaw,
  { participation, volatility }: { participation: ArrayLike<number>; volatility: number | ArrayLike<number> },
): Float64Array {
  const n = participation.length;
  const out = new Float64Array(n);
  if (typeof volatility === "number") {
    for (let i = 0; i < n; i++) out[i] = squareRootImpact(law, volatility, participation[i]!);
    return out;
  }
  if (volatility.length !== n) {
    throw new TypeError(
      `Cannot compute square-root impacts: volatility and participation must have the same length: current lengths are ${volatility.length} and ${n}`,
    );
  }
  for (let i = 0; i < n; i++) out[i] = squareRootImpact(law, volatility[i]!, participation[i]!);
  return out;
}
