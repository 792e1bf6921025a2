/**
 * Private numerics of the Almgren-Chriss model: the discrete decay rate in stable forms, the optimal
 * holdings written without `sinh` overflow, and the cost moments of a trajectory. Not exported from
 * `lib/mod.ts`; the public boundary (`almgren_chriss.ts`, `frontier.ts`, `schedules.ts`) validates
 * before calling in here.
 *
 * @module
 */
import {
  assertEach,
  assertFinite,
  assertFiniteResult,
  assertInteger,
  assertNonNegative,
  assertPositive,
  toFiniteArray,
} from "../core/validate.ts";

/** The five model parameters (same units as `AlmgrenChrissParameters`). */
export interface ModelNumbers {
  gamma: number;
  eta: number;
  epsilon: number;
  sigma: number;
  lambda: number;
}

/** Validates the five parameters: `gamma, epsilon, sigma >= 0`, `eta > 0`, `lambda` finite. */
export function validateParameters(action: string, p: ModelNumbers): void {
  if (p === null || typeof p !== "object") {
    throw new TypeError(
      `Cannot ${action}: parameters must be { gamma, eta, epsilon, sigma, lambda }: current value is ${p}`,
    );
  }
  assertNonNegative(action, "gamma", p.gamma);
  assertPositive(action, "eta", p.eta);
  assertEach(action, "non-negative", { epsilon: p.epsilon, sigma: p.sigma });
  assertFinite(action, "lambda", p.lambda);
}

/** `etaTilde = eta - gamma * tau / 2` after checking `tau > 0`; throws when it is not > 0. */
export function etaTildeOf(action: string, p: ModelNumbers, tau: number): number {
  assertPositive(action, "tau", tau);
  const etaTilde = p.eta - (p.gamma * tau) / 2;
  if (!(etaTilde > 0)) {
    throw new RangeError(
      `Cannot ${action}: etaTilde = eta - gamma * tau / 2 must be > 0 (eta = ${p.eta}, gamma = ${p.gamma}, ` +
        `tau = ${tau}; shorten tau below 2 * eta / gamma = ${
          (2 * p.eta) / p.gamma
        }): current value is ${etaTilde}`,
    );
  }
  return etaTilde;
}

/** Checks `steps` (integer >= 1) and `shares` (finite). */
export function validateGrid(action: string, shares: number, steps: number): void {
  assertFinite(action, "shares", shares);
  assertInteger(action, "steps", steps, 1);
}

/**
 * The decay rate times the period, in one of three regimes:
 * - `"hyperbolic"`: `lambda > 0`, `value = kappa * tau` with `cosh(kappa tau) = 1 + q`,
 *   `q = lambda sigma^2 tau^2 / (2 etaTilde)`, computed as `2 asinh(sqrt(q / 2))` (exact identity
 *   `cosh(2a) = 1 + 2 sinh(a)^2`; no cancellation for tiny `q`, no overflow for huge `q`).
 * - `"trigonometric"`: `lambda < 0`, `kappa = i omega`, `value = omega * tau` with
 *   `cos(omega tau) = 1 - |q|`, computed as `2 asin(sqrt(|q| / 2))` (exists only for `|q| <= 2`).
 * - `"linear"`: `lambda = 0` or `sigma = 0`, `value = 0`.
 */
export interface DiscreteRate {
  kind: "hyperbolic" | "trigonometric" | "linear";
  /** `kappa * tau` or `omega * tau`, dimensionless, >= 0. */
  value: number;
}

