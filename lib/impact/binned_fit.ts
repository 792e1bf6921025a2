/**
 * The binned square-root fit of the library, used by `calibrateSquareRoot` (method `"binned"`) and by the
 * tape's `metaorderSquareRootLaw`: the conditional-average method of Tóth et al. (2011) and Bacry et al.
 * (2015), as weighted in Di Nosse et al.: observations are grouped in bins of participation `x = |Q|/V`,
 * and `mean_k y = Y * mean_k(x)^delta` is fitted to the bin means by weighted least squares in levels, each
 * bin weighted by the inverse variance of its mean. Every bin is kept, whatever the sign of its mean:
 * leaving out bins with a non-positive mean (as a fit on logarithms must) keeps only the bins that agree
 * with a positive law, and turns noise into one.
 *
 * @module
 */
import {
  assertBootstrapSettings,
  assignBlocks,
  blockResampler,
  type BlockSpec,
  bootstrapInterval,
  type BootstrapOptions,
  describeBlockSpec,
  resamplingUnits,
} from "../core/bootstrap.ts";
import { logBins, quantileBins } from "../core/bins.ts";
import { accumulate, cellSums, joinSmallBins } from "./_bin_cells.ts";
import {
  type BinSums,
  type CurveFit,
  describeBins,
  fitCurve,
  fitScratch,
  type FittedBins,
} from "./_bin_curve_fit.ts";

export type { FittedBins } from "./_bin_curve_fit.ts";
import { bootstrapNotes } from "./_square_root_calibration.ts";
import { DEFAULT_SEED, SeededRandom } from "../core/random.ts";
import {
  assertInteger,
  assertObject,
  assertSameLength,
  describeValue,
  toFiniteArray,
} from "../core/validate.ts";

/** Options of {@linkcode fitBinnedSquareRoot} and {@linkcode fitBinnedCrossover}. */
export interface BinnedFitOptions extends BootstrapOptions {
  /** Number of bins. Default 20; at least 2. */
  bins?: number;
  /** `"quantile"` (default): equal-count bins; `"log"`: equal widths in `ln x`. */
  binning?: "quantile" | "log";
  /**
   * Fewest observations in a bin, >= 1 (default 2, so every bin mean has a standard error): a bin with
   * fewer joins the next one (the last joins the one before).
   */
  minBinCount?: number;
  /**
   * Block of each observation for the block bootstrap: integers `0..blocks-1` in time order (e.g. the
   * metaorders' day). Without `block` and `timestamps`, every observation is its own block (i.i.d.).
   */
  block?: ArrayLike<number>;
  /**
   * Number of blocks when `block` is given, at least the largest block number + 1 (default that): blocks
   * without observations count, and join a neighbour as slivers.
   */
  blockCount?: number;
  /** Observation times, UTC ms: cut into blocks by `blocks` (default `"day"`). Ignored when `block` is given. */
  timestamps?: ArrayLike<number>;
  /** Blocks of `timestamps` (default `"day"`). */
  blocks?: BlockSpec;
  /** Bootstrap resamples. Default 1000; 0 skips (then no interval). */
  bootstrapSamples?: number;
  /** Merge sliver blocks into their neighbour for resampling. Default true. */
  mergeSlivers?: boolean;
}

/** Options of {@linkcode fitBinnedCrossover}. */
export interface BinnedCrossoverOptions extends BinnedFitOptions {
  /** Exponent of the power-law regime above the crossover, held fixed. Default 0.5. */
  delta?: number;
}

