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
  DEFAULT_SEED,
  describeBlocks,
  resamplingUnits,
} from "../core/bootstrap.ts";
import { logBins, quantileBins } from "../core/bins.ts";
import { SeededRandom } from "../core/random.ts";
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

/** The bins of a binned fit, in order of participation. */
export interface FittedBins {
  /** Mean participation `x` of each bin, fraction of daily volume. */
  participation: number[];
  /** Mean of `y` in each bin (impact in units of daily volatility): may be <= 0, and is fitted all the same. */
  meanImpact: number[];
  /** Standard error of each bin mean, `sd / sqrt(count)` (null for a bin of one observation). */
  standardError: (number | null)[];
  /** Observations in each bin. */
  count: number[];
  /** Weight of each bin in the least squares, normalised to sum to the number of bins. */
  weight: number[];
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

/** Search range of `delta` for the power form: a minimum at either end is "not converged". */
const DELTA_RANGE: [number, number] = [-2, 4];
/** Grid points of the profile search before the golden-section refinement. */
const GRID = 121;

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

/** Per-bin sums of a resample (or of the whole sample). */
interface BinSums {
  count: Float64Array;
  sumX: Float64Array;
  sumY: Float64Array;
  sumYY: Float64Array;
}

/** One fit's outcome on bin means. */
interface CurveFit {
  eta: number;
  /** The searched parameter: delta (power) or ln x_c (crossover). */
  theta: number;
  rSquared: number;
  /** Null when fitted; else why not. */
  failure: string | null;
  /** The sum of squares is lower at an end of the search range than at the interior minimum reported. */
  edgeLower: boolean;
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
    resampling = `block bootstrap over ${describeBlocks(spec)}`;
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
  const allFailed = bootstrapSamples > 0 && etaDraws.length === 0 ? [NaN] : null;
  const etaCi = bootstrapInterval(allFailed ?? etaDraws, units.units, confidence, unitName);
  const thetaCi = bootstrapInterval(allFailed ?? thetaDraws, units.units, confidence, unitName);
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
  if (etaCi.intervalNote) warnings.push(etaCi.intervalNote);
  if (failedResamples > 0) {
    warnings.push(
      `${failedResamples} of ${bootstrapSamples} bootstrap resamples could not be fitted and are left out`,
    );
  }
  if (units.mergedSlivers > 0) {
    warnings.push(`${units.mergedSlivers} sliver block(s) resampled together with a neighbour`);
  }
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

/**
 * Joins bins of fewer than `minCount` values to the next non-empty bin (a short last group joins the one
 * before), renumbering densely; empty bins disappear.
 */
function joinSmallBins(
  rawOf: Int32Array,
  rawBins: number,
  minCount: number,
): { binOf: Int32Array; count: number } {
  const sizes = new Int32Array(rawBins);
  for (let i = 0; i < rawOf.length; i++) sizes[rawOf[i]!]!++;
  const map = new Int32Array(rawBins);
  let groups = 0, open = 0;
  for (let k = 0; k < rawBins; k++) {
    map[k] = groups;
    open += sizes[k]!;
    if (open >= minCount) {
      groups++;
      open = 0;
    }
  }
  if (open > 0) { // a short tail: join it to the last full group (or keep it when there is none)
    if (groups > 0) {
      for (let k = rawBins - 1; k >= 0 && map[k] === groups; k--) map[k] = groups - 1;
    } else groups = 1;
  }
  const binOf = new Int32Array(rawOf.length);
  for (let i = 0; i < rawOf.length; i++) binOf[i] = map[rawOf[i]!]!;
  return { binOf, count: groups };
}

/** Non-empty (block, bin) cells with their sums; `shift` is subtracted from y. */
interface Cells {
  length: number;
  block: Int32Array;
  bin: Int32Array;
  count: Float64Array;
  sumX: Float64Array;
  sumY: Float64Array;
  sumYY: Float64Array;
}

function cellSums(
  blockOf: Int32Array,
  nb: number,
  binOf: Int32Array,
  bins: number,
  x: Float64Array,
  y: Float64Array,
  shift: number,
): Cells {
  const n = blockOf.length;
  // Counting sort of the observations by block.
  const start = new Int32Array(nb + 1);
  for (let i = 0; i < n; i++) start[blockOf[i]! + 1]!++;
  for (let b = 0; b < nb; b++) start[b + 1]! += start[b]!;
  const order = new Int32Array(n), fill = start.slice(0, nb);
  for (let i = 0; i < n; i++) order[fill[blockOf[i]!]!++] = i;
  const slot = new Int32Array(bins).fill(-1);
  const cap = Math.min(n, nb * bins);
  const cells: Cells = {
    length: 0,
    block: new Int32Array(cap),
    bin: new Int32Array(cap),
    count: new Float64Array(cap),
    sumX: new Float64Array(cap),
    sumY: new Float64Array(cap),
    sumYY: new Float64Array(cap),
  };
  for (let b = 0; b < nb; b++) {
    const first = cells.length;
    for (let k = start[b]!; k < start[b + 1]!; k++) {
      const i = order[k]!, bin = binOf[i]!;
      let c = slot[bin]!;
      if (c < first) {
        c = cells.length++;
        slot[bin] = c;
        cells.block[c] = b;
        cells.bin[c] = bin;
      }
      const d = y[i]! - shift;
      cells.count[c]!++;
      cells.sumX[c] = cells.sumX[c]! + x[i]!;
      cells.sumY[c] = cells.sumY[c]! + d;
      cells.sumYY[c] = cells.sumYY[c]! + d * d;
    }
  }
  return cells;
}

/**
 * Adds the cells into per-bin sums, each cell weighted by its block's resample count (1 when null); with
 * byte counts, `overflow` lists the blocks (of one observation each, so cell = block) drawn 256 more times.
 */
function accumulate(
  cells: Cells,
  weights: Int32Array | Uint8Array | null,
  out: BinSums,
  overflow: readonly number[] = [],
): void {
  out.count.fill(0);
  out.sumX.fill(0);
  out.sumY.fill(0);
  out.sumYY.fill(0);
  for (let c = 0; c < cells.length; c++) {
    const w = weights ? weights[cells.block[c]!]! : 1;
    if (w === 0) continue;
    const k = cells.bin[c]!;
    out.count[k] = out.count[k]! + w * cells.count[c]!;
    out.sumX[k] = out.sumX[k]! + w * cells.sumX[c]!;
    out.sumY[k] = out.sumY[k]! + w * cells.sumY[c]!;
    out.sumYY[k] = out.sumYY[k]! + w * cells.sumYY[c]!;
  }
  // 256 more draws of block b for each listing (byte counts; one observation per block, so cell b).
  for (const c of overflow) {
    const k = cells.bin[c]!;
    out.count[k] = out.count[k]! + 256 * cells.count[c]!;
    out.sumX[k] = out.sumX[k]! + 256 * cells.sumX[c]!;
    out.sumY[k] = out.sumY[k]! + 256 * cells.sumY[c]!;
    out.sumYY[k] = out.sumYY[k]! + 256 * cells.sumYY[c]!;
  }
}

interface Scratch {
  lnx: Float64Array;
  y: Float64Array;
  w: Float64Array;
  se: Float64Array;
  g: Float64Array;
  k: number;
  replaced: number;
  hasPositiveSe: boolean;
}

function fitScratch(bins: number): Scratch {
  return {
    lnx: new Float64Array(bins),
    y: new Float64Array(bins),
    w: new Float64Array(bins),
    se: new Float64Array(bins),
    g: new Float64Array(bins),
    k: 0,
    replaced: 0,
    hasPositiveSe: false,
  };
}

/**
 * Bin means, standard errors and inverse-variance weights of the non-empty bins into `s` (compacted). A bin
 * whose standard error is 0 or undefined (one observation) takes the smallest positive one; with none, all
 * weights are 1. Weights are normalised to sum to the number of bins.
 */
function binMeans(sums: BinSums, shift: number, s: Scratch): void {
  let k = 0, smallest = Infinity;
  for (let b = 0; b < sums.count.length; b++) {
    const m = sums.count[b]!;
    if (!(m > 0)) continue;
    const d = sums.sumY[b]! / m;
    s.lnx[k] = Math.log(sums.sumX[b]! / m);
    s.y[k] = shift + d;
    const se = m > 1 ? Math.sqrt(Math.max(0, (sums.sumYY[b]! - m * d * d) / (m - 1)) / m) : NaN;
    s.se[k] = se;
    if (se > 0 && se < smallest) smallest = se;
    k++;
  }
  s.k = k;
  s.replaced = 0;
  s.hasPositiveSe = smallest < Infinity;
  let total = 0;
  for (let j = 0; j < k; j++) {
    let w = 1;
    if (s.hasPositiveSe) {
      const se = s.se[j]! > 0 ? s.se[j]! : (s.replaced++, smallest);
      w = (smallest / se) ** 2; // 1 / se^2 up to a common factor, which cannot overflow
    }
    s.w[j] = w;
    total += w;
  }
  for (let j = 0; j < k; j++) s.w[j] = (s.w[j]! * k) / total;
}

/**
 * Weighted least squares of `y = Y g_theta(x)` on the bin means: `Y(theta) = sum w y g / sum w g^2` and the
 * profile `S(theta) = sum w y^2 - (sum w y g)^2 / sum w g^2` minimised over theta by a grid, then
 * golden-section search. Power: `g = exp(delta (ln x - ref))` with `ref` the weighted mean of `ln x` (so
 * powers cannot overflow), `Y = Y_ref exp(-delta ref)`; crossover: `g = x / (1 + x / x_c)^(1 - delta)`,
 * theta `= ln x_c`.
 */
function fitCurve(sums: BinSums, shift: number, crossoverDelta: number | null, s: Scratch): CurveFit {
  binMeans(sums, shift, s);
  const k = s.k;
  if (k < 2) {
    return {
      eta: NaN,
      theta: NaN,
      rSquared: NaN,
      failure: `fewer than two non-empty bins (${k})`,
      edgeLower: false,
    };
  }
  let ref = 0, lo = Infinity, hi = -Infinity, sw = 0;
  for (let j = 0; j < k; j++) {
    ref += s.w[j]! * s.lnx[j]!;
    sw += s.w[j]!;
    lo = Math.min(lo, s.lnx[j]!);
    hi = Math.max(hi, s.lnx[j]!);
  }
  ref /= sw;
  if (!(hi > lo)) {
    return {
      eta: NaN,
      theta: NaN,
      rSquared: NaN,
      failure: "every bin has the same mean participation",
      edgeLower: false,
    };
  }
  const power = crossoverDelta === null;
  const [a, b] = power ? DELTA_RANGE : [lo - 2, hi + 2];
  let syy = 0;
  for (let j = 0; j < k; j++) syy += s.w[j]! * s.y[j]! * s.y[j]!;
  const basis = (theta: number) => {
    for (let j = 0; j < k; j++) {
      s.g[j] = power
        ? Math.exp(theta * (s.lnx[j]! - ref))
        : Math.exp(s.lnx[j]! - ref - (1 - crossoverDelta!) * Math.log1p(Math.exp(s.lnx[j]! - theta)));
    }
  };
  const profile = (theta: number) => {
    basis(theta);
    let sgy = 0, sgg = 0;
    for (let j = 0; j < k; j++) {
      sgy += s.w[j]! * s.g[j]! * s.y[j]!;
      sgg += s.w[j]! * s.g[j]! * s.g[j]!;
    }
    return sgg > 0 ? syy - (sgy * sgy) / sgg : NaN;
  };
  /** Same sign as dS/dtheta: `-sgy (sum w g' y sum w g^2 - sum w g y sum w g g')`, g' = dg/dtheta. */
  const slope = (theta: number) => {
    basis(theta);
    let sgy = 0, sgg = 0, sdy = 0, sdg = 0;
    for (let j = 0; j < k; j++) {
      const g = s.g[j]!, w = s.w[j]!;
      const dg = power
        ? (s.lnx[j]! - ref) * g
        : (1 - crossoverDelta!) * g / (1 + Math.exp(theta - s.lnx[j]!));
      sgy += w * g * s.y[j]!;
      sgg += w * g * g;
      sdy += w * dg * s.y[j]!;
      sdg += w * dg * g;
    }
    return -sgy * (sdy * sgg - sgy * sdg);
  };
  // The profile on a grid. The lowest interior local minimum is the fit; the ends of the range are taken only
  // when there is none: towards either end the law degenerates into fitting the largest (or smallest) bin
  // alone, so a lower sum of squares there is an artefact of the range, not a better law.
  const grid = new Float64Array(GRID);
  const step = (b - a) / (GRID - 1);
  let lowest = 0;
  for (let i = 0; i < GRID; i++) {
    grid[i] = profile(a + i * step);
    if (grid[i]! < grid[lowest]! || !Number.isFinite(grid[lowest]!)) lowest = i;
  }
  let best = -1;
  for (let i = 1; i < GRID - 1; i++) {
    const v = grid[i]!;
    if (v <= grid[i - 1]! && v <= grid[i + 1]! && (best < 0 || v < grid[best]!)) best = i;
  }
  const edgeLower = best >= 0 && grid[lowest]! < grid[best]!;
  if (best < 0) best = lowest;
  if (!Number.isFinite(grid[best]!)) {
    return {
      eta: NaN,
      theta: NaN,
      rSquared: NaN,
      failure: "the least squares are not finite",
      edgeLower: false,
    };
  }
  let theta: number;
  if (best === 0 || best === GRID - 1) {
    theta = a + best * step;
  } else {
    // Golden-section search in the bracket around the best grid point, then bisection on the sign of
    // dS/dtheta, which locates the minimum to rounding (S alone is flat there to ~1e-8 in theta).
    const r = (Math.sqrt(5) - 1) / 2;
    let l = a + (best - 1) * step, h = a + (best + 1) * step;
    let c = h - r * (h - l), d = l + r * (h - l), fc = profile(c), fd = profile(d);
    while (h - l > 1e-7 * Math.max(1, Math.abs(l))) {
      if (fc <= fd) {
        h = d;
        d = c;
        fd = fc;
        c = h - r * (h - l);
        fc = profile(c);
      } else {
        l = c;
        c = d;
        fc = fd;
        d = l + r * (h - l);
        fd = profile(d);
      }
    }
    const width = 1e-7 * Math.max(1, Math.abs(l));
    l -= width;
    h += width;
    if (slope(l) < 0 && slope(h) > 0) {
      for (let i = 0; i < 60 && h - l > 1e-15 * Math.max(1, Math.abs(l)); i++) {
        const mid = (l + h) / 2;
        if (slope(mid) > 0) h = mid;
        else l = mid;
      }
    }
    theta = (l + h) / 2;
  }
  const sse = profile(theta);
  let sgy = 0, sgg = 0, my = 0;
  for (let j = 0; j < k; j++) {
    sgy += s.w[j]! * s.g[j]! * s.y[j]!;
    sgg += s.w[j]! * s.g[j]! * s.g[j]!;
    my += s.w[j]! * s.y[j]!;
  }
  my /= sw;
  let sst = 0;
  for (let j = 0; j < k; j++) sst += s.w[j]! * (s.y[j]! - my) ** 2;
  const scaled = sgy / sgg; // Y in units of g, which carries exp(-ref) or exp(-delta ref)
  const eta = power ? scaled * Math.exp(-theta * ref) : scaled * Math.exp(-ref);
  const rSquared = sst > 0 ? Math.min(1, Math.max(0, 1 - sse / sst)) : 1;
  if (best === 0 || best === GRID - 1) {
    if (!power) {
      // x_c at an end of its range: the data show one regime only, which is a finding, not a failed search.
      const regime = best === 0
        ? `no linear regime inside the data: x_c is at the low end of its search range, so the bins follow ` +
          `x^${crossoverDelta} from the smallest up`
        : "no crossover inside the data: x_c is at the high end of its search range, so the bins are linear throughout";
      return { eta, theta, rSquared, failure: regime, edgeLower };
    }
    const what = `delta at the end of its search range [${DELTA_RANGE.join(", ")}]`;
    return { eta, theta, rSquared, failure: `the least-squares fit did not converge (${what})`, edgeLower };
  }
  return { eta, theta, rSquared, failure: null, edgeLower };
}

/** The whole sample's bins for the result (after a fit, whose scratch holds them compacted). */
function describeBins(sums: BinSums, shift: number, s: Scratch): FittedBins & { weighting: string } {
  binMeans(sums, shift, s);
  const out: FittedBins & { weighting: string } = {
    participation: [],
    meanImpact: [],
    standardError: [],
    count: [],
    weight: [],
    weighting: "",
  };
  let j = 0;
  for (let b = 0; b < sums.count.length; b++) {
    const m = sums.count[b]!;
    if (!(m > 0)) continue;
    out.participation.push(sums.sumX[b]! / m);
    out.meanImpact.push(s.y[j]!);
    out.standardError.push(Number.isNaN(s.se[j]!) ? null : s.se[j]!);
    out.count.push(m);
    out.weight.push(s.w[j]!);
    j++;
  }
  out.weighting = s.hasPositiveSe
    ? "weights 1 / se^2, the inverse variance of each bin mean (se = sample sd / sqrt(count))" +
      (s.replaced > 0
        ? `; ${s.replaced} bin(s) with se 0 or one observation took the smallest positive se`
        : "")
    : "equal weights (no bin has a positive standard error)";
  return out;
}
