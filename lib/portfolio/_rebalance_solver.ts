/**
 * The rebalance solver's kernel: a validated problem (`prepareRebalance`), its utility, and the solve with a
 * reusable FISTA solver that `optimizeRebalance`, the backtest and `rebalanceOptimality` share.
 *
 * @module
 */
import {
  assertFiniteResult,
  assertObject,
  assertPositive,
  describeValue,
  toFiniteArray,
} from "../core/validate.ts";
import { type FistaSolver, multiply } from "./_fista.ts";
import { toCovariance } from "./_matrix.ts";
import type { SeparableCost } from "./_prox.ts";
import type { ConvexCostTerms } from "./trading_cost.ts";
import type { RebalanceProblem, RebalanceResult } from "./rebalance_problem.ts";

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