/** The discrete rate (see {@linkcode DiscreteRate}); throws when the cosh equation has no solution. */
export function discreteRate(action: string, p: ModelNumbers, tau: number, etaTilde: number): DiscreteRate {
  if (p.lambda === 0 || p.sigma === 0) return { kind: "linear", value: 0 };
  if (p.lambda > 0) {
    // sqrt(q / 2) = sigma * tau * sqrt(lambda / (4 etaTilde))
    const y = p.sigma * tau * Math.sqrt(p.lambda / (4 * etaTilde));
    if (Number.isFinite(y)) return { kind: "hyperbolic", value: 2 * Math.asinh(y) };
    // y overflowed: asinh(y) = ln(2y) to double precision for y > 2^28; take it in logarithms.
    const lnY = Math.log(p.sigma) + Math.log(tau) + 0.5 * (Math.log(p.lambda) - Math.log(4 * etaTilde));
    return { kind: "hyperbolic", value: 2 * (Math.LN2 + lnY) };
  }
  const s = p.sigma * tau * Math.sqrt(-p.lambda / (4 * etaTilde));
  if (!(s <= 1)) {
    const q = (p.lambda * p.sigma * p.sigma * tau * tau) / (2 * etaTilde);
    throw new RangeError(
      `Cannot ${action}: with lambda < 0, cosh(kappa tau) = 1 + lambda sigma^2 tau^2 / (2 etaTilde) must be >= -1 ` +
        `for kappa = i omega to exist (risk-seeking too strong for this tau): current value is ${1 + q}`,
    );
  }
  return { kind: "trigonometric", value: 2 * Math.asin(s) };
}

/** Below this `rate * N`, `sinh(a (N - j)) / sinh(a N)` equals `(N - j) / N` to within 2e-19 relative. */
const LINEAR_LIMIT = 1e-9;

/** `Math.exp(-x)` is 0 for every `x` above this. */
const UNDERFLOW = 745.2;

/**
 * Checks that the trigonometric (lambda < 0) solution is the optimum, then returns normally.
 * `w = omega * tau`, `steps = N`.
 */
export function assertTrigonometricDomain(action: string, w: number, steps: number, epsilon: number): void {
  if (steps < 2) return; // one period: x = [X, 0] is the only trajectory
  if (!(w * steps < Math.PI)) {
    throw new RangeError(
      `Cannot ${action}: with lambda < 0 an optimal trajectory exists only while omega * T < pi ` +
        `(otherwise E + lambda V is unbounded below: the risk-seeking trader never wants to finish): ` +
        `current value of omega * T is ${w * steps}`,
    );
  }
  if (epsilon > 0 && w * (steps - 0.5) > Math.PI / 2) {
    throw new RangeError(
      `Cannot ${action}: with lambda < 0 and epsilon > 0 the closed form is optimal only while holdings never ` +
        `rise, omega * (T - tau / 2) <= pi / 2 (a rising trajectory pays epsilon on more than X shares; the ` +
        `paper's solution assumes a monotone trajectory): current value is ${w * (steps - 0.5)}`,
    );
  }
}

/**
 * Writes the optimal holdings `x_0..x_N` into `out` (length `N + 1`).
 *
 * Hyperbolic: `x_j = X sinh(a (N - j)) / sinh(a N)` rewritten as
 * `X exp(-a j) * expm1(-2 a (N - j)) / expm1(-2 a N)`: every factor lies in [0, 1] or [-1, 0), so nothing
 * overflows for any `a * N`, and `expm1` keeps full precision when `a * N` is small.
 * Trigonometric: `x_j = X sin(w (N - j)) / sin(w N)`. Linear: `x_j = X (N - j) / N`.
 */
export function fillOptimalHoldings(
  out: Float64Array,
  shares: number,
  steps: number,
  rate: DiscreteRate,
): void {
  const a = rate.value;
  out[0] = shares;
  if (rate.kind === "linear" || a * steps < LINEAR_LIMIT) {
    for (let j = 1; j < steps; j++) out[j] = (shares * (steps - j)) / steps;
  } else if (rate.kind === "hyperbolic") {
    const denominator = Math.expm1(-2 * a * steps);
    // exp(-a j) is exactly 0 in double precision beyond a j = 745.2: the rest of the holdings are 0
    const last = Math.min(steps - 1, Math.floor(UNDERFLOW / a));
    for (let j = 1; j <= last; j++) {
      out[j] = shares * Math.exp(-a * j) * (Math.expm1(-2 * a * (steps - j)) / denominator);
    }
    out.fill(0, last + 1, steps);
  } else {
    const denominator = Math.sin(a * steps);
    for (let j = 1; j < steps; j++) out[j] = (shares * Math.sin(a * (steps - j))) / denominator;
  }
  out[steps] = 0;
}

