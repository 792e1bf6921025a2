/**
 * The pointwise log-log fit of `calibrateSquareRoot` and its bootstrap kernel (private to the area).
 *
 * The fit: ordinary least squares of `y = ln(side * impact / sigma)` on `x = ln(|Q| / V)` (the library's
 * `lineFromSums`), and `eta = exp(intercept) * smearing` with Duan's (1983) smearing factor
 * `mean(exp(residual))`. A bootstrap resample is given as counts (observation j enters `counts[j]` times).
 *
 * Why a kernel of its own: a resample of a million observations must cost about as much as reading them
 * once. The values are stored centred on the whole sample's means (`xc = x - mean x`, `yc = y - mean y`),
 * so the raw sums of a resample about that centre lose nothing to cancellation and one pass gives all of
 * them. The smearing sum `sum_j w_j exp(yc_j - b xc_j)` needs an `exp` per observation for each resample's
 * slope `b`; instead, with `E_j = exp(yc_j - b0 xc_j)` stored for the whole sample's slope `b0`, it is
 * `sum_k (-(b - b0))^k / k! * M_k` with moments `M_k = sum_j w_j E_j xc_j^k` accumulated in the same pass
 * (a Taylor series of `exp(-(b - b0) xc)`). The series is cut after {@linkcode TERMS} terms when its
 * remainder is below 1e-15 of the sum, which holds when `|b - b0| * max|xc| <= 0.05` (every resample of
 * thousands of observations); otherwise one more pass computes the exponentials exactly.
 *
 * @module
 */
import { lineFromSums } from "../core/ols.ts";

/** Moments `M_0..M_{TERMS-1}` of the smearing series. */
const TERMS = 8;
/** Largest `|b - b0| * max|xc|` for which the series' remainder is below 1e-15 of the sum. */
const SERIES_RADIUS = 0.05;

/** One pointwise fit. */
export interface PointwiseFit {
  eta: number;
  delta: number;
  rSquared: number;
}

/** Fits of the whole sample and of resamples given as counts, over fixed points `(x, y)`. */
export interface PointwiseFitter {
  /** The whole sample's fit. */
  base: PointwiseFit;
  /**
   * The fit of a resample: `counts[j]` copies of point j, plus 256 more for every time j is listed in
   * `overflow` (`SeededRandom.resampleCountsBytes`); NaN parameters when degenerate.
   */
  resample(counts: Uint8Array, overflow?: readonly number[]): PointwiseFit;
}

/**
 * Prepares the pointwise fit of `y` on `x` (finite, at least two distinct x). Cost O(n) with one `exp`
 * per point; then O(n) per resample without `exp` (see the module note).
 */
export function pointwiseFitter(x: Float64Array, y: Float64Array): PointwiseFitter {
  const n = x.length;
  let mx = 0, my = 0;
  for (let j = 0; j < n; j++) {
    mx += x[j]!;
    my += y[j]!;
  }
  mx /= n;
  my /= n;
  // Interleaved (xc, yc, E) so a resample streams through one array.
  const data = new Float64Array(3 * n);
  let maxAbs = 0;
  for (let j = 0; j < n; j++) {
    const xc = x[j]! - mx, yc = y[j]! - my;
    data[3 * j] = xc;
    data[3 * j + 1] = yc;
    if (Math.abs(xc) > maxAbs) maxAbs = Math.abs(xc);
  }
  // Whole-sample line and smearing, exact.
  let sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
  for (let j = 0; j < n; j++) {
    const xc = data[3 * j]!, yc = data[3 * j + 1]!;
    sx += xc;
    sy += yc;
    sxx += xc * xc;
    sxy += xc * yc;
    syy += yc * yc;
  }
  const line = lineFromSums(n, sx, sy, sxx, sxy, syy);
  const b0 = line.slope;
  let smear = 0;
  for (let j = 0; j < n; j++) {
    const e = Math.exp(data[3 * j + 1]! - b0 * data[3 * j]!);
    data[3 * j + 2] = e;
    smear += e;
  }
  const etaOf = (slope: number, smearSum: number, total: number) =>
    Math.exp(my - slope * mx) * (smearSum / total);
  const base: PointwiseFit = {
    eta: etaOf(b0, smear, n),
    delta: b0,
    rSquared: syy > 0 && sxx > 0 ? Math.max(0, 1 - (syy - (sxy * sxy) / sxx) / syy) : 1,
  };
  if (!Number.isFinite(b0)) base.eta = NaN;

  const moments = new Float64Array(TERMS);
  const resample = (counts: Uint8Array, overflow: readonly number[] = []): PointwiseFit => {
    let s0 = 0, s1 = 0, s2 = 0, s11 = 0, s12 = 0;
    let m0 = 0, m1 = 0, m2 = 0, m3 = 0, m4 = 0, m5 = 0, m6 = 0, m7 = 0;
    for (let j = 0, o = 0; j < n; j++, o += 3) {
      const w = counts[j]!;
      const xc = data[o]!, yc = data[o + 1]!;
      const wx = w * xc;
      s0 += w;
      s1 += wx;
      s2 += w * yc;
      s11 += wx * xc;
      s12 += wx * yc;
      let t = w * data[o + 2]!;
      m0 += t;
      t *= xc;
      m1 += t;
      t *= xc;
      m2 += t;
      t *= xc;
      m3 += t;
      t *= xc;
      m4 += t;
      t *= xc;
      m5 += t;
      t *= xc;
      m6 += t;
      t *= xc;
      m7 += t;
    }
    for (const j of overflow) { // 256 more copies of point j
      const o = 3 * j, xc = data[o]!, yc = data[o + 1]!;
      s0 += 256;
      s1 += 256 * xc;
      s2 += 256 * yc;
      s11 += 256 * xc * xc;
      s12 += 256 * xc * yc;
      let t = 256 * data[o + 2]!;
      m0 += t;
      t *= xc;
      m1 += t;
      t *= xc;
      m2 += t;
      t *= xc;
      m3 += t;
      t *= xc;
      m4 += t;
      t *= xc;
      m5 += t;
      t *= xc;
      m6 += t;
      t *= xc;
      m7 += t;
    }
    if (s0 < 2) return { eta: NaN, delta: NaN, rSquared: NaN };
    const fit = lineFromSums(s0, s1, s2, s11, s12, 0);
    const b = fit.slope;
    if (!Number.isFinite(b)) return { eta: NaN, delta: NaN, rSquared: NaN };
    const d = b - b0;
    let sum: number;
    if (Math.abs(d) * maxAbs <= SERIES_RADIUS) {
      moments[0] = m0;
      moments[1] = m1;
      moments[2] = m2;
      moments[3] = m3;
      moments[4] = m4;
      moments[5] = m5;
      moments[6] = m6;
      moments[7] = m7;
      // Horner: sum_k (-d)^k / k! M_k.
      sum = moments[TERMS - 1]!;
      for (let k = TERMS - 1; k > 0; k--) sum = moments[k - 1]! + (-d / k) * sum;
    } else {
      sum = 0;
      for (let j = 0, o = 0; j < n; j++, o += 3) {
        const w = counts[j]!;
        if (w !== 0) sum += w * data[o + 2]! * Math.exp(-d * data[o]!);
      }
      for (const j of overflow) sum += 256 * data[3 * j + 2]! * Math.exp(-d * data[3 * j]!);
    }
    return { eta: etaOf(b, sum, s0), delta: b, rSquared: NaN };
  };
  return { base, resample };
}
