/**
 * Array helpers shared by the areas and the notebooks.
 *
 * @module
 */
import { describeValue } from "./validate.ts";

/**
 * The elements of `values` at `index`, in index order: `pick(values, index)[k] = values[index[k]]`
 * (e.g. the training rows of a split). Cost: O(index.length).
 *
 * @param values the array to pick from.
 * @param index positions in `values`, e.g. `train` or `test` of a split.
 * @returns a new array.
 * @throws {RangeError} naming the first position outside `values`.
 *
 * @example
 * ```ts
 * import { pick } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(pick(["a", "b", "c"], Int32Array.of(2, 0)), ["c", "a"]);
 * ```
 */
export function pick<T>(values: ArrayLike<T>, index: ArrayLike<number>): T[] {
  for (const [name, array] of [["values", values], ["index", index]] as const) {
    if (array === null || typeof array !== "object" || typeof array.length !== "number") {
      throw new TypeError(
        `Cannot pick values: ${name} must be an array: current value is ${describeValue(array)}`,
      );
    }
  }
  const out = new Array<T>(index.length);
  for (let k = 0; k < index.length; k++) {
    const i = index[k]!;
    if (!(Number.isInteger(i) && i >= 0 && i < values.length)) {
      throw new RangeError(
        `Cannot pick values: index[${k}] must be an integer in [0, ${values.length}): current value is ${
          describeValue(i)
        }`,
      );
    }
    out[k] = values[i]!;
  }
  return out;
}
