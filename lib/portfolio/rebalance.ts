/**
 * Impact-aware single-period rebalancing: mean-variance with the square-root law's 3/2-power trading cost,
 * solved exactly (it is convex).
 *
 * @module
 */
import {
  assertFiniteResult,
  assertInteger,
  assertObject,
  assertPositive,
  describeValue,
  toFiniteArray,
} from "../core/validate.ts";
import { FistaSolver, multiply } from "./_fista.ts";
import { type SquareMatrix, toCovariance } from "./_matrix.ts";
import type { SeparableCost } from "./_prox.ts";
import type { ConvexCostTerms, TradingCost } from "./trading_cost.ts";

/** The problem {@linkcode optimizeRebalance} solves. */
export interface RebalanceProblem {
  /** Expected return `mu_i` of each asset over the period, fraction (0.001 = 10 bps). */
  expectedReturns: ArrayLike<number>;
  /** Covariance `Sigma` of the period's returns, fraction squared: `n` rows of `n`, or `n * n` row-major. Symmetric PSD. */
  covariance: SquareMatrix;
  /** Weights held now, `w_current`, fractions of the portfolio value. */
  currentWeights: ArrayLike<number>;
  /** Risk aversion `lambda` > 0, per unit of variance (dimensionless with fractional returns). */
  riskAversion: number;
  /** The cost object; omitted: the cost-free (Markowitz) optimum. */
  cost?: TradingCost;
  /** Portfolio value `W` in quote currency, > 0; required with `cost` (impact grows with `W^delta`). */
  portfolioValue?: number;
  /** Constrain `w >= 0`. Default false. */
  longOnly?: boolean;
  /** Constrain `sum w = budget` (1: fully invested, cash 0). Default: no budget constraint. */
  budget?: number;
}

/** Options of {@linkcode optimizeRebalance}. */
export interface RebalanceOptions {
  /** Stop when a proximal step moves no weight by more than this, in weight. Default 1e-12. */
  tolerance?: number;
  /** Iteration cap, integer >= 1. Default 100,000. */
  maxIterations?: number;
  /** Starting weights for the solver. Default `currentWeights`. */
  initialWeights?: ArrayLike<number>;
}

/** The optimum, a plain JSON-serialisable object (typed arrays serialise as index-keyed objects; use `Array.from`). */
export interface RebalanceResult {
  /** Optimal weights `w*`. */
  weights: Float64Array;
  /** Trades `u = w* - w_current`. */
  trades: Float64Array;
  /** `mu'w*`, fraction. */
  expectedReturn: number;
  /** `w*' Sigma w*`, fraction squared. */
  variance: number;
  /** The law's trading cost of `u`, fraction of `W` (0 without a cost). */
  cost: number;
  /** The maximised utility `mu'w - (lambda/2) w'Sigma w - cost`. */
  utility: number;
  /** Multiplier `nu` of the budget constraint (0 without one), units of return per unit of weight. */
  budgetMultiplier: number;
  /** `sum_i |u_i|`, one-way turnover as a fraction of `W`. */
  turnover: number;
  /** Proximal-gradient iterations used. */
  iterations: number;
  /** Whether the step fell below the tolerance before the iteration cap. */
  converged: boolean;
}

/** A validated problem, ready for the solver (shared with the backtest and `rebalanceOptimality`). */
export interface PreparedRebalance {
  n: number;
  mu: Float64Array;
  sigma: Float64Array;
  lambda: number;
  cost: SeparableCost;
  budget: number | null;
}

