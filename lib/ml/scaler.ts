/**
 * Standardisation of feature columns, fitted on training data only.
 *
 * @module
 */
import { toFlatMatrix, toRows } from "./_matrix.ts";
import { describeValue } from "../core/validate.ts";

/** Relative spread below which a column counts as constant (about 4,500 rounding units). */
const CONSTANT_TOLERANCE = 1e-12;

/** The fitted state of a {@linkcode StandardScaler}: a plain, JSON-serialisable object. */
export interface StandardScalerJSON {
  /** Column means, in the columns' units. */
  means: number[];
  /** Column standard deviations (population, divisor n), in the columns' units; 1 for a constant column. */
  scales: number[];
}

/**
 * Standard scaler: `z[i][j] = (x[i][j] - mean_j) / sd_j`, with the mean and population standard
 * deviation of each column of the training data (as scikit-learn's `StandardScaler`; Hastie,
 * Tibshirani & Friedman 2009, Sec. 3.4.1). A constant column (standard deviation below 1e-12 of its
 * largest absolute value: rounding noise) gets `sd_j = 1`, so it maps to about 0 rather than to NaN or to
 * huge values. Fit it on training rows only, then apply it unchanged to validation and test rows: fitting
 * on all rows leaks the future's mean and spread into the past.
 *
 * Cost: O(rows * cols) for `fit` and `transform`. Means are computed in two passes (mean, then centred
 * squares), which is stable for columns whose mean is large relative to their spread.
 *
 * @example
 * ```ts
 * import { StandardScaler } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const scaler = new StandardScaler().fit([[1, 10], [3, 10]]);
 * assert.deepEqual(scaler.toJSON(), { means: [2, 10], scales: [1, 1] });
 * assert.deepEqual(Array.from(scaler.transform([[5, 10]])[0]!), [3, 0]);
 * ```
 */
export class StandardScaler {
  #means: Float64Array | null = null;
  #scales: Float64Array | null = null;

  /** Number of columns, or 0 before `fit`. */
  get width(): number {
    return this.#means?.length ?? 0;
  }

  /**
   * Learns column means and standard deviations from training rows.
   * @param X training rows (array of rows of finite numbers, equal width, at least one row).
   * @returns this scaler, fitted.
   * @throws {TypeError} for ragged rows; {@link RangeError} for empty data or a non-finite value.
   */
  fit(X: ArrayLike<ArrayLike<number>>): this {
    const { data, rows, cols } = toFlatMatrix("fit standard scaler", X);
    const means = new Float64Array(cols), scales = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) means[j]! += data[i * cols + j]!;
    }
    for (let j = 0; j < cols; j++) means[j]! /= rows;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const d = data[i * cols + j]! - means[j]!;
        scales[j]! += d * d;
      }
    }
    // A column with a spread at rounding level of its values (e.g. a floored spread repeated in every row) is
    // constant: scale 1, not a rounding-noise sd of 1e-18 that would blow later rows up to 1e17.
    for (let j = 0; j < cols; j++) {
      let maxAbs = 0;
      for (let i = 0; i < rows; i++) maxAbs = Math.max(maxAbs, Math.abs(data[i * cols + j]!));
      const sd = Math.sqrt(scales[j]! / rows);
      if (!Number.isFinite(means[j]!) || !Number.isFinite(sd)) {
        throw new RangeError(
          `Cannot fit standard scaler: the ${
            Number.isFinite(means[j]!) ? "standard deviation" : "mean"
          } of column ${j} of X overflows double precision (largest |value| ${maxAbs}; rescale the column): current value is ${
            Number.isFinite(means[j]!) ? sd : means[j]
          }`,
        );
      }
      scales[j] = sd > CONSTANT_TOLERANCE * maxAbs && Number.isFinite(sd) ? sd : 1;
    }
    this.#means = means;
    this.#scales = scales;
    return this;
  }

  /**
   * Standardises rows with the fitted means and scales.
   * @param X rows of the fitted width.
   * @returns standardised rows, dimensionless.
   * @throws {Error} if the scaler is not fitted; {@link TypeError} for a wrong width or ragged rows;
   *   {@link RangeError} for empty data or a non-finite value.
   */
  transform(X: ArrayLike<ArrayLike<number>>): Float64Array[] {
    const action = "transform with standard scaler";
    this.#check(action);
    const m = toFlatMatrix(action, X, this.width);
    this.transformMatrix(m.data, m.rows);
    return toRows(m);
  }

  /**
   * Standardises, in place, `rows` rows stored row-major in `data` with the fitted width (unvalidated
   * fast path for prediction; no allocation).
   */
  transformMatrix(data: Float64Array, rows: number): void {
    this.#check("transform with standard scaler");
    const means = this.#means!, scales = this.#scales!, cols = means.length;
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) data[o + j] = (data[o + j]! - means[j]!) / scales[j]!;
    }
  }

  /** Fits on `X` and returns `X` standardised. */
  fitTransform(X: ArrayLike<ArrayLike<number>>): Float64Array[] {
    return this.fit(X).transform(X);
  }

  /** The fitted means and scales as plain arrays. @throws {Error} if not fitted. */
  toJSON(): StandardScalerJSON {
    this.#check("serialise standard scaler");
    return { means: Array.from(this.#means!), scales: Array.from(this.#scales!) };
  }

  /**
   * Rebuilds a fitted scaler from {@linkcode StandardScaler.toJSON}'s output (exact round trip).
   * @throws {TypeError} for missing or mismatched arrays; {@link RangeError} for non-finite values or
   *   scales <= 0.
   */
  static fromJSON(json: StandardScalerJSON): StandardScaler {
    const action = "load standard scaler";
    const { means, scales } = json ?? {};
    if (
      !Array.isArray(means) || !Array.isArray(scales) || means.length !== scales.length || means.length === 0
    ) {
      throw new TypeError(
        `Cannot ${action}: means and scales must be non-empty arrays of equal length: current value is ${
          JSON.stringify(json)
        }`,
      );
    }
    means.forEach((v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new RangeError(
          `Cannot ${action}: means[${j}] must be a finite number: current value is ${describeValue(v)}`,
        );
      }
    });
    scales.forEach((v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
        throw new RangeError(
          `Cannot ${action}: scales[${j}] must be finite and > 0: current value is ${describeValue(v)}`,
        );
      }
    });
    const scaler = new StandardScaler();
    scaler.#means = Float64Array.from(means);
    scaler.#scales = Float64Array.from(scales);
    return scaler;
  }

  #check(action: string): void {
    if (this.#means === null) {
      throw new Error(`Cannot ${action}: the scaler is not fitted: call fit(X) first`);
    }
  }
}
