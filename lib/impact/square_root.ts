/**
 * The square-root law of market impact and its calibration.
 *
 * The law (Tóth et al. 2011, eq. 1; Bouchaud, Bonart, Donier & Gould 2018, ch. 12; for Bitcoin metaorders,
 * Donier & Bonart 2015, "A million metaorder analysis of market impact on the Bitcoin", Market
 * Microstructure and Liquidity 1(2), 1550008, who find delta close to 1/2). Almgren, Thum, Hauptmann & Li
 * (2005) do not support a square root for temporary impact: they reject it in favour of a 3/5 power of
 * the trading rate, with a linear permanent term (see {@linkcode Almgren2005Model}).
 *
 * ```
 * I(Q) = sigma * sign(Q) * eta * (|Q| / V)^delta
 * ```
 *
 * with `I` the expected fractional price change (0.001 = 10 bps) caused by a metaorder of signed size `Q`
 * (base units, positive = buy), `sigma` the daily volatility (fraction per day), `V` the average daily
 * volume (base units per day), `eta` (the "Y" constant, dimensionless, of order one) and `delta` (about
 * 1/2 empirically).
 *
 * @module
 */
import { assertImpactLaw, type ImpactLaw, isImpactExponent, squareRootImpact } from "../core/impact_law.ts";
import { SeededRandom } from "../core/random.ts";
import { mean, quantileSorted } from "../core/statistics.ts";
import {
  assertBlockSpec,
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
import { fitBinnedSquareRoot } from "./binned_fit.ts";
import { pointwiseFitter } from "./_pointwise_fit.ts";
import {
  assertFinite,
  assertFiniteResult,
  assertInteger,
  assertObject,
  assertPositive,
  assertSameLength,
  toFiniteArray,
} from "../core/validate.ts";
import { assertObservations, observationColumns } from "./_observations.ts";

/** Parameters of {@linkcode SquareRootModel}. */
export interface SquareRootParameters extends ImpactLaw {
  /** Daily volatility `sigma` as a fraction per day (0.03 = 3 %/day), > 0. */
  volatility: number;
  /** Average daily volume `V` in base units per day (e.g. BTC/day), > 0. */
  averageDailyVolume: number;
}

/**
 * The square-root impact law `I(Q) = sigma * sign(Q) * eta * (|Q| / V)^delta`.
 *
 * A plain, JSON-serialisable value: `JSON.stringify(model)` gives its four parameters.
 *
 * @example
 * ```ts
 * import { SquareRootModel } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const law = new SquareRootModel({ eta: 1, delta: 0.5, volatility: 0.02, averageDailyVolume: 1_000_000 });
 * // 1 % of daily volume moves the price by sigma * sqrt(0.01) = 0.2 % = 20 bps
 * assert.ok(Math.abs(law.impact(10_000) - 0.002) < 1e-15);
 * assert.ok(Math.abs(law.impact(-10_000) + 0.002) < 1e-15);
 * ```
 */
export class SquareRootModel implements SquareRootParameters {
  readonly eta: number;
  readonly delta: number;
  readonly volatility: number;
  readonly averageDailyVolume: number;

  /**
   * @throws {RangeError} if a parameter is non-finite, `eta`, `volatility` or `averageDailyVolume` is <= 0,
   *   `delta` is outside (0, 2], or `parameters` is a calibration flagged `reliable: false`.
   */
  constructor(parameters: SquareRootParameters) {
    const action = "create SquareRootModel";
    assertObject(action, "parameters", parameters, "{ eta, delta, volatility, averageDailyVolume }");
    const { eta, delta, volatility, averageDailyVolume } = parameters;
    assertPositive(action, "eta", eta);
    assertPositive(action, "volatility", volatility);
    assertPositive(action, "averageDailyVolume", averageDailyVolume);
    assertImpactLaw(action, parameters); // also refuses a calibration flagged reliable: false
    this.eta = eta;
    this.delta = delta;
    this.volatility = volatility;
    this.averageDailyVolume = averageDailyVolume;
  }

  /**
   * Expected signed fractional price change of a metaorder, `sigma * sign(Q) * eta * (|Q|/V)^delta`.
   *
   * @param orderSize signed size `Q` in base units (positive buys, negative sells).
   * @returns fraction of the price (0.001 = 10 bps); 0 for `Q = 0`.
   * @throws {RangeError} if `orderSize` is not finite.
   */
  impact(orderSize: number): number {
    assertFinite("compute impact", "orderSize", orderSize);
    if (orderSize === 0) return 0;
    const participation = Math.abs(orderSize) / this.averageDailyVolume;
    const impact = Math.sign(orderSize) * squareRootImpact(this, this.volatility, participation);
    assertFiniteResult("compute impact", "the impact", impact, {
      orderSize,
      averageDailyVolume: this.averageDailyVolume,
    });
    return impact;
  }

  /**
   * Impact cost in quote currency, `|I(Q)| * midPrice * |Q|`: always >= 0, for buys and sells alike.
   *
   * This values the whole order at the *peak* impact `I(Q)`, the price move at completion that the law is
   * calibrated on: an upper bound. An order trading at a constant rate sees its impact build up as
   * `(t/T)^delta` and pays on average `I(Q) / (1 + delta)`, so its expected cost is `cost / (1 + delta)`
   * (2/3 of this for the square-root law; Farmer, Gerig, Lillo & Waelbroeck 2013).
   *
   * @param orderSize signed size `Q` in base units.
   * @param midPrice mid price in quote currency per base unit, > 0.
   * @returns cost in quote currency (e.g. USDT).
   * @throws {RangeError} if `orderSize` is not finite or `midPrice` is not > 0.
   */
  cost(orderSize: number, midPrice: number): number {
    const action = "compute impact cost";
    assertPositive(action, "midPrice", midPrice);
    const cost = Math.abs(this.impact(orderSize)) * midPrice * Math.abs(orderSize);
    assertFiniteResult(action, "the cost |I(Q)| midPrice |Q|", cost, { orderSize, midPrice });
    return cost;
  }

  /**
   * Impact for many sizes at once.
   * @param orderSizes signed sizes in base units.
   * @returns signed fractional price changes, one per size.
   */
  impacts(orderSizes: ArrayLike<number>): Float64Array {
    const sizes = toFiniteArray("compute impacts", "orderSizes", orderSizes);
    const out = new Float64Array(sizes.length);
    for (let i = 0; i < sizes.length; i++) {
      const q = sizes[i]!;
      out[i] = q === 0
        ? 0
        : Math.sign(q) * squareRootImpact(this, this.volatility, Math.abs(q) / this.averageDailyVolume);
      if (!Number.isFinite(out[i]!)) {
        assertFiniteResult("compute impacts", `the impact of orderSizes[${i}]`, out[i]!, {
          [`orderSizes[${i}]`]: q,
          averageDailyVolume: this.averageDailyVolume,
        });
      }
    }
    return out;
  }

  /** The four parameters as a plain object. */
  toJSON(): SquareRootParameters {
    return {
      eta: this.eta,
      delta: this.delta,
      volatility: this.volatility,
      averageDailyVolume: this.averageDailyVolume,
    };
  }
}

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
  volatility: number | ArrayLike<number>;
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
   * (see `block`) instead of single observations, because metaorders that overlap in time or share a day
   * share the market's move and are not independent.
   */
  timestamps?: ArrayLike<number>;
  /**
   * Blocks of the block bootstrap (needs `timestamps`): `"day"` (UTC days, the default when `timestamps` is
   * given), `{ seconds }` (windows from the first observation) or `{ count }` (runs of that many
   * observations in time order). Without `timestamps` the bootstrap is i.i.d. over observations.
   */
  blocks?: BlockSpec;
  /** The same as `blocks` (its earlier name); `blocks` wins when both are given. */
  block?: BlockSpec;
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
  block: BlockSpec | null;
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

/** Units of the law's domain check: delta in (0, 2], eta > 0. */
function domainWarnings(
  eta: number,
  delta: number,
  etaInterval: [number, number] | null,
  deltaInterval: [number, number] | null,
  confidence: number,
): string[] {
  const warnings: string[] = [];
  const level = `${+(confidence * 100).toFixed(6)} %`;
  const show = (v: number) => +v.toPrecision(4);
  if (!isImpactExponent(delta)) {
    warnings.push(
      `the fitted delta ${show(delta)} is outside (0, 2]: no impact law that grows with size fits these data`,
    );
  }
  if (!(eta > 0)) {
    warnings.push(`the fitted eta ${show(eta)} is not > 0: the mean impact is not in the orders' direction`);
  }
  if (deltaInterval && !(deltaInterval[0] > 0 && deltaInterval[1] <= 2)) {
    warnings.push(
      `the ${level} interval of delta [${
        deltaInterval.map(show).join(", ")
      }] leaves (0, 2]: the data do not pin the exponent down`,
    );
  }
  if (etaInterval && !(etaInterval[0] > 0)) {
    warnings.push(`the ${level} interval of eta [${etaInterval.map(show).join(", ")}] reaches <= 0`);
  }
  return warnings;
}

/**
 * Calibrates the square-root law `I = sigma * sign(Q) * eta * (|Q|/V)^delta` on observed metaorders.
 *
 * Method `"pointwise"` (the default): ordinary least squares on
 * `ln(side * impact / sigma) = ln(eta) + delta * ln(|Q| / V)`, where `side = sign(Q)`.
 * Because the mean of a log-normal is not the exponential of its log-mean, `eta` is retransformed
 * with Duan's (1983) smearing factor `mean(exp(residual))`, so the fitted law predicts the *mean*
 * impact, as the square-root law is stated (Tóth et al. 2011). `ln(eta)`'s plain OLS value is
 * `ln(eta) - ln(smearing)`.
 *
 * Drop policy (pointwise): observations that cannot enter a log fit are left out and counted in
 * `dropped`: `Q = 0` (no side), `impact = 0`, and impact against the order's side (`side * impact < 0`,
 * e.g. a buy during which the price fell). When market noise is large relative to impact, dropping
 * biases `eta` upward and `delta` downward: use `method: "binned"`.
 *
 * Method `"binned"`: the library's one binned fit, {@linkcode fitBinnedSquareRoot}, on `x = |Q|/V` and
 * `y = side * impact / sigma`: `bins` quantile bins of `x`, and `mean_b y = eta * (mean_b x)^delta` fitted
 * by weighted least squares in levels, each bin weighted by the inverse variance of its mean
 * (`1 / se_b^2`, see `binned.weighting`). Every order and every bin is kept, including bins whose mean is
 * <= 0: only zero sizes are dropped. No smearing: the bin means are already means. The bins are those of
 * the whole sample; a resample reweights them.
 *
 * Intervals: percentile bootstrap (Efron & Tibshirani 1993, ch. 13; `core/bootstrap.ts`) over
 * `bootstrapSamples` resamples, seeded by `seed`: of observations with replacement, or, with `timestamps`,
 * of whole blocks of time (`blocks`, default UTC days; Carlstein 1986), because orders that overlap in time
 * share the market's move; sliver blocks resample with their neighbour. `resampling` says which. With
 * fewer than 10 resampled units, or no resamples, there is no interval (`etaInterval` and `deltaInterval`
 * null, `intervalNote` says why). The intervals are the draws' percentiles as fitted, never clipped to the
 * domain: when the estimate or an interval leaves the domain (`delta` in (0, 2], `eta` > 0), or the binned
 * fit fails (every bin mean <= 0, no convergence), the result says so with `reliable: false` and `warnings`
 * instead of throwing, and its `model` is null. Cost: O(bootstrapSamples * n) pointwise (no `exp` per
 * resample, see `_pointwise_fit.ts`); binned O(n log n + bootstrapSamples * blocks * bins).
 *
 * @param observations `{ sizes, impacts }`: signed sizes (base units) and signed fractional impacts.
 * @param options volatility, average daily volume and the fit's options.
 * @returns a plain object with the estimates, intervals, counts, reliability and the fitted {@linkcode SquareRootModel}.
 * @throws {TypeError} if `sizes`, `impacts` (and `timestamps`) are not arrays of the same length, or
 *   `blocks` is given without `timestamps`.
 * @throws {RangeError} for a non-finite value (naming the index), non-positive volatility or volume,
 *   fewer than two usable points, all sizes equal, a pointwise fit that overflows, or options out of range.
 *
 * @example
 * ```ts
 * import { calibrateSquareRoot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const sizes = [100, 400, 900, 1600, -2500, 3600, -4900, 6400, 8100, -10000, 12100, 14400];
 * const impacts = sizes.map((q) => Math.sign(q) * 0.02 * 0.7 * Math.sqrt(Math.abs(q) / 10_000));
 * const fit = calibrateSquareRoot({ sizes, impacts }, { volatility: 0.02, averageDailyVolume: 10_000 });
 * assert.ok(Math.abs(fit.delta - 0.5) < 1e-12 && Math.abs(fit.eta - 0.7) < 1e-12);
 * assert.ok(fit.reliable && fit.deltaInterval !== null && fit.deltaInterval[0] > 0);
 * // Five observations are too few units for an interval.
 * const few = calibrateSquareRoot({ sizes: sizes.slice(0, 5), impacts: impacts.slice(0, 5) }, {
 *   volatility: 0.02, averageDailyVolume: 10_000,
 * });
 * assert.equal(few.deltaInterval, null);
 * assert.equal(few.intervalNote, "no interval (5 observations)");
 * ```
 */
export function calibrateSquareRoot(
  observations: ImpactObservations,
  options: CalibrationOptions,
): SquareRootCalibration {
  const action = "calibrate square-root law";
  assertObservations(action, observations);
  assertObject(action, "options", options, "{ volatility, averageDailyVolume }");
  const {
    volatility,
    averageDailyVolume,
    method = "pointwise",
    bins = 20,
    minBinCount = 2,
    bootstrapSamples = 1000,
    confidence = 0.95,
    seed = DEFAULT_SEED,
    timestamps: timestampsOption,
    block: legacyBlock,
  } = options;
  const blockOption = options.blocks ?? legacyBlock;
  const { sizes, impacts, sigmas, volumes } = observationColumns(
    action,
    observations,
    volatility,
    averageDailyVolume,
  );
  assertInteger(action, "bins", bins, 2);
  assertInteger(action, "minBinCount", minBinCount, 1);
  assertBootstrapSettings(action, bootstrapSamples, confidence, seed);
  if (method !== "pointwise" && method !== "binned") {
    throw new RangeError(
      `Cannot ${action}: method must be "pointwise" or "binned": current value is ${method}`,
    );
  }
  let timestamps: Float64Array | null = null;
  if (timestampsOption !== undefined) {
    timestamps = toFiniteArray(action, "timestamps", timestampsOption);
    assertSameLength(action, "sizes", sizes, "timestamps", timestamps);
  } else if (blockOption !== undefined) {
    throw new TypeError(
      `Cannot ${action}: blocks needs timestamps (one per observation, UTC ms): current timestamps is undefined`,
    );
  }
  if (blockOption !== undefined) assertBlockSpec(action, blockOption, options.blocks ? "blocks" : "block");
  if (sizes.length === 0) throw new RangeError(`Cannot ${action}: sizes is empty: current length is 0`);

  // Observations with a side (pointwise: and an impact in its direction) can enter the fit.
  const lnQ = new Float64Array(sizes.length);
  const normalised = new Float64Array(sizes.length); // side * impact / sigma, fraction of sigma
  const usable = new Int32Array(sizes.length);
  let m = 0, dropped = 0;
  for (let i = 0; i < sizes.length; i++) {
    const q = sizes[i]!;
    if (q === 0) {
      dropped++;
      continue;
    }
    lnQ[i] = Math.log(Math.abs(q) / volumes[i]!);
    normalised[i] = (Math.sign(q) * impacts[i]!) / sigmas[i]!;
    if (!Number.isFinite(lnQ[i]!)) {
      throw new RangeError(
        `Cannot ${action}: |sizes[${i}]| / averageDailyVolume ${
          lnQ[i]! > 0 ? "overflows" : "underflows to 0"
        } in double precision (rescale the units): current values are ${q} and ${volumes[i]}`,
      );
    }
    if (!Number.isFinite(normalised[i]!)) {
      throw new RangeError(
        `Cannot ${action}: impacts[${i}] / volatility overflows double precision (rescale the units): ` +
          `current values are ${impacts[i]} and ${sigmas[i]}`,
      );
    }
    if (method === "binned" || normalised[i]! > 0) usable[m++] = i;
    else dropped++;
  }
  if (m < 2) {
    throw new RangeError(
      `Cannot ${action}: fewer than two usable points in sizes and impacts (nonzero size, impact in the order's direction): current count is ${m} of ${sizes.length}`,
    );
  }
  const firstQ = lnQ[usable[0]!]!;
  let distinct = false;
  for (let k = 1; k < m && !distinct; k++) distinct = lnQ[usable[k]!] !== firstQ;
  if (!distinct) {
    throw new RangeError(
      `Cannot ${action}: all usable sizes are equal, so delta is not identified: current |size| is ${
        Math.abs(sizes[usable[0]!]!)
      }`,
    );
  }
  const usedTimestamps = timestamps ? new Float64Array(m) : null;
  if (usedTimestamps) { for (let k = 0; k < m; k++) usedTimestamps[k] = timestamps![usable[k]!]!; }
  const spec: BlockSpec | null = usedTimestamps ? blockOption ?? "day" : null;

  const meanModel = (eta: number, delta: number) =>
    new SquareRootModel({ eta, delta, volatility: mean(sigmas), averageDailyVolume: mean(volumes) });

  if (method === "binned") {
    const x = new Float64Array(m), y = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      x[k] = Math.exp(lnQ[usable[k]!]!);
      y[k] = normalised[usable[k]!]!;
    }
    const fit = fitBinnedSquareRoot(x, y, {
      bins,
      minBinCount,
      bootstrapSamples,
      confidence,
      seed,
      ...(usedTimestamps ? { timestamps: usedTimestamps, blocks: spec! } : {}),
    });
    const warnings = [...fit.warnings];
    if (fit.reliable) {
      // The law's own domain check (the same as the pointwise fit's), on top of the binned fit's.
      const extra = domainWarnings(fit.eta, fit.delta, fit.etaInterval, fit.deltaInterval, confidence);
      warnings.unshift(...extra);
    }
    const reliable = fit.reliable && warnings.length === fit.warnings.length;
    const fitPoints = { x: [] as number[], y: [] as number[] };
    fit.bins.meanImpact.forEach((v, b) => {
      if (v > 0) {
        fitPoints.x.push(Math.log(fit.bins.participation[b]!));
        fitPoints.y.push(Math.log(v));
      }
    });
    return {
      eta: fit.eta,
      delta: fit.delta,
      rSquared: fit.rSquared,
      n: m,
      dropped,
      droppedBins: 0,
      failedResamples: fit.failedResamples,
      etaInterval: fit.etaInterval,
      deltaInterval: fit.deltaInterval,
      intervalNote: fit.intervalNote,
      confidence,
      method,
      bootstrap: { eta: fit.bootstrap.eta, delta: fit.bootstrap.delta },
      resampling: {
        unit: spec ? "block" : "observation",
        block: spec,
        units: fit.units,
        description: spec
          ? `block bootstrap over ${describeBlocks(spec)} (${fit.units.toLocaleString("en-US")} units)`
          : `i.i.d. bootstrap over ${m.toLocaleString("en-US")} observations`,
      },
      fitPoints,
      binned: { ...fit.bins, weighting: fit.weighting },
      reliable,
      warnings,
      model: reliable ? meanModel(fit.eta, fit.delta) : null,
    };
  }

  // Pointwise: the log-log fit of every usable observation, in input order.
  const x = new Float64Array(m), y = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const i = usable[k]!;
    x[k] = lnQ[i]!;
    y[k] = Math.log(normalised[i]!);
  }
  const fitter = pointwiseFitter(x, y);
  const { eta, delta, rSquared } = fitter.base;
  if (!Number.isFinite(eta) || !Number.isFinite(delta)) {
    throw new RangeError(
      `Cannot ${action}: the pointwise fit gave no finite eta and delta (sizes, impacts or volatility too ` +
        `extreme, a degenerate log fit; rescale the units): current estimate is eta ${eta}, delta ${delta}`,
    );
  }

  // Resampling units: observations, or blocks of time (slivers joined to a neighbour).
  let blockOf: Int32Array | null = null, blockCount = m;
  if (usedTimestamps) {
    const assigned = assignBlocks(usedTimestamps, spec!, options.blocks ? "blocks" : "block");
    blockOf = assigned.block;
    blockCount = assigned.count;
  }
  const blockSizes = new Int32Array(blockCount);
  if (blockOf) { for (let k = 0; k < m; k++) blockSizes[blockOf[k]!]!++; }
  else blockSizes.fill(1);
  const units = resamplingUnits(blockSizes);
  const resampling: BootstrapResampling = spec
    ? {
      unit: "block",
      block: spec,
      units: units.units,
      description: `block bootstrap over ${describeBlocks(spec)} (${
        units.units.toLocaleString("en-US")
      } units)`,
    }
    : {
      unit: "observation",
      block: null,
      units: m,
      description: `i.i.d. bootstrap over ${m.toLocaleString("en-US")} observations`,
    };

  const etaDraws: number[] = [], deltaDraws: number[] = [];
  let failedResamples = 0;
  if (bootstrapSamples > 0) {
    // Counts in bytes (1 MB per million observations, see SeededRandom.resampleCountsBytes), with the
    // rare count above 255 carried in `overflow`, 256 copies per entry.
    const counts = new Uint8Array(m), overflow: number[] = [];
    const next = blockOf ? blockResampler(units, seed) : null;
    const rng = blockOf ? null : new SeededRandom(seed);
    const blockDraws = blockOf ? new Int32Array(blockCount) : null;
    for (let r = 0; r < bootstrapSamples; r++) {
      if (blockOf) {
        next!(blockDraws!);
        overflow.length = 0;
        for (let k = 0; k < m; k++) {
          const w = blockDraws![blockOf[k]!]!;
          counts[k] = w & 255;
          for (let extra = w >> 8; extra > 0; extra--) overflow.push(k);
        }
      } else {
        rng!.resampleCountsBytes(counts, overflow);
      }
      const f = fitter.resample(counts, overflow);
      // A degenerate resample (all sizes equal, a non-finite fit) carries no information: skip it.
      if (!Number.isFinite(f.eta) || !Number.isFinite(f.delta)) {
        failedResamples++;
        continue;
      }
      etaDraws.push(f.eta);
      deltaDraws.push(f.delta);
    }
  }
  const unitName = spec ? "blocks" : "observations";
  const allFailed = bootstrapSamples > 0 && etaDraws.length === 0 ? [NaN] : null;
  const etaCi = bootstrapInterval(allFailed ?? etaDraws, units.units, confidence, unitName);
  const deltaCi = bootstrapInterval(allFailed ?? deltaDraws, units.units, confidence, unitName);

  const warnings = domainWarnings(eta, delta, etaCi.interval, deltaCi.interval, confidence);
  const reliable = warnings.length === 0;
  if (etaCi.intervalNote) warnings.push(etaCi.intervalNote);
  if (failedResamples > 0) {
    warnings.push(
      `${failedResamples} of ${bootstrapSamples} bootstrap resamples could not be fitted and are left out`,
    );
  }
  if (units.mergedSlivers > 0) {
    warnings.push(`${units.mergedSlivers} sliver block(s) resampled together with a neighbour`);
  }

  // Filled by index into arrays of the right length: Array.from of a million doubles is several times slower.
  const fitPoints = { x: new Array<number>(m), y: new Array<number>(m) };
  for (let k = 0; k < m; k++) {
    fitPoints.x[k] = x[k]!;
    fitPoints.y[k] = y[k]!;
  }
  return {
    eta,
    delta,
    rSquared,
    n: m,
    dropped,
    droppedBins: 0,
    failedResamples,
    etaInterval: etaCi.interval,
    deltaInterval: deltaCi.interval,
    intervalNote: etaCi.intervalNote,
    confidence,
    method,
    bootstrap: { eta: etaDraws, delta: deltaDraws },
    resampling,
    fitPoints,
    binned: null,
    reliable,
    warnings,
    model: reliable ? meanModel(eta, delta) : null,
  };
}