/** Validates a {@linkcode RebalanceProblem} and builds the solver's inputs. */
export function prepareRebalance(action: string, problem: RebalanceProblem): PreparedRebalance {
  assertObject(action, "problem", problem, "{ expectedReturns, covariance, currentWeights, riskAversion }");
  const mu = toFiniteArray(action, "expectedReturns", problem.expectedReturns);
  const n = mu.length;
  if (n === 0) {
    throw new TypeError(
      `Cannot ${action}: expectedReturns must hold one value per asset: current length is 0`,
    );
  }
  const current = toFiniteArray(action, "currentWeights", problem.currentWeights);
  if (current.length !== n) {
    throw new TypeError(
      `Cannot ${action}: currentWeights must hold one weight per asset (${n}, the length of expectedReturns): ` +
        `current length is ${current.length}`,
    );
  }
  const sigma = toCovariance(action, "covariance", problem.covariance, n);
  assertPositive(action, "riskAversion", problem.riskAversion);
  const { longOnly = false, budget } = problem;
  if (typeof longOnly !== "boolean") {
    throw new TypeError(
      `Cannot ${action}: longOnly must be a boolean: current value is ${describeValue(longOnly)}`,
    );
  }
  if (budget !== undefined) {
    if (typeof budget !== "number" || !Number.isFinite(budget)) {
      throw new RangeError(
        `Cannot ${action}: budget must be a finite number: current value is ${describeValue(budget)}`,
      );
    }
    if (longOnly && budget < 0) {
      throw new RangeError(`Cannot ${action}: budget must be >= 0 with longOnly: current value is ${budget}`);
    }
  }
  let terms: ConvexCostTerms;
  if (problem.cost !== undefined) {
    if (problem.cost === null || typeof problem.cost.convexTerms !== "function") {
      throw new TypeError(
        `Cannot ${action}: cost must be a TradingCost: current value is ${describeValue(problem.cost)}`,
      );
    }
    if (problem.cost.assets !== n) {
      throw new TypeError(
        `Cannot ${action}: cost must price ${n} assets (one per expected return): current value prices ${problem.cost.assets}`,
      );
    }
    if (problem.portfolioValue === undefined) {
      throw new RangeError(
        `Cannot ${action}: portfolioValue must be given with a cost: current value is undefined`,
      );
    }
    assertPositive(action, "portfolioValue", problem.portfolioValue);
    terms = problem.cost.convexTerms(problem.portfolioValue);
  } else {
    terms = { linear: new Float64Array(n), power: new Float64Array(n), exponent: 1.5 };
  }
  return {
    n,
    mu,
    sigma,
    lambda: problem.riskAversion,
    cost: { current, linear: terms.linear, power: terms.power, exponent: terms.exponent, longOnly },
    budget: budget ?? null,
  };
}

/** Utility, return, variance and cost of weights `w` for a prepared problem. */
export function rebalanceUtility(
  p: PreparedRebalance,
  w: Float64Array,
): { expectedReturn: number; variance: number; cost: number; utility: number; turnover: number } {
  const sw = new Float64Array(p.n);
  multiply(p.sigma, w, sw);
  let expectedReturn = 0, variance = 0, cost = 0, turnover = 0;
  for (let i = 0; i < p.n; i++) {
    expectedReturn += p.mu[i]! * w[i]!;
    variance += w[i]! * sw[i]!;
    const q = Math.abs(w[i]! - p.cost.current[i]!);
    turnover += q;
    if (q > 0) cost += p.cost.linear[i]! * q + p.cost.power[i]! * Math.pow(q, p.cost.exponent);
  }
  return {
    expectedReturn,
    variance,
    cost,
    utility: expectedReturn - 0.5 * p.lambda * variance - cost,
    turnover,
  };
}

