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
import { assignBlocks, type BlockSpec, describeBlocks } from "../core/bootstrap.ts";
import { stableOrderByKey } from "./_stable_order.ts";
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
   * `"binned"`: weighted nonlinear least squares of the law on the mean impact in `bins` quantile bins of
   * `|Q|/V` (the conditional-average method of Tóth et al. 2011 and Bacry et al. 2015), keeping every bin,
   * robust to market noise.
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
  /**
   * Start time of each observation, UTC ms, finite: with it the bootstrap resamples whole blocks of time
   * (see `block`) instead of single observations, because metaorders that overlap in time or share a day
   * share the market's move and are not independent.
   */
  timestamps?: ArrayLike<number>;
  /**
   * Blocks of the block bootstrap (needs `timestamps`): `"day"` (UTC days, the default when `timestamps` is
   * given), `{ ms }` (windows of that many ms from the first observation) or `{ count }` (runs of that many
   * observations in time order). Without `timestamps` the bootstrap is i.i.d. over observations.
   */
  block?: BlockSpec;
}

/** The bins of a binned fit, in order of participation: what was fitted and how each bin was weighted. */
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
  /** Number of resampled units (observations or blocks) in the data. */
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
  /** Percentile bootstrap interval for `eta`, `[low, high]`. */
  etaInterval: [number, number];
  /** Percentile bootstrap interval for `delta`, `[low, high]`: the draws as fitted, never clipped. */
  deltaInterval: [number, number];
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

interface LineFit {
  intercept: number;
  slope: number;
  rSquared: number;
  /** Duan (1983) smearing factor `mean(exp(residual))`. */
  smearing: number;
}

/**
 * Weighted ordinary least squares of y on x: observation j enters `weights[j]` times (all once when
 * `weights` is null). Centred sums for numerical stability; a bootstrap resample is passed as counts,
 * equal to the fit on the expanded resample up to the order of rounding. `x` and `y` must be finite.
 *
 * Three passes in index order. The first two add every term, since a zero weight adds an exact 0 to a
 * sum; the first also lists the observations of nonzero weight in `nonzero`, and the third (with the
 * `exp` of the smearing factor, most of the cost) visits only those. Each sum is the same as one that
 * skips the zero weights, to the bit.
 *
 * @param nonzero scratch space of at least `x.length` entries (allocated when not given), so that the
 *   bootstrap fits allocate nothing.
 */
function fitLine(
  x: Float64Array,
  y: Float64Array,
  weights: Int32Array | null,
  nonzero: Int32Array = new Int32Array(x.length),
): LineFit {
  const m = x.length;
  const w = weights ?? new Int32Array(m).fill(1);
  let n = 0, mx = 0, my = 0, used = 0;
  for (let j = 0; j < m; j++) {
    const wj = w[j]!;
    n += wj;
    mx += wj * x[j]!;
    my += wj * y[j]!;
    nonzero[used] = j;
    used += wj === 0 ? 0 : 1;
  }
  mx /= n;
  my /= n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let j = 0; j < m; j++) {
    const wj = w[j]!;
    const dx = x[j]! - mx, dy = y[j]! - my;
    sxx += wj * dx * dx;
    sxy += wj * dx * dy;
    syy += wj * dy * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  const intercept = my - slope * mx;
  let sse = 0, smear = 0;
  for (let k = 0; k < used; k++) {
    const j = nonzero[k]!, wj = w[j]!;
    const r = y[j]! - intercept - slope * x[j]!;
    sse += wj * r * r;
    smear += wj * Math.exp(r);
  }
  return { intercept, slope, rSquared: syy > 0 ? Math.max(0, 1 - sse / syy) : 1, smearing: smear / n };
}

interface BinStatistics {
  participation: number[];
  meanImpact: number[];
  standardError: (number | null)[];
  count: number[];
}

