/**
 * The efficient frontier of optimal execution (Almgren & Chriss 2000, Section 2.4).
 *
 * @module
 */
import type { AlmgrenChrissParameters } from "./almgren_chriss.ts";
import { toModel } from "./_model.ts";
import {
  assertTrigonometricDomain,
  costMoments,
  discreteRate,
  etaTildeOf,
  fillOptimalHoldings,
  hyperbolicSums,
  momentsFromSums,
  type TrajectorySums,
  trajectorySums,
  validateGrid,
} from "./_trajectory.ts";
import {
  assertFinite,
  assertFiniteResult,
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
  describeValue,
  toFiniteArray,
} from "../core/validate.ts";

/** One strategy on the frontier. */
export interface FrontierPoint {
  /** Risk aversion of the optimal strategy, per unit of currency; `null` for the limit `lambda -> infinity`. */
  lambda: number | null;
  /** Expected cost `E[x]` in currency. */
  expectedCost: number;
  /** Cost variance `V[x]` in currency squared. */
  variance: number;
  /** `sqrt(V[x])` in currency. */
  standardDeviation: number;
}

/** A point the figure labels (the paper marks strategies on its frontier figure). */
export interface FrontierMark extends FrontierPoint {
  /** Label for the figure, e.g. `"A"` or `"lambda = 1e-6"`. */
  label: string;
}

/** Result of {@linkcode efficientFrontier}: a plain, JSON-serialisable object. */
export interface EfficientFrontier {
  /** Initial holdings `X` in shares. */
  shares: number;
  /** Periods `N`. */
  steps: number;
  /** Period length in time units. */
  tau: number;
  /** Optimal strategies in increasing `lambda` (so decreasing variance, increasing expected cost). */
  points: FrontierPoint[];
  /** The linear strategy (`lambda = 0`): minimum expected cost, the paper's naive strategy. */
  linear: FrontierMark;
  /** Immediate liquidation (`lambda -> infinity`): zero variance, `E = epsilon X + eta X^2 / tau`. */
  minimumVariance: FrontierMark;
  /** The requested marks, each with its optimal strategy's cost and variance. */
  marks: FrontierMark[];
}

/** Options of {@linkcode efficientFrontier}. */
export interface EfficientFrontierOptions {
  /** Initial holdings `X` in shares, finite. */
  shares: number;
  /** Number of periods `N`, integer >= 1. */
  steps: number;
  /** Period length `tau` in time units, > 0. */
  tau: number;
  /**
   * Risk aversions to evaluate, per unit of currency (any finite values inside the model's domain; see
   * `AlmgrenChriss.trajectory` for `lambda < 0`). Default: `lambda = 0` and `points - 1` values spaced
   * evenly in `log(kappa T)` from `kappa T = 0.05` (nearly linear) to `kappa T = 50` (nearly immediate).
   */
  lambdas?: ArrayLike<number>;
  /** Number of default points, integer >= 2. Default 101. Ignored when `lambdas` is given. */
  points?: number;
  /** Strategies to label. Default: the model's own `lambda`, labelled `"lambda = <value>"`. */
  marks?: readonly { label: string; lambda: number }[];
}

/** `lambda` whose discrete rate is `a = kappa tau`: inverts `cosh(a) = 1 + lambda sigma^2 tau^2 / (2 etaTilde)`. */
function lambdaForRate(a: number, sigma: number, tau: number, etaTilde: number): number {
  const s = Math.sinh(a / 2);
  return (4 * etaTilde * s * s) / (sigma * sigma * tau * tau);
}

