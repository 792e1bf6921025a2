/**
 * What {@linkcode calibrateSquareRoot} reads and returns: the observations, the options and the result
 * (a plain, JSON-serialisable object with the estimates, their intervals and the flags that say when not to
 * trust them).
 *
 * @module
 */
import type { BlockSpec, BootstrapOptions } from "../core/bootstrap.ts";
import type { SquareRootModel } from "./square_root.ts";

/** Observations for {@linkcode calibrateSquareRoot}. */
export interface ImpactObservations {
  /** Signed metaorder sizes `Q` in base units (positive buys). */
  sizes: ArrayLike<number>;
  /** Realised signed fractional price changes over each metaorder (same sign convention as `impact`). */
  impacts: ArrayLike<number>;
}

/** Options of {@linkcode calibrateSquareRoot}. */
export interface CalibrationOptions extends BootstrapOptions {
  /**
   * Daily volatility `sigma` used to normalise impacts, fraction per day, > 0: one number for all
   * observations, or one per observation (the fitted `model` then uses their mean).
   */
  dailyVolatility: number | ArrayLike<number>;
  /**
   * Average daily volume `V`, base units per day, > 0: one number, or one per observation (the fitted
   * `model` then uses their mean).
   */
  averageDailyVolume: number | ArrayLike<number>;
  /**
   * `"pointwise"` (default): OLS on the logarithm of every usable observation.
   * `"binned"`: weighted nonlinear least squares of the law on the mean impact in `bins` quantile bins of
   * `|Q|/V` (the conditional-average method of Tóth et al. 2011 and Bacry et al. 2015), keeping every bin,
   * robust to market noise.
   */
  method?: "pointwise" | "binned";
  /** Number of quantile bins for `method: "binned"`. Default 20; at least 2. */
  bins?: number;
  /** Fewest observations in a bin for `method: "binned"` (smaller bins join a neighbour). Default 2. */
  minBinCount?: number;
  /** Bootstrap resamples for the intervals. Default 1000; 0 skips the bootstrap (then no interval). */
  bootstrapSamples?: number;
  /**
   * Start time of each observation, UTC ms, finite: with it the bootstrap resamples whole blocks of time
   * (see `blocks`) instead of single observations, because metaorders that overlap in time or share a day
   * share the market's move and are not independent.
   */
  timestamps?: ArrayLike<number>;
  /**
   * Blocks of the block bootstrap (needs `timestamps`): `"day"` (UTC days, the default when `timestamps` is
   * given), `{ seconds }` (windows from the first observation) or `{ count }` (runs of that many
   * observations in time order). Without `timestamps` the bootstrap is i.i.d. over observations.
   */
  blocks?: BlockSpec;
}

/** The bins of a binned fit ({@linkcode FittedBins}) and how they were cut and weighted, in words. */
export interface BinnedFitDetails {
  /** Mean participation `|Q|/V` of each bin, fraction of daily volume (the `q_b` of the fit). */
  participation: number[];
  /** Mean side-adjusted impact of each bin in units of sigma, `mean(side * impact / sigma)`: may be <= 0. */
  meanImpact: number[];
  /** Standard error of each bin mean, `sd / sqrt(count)`, in units of sigma (null for a bin of one observation). */
  standardError: (number | null)[];
  /** Observations in each bin. */
  count: number[];
  /** Weight of each bin in the least squares, normalised to sum to the number of bins. */
  weight: number[];
  /** How the weights were set, in words. */
  weighting: string;
}

/** How the bootstrap resampled. */
export interface BootstrapResampling {
  /** `"observation"`: i.i.d. over observations; `"block"`: whole blocks of time with replacement. */
  unit: "observation" | "block";
  /** The block spec (null for i.i.d.). */
  blocks: BlockSpec | null;
  /** Number of resampled units (observations, or blocks after slivers joined a neighbour). */
  units: number;
  /** In words, e.g. `"block bootstrap over UTC days (23 blocks)"`. */
  description: string;
}

/** Result of {@linkcode calibrateSquareRoot}: a plain, JSON-serialisable object. */
export interface SquareRootCalibration {
  /** Estimated prefactor (for the mean impact; see the smearing note on {@linkcode calibrateSquareRoot}). */
  eta: number;
  /** Estimated exponent, as fitted: it may fall outside (0, 2], and then `reliable` is false. */
  delta: number;
  /**
   * Pointwise: R^2 of the log-log fit. Binned: weighted R^2 of the bin means in levels,
   * `1 - sum w r^2 / sum w (y - mean_w y)^2`. Clamped to [0, 1].
   */
  rSquared: number;
  /** Observations that entered the fit. */
  n: number;
  /**
   * Observations left out of the fit: zero size; pointwise, also zero impact or impact against the order's
   * side (binned keeps them all).
   */
  dropped: number;
  /** Bins left out of the binned fit: always 0, since every bin mean is fitted (0 for pointwise too). */
  droppedBins: number;
  /** Bootstrap resamples that could not be fitted (all sizes equal, a singular or non-finite fit). */
  failedResamples: number;
  /** Percentile bootstrap interval for `eta`, `[low, high]`; null when there is none (see `intervalNote`). */
  etaInterval: [number, number] | null;
  /** Percentile bootstrap interval for `delta`: the draws as fitted, never clipped; null when there is none. */
  deltaInterval: [number, number] | null;
  /** Why there is no interval, e.g. `"no interval (7 blocks)"`; null when there are intervals. */
  intervalNote: string | null;
  /** Confidence level of the intervals. */
  confidence: number;
  /** Method used. */
  method: "pointwise" | "binned";
  /** Bootstrap draws of `(eta, delta)` (empty when `bootstrapSamples` is 0), for confidence bands. */
  bootstrap: { eta: number[]; delta: number[] };
  /** How the bootstrap resampled (i.i.d. observations or blocks of time). */
  resampling: BootstrapResampling;
  /**
   * Points for a log-log plot: `x = ln(|Q|/V)`, `y = ln(side * impact / sigma)`; pointwise the fitted
   * observations, binned the bins whose mean is > 0 (a log scale cannot show the others; every bin is in
   * `binned`).
   */
  fitPoints: { x: number[]; y: number[] };
  /** Binned: the bins, their standard errors and weights; null for pointwise. */
  binned: BinnedFitDetails | null;
  /**
   * False when the estimate or its interval leaves the law's domain (`delta` outside (0, 2], `eta` <= 0):
   * then `model` is null, and `assertImpactLaw` (so TCA, execution parameters and predictors) refuses the fit.
   */
  reliable: boolean;
  /** Why the fit is unreliable, and notes that do not change `reliable` (failed resamples, few blocks). */
  warnings: string[];
  /** The fitted law with the mean given volatility and daily volume; null when `reliable` is false. */
  model: SquareRootModel | null;
}
