/**
 * Ordinary least squares of y on x from sufficient sums, shared by the tape estimators (private).
 * @module
 */

/** A fitted line `y = intercept + slope * x`, with R^2 and the number of points. */
export interface LineFit {
  slope: number;
  intercept: number;
  rSquared: number;
  n: number;
}

/** OLS from sums (centred in the formula; NaN slope when x has no spread). */
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

/** OLS of y on x over the points where `use(i)` (default all), two passes for stability. */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>, use?: (i: number) => boolean): LineFit {
  let n = 0, mx = 0, my = 0;
  for (let i = 0; i < x.length; i++) {
    if (use && !use(i)) continue;
    n++;
    mx += x[i]!;
    my += y[i]!;
  }
  if (n < 2) return { slope: NaN, intercept: NaN, rSquared: NaN, n };
  mx /= n;
  my /= n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    if (use && !use(i)) continue;
    const dx = x[i]! - mx, dy = y[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  return {
    slope,
    intercept: my - slope * mx,
    rSquared: sxx > 0 && syy > 0 ? Math.min(1, (sxy * sxy) / (sxx * syy)) : NaN,
    n,
  };
}
