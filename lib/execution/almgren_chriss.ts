/**
 * Optimal execution of a portfolio transaction under linear impact: the Almgren & Chriss (2000) model.
 *
 * A trader holds `X` shares at time 0 and must hold 0 at `T = N tau`, trading `n_j = x_{j-1} - x_j`
 * in each of `N` periods of length `tau`. With permanent impact `g(v) = gamma v`, temporary impact
 * `h(v) = epsilon sgn(v) + eta v` (rates `v = n / tau`) and an arithmetic random walk of volatility
 * `sigma`, the implementation shortfall of holdings `x = (x_0..x_N)` has (Section 1.5 of the paper)
 *
 * ```
 * E[x] = gamma X^2 / 2 + epsilon sum_j |n_j| + (etaTilde / tau) sum_j n_j^2,  etaTilde = eta - gamma tau / 2
 * V[x] = sigma^2 tau sum_{k=1..N} x_k^2
 * ```
 *
 * and minimising `E + lambda V` gives (Section 2.2) `x_j = X sinh(kappa (T - t_j)) / sinh(kappa T)`.
 *
 * Units follow the paper: pick a currency ($, USDT), a share unit (shares, BTC) and a time unit (day);
 * every parameter below is stated in those units.
 *
 * Reference: R. Almgren and N. Chriss (2000), "Optimal execution of portfolio transactions",
 * Journal of Risk 3(2), 5-39.
 *
 * @module
 */
import {
  assertTrigonometricDomain,
  costMoments,
  discreteRate,
  etaTildeOf,
  fillOptimalHoldings,
  toTrajectory,
  validateGrid,
  validateParameters,
} from "./_trajectory.ts";

/** Parameters of {@linkcode AlmgrenChriss}, in the units of Almgren & Chriss (2000). */
export interface AlmgrenChrissParameters {
  /**
   * Permanent impact coefficient `gamma`: each share traded moves the price permanently by `gamma`;
   * (currency per share) per share, >= 0. Paper example: 2.5e-7 $/share^2.
   */
  gamma: number;
  /**
   * Temporary impact coefficient `eta`: trading at `v` shares per time unit costs `eta v` per share;
   * (currency per share) per (share per time unit), > 0. Paper example: 2.5e-6 ($/share)/(share/day).
   */
  eta: number;
  /** Fixed cost per share `epsilon` (half the bid-ask spread plus fees), currency per share, >= 0. Paper: 0.0625 $/share. */
  epsilon: number;
  /** Price volatility `sigma`, currency per share per sqrt(time unit), >= 0. Paper: 0.95 $/share/day^(1/2). */
  sigma: number;
  /**
   * Risk aversion `lambda` of the utility `E + lambda V`, per unit of currency, any finite number:
   * > 0 risk-averse, 0 risk-neutral (the linear strategy), < 0 risk-seeking. Paper: 1e-6 /$.
   */
  lambda: number;
}

/**
 * The Almgren-Chriss linear-impact execution model with risk aversion `lambda`.
 *
 * Methods take the trading grid explicitly: `shares` (`X`, > 0 for a sale; a negative `X` is a purchase
 * and every result is the mirror image), `steps` (`N`, integer >= 1) and `tau` (period length in time
 * units, > 0), so `T = N tau`.
 *
 * @example
 * ```ts
 * import { AlmgrenChriss } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * // The paper's example: 1e6 shares over 5 days in daily trades, lambda = 1e-6 /$.
 * const model = new AlmgrenChriss({ gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 });
 * const x = model.trajectory(1e6, 5, 1);
 * assert.equal(x[0], 1e6);
 * assert.equal(x[5], 0);
 * assert.ok(Math.abs(model.kappa(1) - Math.acosh(1.19)) < 1e-15); // cosh(kappa) = 1 + 0.38 / 2
 * assert.ok(Math.abs(model.expectedCost(x, 1) - 911_226.986303794) < 1e-6);
 * ```
 */
export class AlmgrenChriss implements AlmgrenChrissParameters {
  readonly gamma: number;
  readonly eta: number;
  readonly epsilon: number;
  readonly sigma: number;
  readonly lambda: number;