/** Result of {@linkcode fitBinnedSquareRoot} and {@linkcode fitBinnedCrossover}: plain, JSON-serialisable. */
export interface BinnedSquareRootFit {
  /**
   * `"power"`: `y = Y x^delta`. `"crossover"`: `y = Y x / (1 + x / x_c)^(1 - delta)`, linear with slope `Y`
   * below `x_c` and `Y x_c^(1 - delta) x^delta` above it.
   */
  form: "power" | "crossover";
  /** Prefactor `Y` (the law's `eta`), in units of `y` per unit of `x^delta` (power) or of `x` (crossover). */
  eta: number;
  /** Exponent `delta`: fitted (power) or the fixed value (crossover). */
  delta: number;
  /** Crossover participation `x_c` (crossover form), else null. */
  crossover: number | null;
  /** Percentile block-bootstrap interval of `eta`; null when there is none (see `intervalNote`). */
  etaInterval: [number, number] | null;
  /** Interval of `delta` (power form); null for the crossover form or when there is no interval. */
  deltaInterval: [number, number] | null;
  /** Interval of `x_c` (crossover form), else null. */
  crossoverInterval: [number, number] | null;
  /** Why there is no interval, e.g. `"no interval (7 blocks)"`; null when there are intervals. */
  intervalNote: string | null;
  /** Confidence level of the intervals. */
  confidence: number;
  /** Weighted R^2 of the bin means in levels, `1 - sum w r^2 / sum w (y - mean_w y)^2`, clamped to [0, 1]. */
  rSquared: number;
  /** The bins fitted. */
  bins: FittedBins;
  /** How bins were cut and weighted, in words. */
  weighting: string;
  /** Observations fitted. */
  n: number;
  /** Blocks, resampled units (after sliver merging), and slivers merged. */
  blocks: number;
  units: number;
  mergedSlivers: number;
  /** How the bootstrap resampled, in words. */
  resampling: string;
  /** Resamples whose fit failed (too few non-empty bins, or no minimum inside the search range). */
  failedResamples: number;
  /** Bootstrap draws (`crossover` empty for the power form). */
  bootstrap: { eta: number[]; delta: number[]; crossover: number[] };
  /** False when the fit failed, did not converge, or its estimate or interval leaves the law's domain. */
  reliable: boolean;
  /** Why the fit is not reliable, then notes that do not change `reliable`. */
  warnings: string[];
}

/**
 * Fits `y = Y x^delta` to bin means by weighted least squares, with block-bootstrap intervals.
 *
 * Method: the observations are cut into `bins` quantile (or logarithmic) bins of `x`, bins of fewer than
 * `minBinCount` joining their neighbour; bin k has mean participation `x_k`, mean `y_k` and standard error
 * `s_k = sd_k / sqrt(n_k)`. The fit minimises `sum_k w_k (y_k - Y x_k^delta)^2` with `w_k = 1 / s_k^2`
 * (Di Nosse, Coletta, Hellwig & Monteiro 2024 weight the bin means the same way; a bin whose standard error
 * is 0 or undefined takes the smallest positive one). For a given `delta` the best `Y` is
 * `sum w y x^delta / sum w x^(2 delta)`, so the fit is a one-dimensional search of this profile over
 * `delta` in [-2, 4]: a grid, then golden-section search and bisection on the derivative's sign, to
 * rounding. The fit is the lowest interior local minimum of the profile: towards either end of the range
 * the law degenerates into fitting the extreme bin alone, so a lower sum of squares there is not a better
 * law (a note in `warnings` says so); with no interior minimum the fit has not converged. Bins with a
 * non-positive mean are kept.
 *
 * Intervals: block bootstrap (`core/bootstrap.ts`): the data are summed per block and bin once, so a
 * resample costs O(blocks * bins) and the bins stay those of the whole sample; slivers resample with their
 * neighbour, and with fewer than 10 units there is no interval (`intervalNote` says so).
 *
 * Never throws on the data's content: when every bin mean is <= 0, the minimum is at the end of the search
 * range, or `Y` or `delta` (or their intervals) leave the domain (`Y > 0`, `delta` in (0, 2]), the result
 * is flagged `reliable: false` with the reason in `warnings`. Cost O(n log n) for the bins, then
 * O(bootstrapSamples * blocks * bins).
 *
 * @param x participation `|Q|/V` of each observation, fraction of daily volume, finite and > 0.
 * @param y side-adjusted impact of each observation in units of daily volatility, finite, any sign.
 * @param options bins, blocks and bootstrap.
 * @returns the fit, its bins, intervals and reliability.
 * @throws {TypeError} if `x`, `y` (or `block`, `timestamps`) differ in length or are not arrays.
 * @throws {RangeError} for a non-finite value, `x <= 0`, fewer than two observations, or a bad option.
 *
 * @example
 * ```ts
 * import { fitBinnedSquareRoot } from "@lib/impact/mod.ts";
 * import assert from "node:assert/strict";
 * // Pairs of equal observations on y = 0.8 sqrt(x): each bin mean lies exactly on the law.
 * const x = [1e-4, 1e-4, 4e-4, 4e-4, 1e-3, 1e-3, 4e-3, 4e-3, 1e-2, 1e-2];
 * const fit = fitBinnedSquareRoot(x, x.map((q) => 0.8 * Math.sqrt(q)), { bins: 5, bootstrapSamples: 0 });
 * assert.ok(Math.abs(fit.delta - 0.5) < 1e-8 && Math.abs(fit.eta - 0.8) < 1e-7);
 * assert.equal(fit.etaInterval, null); // no resamples, no interval
 * assert.equal(fit.intervalNote, "no interval (no bootstrap resamples)");
 * ```
 */
