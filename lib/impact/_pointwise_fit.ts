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
 * thousands of observations); otherwise one more pass computes the exponentials exactly. Every sum is
 * linear in the counts, so a block bootstrap keeps the sums of each block and a resample adds those up:
 * O(blocks) per resample instead of O(n).
 *
 * @module
 */
import { lineFromSums } from "../core/ols.ts";

/** Moments `M_0..M_{TERMS-1}` of the smearing series. */
const TERMS = 8;
/** Largest `|b - b0| * max|xc|` for which the series' remainder is below 1e-15 of the sum. */
const SERIES_RADIUS = 0.05;
/** Sums kept per resample (and per block): count, four sums of the line, TERMS moments. */
const SUMS = 5 + TERMS;

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
  /**
   * Prepares block resamples: `blockOf[j]` is the block of point j, in `[0, blocks)`. The returned function
   * fits the resample in which every point of block b enters `weights[b]` times, in O(blocks) from per-block
   * sums (O(n) only when the smearing series does not converge, see the module note); with more than
   * `4 n / 13` blocks, in O(n) through {@linkcode PointwiseFitter.resample}.
   */
  blockResampler(blockOf: Int32Array, blocks: number): (weights: Int32Array) => PointwiseFit;
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

  // Sums of a resample, in the order of addPoint: s0, s1, s2, s11, s12, then the moments M_0..M_{TERMS-1}.
  const sums = new Float64Array(SUMS);
  /** Adds `w` copies of point j to `acc`: the plain form of the unrolled loop in `resample`. */
  const addPoint = (acc: Float64Array, at: number, j: number, w: number): void => {
    const o = 3 * j, xc = data[o]!, yc = data[o + 1]!;
    acc[at]! += w;
    acc[at + 1]! += w * xc;
    acc[at + 2]! += w * yc;
    acc[at + 3]! += w * xc * xc;
    acc[at + 4]! += w * xc * yc;
    for (let k = 0, t = w * data[o + 2]!; k < TERMS; k++, t *= xc) acc[at + 5 + k]! += t;
  };
  /**
   * The fit from `sums`; `exactSmearing(d)` is `sum_j w_j E_j exp(-d xc_j)` over the resample, called only
   * when the series does not converge to 1e-15.
   */
  const finish = (exactSmearing: (d: number) => number): PointwiseFit => {
    const s0 = sums[0]!;
    if (s0 < 2) return { eta: NaN, delta: NaN, rSquared: NaN };
    const b = lineFromSums(s0, sums[1]!, sums[2]!, sums[3]!, sums[4]!, 0).slope;
    if (!Number.isFinite(b)) return { eta: NaN, delta: NaN, rSquared: NaN };
    const d = b - b0;
    let sum: number;
    if (Math.abs(d) * maxAbs <= SERIES_RADIUS) {
      // Horner: sum_k (-d)^k / k! M_k.
      sum = sums[4 + TERMS]!;
      for (let k = TERMS - 1; k > 0; k--) sum = sums[4 + k]! + (-d / k) * sum;
    } else sum = exactSmearing(d);
    return { eta: etaOf(b, sum, s0), delta: b, rSquared: NaN };
  };

  /** `sum_j w_j E_j exp(-d xc_j)` with `weightOf(j)` copies of point j: one `exp` per point drawn. */
  const exactSmearing = (d: number, weightOf: (j: number) => number): number => {
    let sum = 0;
    for (let j = 0, o = 0; j < n; j++, o += 3) {
      const w = weightOf(j);
      if (w !== 0) sum += w * data[o + 2]! * Math.exp(-d * data[o]!);
    }
    return sum;
  };

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
    sums.set([s0, s1, s2, s11, s12, m0, m1, m2, m3, m4, m5, m6, m7]);
    for (const j of overflow) addPoint(sums, 0, j, 256); // 256 more copies of point j
    return finish((d) => {
      let sum = exactSmearing(d, (j) => counts[j]!);
      for (const j of overflow) sum += 256 * data[3 * j + 2]! * Math.exp(-d * data[3 * j]!);
      return sum;
    });
  };

  const blockResampler = (blockOf: Int32Array, blocks: number): (weights: Int32Array) => PointwiseFit => {
    if (SUMS * blocks > 4 * n) {
      // Blocks of one to a few points: per-block sums would be read more than the points themselves, so
      // the weights are spread over the points as byte counts (with the overflow list) instead.
      const counts = new Uint8Array(n), overflow: number[] = [];
      return (weights: Int32Array): PointwiseFit => {
        overflow.length = 0;
        for (let j = 0; j < n; j++) {
          const w = weights[blockOf[j]!]!;
          counts[j] = w & 255;
          for (let extra = w >> 8; extra > 0; extra--) overflow.push(j);
        }
        return resample(counts, overflow);
      };
    }
    // Every sum of a resample is linear in the weights: per-block sums make a resample O(blocks).
    const blockSums = new Float64Array(SUMS * blocks);
    for (let j = 0; j < n; j++) addPoint(blockSums, SUMS * blockOf[j]!, j, 1);
    return (weights: Int32Array): PointwiseFit => {
      sums.fill(0);
      for (let b = 0, at = 0; b < blocks; b++, at += SUMS) {
        const w = weights[b]!;
        if (w !== 0) { for (let i = 0; i < SUMS; i++) sums[i]! += w * blockSums[at + i]!; }
      }
      return finish((d) => exactSmearing(d, (j) => weights[blockOf[j]!]!));
    };
  };
  return { base, resample, blockResampler };
}