/**
 * Means and standard errors of the impact in `bins` equal-count bins of observations sorted by size, given
 * as counts (observation j enters `weights[j]` times; all once when null): positions
 * `[floor(b n / bins), floor((b + 1) n / bins))` of the expanded sample form bin b, and an observation whose
 * copies straddle a bin edge is split between the two bins. Sums are shifted by the bin's first value, so a
 * bin of equal values has a standard error of exactly 0. Cost O(n + bins).
 */
function binStatistics(
  participation: Float64Array,
  signedImpact: Float64Array,
  weights: Int32Array | null,
  total: number,
  bins: number,
): BinStatistics {
  const out: BinStatistics = { participation: [], meanImpact: [], standardError: [], count: [] };
  let b = 0, position = 0, sq = 0, s1 = 0, s2 = 0, ref = NaN;
  let from = 0, to = Math.floor(total / bins);
  const close = () => {
    const m = to - from;
    if (m > 0) {
      const d = s1 / m;
      out.participation.push(sq / m);
      out.meanImpact.push(ref + d);
      out.standardError.push(m > 1 ? Math.sqrt(Math.max(0, (s2 - m * d * d) / (m - 1)) / m) : null);
      out.count.push(m);
    }
    b++;
    from = to;
    to = Math.floor(((b + 1) * total) / bins);
    sq = s1 = s2 = 0;
    ref = NaN;
  };
  for (let j = 0; j < participation.length && b < bins; j++) {
    let copies = weights ? weights[j]! : 1;
    while (copies > 0 && b < bins) {
      const take = Math.min(copies, to - position);
      if (take > 0) {
        if (Number.isNaN(ref)) ref = signedImpact[j]!;
        const d = signedImpact[j]! - ref;
        sq += take * participation[j]!;
        s1 += take * d;
        s2 += take * d * d;
        position += take;
        copies -= take;
      }
      if (position === to) close();
    }
  }
  while (b < bins) close(); // trailing empty bins (none when every weight is counted)
  return out;
}

/**
 * Inverse-variance weights `1 / se_b^2` of bin means, normalised to sum to the number of bins. A bin whose
 * standard error is 0 or undefined (one observation) takes the smallest positive standard error among the
 * bins; when no bin has one, every bin weighs 1.
 */
function binWeights(standardError: readonly (number | null)[]): { weight: Float64Array; weighting: string } {
  const k = standardError.length;
  let smallest = Infinity, replaced = 0;
  for (const se of standardError) if (se !== null && se > 0 && se < smallest) smallest = se;
  const weight = new Float64Array(k);
  if (smallest === Infinity) {
    weight.fill(1);
    return { weight, weighting: "equal weights (no bin has a positive standard error)" };
  }
  let sum = 0;
  for (let b = 0; b < k; b++) {
    const se = standardError[b]!;
    const used = se !== null && se > 0 ? se : (replaced++, smallest);
    weight[b] = (smallest / used) ** 2; // = 1 / se^2 up to a common factor, which cannot overflow
    sum += weight[b]!;
  }
  for (let b = 0; b < k; b++) weight[b] = (weight[b]! * k) / sum;
  return {
    weight,
    weighting: "inverse variance of each bin mean, 1 / se^2 with se = sample sd / sqrt(count)" +
      (replaced > 0 ? `; ${replaced} bin(s) with se 0 or one observation took the smallest positive se` : ""),
  };
}

interface PowerFit {
  eta: number;
  delta: number;
  rSquared: number;
}

/**
 * Weighted nonlinear least squares of `y_b = eta * q_b^delta` (Levenberg 1944; Marquardt 1963): minimises
 * `sum_b w_b (y_b - eta q_b^delta)^2` over `(eta, delta)` from `start`, or else from the log-log OLS of the
 * bins with a positive mean (delta = 1/2 when fewer than two), with `eta` at its weighted least-squares value
 * for that delta. Returns NaN parameters when the problem is singular (all `q_b` equal) or diverges.
 */
