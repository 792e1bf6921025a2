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
 * returns, through `slope[0]`, `dw/dz` (0 in the dead zone or when clipped).
 */
export function proxScalar(
  cost: SeparableCost,
  i: number,
  z: number,
  t: number,
  slope: Float64Array,
): number {
  const w0 = cost.current[i]!;
  const d = z - w0;
  const ad = Math.abs(d);
  const threshold = t * cost.linear[i]!;
  let w: number, dw: number;
  if (ad <= threshold) {
    w = w0;
    dw = 0;
  } else {
    const r = ad - threshold, p = cost.exponent;
    const c = t * cost.power[i]! * p;
    let s: number;
    if (c === 0) {
      s = r;
      dw = 1;
    } else if (p === 1.5) {
      const root = (2 * r) / (c + Math.sqrt(c * c + 4 * r)); // sqrt(s): the stable root of x^2 + c x - r
      s = root * root;
      dw = root / (root + 0.5 * c); // 1 / (1 + (c/2) s^(-1/2))
    } else {
      s = powerShrink(r, c, p);
      dw = 1 / (1 + c * (p - 1) * Math.pow(s, p - 2));
      if (!(dw >= 0)) dw = 0; // s = 0 with p < 2: the cost's slope is infinite, the prox's is 0
    }
    w = d > 0 ? w0 + s : w0 - s;
  }
  if (cost.longOnly && w < 0) {
    w = 0;
    dw = 0;
  }
  slope[0] = dw;
  return w;
}

/**
 * Writes `out = argmin_w sum_i (w_i - v_i)^2 / (2 t_i) + cost_i(w_i - w0_i)` subject to `sum w = budget`
 * when `budget` is not null (per-coordinate steps `t_i`: a diagonal metric), and returns the budget's
 * multiplier `nu` (0 without a budget): `out_i = prox_i(v_i - t_i nu)` with `nu` the root of the
 * nonincreasing function `S(nu) = sum_i prox_i(v_i - t_i nu) - budget`, found by Newton's method from
 * `nuStart`, safeguarded by bisection once the root is bracketed.
 */
export function proxBudget(
  cost: SeparableCost,
  v: Float64Array,
  t: Float64Array,
  budget: number | null,
  nuStart: number,
  out: Float64Array,
): number {
  const n = v.length;
  const slope = new Float64Array(1);
  if (budget === null) {
    for (let i = 0; i < n; i++) out[i] = proxScalar(cost, i, v[i]!, t[i]!, slope);
    return 0;
  }
  let scale = 0, derivative = 0;
  const evaluate = (nu: number): number => {
    let sum = 0;
    scale = Math.abs(budget);
    derivative = 0;
    for (let i = 0; i < n; i++) {
      const x = proxScalar(cost, i, v[i]! - t[i]! * nu, t[i]!, slope);
      out[i] = x;
      sum += x;
      scale += Math.abs(x);
      derivative -= t[i]! * slope[0]!;
    }
    return sum - budget;
  };
  let lo = -Infinity, hi = Infinity;
  let nu = nuStart, step = 0;
  let best = nu, bestGap = Infinity;
  for (let k = 0; k < 300; k++) {
    const s = evaluate(nu);
    if (Math.abs(s) < bestGap) {
      bestGap = Math.abs(s);
      best = nu;
    }
    if (Math.abs(s) <= 1e-15 * Math.max(1, scale) || Number.isNaN(s)) return nu;
    if (s > 0) lo = nu;
    else hi = nu;
    if (Number.isFinite(hi - lo) && hi - lo <= 4e-16 * Math.max(Math.abs(lo), Math.abs(hi))) break;
    let next = derivative < 0 ? nu - s / derivative : NaN;
    if (!(next > lo && next < hi)) {
      if (Number.isFinite(lo) && Number.isFinite(hi)) {
        next = 0.5 * (lo + hi);
      } else {
        // not bracketed and Newton failed (flat S: every asset in its dead zone): step outward, doubling
        let tMax = 0;
        for (let i = 0; i < n; i++) tMax = Math.max(tMax, t[i]!);
        step = step === 0 ? Math.abs(s) / (n * tMax) + 1e-300 : 2 * step;
        let maxLinear = 0;
        for (let i = 0; i < n; i++) maxLinear = Math.max(maxLinear, cost.linear[i]!);
        step = Math.max(step, 2 * maxLinear);
        next = s > 0 ? lo + step : hi - step;
        if (!Number.isFinite(next)) {
          throw new RangeError("Cannot rebalance: the budget constraint has no solution");
        }
      }
    }
    nu = next;
  }
  evaluate(best);
  return best;
}