/**
 * Validates a holdings trajectory: array of >= 2 finite numbers ending at exactly 0. `name` is the
 * argument's name in messages (`schedules[2].holdings` for a schedule).
 */
export function toTrajectory(
  action: string,
  trajectory: ArrayLike<number>,
  name = "trajectory",
): Float64Array {
  const x = toFiniteArray(action, name, trajectory);
  if (x.length < 2) {
    throw new TypeError(
      `Cannot ${action}: ${name} must hold x_0..x_N with N >= 1 (at least 2 values): current length is ${x.length}`,
    );
  }
  if (x[x.length - 1] !== 0) {
    throw new RangeError(
      `Cannot ${action}: ${name}[${x.length - 1}] must be 0 (the programme ends fully liquidated): ` +
        `current value is ${x[x.length - 1]}`,
    );
  }
  return x;
}

/** `sinh(y) - y` for `y >= 0` without cancellation: its Taylor series below 1, the difference above. */
function sinhMinusIdentity(y: number): number {
  if (y >= 1) return Math.sinh(y) - y;
  // y^3/3! + y^5/5! + ... + y^21/21!: the first omitted term is below 1e-19 of the sum for y < 1
  const y2 = y * y;
  let term = (y * y2) / 6, sum = term;
  for (let k = 4; k <= 20; k += 2) {
    term *= y2 / (k * (k + 1));
    sum += term;
  }
  return sum;
}

/** Sums over an optimal trajectory that determine its `E` and `V` (see {@linkcode costMoments}). */
export interface TrajectorySums {
  /** `sum_k |n_k|`, shares. */
  absTrades: number;
  /** `sum_k n_k^2`, shares squared. */
  squaredTrades: number;
  /** `sum_{k>=1} x_k^2`, shares squared. */
  squaredHoldings: number;
}

/**
 * Largest `Y a` at which {@linkcode hyperbolicSums} takes `sum x_k^2` from `sinh` differences; above it the
 * decaying-exponential form is exact to rounding and every intermediate stays below `X^2 N`.
 */
const DIRECT_LIMIT = 40;

/**
 * The sums of the hyperbolic optimal trajectory `x_j = X sinh(a (N - j)) / sinh(a N)` in closed form,
 * O(1) instead of O(N), or `null` where the closed form is not used (the caller then sums the trajectory):
 * `a N` below the linear limit (the loop's linear trajectory), `a > 700` (sinh(a / 2)^2 would overflow; the
 * loop stops after a few terms there anyway) or `N < 2`.
 *
 * With `Y = 2N - 1` and the trades `n_k = 2 X sinh(a / 2) cosh(a (N - k + 1/2)) / sinh(a N)`, geometric
 * sums of `cosh` give
 * - `sum |n_k| = |X|` (the trajectory is monotone);
 * - `sum n_k^2 = X^2 (2 N sinh(a/2)^2 / sinh(a N)^2 + tanh(a/2) coth(a N))`;
 * - `sum x_k^2 = X^2 D / (4 sinh(a N)^2)` with `D = sinh(Y a) / sinh(a) - Y = (g(Y a) - Y g(a)) / sinh(a)`,
 *   `g(y) = sinh(y) - y` taken from its series below 1, so the difference loses nothing when `a N` is
 *   small; when `Y a > 40` the same sum in decaying exponentials,
 *   `X^2 ((1 - 2N) e^{-2aN} + e^{-2a} (1 - e^{-2Ya}) / (1 - e^{-2a})) / (1 - e^{-2aN})^2`, whose first term
 *   is below `e^{-38}` of the second there (no cancellation) and in which nothing grows, so the sum is finite
 *   whenever the variance is (the `sinh` form multiplies `X^2` by `sinh(Y a)` before dividing, which
 *   overflows long before `sinh` does).
 * Both match the summed trajectory to about 1e-13 relative (tests/execution/frontier_test.ts compares
 * them over a grid of `a N` from 1e-9 to 3e4).
 */