/** One point of {@linkcode calibrationBand}: impacts in units of daily volatility (`I / sigma`). */
export interface CalibrationBandPoint {
  /** Participation `|Q|/V`, fraction of daily volume. */
  participation: number;
  /** The fitted law, `eta * q^delta`. */
  fit: number;
  /** Lower end of the bootstrap percentile band (NaN without bootstrap draws). */
  low: number;
  /** Upper end of the bootstrap percentile band (NaN without bootstrap draws). */
  high: number;
}

/**
 * The fitted law and its pointwise bootstrap confidence band over a grid of participations, in units of
 * daily volatility: at each `q`, the `(1 - confidence) / 2` and `(1 + confidence) / 2` type-7 percentiles
 * of `eta_b * q^delta_b` over the bootstrap draws `b` (Efron & Tibshirani 1993, ch. 13), the same
 * percentile rule as the calibration's own intervals. Cost: O(grid * draws log draws).
 *
 * @param calibration a result of {@linkcode calibrateSquareRoot}.
 * @param participations the grid, fractions of daily volume, > 0.
 * @returns one point per grid value, in grid order.
 * @throws {TypeError} if `calibration` is not a calibration result or its draws differ in length.
 * @throws {RangeError} for a participation <= 0, a law outside its domain, or a non-finite draw.
 *
 * @example
 * ```ts
 * import { calibrateSquareRoot, calibrationBand } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const fit = calibrateSquareRoot({ sizes: [1, 4, 9, 16], impacts: [0.011, 0.019, 0.031, 0.04] }, {
 *   volatility: 1, averageDailyVolume: 100, bootstrapSamples: 50,
 * });
 * const [p] = calibrationBand(fit, [0.05]);
 * assert.ok(p!.low <= p!.fit && p!.fit <= p!.high);
 * ```
 */
