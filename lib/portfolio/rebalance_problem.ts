/**
 * The impact-aware rebalance's problem, options and result (a leaf both `rebalance.ts` and its private solver
 * read).
 *
 * @module
 */
import type { SquareMatrix } from "./_matrix.ts";
import type { TradingCost } from "./trading_cost.ts";

/** The problem `optimizeRebalance` solves. */
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

/** Options of `optimizeRebalance`. */
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