export function hyperbolicSums(shares: number, steps: number, a: number): TrajectorySums | null {
  if (steps < 2 || !(a * steps >= LINEAR_LIMIT) || !(a <= 700)) return null;
  const x2 = shares * shares;
  const aN = a * steps;
  const sinhHalf = Math.sinh(a / 2), sinhAN = Math.sinh(aN);
  const ratio = sinhHalf / sinhAN; // 0 once sinh(aN) overflows: the term is below e^{a - 2aN} anyway
  const squaredTrades = x2 * (2 * steps * ratio * ratio + Math.tanh(a / 2) / Math.tanh(aN));
  const y = 2 * steps - 1;
  let squaredHoldings: number;
  if (y * a <= DIRECT_LIMIT) {
    const d = (sinhMinusIdentity(y * a) - y * sinhMinusIdentity(a)) / Math.sinh(a);
    squaredHoldings = x2 * (d / (4 * sinhAN * sinhAN));
  } else {
    const decay = -Math.expm1(-2 * aN);
    squaredHoldings = (x2 * ((1 - 2 * steps) * Math.exp(-2 * aN) +
      (Math.exp(-2 * a) * -Math.expm1(-2 * y * a)) / -Math.expm1(-2 * a))) / (decay * decay);
  }
  return { absTrades: Math.abs(shares), squaredTrades, squaredHoldings };
}

/** `sum |n_k|`, `sum n_k^2` and `sum_{k>=1} x_k^2` of holdings `x` by one loop. */
export function trajectorySums(x: Float64Array): TrajectorySums {
  let absTrades = 0, squaredTrades = 0, squaredHoldings = 0;
  for (let k = 1; k < x.length; k++) {
    const n = x[k - 1]! - x[k]!;
    absTrades += Math.abs(n);
    squaredTrades += n * n;
    squaredHoldings += x[k]! * x[k]!;
  }
  return { absTrades, squaredTrades, squaredHoldings };
}

/**
 * Expected cost and variance of holdings `x` under the linear model (Almgren & Chriss 2000, Section 1.5):
 * `E = gamma X^2 / 2 + epsilon sum |n_k| + (etaTilde / tau) sum n_k^2`, `V = sigma^2 tau sum_{k>=1} x_k^2`.
 * Throws a `RangeError` naming the inputs when `E`, `V` or `E + lambda V` overflows: the parameters and the
 * largest holding `|x_k|` with its index (the one that overflows), or `shares` when `holdingsName` is
 * `"shares"` (a trajectory built from `x_0 = shares`).
 */
export function costMoments(
  x: Float64Array,
  tau: number,
  p: ModelNumbers,
  etaTilde: number,
  action: string,
  holdingsName = "trajectory",
): { expectedCost: number; variance: number } {
  let largest = 0;
  for (let k = 1; k < x.length; k++) if (Math.abs(x[k]!) > Math.abs(x[largest]!)) largest = k;
  return momentsFromSums(x[0]!, trajectorySums(x), tau, p, etaTilde, action, holdingsName, {
    index: largest,
    value: x[largest]!,
  });
}

/**
 * {@linkcode costMoments} from the trajectory's sums (`shares = x_0`), with the same overflow checks; an
 * overflow names the largest holding (`largest`, by default the first: an optimal trajectory decreases).
 */
export function momentsFromSums(
  shares: number,
  { absTrades, squaredTrades, squaredHoldings }: TrajectorySums,
  tau: number,
  p: ModelNumbers,
  etaTilde: number,
  action: string,
  holdingsName = "trajectory",
  largest: { index: number; value: number } = { index: 0, value: shares },
): { expectedCost: number; variance: number } {
  const expectedCost = 0.5 * p.gamma * shares * shares + p.epsilon * absTrades +
    (etaTilde / tau) * squaredTrades;
  const variance = p.sigma * p.sigma * tau * squaredHoldings;
  const holding = holdingsName === "shares" ? "shares" : `${holdingsName}[${largest.index}]`;
  const inputs = {
    [holding]: largest.value,
    gamma: p.gamma,
    eta: p.eta,
    epsilon: p.epsilon,
    sigma: p.sigma,
    tau,
  };
  assertFiniteResult(action, "the expected cost", expectedCost, inputs);
  assertFiniteResult(action, "the cost variance", variance, inputs);
  assertFiniteResult(action, "the utility E + lambda V", expectedCost + p.lambda * variance, {
    ...inputs,
    lambda: p.lambda,
  });
  return { expectedCost, variance };
}
