/**
 * Private: the proximal operator of one asset's trading cost `a |u| + b |u|^p` (with an optional long-only
 * bound), and of the whole separable cost under a budget `sum w = B`, for the proximal-gradient solver in
 * `_fista.ts`. Written by hand: no npm package offers the prox of a power cost.
 *
 * For one asset, `argmin_u (u - d)^2 / (2t) + a |u| + b |u|^p` is `sign(d) s`, where `s = 0` when
 * `|d| <= t a` (soft threshold) and otherwise `s > 0` solves `s + t b p s^(p-1) = |d| - t a` (the
 * left side increases in `s`). For `p = 3/2` that is a quadratic in `sqrt(s)`, solved in closed form;
 * other `p` by safeguarded Newton. A one-dimensional convex problem restricted to an interval is minimised
 * at the projection of its free minimiser, so the long-only bound `w >= 0` is a clip.
 *
 * @module
 */

/** Reusable description of the separable cost at one solve. */
export interface SeparableCost {
  /** Current weights `w0` (the trade is `u = w - w0`). */
  current: Float64Array;
  /** Linear cost coefficient per asset, `a_i >= 0`. */
  linear: Float64Array;
  /** Power cost coefficient per asset, `b_i >= 0`. */
  power: Float64Array;
  /** Exponent `p` in (1, 3]. */
  exponent: number;
  /** Clip at `w >= 0`. */
  longOnly: boolean;
}

/** `s >= 0` solving `s + c s^(p-1) = r` for `r > 0`, `c >= 0`, `p > 1`. */
export function powerShrink(r: number, c: number, p: number): number {
  if (c === 0) return r;
  if (p === 1.5) {
    const root = (2 * r) / (c + Math.sqrt(c * c + 4 * r)); // sqrt(s), the stable root of x^2 + c x - r
    return root * root;
  }
  if (p === 2) return r / (1 + c);
  // Safeguarded Newton on phi(s) = s + c s^(p-1) - r, increasing, phi(0) = -r < 0 <= phi(r).
  let lo = 0, hi = r, s = Math.min(r, Math.pow(r / c, 1 / (p - 1)));
  for (let k = 0; k < 200; k++) {
    const sp = Math.pow(s, p - 2);
    const phi = s + c * sp * s - r;
    if (phi > 0) hi = s;
    else lo = s;
    const dphi = 1 + c * (p - 1) * sp;
    let next = s - phi / dphi;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - s) <= 1e-16 * Math.max(s, 1e-300) || hi - lo <= 1e-16 * hi) return next;
    s = next;
  }
  return s;
}

/**
 * Weight `w_i` that minimises `(w - z)^2 / (2t) + cost_i(w - w0_i)` (clipped at 0 when long-only). Also
 * returns, through `slope`, `dw/dz` (0 in the dead zone or when clipped).
 */
export function proxScalar(cost: SeparableCost, i: number, z: number, t: number, slope: Float64Array): number {
  const w0 = cost.current[i]!;
  const d = z - w0;
  const ad = Math.abs(d);
  const threshold = t * cost.linear[i]!;
  let w: number, dw: number;
  if (ad <= threshold) {
    w = w0;
    dw = 0;
  } else {
    const c = t * cost.power[i]! * cost.exponent;
    const s = powerShrink(ad - threshold, c, cost.exponent);
    w = d > 0 ? w0 + s : w0 - s;
    dw = c === 0 ? 1 : 1 / (1 + c * (cost.exponent - 1) * Math.pow(s, cost.exponent - 2));
    if (!(dw >= 0)) dw = 0; // s = 0 with p < 2: an infinite slope of the cost, a zero slope of the prox
  }
  if (cost.longOnly && w < 0) {
    w = 0;
    dw = 0;
  }
  slope[0] = dw;
  return w;
}

/**
 * Writes `out = argmin_w ||w - v||^2 / (2t) + sum_i cost_i(w_i - w0_i)` subject to `sum w = budget` when
 * `budget` is not null, and returns the budget's multiplier `nu` (0 without a budget): `out_i = prox_i(v_i - t nu)`
 * with `nu` the root of the decreasing function `S(nu) = sum_i prox_i(v_i - t nu) - budget`, found by
 * safeguarded Newton from `nuStart`.
 */
export function proxBudget(
  cost: SeparableCost,
  v: Float64Array,
  t: number,
  budget: number | null,
  nuStart: number,
  out: Float64Array,
): number {
  const n = v.length;
  const slope = new Float64Array(1);
  if (budget === null) {
    for (let i = 0; i < n; i++) out[i] = proxScalar(cost, i, v[i]!, t, slope);
    return 0;
  }
  let maxLinear = 0;
  for (let i = 0; i < n; i++) maxLinear = Math.max(maxLinear, cost.linear[i]!);
  const evaluate = (nu: number): [number, number] => {
    let sum = 0, derivative = 0;
    for (let i = 0; i < n; i++) {
      out[i] = proxScalar(cost, i, v[i]! - t * nu, t, slope);
      sum += out[i]!;
      derivative -= t * slope[0]!;
    }
    return [sum - budget, derivative];
  };
  let nu = nuStart;
  let [s, ds] = evaluate(nu);
  if (s === 0) return nu;
  // Bracket the root: S decreases in nu.
  let lo = -Infinity, hi = Infinity;
  if (s > 0) lo = nu;
  else hi = nu;
  let step = Math.abs(s) / (n * t) + 2 * maxLinear + 1e-300;
  while (lo === -Infinity || hi === Infinity) {
    const trial = s > 0 ? lo + step : hi - step;
    const [st] = evaluate(trial);
    if (st > 0) lo = trial;
    else if (st < 0) hi = trial;
    else return trial;
    step *= 2;
    if (!Number.isFinite(step)) throw new RangeError("Cannot rebalance: the budget constraint has no solution");
  }
  nu = Math.min(Math.max(nu, lo), hi);
  if (nu === lo || nu === hi) nu = 0.5 * (lo + hi);
  for (let k = 0; k < 200; k++) {
    [s, ds] = evaluate(nu);
    if (s === 0) return nu;
    if (s > 0) lo = nu;
    else hi = nu;
    let next = ds < 0 ? nu - s / ds : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (hi - lo <= 2e-16 * Math.max(Math.abs(lo), Math.abs(hi)) || next === nu) {
      nu = next;
      break;
    }
    nu = next;
  }
  evaluate(nu);
  return nu;
}
