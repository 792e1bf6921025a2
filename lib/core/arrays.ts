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

/** A typed array type that {@linkcode concatArrays} joins. */
export type JoinableArray = Int8Array | Uint8Array | Int32Array | Float64Array;

/**
 * The parts, one after another, in one new typed array of the parts' type (the chunks of a download, the
 * per-day columns of a long tape). Cost: O(total length), one allocation.
 *
 * @param parts typed arrays of one type.
 * @param make the constructor of the result, e.g. `Float64Array` (used when `parts` is empty).
 * @returns a new array of the summed length.
 *
 * @example
 * ```ts
 * import { concatArrays } from "@lib/core/arrays.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(concatArrays([Int32Array.of(1, 2), Int32Array.of(3)], Int32Array), Int32Array.of(1, 2, 3));
 * assert.deepEqual(concatArrays([], Float64Array), new Float64Array(0));
 * ```
 */
export function concatArrays<T extends JoinableArray>(parts: readonly T[], make: new (n: number) => T): T {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new make(n);
  let at = 0;
  for (const p of parts) {
    out.set(p as never, at);
    at += p.length;
  }
  return out;
}
