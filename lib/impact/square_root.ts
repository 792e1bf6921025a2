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
import { SeededRandom } from "../core/random.ts";
import { assertImpactLaw, type ImpactLaw, isImpactExponent, squareRootImpact } from "../core/impact_law.ts";
import { mean, quantileSorted } from "../core/statistics.ts";
import {
  assertFinite,
  assertFiniteResult,
  assertInteger,
  assertObject,
  assertPositive,
  assertSameLength,
  toFiniteArray,
} from "../core/validate.ts";

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
   *   or `delta` is outside (0, 2].
   */
  constructor(parameters: SquareRootParameters) {
    const action = "create SquareRootModel";
    assertObject(action, "parameters", parameters, "{ eta, delta, volatility, averageDailyVolume }");
    const { eta, delta, volatility, averageDailyVolume } = parameters;
    assertPositive(action, "eta", eta);
    assertPositive(action, "volatility", volatility);
    assertPositive(action, "averageDailyVolume", averageDailyVolume);
    assertImpactLaw(action, { eta, delta });
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
export interface CalibrationOptions {
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
   * `"binned"`: OLS on the logarithm of the mean impact in `bins` quantile bins of `|Q|/V`, the
   * conditional-average method of Tóth et al. (2011) and Bacry et al. (2015), robust to market noise.
   */
  method?: "pointwise" | "binned";
  /** Number of quantile bins for `method: "binned"`. Default 20; at least 2. */
  bins?: number;
  /** Bootstrap resamples for the intervals. Default 1000; 0 skips the bootstrap (both ends of each interval are then the point estimate). */
  bootstrapSamples?: number;
  /** Confidence level of the percentile intervals, in (0, 1). Default 0.95. */
  confidence?: number;
  /** Seed of the bootstrap resampling. Default 42. */
  seed?: number;
}

/** Result of {@linkcode calibrateSquareRoot}: a plain, JSON-serialisable object. */
export interface SquareRootCalibration {
  /** Estimated prefactor (for the mean impact; see the smearing note on {@linkcode calibrateSquareRoot}). */
  eta: number;
  /** Estimated exponent. */
  delta: number;
  /** R^2 of the fit in log-log space (on points or bins), in [0, 1]. */
  rSquared: number;
  /** Observations that entered the fit. */
  n: number;
  /**
   * Observations left out of the log fit: zero size; pointwise, also zero impact or impact against the
   * order's side; binned, also every observation of a bin whose mean impact is <= 0 (see `droppedBins`).
   */
  dropped: number;
  /** Binned: bins left out because their mean side-adjusted impact was <= 0 (0 for pointwise). */
  droppedBins: number;
  /** Bootstrap resamples that could not be fitted (all sizes equal, or fewer than two usable bins). */
  failedResamples: number;
  /** Percentile bootstrap interval for `eta`, `[low, high]`. */
  etaInterval: [number, number];
  /** Percentile bootstrap interval for `delta`, `[low, high]`. */
  deltaInterval: [number, number];
  /** Confidence level of the intervals. */
  confidence: number;
  /** Method used. */
  method: "pointwise" | "binned";
  /** Bootstrap draws of `(eta, delta)` (empty when `bootstrapSamples` is 0), for confidence bands. */
  bootstrap: { eta: number[]; delta: number[] };
  /** Points of the log fit: `x = ln(|Q|/V)`, `y = ln(side * impact / sigma)`. */
  fitPoints: { x: number[]; y: number[] };
  /** The fitted law with the given volatility and daily volume. */
  model: SquareRootModel;
}

interface LineFit {
  intercept: number;
  slope: number;
  rSquared: number;
  /** Duan (1983) smearing factor `mean(exp(residual))`. */
  smearing: number;
}

/** Ordinary least squares of y on x (closed form, centred sums for numerical stability). */
function fitLine(x: Float64Array, y: Float64Array, index: Int32Array | null): LineFit {
  const n = index ? index.length : x.length;
  let mx = 0, my = 0;
  for (let k = 0; k < n; k++) {
    const i = index ? index[k]! : k;
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let k = 0; k < n; k++) {
    const i = index ? index[k]! : k;
    const dx = x[i]! - mx, dy = y[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  const intercept = my - slope * mx;
  let sse = 0, smear = 0;
  for (let k = 0; k < n; k++) {
    const i = index ? index[k]! : k;
    const r = y[i]! - intercept - slope * x[i]!;
    sse += r * r;
    smear += Math.exp(r);
  }
  return { intercept, slope, rSquared: syy > 0 ? Math.max(0, 1 - sse / syy) : 1, smearing: smear / n };
}

/**
 * {@linkcode fitLine} of a bootstrap resample given as counts: observation j enters `weights[j]` times.
 * The same centred sums, weighted, in one pass each and without gathering a copy of the resample
 * (no allocation); equal to `fitLine` on the expanded resample up to the order of rounding.
 */
function fitLineWeighted(x: Float64Array, y: Float64Array, weights: Int32Array): LineFit {
  const m = x.length;
  let n = 0, mx = 0, my = 0;
  for (let j = 0; j < m; j++) {
    const w = weights[j]!;
    if (w === 0) continue;
    n += w;
    mx += w * x[j]!;
    my += w * y[j]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let j = 0; j < m; j++) {
    const w = weights[j]!;
    if (w === 0) continue;
    const dx = x[j]! - mx, dy = y[j]! - my;
    sxx += w * dx * dx;
    sxy += w * dx * dy;
    syy += w * dy * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  const intercept = my - slope * mx;
  let sse = 0, smear = 0;
  for (let j = 0; j < m; j++) {
    const w = weights[j]!;
    if (w === 0) continue;
    const r = y[j]! - intercept - slope * x[j]!;
    sse += w * r * r;
    smear += w * Math.exp(r);
  }
  return { intercept, slope, rSquared: syy > 0 ? Math.max(0, 1 - sse / syy) : 1, smearing: smear / n };
}

/**
 * {@linkcode binnedLogMeans} of a bootstrap resample given as counts over observations sorted by size:
 * the expanded resample's positions `[floor(b n / bins), floor((b + 1) n / bins))` form bin b, and an
 * observation whose copies straddle a bin edge is split between the two bins.
 */
function binnedLogMeansWeighted(
  participation: Float64Array,
  signedImpact: Float64Array,
  weights: Int32Array,
  total: number,
  bins: number,
): { x: number[]; y: number[] } {
  const xs: number[] = [], ys: number[] = [];
  let b = 0, position = 0, sq = 0, si = 0;
  let from = 0, to = Math.floor(total / bins);
  const close = () => {
    const meanImpact = si / (to - from);
    if (to > from && meanImpact > 0) {
      xs.push(Math.log(sq / (to - from)));
      ys.push(Math.log(meanImpact));
    }
    b++;
    from = to;
    to = Math.floor(((b + 1) * total) / bins);
    sq = 0;
    si = 0;
  };
  for (let j = 0; j < participation.length && b < bins; j++) {
    let copies = weights[j]!;
    while (copies > 0 && b < bins) {
      const take = Math.min(copies, to - position);
      sq += take * participation[j]!;
      si += take * signedImpact[j]!;
      position += take;
      copies -= take;
      if (position === to) close();
    }
  }
  while (b < bins) close(); // trailing empty bins (none when every weight is counted)
  return { x: xs, y: ys };
}

/**
 * Means of `y` in `bins` equal-count bins of `x` (x sorted ascending through `order`).
 * Returns log of bin-mean participation and log of bin-mean normalised impact, skipping bins whose mean is
 * <= 0, with the number of skipped bins and of the observations in them.
 */
function binnedLogMeans(
  lnQ: Float64Array,
  signedImpact: Float64Array,
  order: ArrayLike<number>,
  bins: number,
): { x: Float64Array; y: Float64Array; skippedBins: number; skippedObservations: number } {
  const n = order.length;
  let skippedBins = 0, skippedObservations = 0;
  const xs: number[] = [], ys: number[] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins), to = Math.floor(((b + 1) * n) / bins);
    if (to <= from) continue;
    let sq = 0, si = 0;
    for (let k = from; k < to; k++) {
      const i = order[k]!;
      sq += Math.exp(lnQ[i]!);
      si += signedImpact[i]!;
    }
    const meanImpact = si / (to - from);
    if (meanImpact > 0) {
      xs.push(Math.log(sq / (to - from)));
      ys.push(Math.log(meanImpact));
    } else {
      skippedBins++;
      skippedObservations += to - from;
    }
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys), skippedBins, skippedObservations };
}

/** A positive scalar or array broadcast to `n` positive values; names the bad index. */
function perObservation(
  action: string,
  name: string,
  value: number | ArrayLike<number>,
  n: number,
): Float64Array {
  if (typeof value === "number") {
    assertPositive(action, name, value);
    return new Float64Array(n).fill(value);
  }
  const values = toFiniteArray(action, name, value);
  if (values.length !== n) {
    throw new TypeError(
      `Cannot ${action}: ${name} must be one number or one per observation (${n}): current length is ${values.length}`,
    );
  }
  values.forEach((v, i) => assertPositive(action, `${name}[${i}]`, v));
  return values;
}

/**
 * Calibrates the square-root law `I = sigma * sign(Q) * eta * (|Q|/V)^delta` on observed metaorders.
 *
 * Method (`"pointwise"`, the default): ordinary least squares on
 * `ln(side * impact / sigma) = ln(eta) + delta * ln(|Q| / V)`, where `side = sign(Q)`.
 * Because the mean of a log-normal is not the exponential of its log-mean, `eta` is retransformed
 * with Duan's (1983) smearing factor `mean(exp(residual))`, so the fitted law predicts the *mean*
 * impact, as the square-root law is stated (Tóth et al. 2011). `ln(eta)`'s plain OLS value is
 * `ln(eta) - ln(smearing)`.
 *
 * Drop policy (pointwise): observations that cannot enter a log fit are left out and counted in
 * `dropped`: `Q = 0` (no side), `impact = 0`, and impact against the order's side (`side * impact < 0`,
 * e.g. a buy during which the price fell). When market noise is large relative to impact, dropping
 * biases `eta` upward and `delta` downward: use `method: "binned"`, which averages signed impacts in
 * quantile bins of `|Q|/V` first (keeping every observation) and fits the bin means.
 *
 * Intervals: percentile bootstrap (Efron & Tibshirani 1993, ch. 13) over `bootstrapSamples` resamples
 * of the observations with replacement, seeded by `seed`. Cost: O(bootstrapSamples * n) (binned:
 * one sort, then O(bootstrapSamples * n)).
 *
 * @param observations `{ sizes, impacts }`: signed sizes (base units) and signed fractional impacts.
 * @param options volatility, average daily volume and the fit's options.
 * @returns a plain object with the estimates, intervals, counts and the fitted {@linkcode SquareRootModel}.
 * @throws {TypeError} if `sizes` and `impacts` are not arrays of the same length.
 * @throws {RangeError} for a non-finite value (naming the index), non-positive volatility or volume,
 *   fewer than two usable points, all sizes equal, or options out of range.
 *
 * @example
 * ```ts
 * import { calibrateSquareRoot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const sizes = [100, 400, 900, 1600, -2500];
 * const impacts = sizes.map((q) => Math.sign(q) * 0.02 * 0.7 * Math.sqrt(Math.abs(q) / 10_000));
 * const fit = calibrateSquareRoot({ sizes, impacts }, { volatility: 0.02, averageDailyVolume: 10_000 });
 * assert.ok(Math.abs(fit.delta - 0.5) < 1e-12 && Math.abs(fit.eta - 0.7) < 1e-12);
 * ```
 */
export function calibrateSquareRoot(
  observations: ImpactObservations,
  options: CalibrationOptions,
): SquareRootCalibration {
  const action = "calibrate square-root law";
  if (observations === null || typeof observations !== "object") {
    throw new TypeError(
      `Cannot ${action}: observations must be { sizes, impacts }: current value is ${observations}`,
    );
  }
  assertObject(action, "options", options, "{ volatility, averageDailyVolume }");
  const {
    volatility,
    averageDailyVolume,
    method = "pointwise",
    bins = 20,
    bootstrapSamples = 1000,
    confidence = 0.95,
    seed = 42,
  } = options;
  const sizes = toFiniteArray(action, "sizes", observations.sizes);
  const impacts = toFiniteArray(action, "impacts", observations.impacts);
  assertSameLength(action, "sizes", sizes, "impacts", impacts);
  const sigmas = perObservation(action, "volatility", volatility, sizes.length);
  const volumes = perObservation(action, "averageDailyVolume", averageDailyVolume, sizes.length);
  assertInteger(action, "bootstrapSamples", bootstrapSamples, 0);
  assertInteger(action, "bins", bins, 2);
  assertInteger(action, "seed", seed, -(2 ** 31));
  assertFinite(action, "confidence", confidence);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`Cannot ${action}: confidence must be in (0, 1): current value is ${confidence}`);
  }
  if (method !== "pointwise" && method !== "binned") {
    throw new RangeError(
      `Cannot ${action}: method must be "pointwise" or "binned": current value is ${method}`,
    );
  }
  if (sizes.length === 0) throw new RangeError(`Cannot ${action}: sizes is empty: current length is 0`);

  // Observations with a side and an impact in its direction can enter the log fit.
  const lnQ = new Float64Array(sizes.length);
  const normalised = new Float64Array(sizes.length); // side * impact / sigma, fraction of sigma
  const usable: number[] = [];
  let dropped = 0;
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
    if (method === "binned" || normalised[i]! > 0) usable.push(i);
    else dropped++;
  }
  if (usable.length < 2) {
    throw new RangeError(
      `Cannot ${action}: fewer than two usable points in sizes and impacts (nonzero size, impact in the order's direction): current count is ${usable.length} of ${sizes.length}`,
    );
  }
  const firstQ = lnQ[usable[0]!]!;
  if (usable.every((i) => lnQ[i] === firstQ)) {
    throw new RangeError(
      `Cannot ${action}: all usable sizes are equal, so delta is not identified: current |size| is ${
        Math.abs(sizes[usable[0]!]!)
      }`,
    );
  }

  // One fit = one set of points; pointwise points are the observations, binned points the bin means.
  const lnImpact = normalised.map((v) => (v > 0 ? Math.log(v) : NaN));
  const fitOnce = (
    index: Int32Array,
  ): LineFit & { x: Float64Array; y: Float64Array; skippedBins: number; skippedObservations: number } => {
    if (method === "pointwise") {
      const x = new Float64Array(index.length), y = new Float64Array(index.length);
      for (let k = 0; k < index.length; k++) {
        x[k] = lnQ[index[k]!]!;
        y[k] = lnImpact[index[k]!]!;
      }
      return { ...fitLine(x, y, null), x, y, skippedBins: 0, skippedObservations: 0 };
    }
    // `index` arrives sorted by size (see below), so bins are contiguous runs of it.
    const binned = binnedLogMeans(lnQ, normalised, index, Math.min(bins, index.length));
    // Bin means are already averages, so no retransformation: smearing would double count.
    return { ...fitLine(binned.x, binned.y, null), smearing: 1, ...binned };
  };

  // Sorted by size once; a bootstrap resample is drawn as counts over this order, so it stays sorted
  // and the binned fit never sorts again (O(n) per resample instead of O(n log n)).
  const sorted = Int32Array.from(usable).sort((a, b) => lnQ[a]! - lnQ[b]!);
  const base = fitOnce(sorted);
  if (base.x.some((v) => !Number.isFinite(v)) || base.y.some((v) => !Number.isFinite(v))) {
    throw new RangeError(
      `Cannot ${action}: the log fit's points overflow double precision (sizes, impacts or volumes too ` +
        `extreme; rescale the units): current x range is ${Math.min(...base.x)} to ${Math.max(...base.x)}`,
    );
  }
  if (base.x.length < 2 || !Number.isFinite(base.slope)) {
    throw new RangeError(
      method === "binned"
        ? `Cannot ${action}: fewer than two bins with a positive mean impact: current count is ${base.x.length}`
        : `Cannot ${action}: the pointwise fit has no finite slope: current slope is ${base.slope}`,
    );
  }
  const eta = Math.exp(base.intercept) * base.smearing;
  const delta = base.slope;
  if (!isImpactExponent(delta)) {
    throw new RangeError(
      `Cannot ${action}: the fitted delta must be in (0, 2] for an impact law that grows with size (fitted to sizes and impacts / volatility): current value is ${delta}`,
    );
  }

  const etaDraws: number[] = [], deltaDraws: number[] = [];
  let failedResamples = 0;
  if (bootstrapSamples > 0) {
    const rng = new SeededRandom(seed);
    const m = sorted.length;
    // A resample is drawn as counts over the size order (multinomial weights): the fit is weighted sums
    // over columns laid out in that order once, with no copy of the resample and no allocation per draw.
    const x = Float64Array.from(sorted, (i) => lnQ[i]!);
    const y = Float64Array.from(sorted, (i) => lnImpact[i]!);
    const participation = Float64Array.from(sorted, (i) => Math.exp(lnQ[i]!));
    const signedImpact = Float64Array.from(sorted, (i) => normalised[i]!);
    const counts = new Int32Array(m);
    for (let b = 0; b < bootstrapSamples; b++) {
      counts.fill(0);
      for (let k = 0; k < m; k++) counts[rng.int(m)]!++;
      let f: LineFit & { points: number };
      if (method === "pointwise") {
        f = { ...fitLineWeighted(x, y, counts), points: m };
      } else {
        const binned = binnedLogMeansWeighted(participation, signedImpact, counts, m, Math.min(bins, m));
        f = {
          ...fitLine(Float64Array.from(binned.x), Float64Array.from(binned.y), null),
          smearing: 1,
          points: binned.x.length,
        };
      }
      // A degenerate resample (all sizes equal, or too few positive bins) carries no information: skip it.
      if (f.points < 2 || !Number.isFinite(f.slope)) {
        failedResamples++;
        continue;
      }
      etaDraws.push(Math.exp(f.intercept) * f.smearing);
      deltaDraws.push(f.slope);
    }
  }
  const alpha = (1 - confidence) / 2;
  const interval = (draws: number[], point: number): [number, number] => {
    if (draws.length === 0) return [point, point];
    const sorted = Float64Array.from(draws).sort();
    return [quantileSorted(sorted, alpha), quantileSorted(sorted, 1 - alpha)];
  };

  return {
    eta,
    delta,
    rSquared: base.rSquared,
    n: usable.length - base.skippedObservations,
    dropped: dropped + base.skippedObservations,
    droppedBins: base.skippedBins,
    failedResamples,
    etaInterval: interval(etaDraws, eta),
    deltaInterval: interval(deltaDraws, delta),
    confidence,
    method,
    bootstrap: { eta: etaDraws, delta: deltaDraws },
    fitPoints: { x: Array.from(base.x), y: Array.from(base.y) },
    model: new SquareRootModel({ eta, delta, volatility: mean(sigmas), averageDailyVolume: mean(volumes) }),
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
  const grid = toFiniteArray("compute calibration band", "participations", participations);
  const { bootstrap, confidence } = calibration;
  const alpha = (1 - confidence) / 2;
  const draws = new Float64Array(bootstrap.eta.length);
  return Array.from(grid, (q) => {
    for (let b = 0; b < draws.length; b++) {
      draws[b] = squareRootImpact({ eta: bootstrap.eta[b]!, delta: bootstrap.delta[b]! }, 1, q);
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
