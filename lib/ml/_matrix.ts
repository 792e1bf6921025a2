/**
 * Private helpers: validating an array of rows into one flat row-major `Float64Array`, once per call,
 * so that the models' hot loops read contiguous memory and never allocate per sample.
 *
 * @module
 */
import { describeValue } from "../core/validate.ts";

/** A validated row-major matrix: `data[i * cols + j]` is row `i`, column `j`. */
export interface FlatMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/**
 * Validates `X` (an array of rows) and copies it into a flat row-major matrix.
 *
 * @param action what the caller is doing, for the message (`"fit linear model"`).
 * @param X array of rows, each array-like of finite numbers, all of the same width.
 * @param width expected width, or `undefined` to take the first row's.
 * @throws {TypeError} if `X` is not an array of rows, rows are ragged, or the width is wrong.
 * @throws {RangeError} if `X` is empty, a row is empty, or a value is not finite (naming `X[i][j]`).
 */
export function toFlatMatrix(
  action: string,
  X: ArrayLike<ArrayLike<number>>,
  width?: number,
): FlatMatrix {
  if (X === null || typeof X !== "object" || typeof X.length !== "number") {
    throw new TypeError(`Cannot ${action}: X must be an array of rows: current value is ${describeValue(X)}`);
  }
  const rows = X.length;
  if (rows === 0) throw new RangeError(`Cannot ${action}: X is empty: current length is 0`);
  const first = X[0];
  if (first === null || typeof first !== "object" || typeof first.length !== "number") {
    throw new TypeError(
      `Cannot ${action}: X[0] must be an array of numbers: current value is ${describeValue(first)}`,
    );
  }
  const cols = width ?? first.length;
  if (cols === 0) throw new RangeError(`Cannot ${action}: X[0] is empty: current length is 0`);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = X[i];
    if (row === null || typeof row !== "object" || typeof row.length !== "number") {
      throw new TypeError(
        `Cannot ${action}: X[${i}] must be an array of numbers: current value is ${describeValue(row)}`,
      );
    }
    if (row.length !== cols) {
      throw new TypeError(
        `Cannot ${action}: X[${i}] must have ${cols} columns${
          width === undefined ? " (as X[0])" : ""
        }: current length is ${row.length}`,
      );
    }
    const offset = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new RangeError(
          `Cannot ${action}: X[${i}][${j}] must be a finite number: current value is ${describeValue(v)}`,
        );
      }
      data[offset + j] = v;
    }
  }
  return { data, rows, cols };
}

/**
 * Validates a target vector against the number of rows.
 * @throws {TypeError} if `y` is not array-like or its length differs from `rows`.
 * @throws {RangeError} naming the first non-finite `y[i]`.
 */
export function toTargetVector(action: string, y: ArrayLike<number>, rows: number): Float64Array {
  if (y === null || typeof y !== "object" || typeof y.length !== "number") {
    throw new TypeError(
      `Cannot ${action}: y must be an array of numbers: current value is ${describeValue(y)}`,
    );
  }
  if (y.length !== rows) {
    throw new TypeError(
      `Cannot ${action}: X and y must have the same length: current lengths are ${rows} and ${y.length}`,
    );
  }
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = y[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(
        `Cannot ${action}: y[${i}] must be a finite number: current value is ${describeValue(v)}`,
      );
    }
    out[i] = v;
  }
  return out;
}

/** Splits a flat matrix back into an array of `Float64Array` rows (views are not shared). */
export function toRows(matrix: FlatMatrix): Float64Array[] {
  const out: Float64Array[] = new Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) {
    out[i] = matrix.data.slice(i * matrix.cols, (i + 1) * matrix.cols);
  }
  return out;
}

/** Checks that every value of a flat matrix is finite (for internally built matrices). */
export function assertFiniteMatrix(action: string, name: string, matrix: FlatMatrix): void {
  const { data, cols } = matrix;
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k]!)) {
      throw new RangeError(
        `Cannot ${action}: ${name}[${Math.floor(k / cols)}][${
          k % cols
        }] must be a finite number: current value is ${data[k]}`,
      );
    }
  }
}