/**
 * Expected cost and variance of the optimal strategies over a range of risk aversions: the efficient
 * frontier of Almgren & Chriss (2000, Section 2.4, Figure 1), a smooth convex curve in the (V, E) plane
 * from the linear strategy (`lambda = 0`, minimum expected cost) down to immediate liquidation
 * (`lambda -> infinity`, zero variance). The optimal strategy for `lambda` is where the frontier's
 * tangent has slope `dE/dV = -lambda` (the paper's Figure 1 draws this tangent at `lambda = 1e-6`).
 * Strategies with `lambda < 0` (risk-seeking) continue the curve past the linear strategy and are
 * inefficient: more variance *and* more expected cost.
 *
 * Each optimal (`lambda > 0`) point costs O(1): the sums behind `E` and `V` of the hyperbolic trajectory
 * in closed form (geometric sums of `cosh`, rewritten where they would cancel or overflow); `lambda <= 0`
 * points and the extreme `kappa tau > 700` cost O(N) (the trajectory written into a reused buffer, then
 * summed). The two agree to about 1e-13 relative.
 *
 * @param model the model (an `AlmgrenChriss` or its parameters); its `lambda` is the default mark.
 * @param options the grid (`shares`, `steps`, `tau`), the risk aversions and the marks.
 * @returns a plain object with the points, the two ends and the marks.
 * @throws {RangeError} for invalid parameters or grid, `sigma = 0` (every strategy has zero variance,
 *   so there is no frontier), `points < 2`, a non-finite `lambda`, or a `lambda < 0` outside the domain.
 *
 * @example
 * ```ts
 * import { efficientFrontier } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const paper = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 };
 * const frontier = efficientFrontier(paper, { shares: 1e6, steps: 5, tau: 1 });
 * assert.equal(frontier.linear.expectedCost, 662_500); // epsilon X + gamma X^2 (1 - 1/N) / 2 + eta X^2 / T
 * assert.equal(frontier.minimumVariance.expectedCost, 2_562_500); // epsilon X + eta X^2 / tau
 * const { points } = frontier;
 * assert.ok(points.every((p, i) => i === 0 || (p.variance < points[i - 1]!.variance &&
 *   p.expectedCost > points[i - 1]!.expectedCost)));
 * ```
 */
export function efficientFrontier(
  model: AlmgrenChrissParameters,
  options: EfficientFrontierOptions,
): EfficientFrontier {
  const action = "compute efficient frontier";
  const m = toModel(action, model);
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `Cannot ${action}: options must be { shares, steps, tau }: current value is ${describeValue(options)}`,
    );
  }
  const { shares, steps, tau, points = 101 } = options;
  validateGrid(action, shares, steps);
  const etaTilde = etaTildeOf(action, m, tau);
  assertPositive(action, "sigma", m.sigma);

  let lambdas: Float64Array;
  if (options.lambdas !== undefined) {
    lambdas = toFiniteArray(action, "lambdas", options.lambdas).sort();
  } else {
    assertInteger(action, "points", points, 2);
    lambdas = new Float64Array(points);
    const lo = Math.log(0.05 / steps), hi = Math.log(50 / steps);
    for (let i = 1; i < points; i++) {
      const a = Math.exp(lo + ((hi - lo) * (i - 1)) / Math.max(1, points - 2));
      lambdas[i] = lambdaForRate(a, m.sigma, tau, etaTilde);
      assertFiniteResult(action, `the default grid's lambda ${i}`, lambdas[i]!, {
        sigma: m.sigma,
        tau,
        etaTilde,
      });
    }
  }

  const buffer = new Float64Array(steps + 1);
  const params = { gamma: m.gamma, eta: m.eta, epsilon: m.epsilon, sigma: m.sigma, lambda: 0 };
  const evaluate = (lambda: number): FrontierPoint => {
    params.lambda = lambda;
    let sums: TrajectorySums | null = null;
    if (steps === 1) {
      buffer[0] = shares;
    } else {
      const rate = discreteRate(action, params, tau, etaTilde);
      if (rate.kind === "trigonometric") assertTrigonometricDomain(action, rate.value, steps, m.epsilon);
      if (rate.kind === "hyperbolic") sums = hyperbolicSums(shares, steps, rate.value);
      if (sums === null) fillOptimalHoldings(buffer, shares, steps, rate);
    }
    const { expectedCost, variance } = momentsFromSums(
      shares,
      sums ?? trajectorySums(buffer),
      tau,
      params,
      etaTilde,
      action,
      "shares",
    );
    return { lambda, expectedCost, variance, standardDeviation: Math.sqrt(variance) };
  };

  const frontierPoints = Array.from(lambdas, evaluate);
  const marks = (options.marks ?? [{ label: `lambda = ${m.lambda}`, lambda: m.lambda }]).map(
    ({ label, lambda }, i) => {
      if (typeof label !== "string") {
        throw new TypeError(
          `Cannot ${action}: marks[${i}].label must be a string: current value is ${describeValue(label)}`,
        );
      }
      if (typeof lambda !== "number" || !Number.isFinite(lambda)) {
        throw new RangeError(
          `Cannot ${action}: marks[${i}].lambda must be a finite number: current value is ${
            describeValue(lambda)
          }`,
        );
      }
      return { label, ...evaluate(lambda) };
    },
  );
  buffer.fill(0);
  buffer[0] = shares;
  const immediate = costMoments(buffer, tau, params, etaTilde, action, "shares");
  return {
    shares,
    steps,
    tau,
    points: frontierPoints,
    linear: { label: "linear (λ = 0)", ...evaluate(0) },
    minimumVariance: {
      label: "immediate liquidation",
      lambda: null,
      expectedCost: immediate.expectedCost,
      variance: 0,
      standardDeviation: 0,
    },
    marks,
  };
}