function fitPowerLaw(
  q: readonly number[],
  means: readonly number[],
  w: Float64Array,
  start: { eta: number; delta: number } | null,
): PowerFit {
  const k = q.length;
  // Fitted on y / scale (largest |y| = 1), so squares cannot overflow; eta is scaled back at the end.
  let scale = 0;
  for (const v of means) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0 && Number.isFinite(scale))) scale = 1;
  const y = Float64Array.from(means, (v) => v / scale);
  const lnq = Float64Array.from(q, Math.log);
  const m = new Float64Array(k);
  const sse = (eta: number, delta: number) => {
    let s = 0;
    for (let b = 0; b < k; b++) {
      const r = y[b]! - eta * Math.exp(delta * lnq[b]!);
      s += w[b]! * r * r;
    }
    return s;
  };
  const profileEta = (delta: number) => {
    let num = 0, den = 0;
    for (let b = 0; b < k; b++) {
      const mb = Math.exp(delta * lnq[b]!);
      num += w[b]! * y[b]! * mb;
      den += w[b]! * mb * mb;
    }
    return num / den;
  };
  let delta: number, eta: number;
  if (start && Number.isFinite(start.eta) && Number.isFinite(start.delta)) {
    eta = start.eta / scale;
    delta = start.delta;
  } else {
    const px: number[] = [], py: number[] = [];
    for (let b = 0; b < k; b++) {
      if (y[b]! > 0) {
        px.push(lnq[b]!);
        py.push(Math.log(y[b]!));
      }
    }
    const line = px.length >= 2 ? fitLine(Float64Array.from(px), Float64Array.from(py), null) : null;
    delta = line && Number.isFinite(line.slope) ? line.slope : 0.5;
    eta = profileEta(delta);
  }
  let s = sse(eta, delta);
  if (!Number.isFinite(s)) return { eta: NaN, delta: NaN, rSquared: NaN };
  let lambda = 1e-3;
  for (let iteration = 0; iteration < 200 && s > 0; iteration++) {
    let a11 = 0, a12 = 0, a22 = 0, g1 = 0, g2 = 0;
    for (let b = 0; b < k; b++) {
      m[b] = Math.exp(delta * lnq[b]!);
      const j1 = m[b]!, j2 = eta * m[b]! * lnq[b]!, r = y[b]! - eta * m[b]!, wb = w[b]!;
      a11 += wb * j1 * j1;
      a12 += wb * j1 * j2;
      a22 += wb * j2 * j2;
      g1 += wb * j1 * r;
      g2 += wb * j2 * r;
    }
    let accepted = false, dEta = 0, dDelta = 0;
    while (lambda < 1e16) {
      const b11 = a11 * (1 + lambda), b22 = a22 * (1 + lambda);
      const det = b11 * b22 - a12 * a12;
      if (!(det > 0) || !Number.isFinite(det)) {
        lambda *= 10;
        continue;
      }
      dEta = (b22 * g1 - a12 * g2) / det;
      dDelta = (b11 * g2 - a12 * g1) / det;
      const next = sse(eta + dEta, delta + dDelta);
      if (next <= s) {
        eta += dEta;
        delta += dDelta;
        const decrease = s - next;
        s = next;
        lambda = Math.max(lambda / 10, 1e-12);
        accepted = decrease > 1e-15 * s || Math.abs(dDelta) > 1e-13 || Math.abs(dEta) > 1e-13 * Math.abs(eta);
        break;
      }
      lambda *= 10;
    }
    if (!accepted) break;
  }
  if (!Number.isFinite(eta) || !Number.isFinite(delta) || !(a11Positive(lnq))) {
    return { eta: NaN, delta: NaN, rSquared: NaN };
  }
  let sw = 0, my = 0;
  for (let b = 0; b < k; b++) {
    sw += w[b]!;
    my += w[b]! * y[b]!;
  }
  my /= sw;
  let sst = 0;
  for (let b = 0; b < k; b++) sst += w[b]! * (y[b]! - my) ** 2;
  return { eta: eta * scale, delta, rSquared: sst > 0 ? Math.min(1, Math.max(0, 1 - s / sst)) : 1 };
}