export function fitBinnedSquareRoot(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: BinnedFitOptions = {},
): BinnedSquareRootFit {
  return binnedFit("fit binned square-root law", x, y, options, null);
}

/**
 * Fits the crossover from linear to power-law impact, `y = Y x / (1 + x / x_c)^(1 - delta)`, to bin means:
 * linear (`y ~ Y x`) well below the crossover participation `x_c`, and `Y x_c^(1 - delta) x^delta` well
 * above it. Bucci, Benzaquen, Lillo & Bouchaud (2019, "Crossover from linear to square-root market
 * impact", Phys. Rev. Lett. 122, 108302) find impact linear in small metaorders and square-root in large
 * ones; this interpolating form is a smooth stand-in for their scaling function, not the paper's own.
 * `delta` is held fixed (default 0.5); `Y` and `x_c` are fitted by the same weighted least squares, bins
 * and bootstrap as {@linkcode fitBinnedSquareRoot} (the search is over `ln x_c`, from 2 below the smallest
 * bin's `ln x` to 2 above the largest; a minimum at either end means no crossover inside the data and
 * flags the fit unreliable).
 *
 * @param x participation, fraction of daily volume, > 0.
 * @param y impact in units of daily volatility, any sign.
 * @param options as {@linkcode fitBinnedSquareRoot}, and `delta`.
 * @returns the fit with `crossover` (`x_c`) and `crossoverInterval`.
 * @throws {TypeError} for arrays of different length.
 * @throws {RangeError} for a bad value or option.
 *
 * @example
 * ```ts
 * import { fitBinnedCrossover } from "@lib/impact/mod.ts";
 * import assert from "node:assert/strict";
 * const law = (q: number) => 2 * q / Math.sqrt(1 + q / 1e-3); // Y = 2, x_c = 1e-3, delta = 0.5
 * const x = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1].flatMap((q) => [q, q]);
 * const fit = fitBinnedCrossover(x, x.map(law), { bins: 9, bootstrapSamples: 0 });
 * assert.ok(Math.abs(fit.crossover! / 1e-3 - 1) < 1e-6 && Math.abs(fit.eta - 2) < 1e-6);
 * ```
 */
export function fitBinnedCrossover(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: BinnedCrossoverOptions = {},
): BinnedSquareRootFit {
  const action = "fit binned crossover law";
  assertObject(action, "options", options);
  const { delta = 0.5 } = options;
  if (!(typeof delta === "number" && delta > 0 && delta <= 2)) {
    throw new RangeError(
      `Cannot ${action}: delta must be in (0, 2]: current value is ${describeValue(delta)}`,
    );
  }
  return binnedFit(action, x, y, options, delta);
}