  /**
   * @param parameters `gamma`, `eta`, `epsilon`, `sigma`, `lambda` in the paper's units.
   * @throws {RangeError} naming the parameter and its value when one is non-finite, `eta <= 0`, or
   *   `gamma`, `epsilon` or `sigma` is negative.
   */
  constructor(parameters: AlmgrenChrissParameters) {
    validateParameters("create AlmgrenChriss model", parameters);
    const { gamma, eta, epsilon, sigma, lambda } = parameters;
    this.gamma = gamma;
    this.eta = eta;
    this.epsilon = epsilon;
    this.sigma = sigma;
    this.lambda = lambda;
  }

  /** The same model with another risk aversion `lambda` (per unit of currency). */
  withLambda(lambda: number): AlmgrenChriss {
    return new AlmgrenChriss({ ...this.toJSON(), lambda });
  }

  /**
   * Temporary impact corrected for the discrete grid, `etaTilde = eta - gamma tau / 2`
   * (Almgren & Chriss 2000, Section 1.5), in (currency per share) per (share per time unit).
   *
   * @param tau period length in time units, > 0.
   * @returns `etaTilde`, > 0.
   * @throws {RangeError} if `tau <= 0` or `etaTilde <= 0` (`gamma tau / 2 >= eta`: periods too long for
   *   the permanent-impact correction), with the values.
   */
  etaTilde(tau: number): number {
    return etaTildeOf("compute etaTilde", this, tau);
  }

  /**
   * The exact discrete decay rate `kappa` of the optimal trajectory, per time unit, from
   * (Almgren & Chriss 2000, Section 2.2)
   *
   * ```
   * cosh(kappa tau) = 1 + lambda sigma^2 tau^2 / (2 etaTilde)     i.e.  (2 / tau^2) (cosh(kappa tau) - 1) = kappaTilde^2
   * kappaTilde^2 = lambda sigma^2 / etaTilde
   * ```
   *
   * computed as `kappa tau = 2 asinh(sqrt(lambda sigma^2 tau^2 / (4 etaTilde)))`, an exact identity that
   * stays accurate where `acosh(1 + q)` loses all digits (tiny `q`) and does not overflow (huge `q`).
   *
   * Continuous limit: as `tau -> 0`, `etaTilde -> eta` and `kappa -> kappaTilde -> sqrt(lambda sigma^2 / eta)`;
   * `kappa` is slightly below `kappaTilde` for finite `tau`.
   *
   * @param tau period length in time units, > 0.
   * @returns `kappa` in 1 / time unit, >= 0 (0 when `lambda = 0` or `sigma = 0`).
   * @throws {RangeError} if `lambda < 0` (then `kappa = i omega` is imaginary: use {@linkcode omega}),
   *   or for an invalid `tau` / `etaTilde <= 0`.
   */
  kappa(tau: number): number {
    const action = "compute kappa";
    const etaTilde = etaTildeOf(action, this, tau);
    if (this.lambda < 0) {
      throw new RangeError(
        `Cannot ${action}: lambda < 0 makes kappa imaginary (kappa = i omega): use omega(tau): ` +
          `current value of lambda is ${this.lambda}`,
      );
    }
    return discreteRate(action, this, tau, etaTilde).value / tau;
  }

  /**
   * For a risk-seeking trader (`lambda < 0`) `kappa = i omega` is imaginary and the optimal trajectory is
   * trigonometric, `x_j = X sin(omega (T - t_j)) / sin(omega T)`, with
   * `cos(omega tau) = 1 + lambda sigma^2 tau^2 / (2 etaTilde)` (the paper's solution with `sinh` -> `sin`),
   * computed as `omega tau = 2 asin(sqrt(-lambda sigma^2 tau^2 / (4 etaTilde)))`.
   *
   * @param tau period length in time units, > 0.
   * @returns `omega` in 1 / time unit, >= 0 (0 when `lambda = 0` or `sigma = 0`).
   * @throws {RangeError} if `lambda > 0` (use {@linkcode kappa}), or the cosine would be below -1, or for
   *   an invalid `tau` / `etaTilde <= 0`.
   */
  omega(tau: number): number {
    const action = "compute omega";
    const etaTilde = etaTildeOf(action, this, tau);
    if (this.lambda > 0) {
      throw new RangeError(
        `Cannot ${action}: lambda > 0 gives a real kappa, not an oscillation: use kappa(tau): ` +
          `current value of lambda is ${this.lambda}`,
      );
    }
    return discreteRate(action, this, tau, etaTilde).value / tau;
  }