/**
 * The impact-aware single-period rebalance:
 *
 * ```
 * maximise   mu'w - (lambda/2) w' Sigma w - sum_i [ (halfSpread_i + fee) |u_i| + sigma_i eta (|u_i| W / V_i)^delta |u_i| ]
 * subject to u = w - w_current,  w >= 0 (longOnly),  sum w = budget (budget)
 * ```
 *
 * the single-period optimisation of Boyd et al. (2017, Section 4.2, with the transaction cost of eq. 2.4
 * and the 3/2-power impact of their Section 2.3) with the square-root law's cost (see {@linkcode TradingCost}).
 * Convex for `delta > 0`, so the optimum is unique when `Sigma` is positive definite. Solved by FISTA with
 * backtracking and adaptive restart (Beck & Teboulle 2009; O'Donoghue & Candès 2015) using the exact
 * separable prox of the cost; the budget enters the prox through its multiplier. Check the optimum with
 * {@linkcode rebalanceOptimality} (the KKT conditions). Cost per iteration: one `n x n` matrix-vector
 * product plus a few passes over the assets; a 100-asset problem takes a few hundred iterations.
 *
 * @param problem returns, covariance, current weights, risk aversion, cost object and constraints.
 * @param options tolerance, iteration cap, starting point.
 * @returns the optimal weights and trades with their return, variance, cost and utility.
 * @throws {TypeError} for mismatched lengths or a non-square covariance.
 * @throws {RangeError} for non-finite inputs, `riskAversion <= 0`, an asymmetric covariance, a cost without
 *   `portfolioValue`, or an infeasible long-only budget.
 *
 * @example
 * ```ts
 * import { optimizeRebalance, TradingCost } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const problem = {
 *   expectedReturns: [0.001, 0.0005], covariance: [[4e-4, 1e-4], [1e-4, 9e-4]],
 *   currentWeights: [0.2, 0.8], riskAversion: 5, longOnly: true, budget: 1,
 * };
 * const free = optimizeRebalance(problem);
 * const cost = new TradingCost({ law: { eta: 1, delta: 0.5 }, dailyVolatility: [0.02, 0.03],
 *   averageDailyVolume: [1e8, 1e8], halfSpread: 1e-4 });
 * const aware = optimizeRebalance({ ...problem, cost, portfolioValue: 1e7 });
 * assert.ok(aware.turnover < free.turnover); // costs make it trade less
 * assert.ok(Math.abs(aware.weights[0]! + aware.weights[1]! - 1) < 1e-12);
 * ```
 */
export function optimizeRebalance(
  problem: RebalanceProblem,
  options: RebalanceOptions = {},
): RebalanceResult {
  const action = "optimise rebalance";
  const p = prepareRebalance(action, problem);
  assertObject(action, "options", options);
  const { tolerance = 1e-12, maxIterations = 100_000 } = options;
  assertPositive(action, "tolerance", tolerance);
  assertInteger(action, "maxIterations", maxIterations, 1);
  const start = options.initialWeights === undefined
    ? p.cost.current
    : toFiniteArray(action, "initialWeights", options.initialWeights);
  if (start.length !== p.n) {
    throw new TypeError(
      `Cannot ${action}: initialWeights must hold one weight per asset (${p.n}): current length is ${start.length}`,
    );
  }
  return solvePrepared(action, p, new FistaSolver(p.n), start, { tolerance, maxIterations });
}

/** Solves a prepared problem with a reusable solver (the backtest's path). */
export function solvePrepared(
  action: string,
  p: PreparedRebalance,
  solver: FistaSolver,
  start: Float64Array,
  options: { tolerance: number; maxIterations: number },
): RebalanceResult {
  if (p.cost.longOnly && p.budget !== null && p.budget < 0) {
    throw new RangeError(`Cannot ${action}: budget must be >= 0 with longOnly: current value is ${p.budget}`);
  }
  const weights = new Float64Array(p.n);
  const report = solver.solve(
    { mu: p.mu, sigma: p.sigma, lambda: p.lambda, cost: p.cost, budget: p.budget },
    start,
    weights,
    options,
  );
  const trades = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) trades[i] = weights[i]! - p.cost.current[i]!;
  const u = rebalanceUtility(p, weights);
  assertFiniteResult(action, "the utility", u.utility, {
    riskAversion: p.lambda,
    budget: p.budget,
    expectedReturns: p.mu,
    covariance: p.sigma,
    currentWeights: p.cost.current,
  });
  return {
    weights,
    trades,
    expectedReturn: u.expectedReturn,
    variance: u.variance,
    cost: u.cost,
    utility: u.utility,
    budgetMultiplier: report.nu,
    turnover: u.turnover,
    iterations: report.iterations,
    converged: report.converged,
  };
}