function binnedFit(
  action: string,
  xIn: ArrayLike<number>,
  yIn: ArrayLike<number>,
  options: BinnedFitOptions,
  crossoverDelta: number | null,
): BinnedSquareRootFit {
  assertObject(action, "options", options);
  const {
    bins = 20,
    binning = "quantile",
    minBinCount = 2,
    block: blockOption,
    blockCount,
    timestamps,
    blocks: blockSpec,
    bootstrapSamples = 1000,
    confidence = 0.95,
    seed = DEFAULT_SEED,
    mergeSlivers = true,
  } = options;
  const x = toFiniteArray(action, "x", xIn);
  const y = toFiniteArray(action, "y", yIn);
  assertSameLength(action, "x", x, "y", y);
  // Fitted on y / scale (largest |y| = 1), so sums of squares cannot overflow; scaled back at the end.
  let scale = 0;
  for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(y[i]!));
  if (!(scale > 0)) scale = 1;
  for (let i = 0; i < y.length; i++) y[i] = y[i]! / scale;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    if (!(x[i]! > 0)) {
      throw new RangeError(
        `Cannot ${action}: x[${i}] must be > 0 (a participation): current value is ${x[i]}`,
      );
    }
  }
  if (n < 2) {
    throw new RangeError(`Cannot ${action}: x must have at least 2 observations: current length is ${n}`);
  }
  assertInteger(action, "bins", bins, 2);
  assertInteger(action, "minBinCount", minBinCount, 1);
  assertBootstrapSettings(action, bootstrapSamples, confidence, seed);
  if (binning !== "quantile" && binning !== "log") {
    throw new RangeError(
      `Cannot ${action}: binning must be "quantile" or "log": current value is ${describeValue(binning)}`,
    );
  }

  // Blocks: given, from timestamps, or one per observation.
  let blockOf: Int32Array, nb: number, resampling: string;
  if (blockOption !== undefined) {
    const raw = toFiniteArray(action, "block", blockOption);
    assertSameLength(action, "x", x, "block", raw);
    blockOf = new Int32Array(n);
    nb = 0;
    for (let i = 0; i < n; i++) {
      // The message (a string per element) is built only for a bad value.
      if (!(Number.isSafeInteger(raw[i]!) && raw[i]! >= 0)) assertInteger(action, `block[${i}]`, raw[i]!, 0);
      blockOf[i] = raw[i]!;
      if (raw[i]! + 1 > nb) nb = raw[i]! + 1;
    }
    if (blockCount !== undefined) {
      assertInteger(action, "blockCount", blockCount, nb);
      nb = blockCount;
    }
    resampling = "block bootstrap over the given blocks";
  } else if (timestamps !== undefined) {
    const t = toFiniteArray(action, "timestamps", timestamps);
    assertSameLength(action, "x", x, "timestamps", t);
    const spec = blockSpec ?? "day";
    const assigned = assignBlocks(t, spec, "blocks");
    blockOf = assigned.block;
    nb = assigned.count;
    resampling = `block bootstrap over ${describeBlockSpec(spec)}`;
  } else {
    blockOf = new Int32Array(n);
    for (let i = 0; i < n; i++) blockOf[i] = i;
    nb = n;
    resampling = "i.i.d. bootstrap over observations";
  }

  // Bins from the whole sample, small ones joined to their neighbour.
  const rawBins = Math.min(bins, n);
  const rawOf = binning === "quantile" ? quantileBins(x, rawBins) : logBins(x, rawBins);
  const { binOf, count: binCount } = joinSmallBins(rawOf, rawBins, minBinCount);

  // Sums per (block, bin) cell, with y shifted by its mean so the variance does not cancel.
  let shift = 0;
  for (let i = 0; i < n; i++) shift += y[i]!;
  shift /= n;
  const cells = cellSums(blockOf, nb, binOf, binCount, x, y, shift);
  const blockSizes = new Float64Array(nb);
  for (let i = 0; i < n; i++) blockSizes[blockOf[i]!]!++;
  const units = resamplingUnits(blockSizes, { mergeSlivers });

  const form = crossoverDelta === null ? "power" : "crossover";
  const sums: BinSums = {
    count: new Float64Array(binCount),
    sumX: new Float64Array(binCount),
    sumY: new Float64Array(binCount),
    sumYY: new Float64Array(binCount),
  };
  const scratch = fitScratch(binCount);
  const fitWeights = (
    weights: Int32Array | Uint8Array | null,
    overflow: readonly number[] = [],
  ): CurveFit => {
    accumulate(cells, weights, sums, overflow);
    return fitCurve(sums, shift, crossoverDelta, scratch);
  };
  const base = fitWeights(null);
  base.eta *= scale;
  const baseBins = describeBins(sums, shift, scratch);
  baseBins.meanImpact = baseBins.meanImpact.map((v) => v * scale);
  baseBins.standardError = baseBins.standardError.map((v) => (v === null ? null : v * scale));

  const etaDraws: number[] = [], thetaDraws: number[] = [];
  let failedResamples = 0;
  if (bootstrapSamples > 0) {
    // One observation per block (i.i.d.): counts in bytes, the same stream as blockResampler's (see
    // SeededRandom.resampleCountsBytes), a quarter of the memory to scatter into.
    const iid = blockOption === undefined && timestamps === undefined;
    const next = iid ? null : blockResampler(units, seed);
    const rng = iid ? new SeededRandom(seed) : null;
    const weights = iid ? new Uint8Array(nb) : new Int32Array(nb), overflow: number[] = [];
    for (let r = 0; r < bootstrapSamples; r++) {
      const f = iid
        ? fitWeights(rng!.resampleCountsBytes(weights as Uint8Array, overflow), overflow)
        : fitWeights(next!(weights as Int32Array));
      if (f.failure !== null) {
        failedResamples++;
        continue;
      }
      etaDraws.push(f.eta * scale);
      thetaDraws.push(f.theta);
    }
  }
  const unitName = blockOption === undefined && timestamps === undefined ? "observations" : "blocks";
  // A NaN for each resample that could not be fitted: bootstrapInterval counts them.
  const failed = Array<number>(failedResamples).fill(NaN);
  const etaCi = bootstrapInterval([...etaDraws, ...failed], units.units, confidence, unitName);
  const thetaCi = bootstrapInterval([...thetaDraws, ...failed], units.units, confidence, unitName);
  const delta = crossoverDelta ?? base.theta;
  const crossover = crossoverDelta === null ? null : Math.exp(base.theta);
  const crossoverDraws = crossoverDelta === null ? [] : thetaDraws.map(Math.exp);
  const thetaInterval = thetaCi.interval;

  const warnings: string[] = [];
  const show = (v: number) => +v.toPrecision(4);
  const level = `${+(confidence * 100).toFixed(6)} %`;
  let positive = 0;
  for (const v of baseBins.meanImpact) if (v > 0) positive++;
  if (positive === 0) {
    warnings.push("every bin mean is <= 0: there is no impact in the orders' direction to fit a law to");
  }
  if (base.failure !== null) warnings.push(base.failure);
  else {
    if (!(base.eta > 0)) warnings.push(`the fitted Y ${show(base.eta)} is not > 0`);
    if (form === "power" && !(delta > 0 && delta <= 2)) {
      warnings.push(
        `the fitted delta ${show(delta)} is outside (0, 2]: no impact law that grows with size fits`,
      );
    }
    if (etaCi.interval && !(etaCi.interval[0] > 0)) {
      warnings.push(`the ${level} interval of Y [${etaCi.interval.map(show).join(", ")}] reaches <= 0`);
    }
    if (form === "power" && thetaInterval && !(thetaInterval[0] > 0 && thetaInterval[1] <= 2)) {
      warnings.push(
        `the ${level} interval of delta [${thetaInterval.map(show).join(", ")}] leaves (0, 2]: ` +
          "the data do not pin the exponent down",
      );
    }
  }
  const reliable = warnings.length === 0;
  if (base.failure === null && base.edgeLower) {
    warnings.push(
      `the sum of squares is lower at the end of the ${form === "power" ? "delta" : "x_c"} search range, ` +
        "where the law fits the extreme bin alone; the interior minimum is reported",
    );
  }
  warnings.push(
    ...bootstrapNotes(etaCi.intervalNote, failedResamples, bootstrapSamples, units.mergedSlivers),
  );
  return {
    form,
    eta: base.eta,
    delta,
    crossover,
    etaInterval: etaCi.interval,
    deltaInterval: form === "power" ? thetaInterval : null,
    crossoverInterval: form === "crossover" && thetaInterval
      ? [Math.exp(thetaInterval[0]), Math.exp(thetaInterval[1])]
      : null,
    intervalNote: etaCi.intervalNote,
    confidence,
    rSquared: base.rSquared,
    bins: baseBins,
    weighting: `${binCount} ${binning} bins of participation (at least ${minBinCount} observations each); ` +
      baseBins.weighting,
    n,
    blocks: nb,
    units: units.units,
    mergedSlivers: units.mergedSlivers,
    resampling: `${resampling} (${units.units.toLocaleString("en-US")} units)`,
    failedResamples,
    bootstrap: { eta: etaDraws, delta: form === "power" ? thetaDraws : [], crossover: crossoverDraws },
    reliable,
    warnings,
  };
}