  /**
   * Half-life of the trade `theta = 1 / kappa` (Almgren & Chriss 2000, Section 2.3): the time scale on
   * which the optimal programme sells down its holdings, independent of the horizon `T`.
   *
   * @param tau period length in time units, > 0.
   * @returns `theta` in time units; `Infinity` for `lambda = 0` or `sigma = 0` (no urgency).
   * @throws {RangeError} if `lambda < 0` (no decay: the trajectory oscillates) or `tau` is invalid.
   */
  halfLife(tau: number): number {
    if (this.lambda < 0) {
      throw new RangeError(
        `Cannot compute half-life: lambda < 0 gives an oscillating (trigonometric) trajectory with no decay: ` +
          `current value of lambda is ${this.lambda}`,
      );
    }
    return 1 / this.kappa(tau);
  }

  /**
   * The optimal holdings `x_0..x_N` (Almgren & Chriss 2000, Section 2.2):
   * `x_j = X sinh(kappa (T - t_j)) / sinh(kappa T)`, `t_j = j tau`.
   *
   * Evaluated as `X exp(-kappa t_j) expm1(-2 kappa (T - t_j)) / expm1(-2 kappa T)`, so a huge `kappa T`
   * (large `lambda`, `N = 10,000`) gives finite holdings that underflow gracefully to 0, never `NaN`.
   * `lambda = 0` (or `sigma = 0`) gives the straight line `X (N - j) / N` exactly. `lambda < 0` gives
   * the trigonometric solution `X sin(omega (T - t_j)) / sin(omega T)` on its domain.
   *
   * Domain for `lambda < 0` (with `N >= 2`): `omega T < pi`, where `E + lambda V` has a unique minimiser;
   * and, when `epsilon > 0`, `omega (T - tau / 2) <= pi / 2`, where that minimiser never buys back, so
   * the fixed cost is `epsilon X` as the closed form assumes. Outside it a `RangeError` says which
   * condition failed.
   *
   * @param shares initial holdings `X` (shares; negative for a purchase programme).
   * @param steps number of periods `N`, integer >= 1.
   * @param tau period length in time units, > 0.
   * @returns `Float64Array` of length `N + 1`, `x_0 = X`, `x_N = 0`, in shares.
   * @throws {RangeError} for non-finite `shares`, `steps < 1`, `tau <= 0`, `etaTilde <= 0`, or `lambda < 0`
   *   outside the domain above.
   */
  trajectory(shares: number, steps: number, tau: number): Float64Array {
    const action = "compute optimal trajectory";
    validateGrid(action, shares, steps);
    const etaTilde = etaTildeOf(action, this, tau);
    const out = new Float64Array(steps + 1);
    if (steps === 1) {
      out[0] = shares;
      return out;
    }
    const rate = discreteRate(action, this, tau, etaTilde);
    if (rate.kind === "trigonometric") assertTrigonometricDomain(action, rate.value, steps, this.epsilon);
    fillOptimalHoldings(out, shares, steps, rate);
    return out;
  }

  /**
   * The optimal trade list `n_j = x_{j-1} - x_j`, `j = 1..N` (shares sold in period `j`; Section 1.1).
   *
   * @param shares initial holdings `X` in shares.
   * @param steps number of periods `N`, integer >= 1.
   * @param tau period length in time units, > 0.
   * @returns `Float64Array` of length `N` summing to `X`.
   * @throws {RangeError} as {@linkcode trajectory}.
   */
  tradeList(shares: number, steps: number, tau: number): Float64Array {
    const x = this.trajectory(shares, steps, tau);
    const n = new Float64Array(steps);
    for (let j = 1; j <= steps; j++) n[j - 1] = x[j - 1]! - x[j]!;
    return n;
  }

