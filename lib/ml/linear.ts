/**
 * A linear impact model: ordinary least squares with an optional ridge penalty, solved by QR.
 *
 * @module
 */
import { Matrix, QrDecomposition } from "npm:ml-matrix@6.15.1";
import { type FlatMatrix, toFlatMatrix, toTargetVector } from "./_matrix.ts";
import { coefficientOfDetermination } from "./metrics.ts";
import { describeValue } from "../core/validate.ts";

/** Options of {@linkcode LinearImpactModel}. */
export interface LinearImpactModelOptions {
  /**
   * Ridge penalty `lambda >= 0` on the sum of squared coefficients (never on the intercept), in units
   * of the target squared per unit coefficient squared. Default 0 (ordinary least squares).
   */
  ridge?: number;
}

/** A fitted {@linkcode LinearImpactModel} as a plain, JSON-serialisable object. */
export interface LinearImpactModelJSON {
  /** One coefficient per input column, target units per input unit. */
  coefficients: number[];
  /** Intercept, target units. */
  intercept: number;
  /** Ridge penalty used in the fit. */
  ridge: number;
}

const EPSILON = 2 ** -52;

/**
 * Linear regression `y = b + x . beta` fitted by least squares,
 * `min_{b, beta} sum_i (y_i - b - x_i . beta)^2 + ridge * |beta|^2`
 * (Hastie, Tibshirani & Friedman 2009, eq. 3.2 and, for ridge, eq. 3.41 with the intercept unpenalised).
 *
 * Solver: the columns and the target are centred (which removes the intercept from the problem, so it
 * is not penalised), the columns scaled to unit norm, and the least-squares problem solved by Householder
 * QR (Golub & Van Loan 2013, Sec. 5.3), never through the normal equations, whose condition number is the
 * square of the data's. Ridge is the same QR on the augmented system `[Xc; sqrt(ridge) I] beta = [yc; 0]`.
 * A constant column (centred norm at rounding level) has no identified coefficient: it gets 0, the
 * minimum-norm least-squares choice (as scikit-learn's `LinearRegression`), so a feature that happens to be
 * constant in one training window does not stop a walk-forward evaluation. Without ridge, columns that are
 * (numerically) collinear raise an error that suggests a ridge.
 * Cost: O(n p^2) for n rows and p columns.
 *
 * @example
 * ```ts
 * import { LinearImpactModel } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const X = [[0, 1], [1, 0], [2, 3], [3, 1]];
 * const y = X.map(([a, b]) => 1 + 2 * a! - 0.5 * b!);
 * const model = new LinearImpactModel().fit(X, y);
 * assert.ok(Math.abs(model.coefficients[0]! - 2) < 1e-12 && Math.abs(model.intercept - 1) < 1e-12);
 * assert.equal(model.score(X, y), 1);
 * ```
 */
export class LinearImpactModel {
  /** Ridge penalty of the fit (0 for ordinary least squares). */
  readonly ridge: number;
  #coefficients: Float64Array | null = null;
  #intercept = 0;

  /**
   * Creates an unfitted model.
   * @param options `ridge` (default 0).
   * @throws {RangeError} if `ridge` is not finite and >= 0.
   */
  constructor(options: LinearImpactModelOptions = {}) {
    const { ridge = 0 } = options;
    if (typeof ridge !== "number" || !Number.isFinite(ridge) || ridge < 0) {
      throw new RangeError(
        `Cannot create linear model: ridge must be finite and >= 0: current value is ${describeValue(ridge)}`,
      );
    }
    this.ridge = ridge;
  }

  /** Number of input columns, or 0 before `fit`. */
  get inputs(): number {
    return this.#coefficients?.length ?? 0;
  }

  /** Fitted coefficients, one per column (a copy). @throws {Error} if not fitted. */
  get coefficients(): Float64Array {
    this.#check("read coefficients");
    return this.#coefficients!.slice();
  }

  /** Fitted intercept, target units. @throws {Error} if not fitted. */
  get intercept(): number {
    this.#check("read intercept");
    return this.#intercept;
  }

