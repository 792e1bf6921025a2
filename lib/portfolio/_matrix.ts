/**
 * Private: reading a square matrix at the public boundary (an array of rows or a row-major flat array).
 * @module
 */
import { describeValue } from "../core/validate.ts";

/** A square matrix: an array of rows, or `n * n` numbers in row-major order. */
export type SquareMatrix = ArrayLike<number> | ArrayLike<ArrayLike<number>>;

/**
 * Copies `matrix` (rows or flat row-major) into a fresh row-major `Float64Array` of `n * n` finite
 * numbers, checking symmetry to `1e-10` relative and a nonnegative diagonal (a covariance).
 */
export function toCovariance(action: string, name: string, matrix: SquareMatrix, n: number): Float64Array {
  if (matrix === null || typeof matrix !== "object" || typeof matrix.length !== "number") {
    throw new TypeError(
      `Cannot ${action}: ${name} must be an n x n matrix: current value is ${describeValue(matrix)}`,
    );
  }
  const out = new Float64Array(n * n);
  const first = matrix[0];
  if (matrix.length === n && n > 0 && typeof first === "object" && first !== null) {
    const rows = matrix as ArrayLike<ArrayLike<number>>;
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      if (row === null || typeof row !== "object" || row.length !== n) {
        throw new TypeError(
          `Cannot ${action}: ${name}[${i}] must be a row of ${n} numbers: current value is ${
            describeValue(row)
          }`,
        );
      }
      for (let j = 0; j < n; j++) out[i * n + j] = checked(action, `${name}[${i}][${j}]`, row[j]);
    }
  } else if (matrix.length === n * n) {
    const flat = matrix as ArrayLike<number>;
    for (let k = 0; k < n * n; k++) out[k] = checked(action, `${name}[${k}]`, flat[k]);
  } else {
    throw new TypeError(
      `Cannot ${action}: ${name} must be ${n} rows of ${n} or ${
        n * n
      } numbers (row-major): current length is ${matrix.length}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const d = out[i * n + i]!;
    if (d < 0) {
      throw new RangeError(
        `Cannot ${action}: ${name}[${i}][${i}] must be >= 0 (a variance): current value is ${d}`,
      );
    }
    for (let j = 0; j < i; j++) {
      const a = out[i * n + j]!, b = out[j * n + i]!;
      if (Math.abs(a - b) > 1e-10 * Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE)) {
        throw new RangeError(
          `Cannot ${action}: ${name} must be symmetric: current values of [${i}][${j}] and [${j}][${i}] are ${a} and ${b}`,
        );
      }
    }
  }
  return out;
}

function checked(action: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action}: ${name} must be a number: current value is ${describeValue(value)}`,
    );
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`Cannot ${action}: ${name} must be finite: current value is ${value}`);
  }
  return value;
}
