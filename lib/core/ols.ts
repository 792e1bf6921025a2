/**
 * Least squares of a line `y = intercept + slope * x`, the library's one implementation: from sufficient
 * sums, or from the points with optional weights (counts of a bootstrap resample, or inverse variances).
 * Written here rather than taken from simple-statistics, whose `linearRegression` takes arrays of pairs
 * (an allocation per point) and has no weights.
 *
 * @module
 */

/** A fitted line `y = intercept + slope * x`, with R^2 and the number (or total weight) of points. */
export interface LineFit {
  /** Slope `dy/dx`; NaN when x has no spread. */
  slope: number;
  /** Intercept, y at x = 0. */
  intercept: number;
  /** Coefficient of determination in [0, 1] (weighted when fitted with weights); NaN when undefined. */
  rSquared: number;
  /** Points in the fit (the total weight when fitted with weights). */
  n: number;
}

/**
 * Ordinary least squares from sufficient sums `n, sum x, sum y, sum x^2, sum xy, sum y^2` (centred in the
 * formula: `slope = (Sxy - Sx Sy / n) / (Sxx - Sx^2 / n)`). NaN slope when x has no spread or `n < 2`.
 * Cost O(1).
 *
 * @example
 * ```ts
 * import { lineFromSums } from "@lib/core/ols.ts";
 * import assert from "node:assert/strict";
 * // Points (0, 1), (1, 3), (2, 5): y = 1 + 2 x.
 * const fit = lineFromSums(3, 3, 9, 5, 13, 35);
 * assert.equal(fit.slope, 2);
 * assert.equal(fit.intercept, 1);
 * ```
 */
export function lineFromSums(
  n: number,
  sx: number,
  sy: number,
  sxx: number,
  sxy: number,
  syy: number,
): LineFit {
  if (n < 2) return { slope: NaN, intercept: NaN, rSquared: NaN, n };
  const vx = sxx - (sx * sx) / n, vy = syy - (sy * sy) / n, cxy = sxy - (sx * sy) / n;
  const slope = vx > 0 ? cxy / vx : NaN;
  const intercept = (sy - slope * sx) / n;
  const rSquared = vx > 0 && vy > 0 ? Math.min(1, (cxy * cxy) / (vx * vy)) : NaN;
  return { slope, intercept, rSquared, n };
}

/**
 * Weighted least squares of y on x, `min sum_j w_j (y_j - a - b x_j)^2`, in two passes over centred values
 * for numerical stability: `b = sum w dx dy / sum w dx^2`, `a = mean_w y - b mean_w x`, R^2 =
 * `(sum w dx dy)^2 / (sum w dx^2 sum w dy^2)`. Weights default to 1 (ordinary least squares); integer
 * weights are bootstrap counts (the fit on the expanded resample). A zero weight adds an exact 0, so the
 * sums equal those that skip it, to the bit. Cost O(n).
 *
 * @param x abscissae, finite.
 * @param y ordinates, finite, same length.
 * @param weights non-negative weights, same length (default all 1).
 * @returns slope, intercept, R^2 and the total weight; NaN slope when the total weight is under 2 (ordinary)
 *   or x has no weighted spread.
 *
 * @example
 * ```ts
 * import { fitLine } from "@lib/core/ols.ts";
 * import assert from "node:assert/strict";
 * const fit = fitLine([0, 1, 2, 3], [1, 3, 5, 7]);
 * assert.equal(fit.slope, 2);
 * assert.equal(fit.intercept, 1);
 * // Weight 0 on the outlier at x = 3 leaves it out.
 * assert.equal(fitLine([0, 1, 2, 3], [1, 3, 5, 70], [1, 1, 1, 0]).slope, 2);
 * ```
 */
export function fitLine(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  weights?: ArrayLike<number> | null,
): LineFit {
  const m = x.length;
  let n = 0, mx = 0, my = 0;
  for (let j = 0; j < m; j++) {
    const wj = weights ? weights[j]! : 1;
    n += wj;
    mx += wj * x[j]!;
    my += wj * y[j]!;
  }
  if (!(n > 0) || (!weights && n < 2)) return { slope: NaN, intercept: NaN, rSquared: NaN, n };
  mx /= n;
  my /= n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let j = 0; j < m; j++) {
    const wj = weights ? weights[j]! : 1;
    const dx = x[j]! - mx, dy = y[j]! - my;
    sxx += wj * dx * dx;
    sxy += wj * dx * dy;
    syy += wj * dy * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  return {
    slope,
    intercept: my - slope * mx,
    rSquared: sxx > 0 && syy > 0 ? Math.min(1, (sxy * sxy) / (sxx * syy)) : NaN,
    n,
  };
}