/**
 * The least expected cost of an optimal (efficient, `lambda >= 0`) strategy whose variance is at most
 * `variance`: the frontier's `E` read at `V`, linearly interpolated between its computed points, and
 * the linear strategy's `E` for any `V` beyond it. Subtracting it from a schedule's expected cost gives
 * what the schedule pays above the efficient strategy with no more risk (Almgren & Chriss 2000,
 * Section 2.4: every efficient strategy is an optimal trajectory for some `lambda >= 0`).
 *
 * On a convex curve the chord lies above the arc, so the interpolated cost is an upper bound that
 * converges as the frontier's points get denser (pass more `points`).
 *
 * @param frontier a result of {@linkcode efficientFrontier}.
 * @param variance `V` in currency squared, >= 0.
 * @returns expected cost in currency.
 * @throws {RangeError} if `variance` is negative or not finite.
 *
 * @example
 * ```ts
 * import { efficientFrontier } from "@lib/mod.ts";
 * import { frontierCostAtVariance } from "@lib/execution/mod.ts";
 * import assert from "node:assert/strict";
 * const paper = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 };
 * const frontier = efficientFrontier(paper, { shares: 1e6, steps: 5, tau: 1 });
 * assert.equal(frontierCostAtVariance(frontier, 0), 2_562_500); // immediate liquidation
 * assert.equal(frontierCostAtVariance(frontier, 5e12), 662_500); // beyond the linear strategy
 * ```
 */
export function frontierCostAtVariance(frontier: EfficientFrontier, variance: number): number {
  const action = "read the frontier's cost";
  assertObject(action, "frontier", frontier, "(an efficientFrontier result)");
  for (const key of ["points", "marks"] as const) {
    if (!Array.isArray(frontier[key])) {
      throw new TypeError(
        `Cannot ${action}: frontier.${key} must be an array (an efficientFrontier result): current value is ${
          describeValue(frontier[key])
        }`,
      );
    }
  }
  for (const key of ["linear", "minimumVariance"] as const) {
    assertObject(action, `frontier.${key}`, frontier[key], "(an efficientFrontier result)");
  }
  for (const key of ["points", "marks"] as const) {
    frontier[key].forEach((p, i) => {
      assertObject(action, `frontier.${key}[${i}]`, p, "{ lambda, expectedCost, variance }");
      assertFinite(action, `frontier.${key}[${i}].expectedCost`, p.expectedCost);
      assertFinite(action, `frontier.${key}[${i}].variance`, p.variance);
    });
  }
  assertNonNegative(action, "variance", variance);
  const efficient = [...frontier.points, ...frontier.marks, frontier.linear, frontier.minimumVariance]
    .filter((p) => p.lambda === null || p.lambda >= 0)
    .sort((a, b) => a.variance - b.variance);
  const last = efficient[efficient.length - 1]!;
  if (variance >= last.variance) return last.expectedCost;
  for (let i = 1; i < efficient.length; i++) {
    const b = efficient[i]!;
    if (variance <= b.variance) {
      const a = efficient[i - 1]!;
      const w = b.variance > a.variance ? (variance - a.variance) / (b.variance - a.variance) : 0;
      return a.expectedCost + w * (b.expectedCost - a.expectedCost);
    }
  }
  return last.expectedCost;
}
