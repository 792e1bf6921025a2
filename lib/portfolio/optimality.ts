/**
 * The KKT (first-order optimality) conditions of the impact-aware rebalance, checked at given weights.
 *
 * @module
 */
import { assertFiniteResult, toFiniteArray } from "../core/validate.ts";
import { multiply } from "./_fista.ts";
import { prepareRebalance } from "./_rebalance_solver.ts";
import type { RebalanceProblem } from "./rebalance_problem.ts";

/** How far weights are from satisfying the KKT conditions of a {@linkcode RebalanceProblem}. */
export interface RebalanceOptimality {
  /**
   * Largest stationarity violation over assets, units of return per unit of weight: the distance from 0 of
   * the subdifferential `g_i + nu + d cost_i(u_i)` (with `g = -mu + lambda Sigma w`), its one-sided form
   * at a long-only bound. 0 at the optimum.
   */
  stationarity: number;
  /** Per asset, the same violation. */
  residuals: Float64Array;
  /** The budget multiplier `nu` that minimises the largest violation (0 without a budget). */
  budgetMultiplier: number;
  /** `|sum w - budget|` (0 without a budget). */
  budgetError: number;
  /** `max(0, -min w)` with `longOnly`, else 0. */
  boundViolation: number;
  /** `max_i |mu_i| + lambda max_i |(Sigma w)_i|`: the gradient's scale, to read `stationarity` against. */
  scale: number;
}

/**
 * Checks the KKT conditions of `minimise -mu'w + (lambda/2) w'Sigma w + sum_i c_i(w_i - w0_i)` subject to
 * the optional `w >= 0` and `sum w = B` at `weights`, where `c_i(u) = a_i |u| + b_i |u|^p` is the
 * {@linkcode TradingCost} at `portfolioValue` (Boyd & Vandenberghe 2004, "Convex Optimization", Section 5.5.3,
 * with subgradients for the kink of `|u|`). For a convex problem these conditions are necessary and
 * sufficient (Slater holds: the constraints are affine), so a zero violation certifies the optimum.
 *
 * Each asset admits an interval of budget multipliers `nu`: a point when it trades
 * (`nu = -g_i - c_i'(u_i)`), `[-g_i - a_i, -g_i + a_i]` when it does not, and a half-line when long-only
 * holds it at 0. The reported multiplier is the one closest to every interval; without a budget `nu = 0`.
 *
 * @param problem the problem, as passed to `optimizeRebalance`.
 * @param weights the weights to check.
 * @returns the violations.
 * @throws as `optimizeRebalance` for an invalid problem, and a TypeError for weights of the wrong length.
 *
 * @example
 * ```ts
 * import { optimizeRebalance, rebalanceOptimality } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const problem = { expectedReturns: [0.001, 0.0005], covariance: [[4e-4, 1e-4], [1e-4, 9e-4]],
 *   currentWeights: [0.5, 0.5], riskAversion: 5, budget: 1 };
 * const { weights } = optimizeRebalance(problem);
 * assert.ok(rebalanceOptimality(problem, weights).stationarity < 1e-12);
 * assert.ok(rebalanceOptimality(problem, [0.5, 0.5]).stationarity > 1e-4);
 * ```
 */
export function rebalanceOptimality(
  problem: RebalanceProblem,
  weights: ArrayLike<number>,
): RebalanceOptimality {
  const action = "check rebalance optimality";
  const p = prepareRebalance(action, problem);
  const w = toFiniteArray(action, "weights", weights);
  if (w.length !== p.n) {
    throw new TypeError(
      `Cannot ${action}: weights must hold one weight per asset (${p.n}): current length is ${w.length}`,
    );
  }
  const sw = new Float64Array(p.n);
  multiply(p.sigma, w, sw);
  const { current, linear, power, exponent, longOnly } = p.cost;
  const lo = new Float64Array(p.n), hi = new Float64Array(p.n);
  let scale = 0;
  for (let i = 0; i < p.n; i++) {
    const g = -p.mu[i]! + p.lambda * sw[i]!;
    scale = Math.max(scale, Math.abs(p.mu[i]!) + p.lambda * Math.abs(sw[i]!));
    const u = w[i]! - current[i]!;
    const atBound = longOnly && w[i]! <= 0;
    if (u !== 0) {
      const slope = Math.sign(u) * (linear[i]! + power[i]! * exponent * Math.pow(Math.abs(u), exponent - 1));
      lo[i] = hi[i] = -(g + slope);
      // at the bound w = 0 (a sale to zero) only increasing w matters: g + nu + c'(u) >= 0
      if (atBound) hi[i] = Infinity;
    } else {
      lo[i] = -g - linear[i]!;
      hi[i] = atBound ? Infinity : -g + linear[i]!;
    }
  }
  let nu = 0;
  if (p.budget !== null) {
    let maxLo = -Infinity, minHi = Infinity;
    for (let i = 0; i < p.n; i++) {
      maxLo = Math.max(maxLo, lo[i]!);
      minHi = Math.min(minHi, hi[i]!);
    }
    nu = maxLo > minHi
      ? 0.5 * (maxLo + minHi)
      : Number.isFinite(minHi)
      ? Math.max(maxLo, Math.min(0, minHi))
      : maxLo;
  }
  const residuals = new Float64Array(p.n);
  let stationarity = 0, total = 0, lowest = Infinity;
  for (let i = 0; i < p.n; i++) {
    residuals[i] = Math.max(0, lo[i]! - nu, nu - hi[i]!);
    stationarity = Math.max(stationarity, residuals[i]!);
    total += w[i]!;
    lowest = Math.min(lowest, w[i]!);
  }
  assertFiniteResult(action, "the stationarity residual", stationarity + total + scale, {
    weights: w,
    riskAversion: p.lambda,
  });
  return {
    stationarity,
    residuals,
    budgetMultiplier: nu,
    budgetError: p.budget === null ? 0 : Math.abs(total - p.budget),
    boundViolation: longOnly ? Math.max(0, -lowest) : 0,
    scale,
  };
}