export function calibrationBand(
  calibration: Pick<SquareRootCalibration, "eta" | "delta" | "bootstrap" | "confidence">,
  participations: ArrayLike<number>,
): CalibrationBandPoint[] {
  const action = "compute calibration band";
  assertObject(action, "calibration", calibration, "(a result of calibrateSquareRoot)");
  assertImpactLaw(action, calibration, "calibration");
  assertObject(action, "calibration.bootstrap", calibration.bootstrap, "{ eta, delta }");
  const grid = toFiniteArray(action, "participations", participations);
  grid.forEach((q, i) => assertPositive(action, `participations[${i}]`, q));
  const { bootstrap, confidence } = calibration;
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(
      `Cannot ${action}: calibration.confidence must be in (0, 1): current value is ${confidence}`,
    );
  }
  const etas = toFiniteArray(action, "calibration.bootstrap.eta", bootstrap.eta);
  const deltas = toFiniteArray(action, "calibration.bootstrap.delta", bootstrap.delta);
  assertSameLength(action, "calibration.bootstrap.eta", etas, "calibration.bootstrap.delta", deltas);
  const alpha = (1 - confidence) / 2;
  const draws = new Float64Array(etas.length);
  return Array.from(grid, (q) => {
    for (let b = 0; b < draws.length; b++) {
      draws[b] = squareRootImpact({ eta: etas[b]!, delta: deltas[b]! }, 1, q);
    }
    draws.sort();
    return {
      participation: q,
      fit: squareRootImpact(calibration, 1, q),
      low: quantileSorted(draws, alpha),
      high: quantileSorted(draws, 1 - alpha),
    };
  });
}
