/**
 * The Ledoit-Wolf covariance estimator: the sample covariance shrunk toward a scaled identity with the
 * optimal intensity.
 *
 * @module
 */
import { assertFiniteResult, describeValue } from "../core/validate.ts";

/** Result of {@linkcode ledoitWolfCovariance}. */
export interface ShrunkCovariance {
  /** Number of assets `n`. */
  assets: number;
  /** Observations `T` used. */
  observations: number;
  /** The shrunk covariance, `n * n` row-major, units of the returns squared. */
  covariance: Float64Array;
  /** Shrinkage intensity `s` in [0, 1]: `(1 - s) S + s m I`. */
  shrinkage: number;
  /** The target's scale `m = trace(S) / n`. */
  target: number;
}

/**
 * Writes the Ledoit-Wolf estimate of the window `returns[start .. start + rows)` (row-major, `n` columns)
 * into `out` (`n * n`), using `scratch` (>= `rows * n`) for the centred data; returns the intensity and target.
 * The kernel of {@linkcode ledoitWolfCovariance}, also called by the backtest on each rolling window.
 */
export function ledoitWolfInto(
  returns: Float64Array,
  start: number,
  rows: number,
  n: number,
  out: Float64Array,
  scratch: Float64Array,
): { shrinkage: number; target: number } {
  // centre each column
  for (let j = 0; j < n; j++) {
    let m = 0;
    for (let t = 0; t < rows; t++) m += returns[(start + t) * n + j]!;
    m /= rows;
    for (let t = 0; t < rows; t++) scratch[t * n + j] = returns[(start + t) * n + j]! - m;
  }
  // S = X'X / T (upper triangle, mirrored)
  out.fill(0);
  for (let t = 0; t < rows; t++) {
    const base = t * n;
    for (let i = 0; i < n; i++) {
      const xi = scratch[base + i]!;
      if (xi === 0) continue;
      const row = i * n;
      for (let j = i; j < n; j++) out[row + j]! += xi * scratch[base + j]!;
    }
  }
  let trace = 0, frobenius = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const s = out[i * n + j]! / rows;
      out[i * n + j] = s;
      out[j * n + i] = s;
      frobenius += i === j ? s * s : 2 * s * s;
    }
    trace += out[i * n + i]!;
  }
  const target = trace / n;
  // beta_ = sum_ij sum_t x_ti^2 x_tj^2 = sum_t (sum_i x_ti^2)^2
  let fourth = 0;
  for (let t = 0; t < rows; t++) {
    let r = 0;
    for (let i = 0; i < n; i++) r += scratch[t * n + i]! ** 2;
    fourth += r * r;
  }
  let beta = (fourth / rows - frobenius) / (n * rows);
  const delta = (frobenius - 2 * target * trace + n * target * target) / n;
  beta = Math.min(beta, delta);
  const shrinkage = beta <= 0 || delta <= 0 ? 0 : beta / delta;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = (1 - shrinkage) * out[i * n + j]! + (i === j ? shrinkage * target : 0);
    }
  }
  return { shrinkage, target };
}

/**
 * The Ledoit-Wolf shrinkage covariance (Ledoit & Wolf 2004, "A well-conditioned estimator for
 * large-dimensional covariance matrices", J. Multivariate Anal. 88(2), 365-411, Lemma 3.2 and Theorem 3.4):
 * `(1 - s) S + s m I` with `S` the sample covariance (divided by `T`, columns centred), `m = trace(S)/n` and
 * the intensity `s = min(b^2, d^2) / d^2`, where `d^2 = ||S - m I||_F^2 / n` and
 * `b^2 = (1/T^2) sum_t ||x_t x_t' - S||_F^2 / n`. Use it when `T` is not much larger than `n` (a 60-day
 * window of 100 assets): the sample covariance is then singular or badly conditioned, the shrunk one
 * is positive definite. The same formula as scikit-learn's `ledoit_wolf` (checked in the tests). Cost
 * O(T n^2).
 *
 * @param returns `T` rows of `n` returns (fractions per period), `T >= 2`.
 * @returns the shrunk covariance, the intensity and the target's scale.
 * @throws {TypeError} for ragged or empty rows.
 * @throws {RangeError} for a non-finite return or fewer than 2 rows.
 *
 * @example
 * ```ts
 * import { ledoitWolfCovariance } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const { covariance, shrinkage } = ledoitWolfCovariance([[0.01, 0.02], [-0.01, 0.0], [0.02, -0.01], [0.0, 0.01]]);
 * assert.ok(shrinkage >= 0 && shrinkage <= 1);
 * assert.equal(covariance[1], covariance[2]); // symmetric
 * ```
 */
export function ledoitWolfCovariance(returns: ArrayLike<ArrayLike<number>>): ShrunkCovariance {
  const action = "estimate Ledoit-Wolf covariance";
  if (returns === null || typeof returns !== "object" || typeof returns.length !== "number") {
    throw new TypeError(
      `Cannot ${action}: returns must be an array of rows: current value is ${describeValue(returns)}`,
    );
  }
  const rows = returns.length;
  if (rows < 2) {
    throw new RangeError(`Cannot ${action}: returns must hold at least 2 rows: current length is ${rows}`);
  }
  const n = returns[0]?.length ?? 0;
  if (n === 0) {
    throw new TypeError(`Cannot ${action}: returns[0] must hold at least one asset: current length is 0`);
  }
  const flat = new Float64Array(rows * n);
  for (let t = 0; t < rows; t++) {
    const row = returns[t];
    if (row === null || typeof row !== "object" || row.length !== n) {
      throw new TypeError(
        `Cannot ${action}: returns[${t}] must hold ${n} returns: current value is ${describeValue(row)}`,
      );
    }
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new RangeError(
          `Cannot ${action}: returns[${t}][${j}] must be a finite number: current value is ${
            describeValue(v)
          }`,
        );
      }
      flat[t * n + j] = v;
    }
  }
  const covariance = new Float64Array(n * n);
  const { shrinkage, target } = ledoitWolfInto(flat, 0, rows, n, covariance, new Float64Array(rows * n));
  let sum = shrinkage + target;
  for (let k = 0; k < covariance.length; k++) sum += covariance[k]!;
  assertFiniteResult(action, "the covariance", sum, { returns: describeValue(returns) });
  return { assets: n, observations: rows, covariance, shrinkage, target };
}