  /**
   * Expected implementation shortfall of any liquidation trajectory (Almgren & Chriss 2000, Section 1.5):
   * `E[x] = gamma X^2 / 2 + epsilon sum |n_j| + (etaTilde / tau) sum n_j^2`.
   *
   * The first term is the permanent impact, `gamma sum x_k n_k` summed by parts; it does not depend on
   * the schedule but belongs to the cost: leaving it out would understate every cost by `gamma X^2 / 2`
   * (125,000 $ in the paper's example).
   *
   * @param trajectory holdings `x_0..x_N` in shares, ending at 0 (e.g. from {@linkcode trajectory} or a schedule).
   * @param tau period length in time units, > 0.
   * @returns expected cost in currency (> 0 for a sale whenever a parameter is > 0).
   * @throws {TypeError} if `trajectory` is not an array of at least 2 numbers.
   * @throws {RangeError} for a non-finite holding (naming the index), a last holding other than 0,
   *   `tau <= 0` or `etaTilde <= 0`.
   */
  expectedCost(trajectory: ArrayLike<number>, tau: number): number {
    const action = "compute expected cost";
    const x = toTrajectory(action, trajectory);
    return costMoments(x, tau, this, etaTildeOf(action, this, tau), action).expectedCost;
  }

  /**
   * Variance of the implementation shortfall (Almgren & Chriss 2000, Section 1.4):
   * `V[x] = sigma^2 tau sum_{k=1..N} x_k^2`.
   *
   * @param trajectory holdings `x_0..x_N` in shares, ending at 0.
   * @param tau period length in time units, > 0.
   * @returns variance in currency squared, >= 0.
   * @throws {TypeError} if `trajectory` is not an array of at least 2 numbers.
   * @throws {RangeError} for a non-finite holding, a last holding other than 0, or `tau <= 0`.
   */
  costVariance(trajectory: ArrayLike<number>, tau: number): number {
    const action = "compute cost variance";
    const x = toTrajectory(action, trajectory);
    return costMoments(x, tau, this, etaTildeOf(action, this, tau), action).variance;
  }

  /**
   * Mean-variance utility `U[x] = E[x] + lambda V[x]` (Almgren & Chriss 2000, Section 3.1), which the
   * optimal trajectory minimises.
   *
   * @param trajectory holdings `x_0..x_N` in shares, ending at 0.
   * @param tau period length in time units, > 0.
   * @returns utility in currency.
   * @throws {TypeError} / {RangeError} as {@linkcode expectedCost}.
   */
  utility(trajectory: ArrayLike<number>, tau: number): number {
    const action = "compute utility";
    const x = toTrajectory(action, trajectory);
    const { expectedCost, variance } = costMoments(x, tau, this, etaTildeOf(action, this, tau), action);
    return expectedCost + this.lambda * variance;
  }

  /**
   * Immediate liquidation: all `X` shares in the first period, `x = (X, 0, ..., 0)`; the minimum-variance
   * end of the frontier (`lambda -> infinity`), with `V = 0` and `E = epsilon X + eta X^2 / tau`
   * (Almgren & Chriss 2000, Section 2.4).
   *
   * @param shares initial holdings `X` in shares.
   * @param steps number of periods `N`, integer >= 1.
   * @returns `Float64Array` of length `N + 1`.
   * @throws {RangeError} for non-finite `shares` or `steps < 1`.
   */
  immediateLiquidation(shares: number, steps: number): Float64Array {
    validateGrid("build immediate liquidation", shares, steps);
    const out = new Float64Array(steps + 1);
    out[0] = shares;
    return out;
  }

  /**
   * The linear ("naive") strategy `x_j = X (N - j) / N`: constant rate, the optimum for `lambda = 0` and
   * the minimum-expected-cost end of the frontier, with (Almgren & Chriss 2000, Section 2.4)
   * `E = epsilon X + gamma X^2 (1 - 1/N) / 2 + eta X^2 / T` and `V = sigma^2 X^2 T (1 - 1/N)(1 - 1/(2N)) / 3`.
   *
   * @param shares initial holdings `X` in shares.
   * @param steps number of periods `N`, integer >= 1.
   * @returns `Float64Array` of length `N + 1`.
   * @throws {RangeError} for non-finite `shares` or `steps < 1`.
   */
  linearTrajectory(shares: number, steps: number): Float64Array {
    validateGrid("build linear trajectory", shares, steps);
    const out = new Float64Array(steps + 1);
    fillOptimalHoldings(out, shares, steps, { kind: "linear", value: 0 });
    return out;
  }

  /** The five parameters as a plain object. */
  toJSON(): AlmgrenChrissParameters {
    const { gamma, eta, epsilon, sigma, lambda } = this;
    return { gamma, eta, epsilon, sigma, lambda };
  }
}