  /**
   * Fits the model.
   * @param X training rows (array of rows of finite numbers, equal width).
   * @param y targets, one per row.
   * @returns this model, fitted.
   * @throws {TypeError} for ragged rows or `X`/`y` of different lengths.
   * @throws {RangeError} for empty data, a non-finite value, fewer rows than columns + 1 without ridge,
   *   or collinear columns without ridge.
   */
  fit(X: ArrayLike<ArrayLike<number>>, y: ArrayLike<number>): this {
    const action = "fit linear model";
    const m = toFlatMatrix(action, X);
    const target = toTargetVector(action, y, m.rows);
    this.#fitMatrix(action, m, target);
    return this;
  }

  #fitMatrix(action: string, { data, rows, cols }: FlatMatrix, y: Float64Array): void {
    const ridge = this.ridge;
    const means = new Float64Array(cols), maxAbs = new Float64Array(cols);
    let yMean = 0;
    for (let i = 0; i < rows; i++) {
      yMean += y[i]!;
      for (let j = 0; j < cols; j++) {
        const v = data[i * cols + j]!;
        means[j]! += v;
        maxAbs[j] = Math.max(maxAbs[j]!, Math.abs(v));
      }
    }
    yMean /= rows;
    for (let j = 0; j < cols; j++) means[j]! /= rows;
    const norms = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const d = data[i * cols + j]! - means[j]!;
        norms[j]! += d * d;
      }
    }
    // A column whose centred norm is at rounding level of its values is constant: its coefficient is not
    // identified, and the minimum-norm solution (scikit-learn's too) sets it to 0. It leaves the system.
    if (!Number.isFinite(yMean)) {
      throw new RangeError(
        `Cannot ${action}: the mean of y overflows double precision (rescale the target): current value is ${
          describeValue(yMean)
        }`,
      );
    }
    const active: number[] = [];
    for (let j = 0; j < cols; j++) {
      norms[j] = Math.sqrt(norms[j]!);
      if (!Number.isFinite(means[j]!) || !Number.isFinite(norms[j]!)) {
        // Not collinearity: the column's sums leave double precision, and its coefficient would be 0 or NaN.
        throw new RangeError(
          `Cannot ${action}: column ${j} of X overflows double precision (largest |value| ${
            maxAbs[j]
          }; rescale it, e.g. with StandardScaler on smaller units): current ${
            Number.isFinite(means[j]!) ? "centred norm" : "mean"
          } is ${Number.isFinite(means[j]!) ? norms[j] : means[j]}`,
        );
      }
      if (norms[j]! > 16 * EPSILON * Math.sqrt(rows) * maxAbs[j]!) active.push(j);
    }
    const p = active.length;
    if (ridge === 0 && rows < p + 1) {
      throw new RangeError(
        `Cannot ${action}: ordinary least squares needs at least ${
          p + 1
        } rows for ${p} non-constant columns and an intercept: current count is ${rows} (use a ridge penalty)`,
      );
    }
    const coefficients = new Float64Array(cols);
    let intercept = yMean;
    if (p > 0) {
      // Centred, unit-norm design, augmented with sqrt(ridge) * D^-1 rows for ridge (the penalty is on the
      // unscaled coefficients beta_j = gamma_j / norm_j, so the augmented row j is sqrt(ridge) / norm_j).
      const extra = ridge > 0 ? p : 0;
      const A = new Matrix(rows + extra, p);
      const b = new Matrix(rows + extra, 1);
      for (let i = 0; i < rows; i++) {
        for (let k = 0; k < p; k++) {
          const j = active[k]!;
          A.set(i, k, (data[i * cols + j]! - means[j]!) / norms[j]!);
        }
        b.set(i, 0, y[i]! - yMean);
      }
      for (let k = 0; k < extra; k++) A.set(rows + k, k, Math.sqrt(ridge) / norms[active[k]!]!);
      const qr = new QrDecomposition(A);
      const R = qr.upperTriangularMatrix;
      let maxDiag = 0;
      for (let k = 0; k < p; k++) maxDiag = Math.max(maxDiag, Math.abs(R.get(k, k)));
      for (let k = 0; k < p; k++) {
        if (Math.abs(R.get(k, k)) <= Math.max(rows, p) * EPSILON * 16 * maxDiag) {
          throw new RangeError(
            `Cannot ${action}: the columns of X are collinear (column ${
              active[k]
            } is a combination of earlier ones): current |R[${k}][${k}]| is ${
              Math.abs(R.get(k, k))
            } (drop a column or use a ridge penalty)`,
          );
        }
      }
      const gamma = qr.solve(b);
      for (let k = 0; k < p; k++) {
        const j = active[k]!;
        coefficients[j] = gamma.get(k, 0) / norms[j]!;
        intercept -= coefficients[j]! * means[j]!;
      }
    }
    if (!coefficients.every(Number.isFinite) || !Number.isFinite(intercept)) {
      throw new RangeError(
        `Cannot ${action}: the solution overflows double precision (rescale X or y): current intercept is ${intercept}`,
      );
    }
    this.#coefficients = coefficients;
    this.#intercept = intercept;
  }

  /**
   * Predictions `b + x . beta`, target units.
   * @param X rows of the fitted width.
   * @returns one prediction per row.
   * @throws {Error} if not fitted; {@link TypeError} for a wrong width; {@link RangeError} for NaN or empty data.
   */
  predict(X: ArrayLike<ArrayLike<number>>): Float64Array {
    const action = "predict with linear model";
    this.#check(action);
    const m = toFlatMatrix(action, X, this.inputs);
    return this.predictMatrix(m.data, m.rows);
  }

  /** Predictions for `rows` rows stored row-major in `data` (unvalidated fast path). */
  predictMatrix(data: Float64Array, rows: number): Float64Array {
    this.#check("predict with linear model");
    const beta = this.#coefficients!, cols = beta.length, b = this.#intercept;
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = b;
      const o = i * cols;
      for (let j = 0; j < cols; j++) s += data[o + j]! * beta[j]!;
      out[i] = s;
    }
    return out;
  }

  /**
   * Coefficient of determination `R^2 = 1 - SSE / SST` of the predictions on `(X, y)`.
   * @returns R^2, dimensionless, <= 1 (negative when worse than predicting the mean of `y`).
   */
  score(X: ArrayLike<ArrayLike<number>>, y: ArrayLike<number>): number {
    return coefficientOfDetermination(y, this.predict(X));
  }

  /** The fitted model as a plain object (exact round trip through `JSON.stringify`). */
  toJSON(): LinearImpactModelJSON {
    this.#check("serialise linear model");
    return { coefficients: Array.from(this.#coefficients!), intercept: this.#intercept, ridge: this.ridge };
  }

  /**
   * Rebuilds a fitted model from {@linkcode LinearImpactModel.toJSON}'s output.
   * @throws {TypeError} for missing fields; {@link RangeError} for non-finite values.
   */
  static fromJSON(json: LinearImpactModelJSON): LinearImpactModel {
    const action = "load linear model";
    const { coefficients, intercept, ridge } = json ?? {};
    if (!Array.isArray(coefficients) || coefficients.length === 0) {
      throw new TypeError(
        `Cannot ${action}: coefficients must be a non-empty array: current value is ${
          JSON.stringify(coefficients)
        }`,
      );
    }
    coefficients.forEach((v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new RangeError(
          `Cannot ${action}: coefficients[${j}] must be a finite number: current value is ${
            describeValue(v)
          }`,
        );
      }
    });
    if (typeof intercept !== "number" || !Number.isFinite(intercept)) {
      throw new RangeError(
        `Cannot ${action}: intercept must be a finite number: current value is ${describeValue(intercept)}`,
      );
    }
    const model = new LinearImpactModel({ ridge: ridge ?? 0 });
    model.#coefficients = Float64Array.from(coefficients);
    model.#intercept = intercept;
    return model;
  }

  #check(action: string): void {
    if (this.#coefficients === null) {
      throw new Error(`Cannot ${action}: the model is not fitted: call fit(X, y) first`);
    }
  }
}
