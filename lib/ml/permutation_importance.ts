/**
 * Permutation importance of each feature of a fitted model (Breiman 2001, sec. 10; Fisher, Rudin & Dominici
 * 2019, "model reliance"), with a block-bootstrap interval: how much the test error grows when one
 * feature's column is shuffled, breaking its link with the target while keeping its distribution.
 *
 * @module
 */
import { DEFAULT_SEED, SeededRandom } from "../core/random.ts";
import { quantileSorted } from "../core/statistics.ts";
import { assertInteger, assertObject } from "../core/validate.ts";

/** Options of {@linkcode permutationImportance}. */
export interface PermutationImportanceOptions {
  /** Feature names, one per column (default `x0`, `x1`, ...). */
  names?: readonly string[];
  /** Shuffles per feature, averaged. Default 5. */
  repeats?: number;
  /**
   * Block of each row for the interval (rows of one block, e.g. one day or one stated stretch of time, are
   * resampled together). Default: one block per row (an i.i.d. bootstrap).
   */
  blocks?: ArrayLike<number>;
  /** Bootstrap resamples of the blocks. Default 500. */
  bootstrapSamples?: number;
  /** Interval level. Default 0.95. */
  confidence?: number;
  /** Seed of the shuffles and the bootstrap. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
}

/** One feature's importance. */
export interface FeatureImportance {
  name: string;
  /** Mean increase of the squared error per row when the feature is shuffled, in the target's unit squared. */
  increase: number;
  /** The increase over the unshuffled mean squared error, fraction. */
  relativeIncrease: number;
  /** Percentile block-bootstrap interval of `increase` (null with fewer than 10 blocks). */
  interval: [number, number] | null;
  /** Whether the interval lies above 0: the model relies on the feature beyond resampling noise. */
  significant: boolean;
}

/** Result of {@linkcode permutationImportance}: a plain, JSON-serialisable object. */
export interface PermutationImportance {
  /** Mean squared error without shuffling. */
  baselineMse: number;
  /** Features, most important first. */
  features: FeatureImportance[];
  /** Blocks the interval resampled, and in words. */
  blocks: number;
  description: string;
}

/**
 * Permutation importance of every column of `X` for a fitted model's predictions.
 *
 * For feature `j`, column `j` of `X` is shuffled `repeats` times (seeded); the per-row increase of the
 * squared error `(f(X_perm)_i - y_i)^2 - (f(X)_i - y_i)^2`, averaged over the repeats, is averaged over
 * rows. The interval resamples whole blocks of rows with replacement (percentile interval); it needs at
 * least 10 blocks, else it is null and the feature is not called significant. Cost:
 * `features * repeats` predictions of all rows, plus `bootstrapSamples * blocks` per feature.
 *
 * @param predict the fitted model: one prediction per row of a row-major matrix.
 * @param X test rows (never the rows the model was fitted on), all the same length.
 * @param y the target of each row.
 * @param options names, repeats, blocks, bootstrap, seed.
 * @returns each feature's importance with its interval, most important first.
 * @throws {TypeError} for rows of unequal length or a `y`/`blocks` of another length.
 * @throws {RangeError} for a bad option or a non-finite value.
 *
 * @example
 * ```ts
 * import { permutationImportance } from "@lib/ml/permutation_importance.ts";
 * import assert from "node:assert/strict";
 * // y depends on the first column only: shuffling the second costs nothing.
 * const X = Array.from({ length: 200 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
 * const y = X.map((r) => 2 * r[0]!);
 * const result = permutationImportance((rows) => Float64Array.from(rows, (r) => 2 * r[0]!), X, y, { names: ["a", "b"] });
 * assert.equal(result.features[0]!.name, "a");
 * assert.equal(result.features[1]!.increase, 0);
 * ```
 */
export function permutationImportance(
  predict: (rows: Float64Array[]) => ArrayLike<number>,
  X: ArrayLike<ArrayLike<number>>,
  y: ArrayLike<number>,
  options: PermutationImportanceOptions = {},
): PermutationImportance {
  const action = "measure permutation importance";
  assertObject(action, "options", options);
  const { repeats = 5, bootstrapSamples = 500, confidence = 0.95, seed = DEFAULT_SEED } = options;
  assertInteger(action, "repeats", repeats, 1);
  assertInteger(action, "bootstrapSamples", bootstrapSamples, 0);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`Cannot ${action}: confidence must be in (0, 1): current value is ${confidence}`);
  }
  const n = X.length;
  if (n < 2) throw new RangeError(`Cannot ${action}: X must have at least 2 rows: current count is ${n}`);
  if (y.length !== n) {
    throw new TypeError(
      `Cannot ${action}: y must have one value per row (${n}): current length is ${y.length}`,
    );
  }
  const cols = X[0]!.length;
  const rows = Array.from({ length: n }, (_, i) => {
    const row = X[i]!;
    if (row.length !== cols) {
      throw new TypeError(
        `Cannot ${action}: X[${i}] must have ${cols} values: current length is ${row.length}`,
      );
    }
    const copy = Float64Array.from(row);
    for (let j = 0; j < cols; j++) {
      if (!Number.isFinite(copy[j]!)) {
        throw new RangeError(`Cannot ${action}: X[${i}][${j}] must be finite: current value is ${copy[j]}`);
      }
    }
    if (!Number.isFinite(y[i]!)) {
      throw new RangeError(`Cannot ${action}: y[${i}] must be finite: current value is ${y[i]}`);
    }
    return copy;
  });
  const names = options.names ?? Array.from({ length: cols }, (_, j) => `x${j}`);
  if (names.length !== cols) {
    throw new TypeError(
      `Cannot ${action}: names must have one name per column (${cols}): current length is ${names.length}`,
    );
  }
  // Blocks: dense ids in order of first appearance.
  const blockOf = new Int32Array(n);
  let blockCount = 0;
  if (options.blocks === undefined) {
    for (let i = 0; i < n; i++) blockOf[i] = i;
    blockCount = n;
  } else {
    if (options.blocks.length !== n) {
      throw new TypeError(
        `Cannot ${action}: blocks must have one entry per row (${n}): current length is ${options.blocks.length}`,
      );
    }
    const ids = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const b = options.blocks[i]!;
      let id = ids.get(b);
      if (id === undefined) ids.set(b, id = ids.size);
      blockOf[i] = id;
    }
    blockCount = ids.size;
  }
  const base = predict(rows);
  const baseErr = new Float64Array(n);
  let baselineMse = 0;
  for (let i = 0; i < n; i++) {
    baseErr[i] = (base[i]! - y[i]!) ** 2;
    baselineMse += baseErr[i]! / n;
  }
  const rng = new SeededRandom(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const column = new Float64Array(n);
  const features: FeatureImportance[] = [];
  const rowsPerBlock = new Float64Array(blockCount);
  for (let i = 0; i < n; i++) rowsPerBlock[blockOf[i]!]!++;
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < n; i++) column[i] = rows[i]![j]!;
    const delta = new Float64Array(n);
    for (let r = 0; r < repeats; r++) {
      rng.shuffle(order);
      for (let i = 0; i < n; i++) rows[i]![j] = column[order[i]!]!;
      const pred = predict(rows);
      for (let i = 0; i < n; i++) delta[i] = delta[i]! + ((pred[i]! - y[i]!) ** 2 - baseErr[i]!) / repeats;
    }
    for (let i = 0; i < n; i++) rows[i]![j] = column[i]!;
    const blockSum = new Float64Array(blockCount);
    let increase = 0;
    for (let i = 0; i < n; i++) {
      blockSum[blockOf[i]!] = blockSum[blockOf[i]!]! + delta[i]!;
      increase += delta[i]! / n;
    }
    let interval: [number, number] | null = null;
    if (blockCount >= 10 && bootstrapSamples > 0) {
      const draws = new Float64Array(bootstrapSamples);
      for (let s = 0; s < bootstrapSamples; s++) {
        let sum = 0, count = 0;
        for (let k = 0; k < blockCount; k++) {
          const b = rng.int(blockCount);
          sum += blockSum[b]!;
          count += rowsPerBlock[b]!;
        }
        draws[s] = sum / count;
      }
      draws.sort();
      const tail = (1 - confidence) / 2;
      interval = [quantileSorted(draws, tail), quantileSorted(draws, 1 - tail)];
    }
    features.push({
      name: names[j]!,
      increase,
      relativeIncrease: baselineMse > 0 ? increase / baselineMse : NaN,
      interval,
      significant: interval !== null && interval[0] > 0,
    });
  }
  features.sort((a, b) => b.increase - a.increase);
  const unit = options.blocks === undefined ? "rows (i.i.d.)" : "blocks";
  return {
    baselineMse,
    features,
    blocks: blockCount,
    description: blockCount >= 10
      ? `${Math.round(confidence * 100)} % percentile bootstrap over ${
        blockCount.toLocaleString("en-US")
      } ${unit}`
      : `no interval (${blockCount} blocks; 10 needed)`,
  };
}