/** True when the log participations are not all equal (so delta is identified). */
function a11Positive(lnq: Float64Array): boolean {
  for (let b = 1; b < lnq.length; b++) if (lnq[b] !== lnq[0]) return true;
  return false;
}

/** Blocks with fewer than this many, the block bootstrap's interval is flagged in `warnings`. */
const FEW_BLOCKS = 10;

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
 * Method `"binned"`: sorts the observations with a side by `q = |Q|/V`, cuts them into `bins` equal-count
 * bins, and fits `mean_b(side * impact / sigma) = eta * q_b^delta` (with `q_b` the bin's mean participation)
 * by weighted nonlinear least squares (Levenberg-Marquardt from the log-log fit of the positive bins), each
 * bin weighted by the inverse variance of its mean (`1 / se_b^2`, see `binned.weighting`). Every order and
 * every bin is kept, including bins whose mean is <= 0: only zero sizes are dropped. No smearing: the bin
 * means are already means.
 *
 * Intervals: percentile bootstrap (Efron & Tibshirani 1993, ch. 13) over `bootstrapSamples` resamples,
 * seeded by `seed`: of observations with replacement, or, with `timestamps`, of whole blocks of time
 * (`block`, default UTC days; the non-overlapping block bootstrap of Carlstein 1986), because orders that
 * overlap in time share the market's move. `resampling` says which. The intervals are the draws' percentiles
 * as fitted, never clipped to the domain: when the estimate or an interval leaves the domain (`delta` in
 * (0, 2], `eta` > 0), the result says so with `reliable: false` and `warnings` instead of throwing, and its
 * `model` is null. Cost: one sort, then O(bootstrapSamples * n).
 *
 * @param observations `{ sizes, impacts }`: signed sizes (base units) and signed fractional impacts.
 * @param options volatility, average daily volume and the fit's options.
 * @returns a plain object with the estimates, intervals, counts, reliability and the fitted {@linkcode SquareRootModel}.
 * @throws {TypeError} if `sizes`, `impacts` (and `timestamps`) are not arrays of the same length, or `block`
 *   is given without `timestamps`.
 * @throws {RangeError} for a non-finite value (naming the index), non-positive volatility or volume,
 *   fewer than two usable points, all sizes equal, a fit that does not converge, or options out of range.
 *
 * @example
 * ```ts
 * import { calibrateSquareRoot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const sizes = [100, 400, 900, 1600, -2500];
 * const impacts = sizes.map((q) => Math.sign(q) * 0.02 * 0.7 * Math.sqrt(Math.abs(q) / 10_000));
 * const fit = calibrateSquareRoot({ sizes, impacts }, { volatility: 0.02, averageDailyVolume: 10_000 });
 * assert.ok(Math.abs(fit.delta - 0.5) < 1e-12 && Math.abs(fit.eta - 0.7) < 1e-12);
 * assert.ok(fit.reliable && fit.deltaInterval[0] > 0); // warnings may note resamples of one size, left out
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
    bootstrapSamples = 1000,
    confidence = 0.95,
    seed = 42,
    timestamps: timestampsOption,
    block: blockOption,
  } = options;
  const { sizes, impacts, sigmas, volumes } = observationColumns(
    action,
    observations,
    volatility,
    averageDailyVolume,
  );
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
  let timestamps: Float64Array | null = null;
  if (timestampsOption !== undefined) {
    timestamps = toFiniteArray(action, "timestamps", timestampsOption);
    assertSameLength(action, "sizes", sizes, "timestamps", timestamps);
  } else if (blockOption !== undefined) {
    throw new TypeError(
      `Cannot ${action}: block needs timestamps (one per observation, UTC ms): current timestamps is undefined`,
    );
  }
  if (sizes.length === 0) throw new RangeError(`Cannot ${action}: sizes is empty: current length is 0`);

  // Observations with a side (pointwise: and an impact in its direction) can enter the fit.
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

  // Sorted by size once; a bootstrap resample is drawn as counts over this order, so it stays sorted
  // and the binned fit never sorts again (O(n) per resample instead of O(n log n)).
  // (A stable sort by lnQ, ties in index order; then plain loops, since a typed array's `from` with a
  // mapping function is an order of magnitude slower on a million values. Only the binned fit uses
  // `participation`.)
  const sorted = stableOrderByKey(Int32Array.from(usable), lnQ);
  const m = sorted.length;
  const x = new Float64Array(m), y = new Float64Array(m), signedImpact = new Float64Array(m);
  const participation = new Float64Array(method === "binned" ? m : 0);
  for (let k = 0; k < m; k++) {
    const i = sorted[k]!;
    x[k] = lnQ[i]!;
    signedImpact[k] = normalised[i]!;
  }
  for (let k = 0; k < m; k++) y[k] = signedImpact[k]! > 0 ? Math.log(signedImpact[k]!) : NaN;
  for (let k = 0; k < participation.length; k++) participation[k] = Math.exp(x[k]!);

  /** One fit on counts over the sorted observations (null = each once); NaN parameters when degenerate. */
  const nonzero = method === "pointwise" ? new Int32Array(m) : null; // fitLine's scratch
  const fitOnce = (
    counts: Int32Array | null,
    total: number,
    start: { eta: number; delta: number } | null,
  ) => {
    if (nonzero) {
      const line = fitLine(x, y, counts, nonzero);
      return {
        eta: Math.exp(line.intercept) * line.smearing,
        delta: line.slope,
        rSquared: line.rSquared,
        bins: null,
      };
    }
    const stats = binStatistics(participation, signedImpact, counts, total, Math.min(bins, total));
    const { weight, weighting } = binWeights(stats.standardError);
    return {
      ...fitPowerLaw(stats.participation, stats.meanImpact, weight, start),
      bins: { stats, weight, weighting },
    };
  };

  const base = fitOnce(null, m, null);
  if (method === "pointwise" && x.some((v) => !Number.isFinite(v))) {
    throw new RangeError(
      `Cannot ${action}: the log fit's points overflow double precision (sizes, impacts or volumes too ` +
        `extreme; rescale the units): current x range is ${x[0]} to ${x[m - 1]}`,
    );
  }
  if (!Number.isFinite(base.eta) || !Number.isFinite(base.delta)) {
    throw new RangeError(
      `Cannot ${action}: the ${method} fit gave no finite eta and delta (sizes, impacts or volatility too ` +
        `extreme, or a ${
          method === "binned" ? "least-squares fit that does not converge" : "degenerate log fit"
        }; ` +
        `rescale the units): current estimate is eta ${base.eta}, delta ${base.delta}`,
    );
  }
  const { eta, delta } = base;

  // Resampling units: observations, or blocks of time when timestamps are given.
  let blockOf: Int32Array | null = null, blockCount = m;
  let resampling: BootstrapResampling = {
    unit: "observation",
    block: null,
    units: m,
    description: `i.i.d. bootstrap over ${m.toLocaleString("en-US")} observations`,
  };
  if (timestamps) {
    const spec: BlockSpec = blockOption ?? "day";
    const sortedTimestamps = new Float64Array(m);
    for (let k = 0; k < m; k++) sortedTimestamps[k] = timestamps[sorted[k]!]!;
    const assigned = assignBlocks(sortedTimestamps, spec, "block");
    blockOf = assigned.block;
    blockCount = assigned.count;
    resampling = {
      unit: "block",
      block: spec,
      units: blockCount,
      description: `block bootstrap over ${describeBlocks(spec)} (${
        blockCount.toLocaleString("en-US")
      } blocks)`,
    };
  }

  const etaDraws: number[] = [], deltaDraws: number[] = [];
  let failedResamples = 0;
  if (bootstrapSamples > 0) {
    const rng = new SeededRandom(seed);
    const counts = new Int32Array(m);
    const blockDraws = new Int32Array(blockCount);
    for (let b = 0; b < bootstrapSamples; b++) {
      let total = m;
      if (blockOf) {
        rng.resampleCounts(blockDraws);
        total = 0;
        for (let k = 0; k < m; k++) total += counts[k] = blockDraws[blockOf[k]!]!;
      } else {
        rng.resampleCounts(counts);
      }
      const f = total >= 2 ? fitOnce(counts, total, { eta, delta }) : null;
      // A degenerate resample (all sizes equal, singular or divergent fit) carries no information: skip it.
      if (!f || !Number.isFinite(f.eta) || !Number.isFinite(f.delta)) {
        failedResamples++;
        continue;
      }
      etaDraws.push(f.eta);
      deltaDraws.push(f.delta);
    }
  }
  const alpha = (1 - confidence) / 2;
  const interval = (draws: number[], point: number): [number, number] => {
    if (draws.length === 0) return [point, point];
    const ordered = Float64Array.from(draws).sort();
    return [quantileSorted(ordered, alpha), quantileSorted(ordered, 1 - alpha)];
  };
  const etaInterval = interval(etaDraws, eta), deltaInterval = interval(deltaDraws, delta);

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
  if (etaDraws.length > 0 && !(deltaInterval[0] > 0 && deltaInterval[1] <= 2)) {
    warnings.push(
      `the ${level} interval of delta [${
        deltaInterval.map(show).join(", ")
      }] leaves (0, 2]: the data do not pin the exponent down`,
    );
  }
  if (etaDraws.length > 0 && !(etaInterval[0] > 0)) {
    warnings.push(`the ${level} interval of eta [${etaInterval.map(show).join(", ")}] reaches <= 0`);
  }
  const reliable = warnings.length === 0;
  if (failedResamples > 0) {
    warnings.push(
      `${failedResamples} of ${bootstrapSamples} bootstrap resamples could not be fitted and are left out`,
    );
  }
  if (blockOf && bootstrapSamples > 0 && blockCount < FEW_BLOCKS) {
    warnings.push(
      `only ${blockCount} blocks (${
        describeBlocks(resampling.block!)
      }): a block bootstrap interval needs ${FEW_BLOCKS} or more to mean much`,
    );
  }

  const fitPoints = { x: [] as number[], y: [] as number[] };
  let binned: BinnedFitDetails | null = null;
  if (base.bins) {
    const { stats, weight, weighting } = base.bins;
    binned = { ...stats, weight: Array.from(weight), weighting };
    stats.meanImpact.forEach((v, b) => {
      if (v > 0) {
        fitPoints.x.push(Math.log(stats.participation[b]!));
        fitPoints.y.push(Math.log(v));
      }
    });
  } else {
    for (let k = 0; k < m; k++) { // a push loop: Array.from of a million doubles is several times slower
      fitPoints.x.push(x[k]!);
      fitPoints.y.push(y[k]!);
    }
  }

  return {
    eta,
    delta,
    rSquared: base.rSquared,
    n: m,
    dropped,
    droppedBins: 0,
    failedResamples,
    etaInterval,
    deltaInterval,
    confidence,
    method,
    bootstrap: { eta: etaDraws, delta: deltaDraws },
    resampling,
    fitPoints,
    binned,
    reliable,
    warnings,
    model: reliable
      ? new SquareRootModel({ eta, delta, volatility: mean(sigmas), averageDailyVolume: mean(volumes) })
      : null,
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
