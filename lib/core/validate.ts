/**
 * Boundary validation shared by every public function. Messages follow the house style:
 * the action, then what is wrong, then the current value.
 *
 * @module
 */

/**
 * Throws a `RangeError` unless `value` is a finite number.
 *
 * @example
 * ```ts
 * import { assertFinite } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assertFinite("fit", "x", 1.5);
 * assert.throws(() => assertFinite("fit", "x", NaN), /x must be a finite number: current value is NaN/);
 * ```
 */
export function assertFinite(action: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`Cannot ${action}: ${name} must be a finite number: current value is ${value}`);
  }
}

/**
 * Throws a `RangeError` unless `value` is finite and > 0.
 *
 * @example
 * ```ts
 * import { assertPositive } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.throws(() => assertPositive("fit", "volume", 0), /^RangeError: Cannot fit: volume must be finite and > 0: current value is 0$/);
 * ```
 */
export function assertPositive(action: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Cannot ${action}: ${name} must be finite and > 0: current value is ${value}`);
  }
}

/**
 * Throws a `RangeError` unless `value` is finite and >= 0.
 *
 * @example
 * ```ts
 * import { assertNonNegative } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assertNonNegative("fit", "spread", 0);
 * assert.throws(() => assertNonNegative("fit", "spread", -1), RangeError);
 * ```
 */
export function assertNonNegative(action: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`Cannot ${action}: ${name} must be finite and >= 0: current value is ${value}`);
  }
}

/**
 * Throws a `RangeError` unless `value` is an integer >= `min`.
 *
 * @example
 * ```ts
 * import { assertInteger } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.throws(() => assertInteger("fit", "bins", 1, 2), /bins must be an integer >= 2: current value is 1/);
 * ```
 */
export function assertInteger(action: string, name: string, value: number, min = 0): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`Cannot ${action}: ${name} must be an integer >= ${min}: current value is ${value}`);
  }
}

/**
 * Checks that `values` is array-like with only finite numbers and returns it as a `Float64Array`.
 * @throws {TypeError} if `values` is not array-like.
 * @throws {RangeError} naming the first non-finite index and its value.
 *
 * @example
 * ```ts
 * import { toFiniteArray } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(toFiniteArray("fit", "x", [1, 2]), Float64Array.of(1, 2));
 * assert.throws(() => toFiniteArray("fit", "x", [1, Infinity]), /x\[1\] must be a finite number/);
 * ```
 */
export function toFiniteArray(action: string, name: string, values: ArrayLike<number>): Float64Array {
  if (values === null || typeof values !== "object" || typeof values.length !== "number") {
    throw new TypeError(`Cannot ${action}: ${name} must be an array of numbers: current value is ${values}`);
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(`Cannot ${action}: ${name}[${i}] must be a finite number: current value is ${v}`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Throws a `TypeError` unless the two lengths agree.
 *
 * @example
 * ```ts
 * import { assertSameLength } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.throws(() => assertSameLength("fit", "x", [1], "y", []), TypeError);
 * ```
 */
export function assertSameLength(
  action: string,
  nameA: string,
  a: ArrayLike<unknown>,
  nameB: string,
  b: ArrayLike<unknown>,
): void {
  if (a.length !== b.length) {
    throw new TypeError(
      `Cannot ${action}: ${nameA} and ${nameB} must have the same length: current lengths are ${a.length} and ${b.length}`,
    );
  }
}
