/**
 * Chronological train/test splits and walk-forward folds: the model is always fitted on orders that
 * *started* before the test period. An order's label (its impact) is measured when it completes, so the
 * last training orders may overlap the first test orders in time; pass a `gap` of at least the longest
 * execution (in rows) to purge that overlap (Lopez de Prado 2018, ch. 7, "purging").
 *
 * @module
 */
import { assertObject, describeValue, toFiniteArray } from "../core/validate.ts";

/** Row indices of one train/test split, each in time order. */
export interface TrainTestIndices {
  /** Indices (into the caller's array) of the training rows, earliest first. */
  train: Int32Array;
  /** Indices of the test rows, earliest first; every test time is >= every training time. */
  test: Int32Array;
}

/** Indices sorted by time (stable: ties keep their input order). */
function timeOrder(action: string, timestamps: ArrayLike<number>): Int32Array {
  const t = toFiniteArray(action, "timestamps", timestamps);
  const order = Int32Array.from({ length: t.length }, (_, i) => i);
  order.sort((a, b) => t[a]! - t[b]! || a - b);
  return order;
}

function checkGap(action: string, gap: number): void {
  if (!Number.isSafeInteger(gap) || gap < 0) {
    throw new RangeError(
      `Cannot ${action}: gap must be an integer >= 0: current value is ${describeValue(gap)}`,
    );
  }
}

/**
 * Splits rows into an earlier training set and a later test set by time.
 *
 * The latest `round(n * testFraction)` rows form the test set; the `gap` rows just before it are left
 * out of both (an embargo for targets that overlap in time, as in López de Prado 2018, Sec. 7.4.2).
 * Ties in time are broken by input order.
 *
 * @param timestamps one time per row (e.g. UTC ms), finite.
 * @param options `testFraction` in (0, 1), default 0.2; `gap` rows >= 0, default 0.
 * @returns training and test indices, each in time order.
 * @throws {TypeError} if `timestamps` is not an array; {@link RangeError} for a non-finite time, a
 *   fraction outside (0, 1), or a split that leaves either set empty.
 *
 * @example
 * ```ts
 * import { chronologicalSplit } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const { train, test } = chronologicalSplit([50, 10, 40, 20, 30], { testFraction: 0.4 });
 * assert.deepEqual(Array.from(train), [1, 3, 4]); // times 10, 20, 30
 * assert.deepEqual(Array.from(test), [2, 0]); // times 40, 50
 * ```
 */
export function chronologicalSplit(
  timestamps: ArrayLike<number>,
  options: { testFraction?: number; gap?: number } = {},
): TrainTestIndices {
  const action = "split chronologically";
  assertObject(action, "options", options);
  const { testFraction = 0.2, gap = 0 } = options;
  if (typeof testFraction !== "number" || !(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(
      `Cannot ${action}: testFraction must be in (0, 1): current value is ${describeValue(testFraction)}`,
    );
  }
  checkGap(action, gap);
  const order = timeOrder(action, timestamps);
  const n = order.length;
  const nTest = Math.round(n * testFraction);
  const nTrain = n - nTest - gap;
  if (nTest < 1 || nTrain < 1) {
    throw new RangeError(
      `Cannot ${action}: timestamps' ${n} rows with testFraction ${testFraction} and gap ${gap} leave an empty set: current counts are ${nTrain} train and ${nTest} test`,
    );
  }
  return { train: order.slice(0, nTrain), test: order.slice(n - nTest) };
}

/** Options of {@linkcode walkForwardFolds}. */
export interface WalkForwardOptions {
  /** Number of test blocks, integer >= 1. Default 5. */
  folds?: number;
  /** Rows per test block. Default `floor(n / (folds + 1))`, so the first training window is one block or more. */
  testSize?: number;
  /** Rows left out between each training window and its test block (embargo). Default 0. */
  gap?: number;
  /** Cap on training rows (a rolling window of the most recent rows). Default: no cap (expanding window). */
  maxTrainSize?: number;
}

/**
 * Walk-forward (expanding-window) folds: the time-ordered rows end in `folds` consecutive test blocks;
 * fold `k` trains on every row before its block (less the `gap`) and tests on the block.
 *
 * This is the time-series cross-validation of Hyndman & Athanasopoulos (2021, Sec. 5.10) and of
 * scikit-learn's `TimeSeriesSplit`: each test row is predicted by a model fitted on strictly earlier
 * rows, so averaging the folds estimates out-of-sample skill without look-ahead. Fit scalers and
 * models on each fold's `train` only.
 *
 * @param timestamps one time per row, finite.
 * @param options folds, test size, gap and an optional rolling-window cap.
 * @returns one `{ train, test }` per fold, in time order.
 * @throws {TypeError} if `timestamps` is not an array; {@link RangeError} for bad options or too few
 *   rows for the requested folds.
 *
 * @example
 * ```ts
 * import { walkForwardFolds } from "@lib/ml/mod.ts";
 * import assert from "node:assert/strict";
 * const folds = walkForwardFolds([0, 1, 2, 3, 4, 5], { folds: 2 });
 * assert.deepEqual(folds.map((f) => [Array.from(f.train), Array.from(f.test)]), [
 *   [[0, 1], [2, 3]],
 *   [[0, 1, 2, 3], [4, 5]],
 * ]);
 * ```
 */
export function walkForwardFolds(
  timestamps: ArrayLike<number>,
  options: WalkForwardOptions = {},
): TrainTestIndices[] {
  const action = "build walk-forward folds";
  const order = timeOrder(action, timestamps);
  const n = order.length;
  assertObject(action, "options", options);
  const { folds = 5, gap = 0 } = options;
  if (!Number.isSafeInteger(folds) || folds < 1) {
    throw new RangeError(
      `Cannot ${action}: folds must be an integer >= 1: current value is ${describeValue(folds)}`,
    );
  }
  checkGap(action, gap);
  const testSize = options.testSize ?? Math.floor(n / (folds + 1));
  if (!Number.isSafeInteger(testSize) || testSize < 1) {
    throw new RangeError(
      `Cannot ${action}: testSize must be an integer >= 1: current value is ${
        describeValue(testSize)
      } (timestamps has ${n} rows for ${folds} folds)`,
    );
  }
  const maxTrainSize = options.maxTrainSize ?? Infinity;
  if (!(maxTrainSize >= 1) || (maxTrainSize !== Infinity && !Number.isSafeInteger(maxTrainSize))) {
    throw new RangeError(
      `Cannot ${action}: maxTrainSize must be an integer >= 1: current value is ${
        describeValue(maxTrainSize)
      }`,
    );
  }
  const firstTest = n - folds * testSize;
  if (firstTest - gap < 1) {
    throw new RangeError(
      `Cannot ${action}: ${n} rows are too few for ${folds} test blocks of ${testSize} rows and a gap of ${gap}: current first training window has ${
        firstTest - gap
      } rows`,
    );
  }
  const out: TrainTestIndices[] = [];
  for (let k = 0; k < folds; k++) {
    const start = firstTest + k * testSize;
    const trainEnd = start - gap;
    const trainStart = Math.max(0, trainEnd - maxTrainSize);
    out.push({ train: order.slice(trainStart, trainEnd), test: order.slice(start, start + testSize) });
  }
  return out;
}
