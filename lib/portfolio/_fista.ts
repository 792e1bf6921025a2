/**
 * Private: the accelerated proximal-gradient solver (FISTA, Beck & Teboulle 2009, "A fast iterative
 * shrinkage-thresholding algorithm for linear inverse problems", SIAM J. Imaging Sci. 2(1), with
 * backtracking on the step) with adaptive gradient restart (O'Donoghue & Candès 2015, "Adaptive restart
 * for accelerated gradient schemes", Found. Comput. Math. 15, Section 3.2) for
 *
 * ```
 * minimise  -mu'w + (lambda/2) w' Sigma w + sum_i (a_i |w_i - w0_i| + b_i |w_i - w0_i|^p)
 * subject to  w >= 0 (optional),  sum w = B (optional)
 * ```
 *
 * The smooth part is a convex quadratic with gradient `-mu + lambda Sigma w`; the rest is the separable
 * convex cost whose prox (with the budget) is `_prox.ts`. FISTA converges for any convex problem of this
 * form, `F(x_k) - F* <= 2 L ||x_0 - x*||^2 / (k + 1)^2` (Beck & Teboulle 2009, Theorem 4.4), and linearly
 * when `Sigma` is positive definite. Written by hand rather than with quadprog: the 3/2-power cost is not
 * quadratic, and an outer loop around a QP solver would need its own convergence argument.
 *
 * @module
 */
import { proxBudget, type SeparableCost } from "./_prox.ts";

/** The data of one solve. */
export interface QuadraticCostProblem {
  mu: Float64Array;
  /** Row-major `n x n`. */
  sigma: Float64Array;
  lambda: number;
  cost: SeparableCost;
  budget: number | null;
}

/** What the solver returns. */
export interface SolveReport {
  iterations: number;
  converged: boolean;
  /** Last `||x+ - y||_inf`, in weight. */
  step: number;
  /** Budget multiplier `nu` at the last prox. */
  nu: number;
}

/** `out = S x` for row-major `S` (n x n). */
export function multiply(sigma: Float64Array, x: Float64Array, out: Float64Array): void {
  const n = x.length;
  for (let i = 0, row = 0; i < n; i++, row += n) {
    let s = 0;
    for (let j = 0; j < n; j++) s += sigma[row + j]! * x[j]!;
    out[i] = s;
  }
}

/**
 * Largest eigenvalue of `diag(scale) S diag(scale)` for a symmetric PSD `S`, estimated by 40 power iterations
 * (an estimate from below; the solver's backtracking corrects it).
 */
export function largestEigenvalue(sigma: Float64Array, scale: Float64Array): number {
  const n = scale.length;
  let x = new Float64Array(n), y = new Float64Array(n);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = 1 + ((i * 0.6180339887498949) % 1);
  let value = 0;
  for (let k = 0; k < 40; k++) {
    let norm = 0;
    for (let i = 0; i < n; i++) norm += x[i]! * x[i]!;
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    for (let i = 0; i < n; i++) z[i] = (x[i]! / norm) * scale[i]!;
    multiply(sigma, z, y);
    value = 0;
    for (let i = 0; i < n; i++) {
      y[i] = y[i]! * scale[i]!;
      value += (z[i]! / scale[i]!) * y[i]!;
    }
    [x, y] = [y, x];
  }
  return value;
}

/** Workspace for repeated solves of the same size (the backtest reuses one). */
export class FistaSolver {
  readonly n: number;
  #x: Float64Array;
  #sx: Float64Array;
  #xNew: Float64Array;
  #sxNew: Float64Array;
  #y: Float64Array;
  #sy: Float64Array;
  #v: Float64Array;
  #t: Float64Array;
  #scale: Float64Array;

  constructor(n: number) {
    this.n = n;
    this.#x = new Float64Array(n);
    this.#sx = new Float64Array(n);
    this.#xNew = new Float64Array(n);
    this.#sxNew = new Float64Array(n);
    this.#y = new Float64Array(n);
    this.#sy = new Float64Array(n);
    this.#v = new Float64Array(n);
    this.#t = new Float64Array(n);
    this.#scale = new Float64Array(n);
  }

