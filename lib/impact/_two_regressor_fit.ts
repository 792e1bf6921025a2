/**
 * Least squares of `y` on two regressors without intercept, with both coefficients held >= 0, and the
 * heteroskedasticity-robust (HC1) standard errors of that fit (private to the area; the kernel of
 * `calibrateAlmgren2005`).
 *
 * @module
 */

/** A non-negative two-regressor fit: coefficients of `a` (`gamma`) and `b` (`eta`) and its squared error. */
export interface TwoFit {
  gamma: number;
  eta: number;
  sse: number;
  constrained: boolean;
}

/** Non-negative least squares of y on two regressors without intercept (closed form, 2 x 2). */
export function fitTwo(a: Float64Array, b: Float64Array | null, y: Float64Array): TwoFit {
  const n = y.length;
  let saa = 0, sbb = 0, sab = 0, say = 0, sby = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const ai = a[i]!, bi = b ? b[i]! : 0, yi = y[i]!;
    saa += ai * ai;
    sbb += bi * bi;
    sab += ai * bi;
    say += ai * yi;
    sby += bi * yi;
    syy += yi * yi;
  }
  const sseOf = (g: number, e: number) =>
    syy - 2 * g * say - 2 * e * sby + g * g * saa + 2 * g * e * sab + e * e * sbb;
  const det = saa * sbb - sab * sab;
  if (b !== null && det > 1e-12 * saa * sbb) {
    const g = (say * sbb - sby * sab) / det, e = (sby * saa - say * sab) / det;
    if (g >= 0 && e >= 0) {
      return { gamma: g, eta: e, sse: Math.max(sseOf(g, e), 0), constrained: false };
    }
  }
  // One coefficient at 0: the better of the two one-regressor fits (each clamped at >= 0).
  const gOnly = saa > 0 ? Math.max(say / saa, 0) : 0;
  const eOnly = b !== null && sbb > 0 ? Math.max(sby / sbb, 0) : 0;
  const sseG = sseOf(gOnly, 0), sseE = b !== null ? sseOf(0, eOnly) : Infinity;
  if (sseG <= sseE) {
    return {
      gamma: gOnly,
      eta: 0,
      sse: Math.max(sseG, 0),
      constrained: b !== null,
    };
  }
  return {
    gamma: 0,
    eta: eOnly,
    sse: Math.max(sseE, 0),
    constrained: true,
  };
}

/** HC1 sandwich standard errors of the (possibly constrained) two-regressor fit. */
export function robustStandardErrors(
  a: Float64Array,
  b: Float64Array | null,
  y: Float64Array,
  fit: TwoFit,
): { gamma: number; eta: number } {
  const n = y.length;
  const useA = fit.gamma > 0 || !fit.constrained, useB = b !== null && (fit.eta > 0 || !fit.constrained);
  let saa = 0, sbb = 0, sab = 0, maa = 0, mbb = 0, mab = 0;
  for (let i = 0; i < n; i++) {
    const ai = useA ? a[i]! : 0, bi = useB ? b![i]! : 0;
    const e = y[i]! - fit.gamma * a[i]! - (b !== null ? fit.eta * b[i]! : 0);
    saa += ai * ai;
    sbb += bi * bi;
    sab += ai * bi;
    maa += e * e * ai * ai;
    mbb += e * e * bi * bi;
    mab += e * e * ai * bi;
  }
  const k = (useA ? 1 : 0) + (useB ? 1 : 0);
  const scale = n / Math.max(n - k, 1);
  if (useA && useB) {
    const det = saa * sbb - sab * sab;
    // inv(X'X) = [sbb, -sab; -sab, saa] / det; V = inv * M * inv.
    const i11 = sbb / det, i12 = -sab / det, i22 = saa / det;
    const v11 = i11 * (i11 * maa + i12 * mab) + i12 * (i11 * mab + i12 * mbb);
    const v22 = i12 * (i12 * maa + i22 * mab) + i22 * (i12 * mab + i22 * mbb);
    return { gamma: Math.sqrt(scale * v11), eta: Math.sqrt(scale * v22) };
  }
  return {
    gamma: useA ? Math.sqrt((scale * maa) / (saa * saa)) : NaN,
    eta: useB ? Math.sqrt((scale * mbb) / (sbb * sbb)) : NaN,
  };
}
