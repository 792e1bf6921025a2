/**
 * Regression metrics for impact predictions: R^2, root mean squared error, mean absolute error.
 *
 * @module
 */
import { assertSameLength, toFiniteArray } from "../core/validate.ts";

/** Result of {@linkcode regressionMetrics}: a plain object. */
export interface RegressionMetrics {
  /** Coefficient of determination, dimensionless, <= 1; 0 is the skill of predicting the mean. */
  rSquared: number;
  /** Root mean squared error, target units. */
  rmse: number;
  /** Mean absolute error, target units. */
  mae: number;
  /** Number of observations. */
  n: number;
}

function pair(
  action: string,
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
): [Float64Array, Float64Array] {
  const a = toFiniteArray(action, "yTrue", yTrue);
  const b = toFiniteArray(action, "yPred", yPred);
  assertSameLength(action, "yTrue", a, "yPred", b);
  if (a.length === 0) throw new RangeError(`Cannot ${action}: yTrue is empty: current length is 0`);
  return [a, b];
}

function compute(a: Float64Array, b: Float64Array): RegressionMetrics {
  const n = a.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += a[i]!;
  mean /= n;
  let sse = 0, sst = 0, sae = 0;
  for (let i = 0; i < n; i++) {
    const r = a[i]! - b[i]!, d = a[i]! - mean;
    sse += r * r;
    sst += d * d;
    sae += Math.abs(r);
  }
  if (!Number.isFinite(mean) || !Number.isFinite(sse) || !Number.isFinite(sst) || !Number.isFinite(sae)) {
    return computeScaled(a, b);
  }
  // A constant target: perfect predictions score 1, anything else 0 (scikit-learn's convention).
  const rSquared = sst > 0 ? 1 - sse / sst : (sse === 0 ? 1 : 0);
  return { rSquared, rmse: Math.sqrt(sse / n), mae: sae / n, n };
}

/**
 * The same metrics for values so large that a sum overflows: everything is divided by the largest |value|
 * first, and the errors scaled back at the end. Only taken when the plain sums overflow, so ordinary inputs
 * keep their exact rounding. Throws when a metric itself exceeds double precision.
 */
function computeScaled(a: Float64Array, b: Float64Array): RegressionMetrics {
  const n = a.length;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i]!), Math.abs(b[i]!));
  let mean = 0;
  for (let i = 0; i < n; i++) mean += a[i]! / scale / n;
  let sse = 0, sst = 0, sae = 0;
  for (let i = 0; i < n; i++) {
    const r = a[i]! / scale - b[i]! / scale, d = a[i]! / scale - mean;
    sse += r * r;
    sst += d * d;
    sae += Math.abs(r);
  }
  const rSquared = sst > 0 ? 1 - sse / sst : (sse === 0 ? 1 : 0);
  const rmse = Math.sqrt(sse / n) * scale, mae = (sae / n) * scale;
  for (const [name, value] of [["RMSE", rmse], ["MAE", mae]] as const) {
    if (!Number.isFinite(value)) {
      throw new RangeError(
        `Cannot compute regression metrics: the ${name} of yTrue and yPred exceeds double precision ` +
          `(largest |value| ${scale}; rescale the targets): current value is ${value}`,
      );
    }
  }
  return { rSquared, rmse, mae, n };
}

/**
 * R^2, RMSE and MAE of predictions in one pass:
 * `R^2 = 1 - sum (y - yhat)^2 / sum (y - mean y)^2`, `RMSE = sqrt(mean (y - yhat)^2)`,
 * `MAE = mean |y - yhat|` (Hastie, Tibshirani & Friedman 2009, Sec. 3.2 and 7.2). Out of sample, R^2
 * is measured against the test set's own mean, so a model worse than that constant scores below 0.
 *
 * @param yTrue realised values (any unit, e.g. bps).
 * @param yPred predictions, same unit and length.
 * @returns `{ rSquared, rmse, mae, n }`; `rmse` and `mae` in the unit of `yTrue`.
 * @throws {TypeError} if the lengths differ; {@link RangeError} for empty input or a non-finite value.
 *
 * @example
 * ```ts
 * import { regressionMetrics } from "@lib/ml/mod.ts";
 * import assert from "node:assert/strict";
 * const m = regressionMetrics([1, 2, 3], [1, 2, 5]);
 * assert.deepEqual(m, { rSquared: 1 - 4 / 2, rmse: Math.sqrt(4 / 3), mae: 2 / 3, n: 3 });
 * ```
 */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  return compute(...pair("compute regression metrics", yTrue, yPred));
}

/**
 * Coefficient of determination `R^2 = 1 - SSE / SST`, dimensionless, <= 1 (see {@linkcode regressionMetrics}).
 * @param yTrue realised values. @param yPred predictions.
 * @returns R^2.
 * @throws {TypeError} if the lengths differ; {@link RangeError} for empty input or a non-finite value.
 * @example
 * ```ts
 * import { coefficientOfDetermination } from "@lib/ml/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(coefficientOfDetermination([1, 2, 3], [2, 2, 2]), 0);
 * ```
 */
export function coefficientOfDetermination(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return compute(...pair("compute R^2", yTrue, yPred)).rSquared;
}

/**
 * Root mean squared error `sqrt(mean (y - yhat)^2)`, in the unit of `yTrue`.
 * @param yTrue realised values. @param yPred predictions.
 * @returns RMSE >= 0.
 * @throws {TypeError} if the lengths differ; {@link RangeError} for empty input or a non-finite value.
 * @example
 * ```ts
 * import { rootMeanSquaredError } from "@lib/ml/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(rootMeanSquaredError([0, 0], [3, -3]), 3);
 * ```
 */
export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return compute(...pair("compute RMSE", yTrue, yPred)).rmse;
}

/**
 * Mean absolute error `mean |y - yhat|`, in the unit of `yTrue`.
 * @param yTrue realised values. @param yPred predictions.
 * @returns MAE >= 0.
 * @throws {TypeError} if the lengths differ; {@link RangeError} for empty input or a non-finite value.
 * @example
 * ```ts
 * import { meanAbsoluteError } from "@lib/ml/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(meanAbsoluteError([0, 0], [1, -3]), 2);
 * ```
 */
export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return compute(...pair("compute MAE", yTrue, yPred)).mae;
}
