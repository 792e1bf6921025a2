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

/** A typed array constructor that {@linkcode GrowingArray} fills. */
export interface JoinableArrayConstructor<T extends JoinableArray> {
  new (length: number): T;
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * A typed array built by appending parts, without the second copy that joining the parts at the end needs:
 * it grows in place in a resizable `ArrayBuffer` (ES2024) whose address space is reserved up front
 * (`maxLength` elements; memory is only used as it grows). Where the reservation is refused (a virtual memory
 * limit), it keeps the parts and joins them at the end with {@linkcode concatArrays}: the same values.
 *
 * Written here because no npm package does this; it serves the day-by-day tape measurement, whose month of
 * metaorders (over a GB) would otherwise be in memory twice while being joined.
 *
 * @example
 * ```ts
 * import { GrowingArray } from "@lib/core/arrays.ts";
 * import assert from "node:assert/strict";
 * const column = new GrowingArray(Int32Array);
 * column.push(Int32Array.of(1, 2));
 * column.push(Int32Array.of(3));
 * assert.equal(column.length, 3);
 * assert.deepEqual([...column.toArray()], [1, 2, 3]);
 * ```
 */
export class GrowingArray<T extends JoinableArray> {
  readonly #make: JoinableArrayConstructor<T>;
  readonly #buffer: ArrayBuffer | null;
  readonly #parts: T[] = [];
  #length = 0;

  /**
   * @param make the element type, e.g. `Float64Array`.
   * @param maxLength the most elements it may hold (default 2^31 - 1).
   */
  constructor(make: JoinableArrayConstructor<T>, maxLength = 2 ** 31 - 1) {
    this.#make = make;
    let buffer: ArrayBuffer | null = null;
    try {
      buffer = new ArrayBuffer(0, { maxByteLength: maxLength * make.BYTES_PER_ELEMENT });
    } catch {
      buffer = null; // reservation refused: fall back to parts
    }
    this.#buffer = buffer;
  }

  /** Elements appended so far. */
  get length(): number {
    return this.#length;
  }

  /**
   * Appends `part` (copied).
   * @throws {RangeError} past `maxLength` elements.
   */
  push(part: ArrayLike<number>): void {
    const n = this.#length + part.length;
    if (this.#buffer) {
      const bytes = this.#make.BYTES_PER_ELEMENT;
      if (n * bytes > this.#buffer.maxByteLength) {
        throw new RangeError(
          `Cannot append to array: length must be <= ${
            this.#buffer.maxByteLength / bytes
          }: current value is ${n}`,
        );
      }
      this.#buffer.resize(n * bytes);
      new this.#make(this.#buffer, this.#length * bytes, part.length).set(part as never);
    } else {
      const copy = new this.#make(part.length);
      copy.set(part as never);
      this.#parts.push(copy);
    }
    this.#length = n;
  }

  /** The elements appended, as one typed array (a view on the grown buffer, no copy, when it could grow). */
  toArray(): T {
    if (this.#buffer) return new this.#make(this.#buffer, 0, this.#length);
    return concatArrays(this.#parts, this.#make);
  }
}

/**
 * First index `i` in `[0, end)` with `values[i] >= x` in an ascending array (`end` if none): a binary
 * search, O(log n).
 *
 * @param values ascending values.
 * @param x the value searched for.
 * @param end search `[0, end)` only (default `values.length`).
 * @returns the insertion index of `x` before any equal value.
 *
 * @example
 * ```ts
 * import { lowerBound } from "@lib/core/arrays.ts";
 * import assert from "node:assert/strict";
 * const t = Float64Array.of(1, 2, 2, 5);
 * assert.equal(lowerBound(t, 2), 1);
 * assert.equal(lowerBound(t, 6), 4);
 * assert.equal(lowerBound(t, 6, 2), 2);
 * ```
 */
export function lowerBound(values: ArrayLike<number>, x: number, end = values.length): number {
  let lo = 0, hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