  /**
   * Solves from `start` and writes the solution into `out`. `tolerance` bounds the last proximal step
   * `||x+ - y||_inf` (in weight). The steps are diagonal, `t_i = tau / Sigma_ii` (a Jacobi-preconditioned
   * metric: the iteration count then follows the condition number of the correlation matrix, not of the
   * covariance), with `tau = 1 / (lambda lambda_max(correlation))` halved until the quadratic bound holds.
   */
  solve(
    problem: QuadraticCostProblem,
    start: Float64Array,
    out: Float64Array,
    { tolerance, maxIterations }: { tolerance: number; maxIterations: number },
  ): SolveReport {
    const { mu, sigma, lambda, cost, budget } = problem;
    const n = this.n;
    let x = this.#x, sx = this.#sx, xNew = this.#xNew, sxNew = this.#sxNew;
    const y = this.#y, sy = this.#sy, v = this.#v, t = this.#t, scale = this.#scale;
    for (let i = 0; i < n; i++) {
      const d = sigma[i * n + i]!;
      scale[i] = d > 0 ? 1 / Math.sqrt(d) : 1;
    }
    const tau = 1 / (lambda * largestEigenvalue(sigma, scale));
    if (!(tau > 0 && tau < Infinity)) {
      // lambda * lambda_max(correlation) underflows to 0 (or overflows): no step size exists
      throw new RangeError(
        `Cannot rebalance: riskAversion times the covariance's largest eigenvalue must be a finite number > 0 ` +
          `(riskAversion = ${lambda}): current value of the step size is ${tau}`,
      );
    }
    for (let i = 0; i < n; i++) t[i] = tau * scale[i]! * scale[i]!;
    // Start from a feasible point: the prox of the start (a projection onto the constraints, with costs).
    let nu = proxBudget(cost, start, t, budget, 0, x);
    multiply(sigma, x, sx);
    y.set(x);
    sy.set(sx);
    let theta = 1;
    let iterations = 0, step = Infinity, converged = false;
    while (iterations < maxIterations) {
      iterations++;
      for (let i = 0; i < n; i++) v[i] = y[i]! - t[i]! * (lambda * sy[i]! - mu[i]!);
      nu = proxBudget(cost, v, t, budget, nu, xNew);
      multiply(sigma, xNew, sxNew);
      // Backtracking (Beck & Teboulle 2009, Section 4): the quadratic upper bound must hold on d = x+ - y.
      let dd = 0, dsd = 0;
      for (let i = 0; i < n; i++) {
        const d = xNew[i]! - y[i]!;
        dd += (d * d) / t[i]!;
        dsd += d * (sxNew[i]! - sy[i]!);
      }
      if (lambda * dsd > dd * (1 + 1e-10)) {
        for (let i = 0; i < n; i++) t[i]! /= 2;
        iterations--;
        continue;
      }
      step = 0;
      let restart = 0;
      for (let i = 0; i < n; i++) {
        const d = xNew[i]! - y[i]!;
        step = Math.max(step, Math.abs(d));
        restart += ((y[i]! - xNew[i]!) * (xNew[i]! - x[i]!)) / t[i]!;
      }
      if (!(step < Infinity)) break; // NaN or overflow: the caller reports the non-finite utility
      if (step <= tolerance) {
        converged = true;
        [x, xNew] = [xNew, x];
        [sx, sxNew] = [sxNew, sx];
        break;
      }
      let beta: number;
      if (restart > 0) {
        theta = 1;
        beta = 0;
      } else {
        const thetaNew = 0.5 * (1 + Math.sqrt(1 + 4 * theta * theta));
        beta = (theta - 1) / thetaNew;
        theta = thetaNew;
      }
      for (let i = 0; i < n; i++) {
        y[i] = xNew[i]! + beta * (xNew[i]! - x[i]!);
        sy[i] = sxNew[i]! + beta * (sxNew[i]! - sx[i]!);
      }
      [x, xNew] = [xNew, x];
      [sx, sxNew] = [sxNew, sx];
    }
    this.#x = x;
    this.#sx = sx;
    this.#xNew = xNew;
    this.#sxNew = sxNew;
    out.set(x);
    return { iterations, converged, step, nu };
  }
}
