/**
 * The weighted least squares of `fitBinnedSquareRoot` on bin means (private to the area): the bin means and
 * their inverse-variance weights from per-bin sums, the profile search of the exponent (a grid, then
 * golden-section search and bisection on the derivative's sign) or of the crossover, and the bins in words.
 *
 * @module
 */
import { goldenSection } from "./_golden_section.ts";

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

/** Per-bin sums of a resample (or of the whole sample). */
export interface BinSums {
  count: Float64Array;
  sumX: Float64Array;
  sumY: Float64Array;
  sumYY: Float64Array;
}

/** One fit's outcome on bin means. */
export interface CurveFit {
  eta: number;
  /** The searched parameter: delta (power) or ln x_c (crossover). */
  theta: number;
  rSquared: number;
  /** Null when fitted; else why not. */
  failure: string | null;
  /** The sum of squares is lower at an end of the search range than at the interior minimum reported. */
  edgeLower: boolean;
}

/** Search range of `delta` for the power form: a minimum at either end is "not converged". */
const DELTA_RANGE: [number, number] = [-2, 4];
/** Grid points of the profile search before the golden-section refinement. */
const GRID = 121;

export interface Scratch {
  lnx: Float64Array;
  y: Float64Array;
  w: Float64Array;
  se: Float64Array;
  g: Float64Array;
  k: number;
  replaced: number;
  hasPositiveSe: boolean;
}

export function fitScratch(bins: number): Scratch {
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
export function fitCurve(sums: BinSums, shift: number, crossoverDelta: number | null, s: Scratch): CurveFit {
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
    let [l, h] = goldenSection(
      profile,
      a + (best - 1) * step,
      a + (best + 1) * step,
      (lo, hi) => !(hi - lo > 1e-7 * Math.max(1, Math.abs(lo))),
      true,
    );
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
export function describeBins(sums: BinSums, shift: number, s: Scratch): FittedBins & { weighting: string } {
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
