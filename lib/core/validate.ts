/**
 * Boundary validation shared by every public function. Messages follow the house style:
 * the action, then what is wrong, then the current value.
 *
 * @module
 */

/**
 * A value as an error message shows it: numbers as JavaScript prints them (`-0` kept), strings quoted and
 * named as strings (so `"0.02"` does not read as the number 0.02), arrays with their length, other objects
 * by kind.
 *
 * @param value any value.
 * @returns the value as an error message shows it.
 *
 * @example
 * ```ts
 * import { describeValue } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(describeValue(-0), "-0");
 * assert.equal(describeValue("0.02"), 'the string "0.02"');
 * assert.equal(describeValue([1, 2]), "an array of length 2");
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "string") {
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "..." : value)}`;
  }
  if (typeof value === "bigint") return `the bigint ${value}n`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value !== null && typeof value === "object") {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "an object";
  }
  if (typeof value === "function") return "a function";
  return String(value);
}

/**
 * Throws a `TypeError` unless `value` has type number (NaN and infinities pass: callers check the domain).
 * `undefined` (a missing field) passes too, and the caller's domain check names it: "current value is undefined".
 *
 * @throws {TypeError} for a value of another type.
 *
 * @example
 * ```ts
 * import { assertNumber } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assertNumber("fit", "eta", 0.5);
 * assert.throws(() => assertNumber("fit", "eta", "0.5"), /Cannot fit: eta must be a number/);
 * ```
 */
export function assertNumber(action: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" && value !== undefined) {
    throw new TypeError(
      `Cannot ${action}: ${name} must be a number: current value is ${describeValue(value)}`,
    );
  }
}

/**
 * Throws a `TypeError` unless `value` is a non-null object (an options or parameters bag), so that `null`
 * gives a message naming the argument instead of the engine's "Cannot destructure property".
 *
 * @throws {TypeError} for `null` or a value that is not an object.
 *
 * @example
 * ```ts
 * import { assertObject } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assertObject("simulate", "options", {});
 * assert.throws(() => assertObject("simulate", "options", null), /options must be an object: current value is null/);
 * ```
 */
export function assertObject<T>(
  action: string,
  name: string,
  value: T,
  shape = "",
): asserts value is T & object {
  if (value === null || typeof value !== "object") {
    throw new TypeError(
      `Cannot ${action}: ${name} must be an object${shape ? ` ${shape}` : ""}: current value is ${
        describeValue(value)
      }`,
    );
  }
}

/**
 * Throws a `RangeError` unless `value` is a finite number (a `TypeError` for a non-number).
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
  assertNumber(action, name, value);
  if (!Number.isFinite(value)) {
    throw new RangeError(`Cannot ${action}: ${name} must be a finite number: current value is ${value}`);
  }
}

/**
 * Throws a `RangeError` unless `value` is finite and > 0 (a `TypeError` for a non-number).
 *
 * @example
 * ```ts
 * import { assertPositive } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.throws(() => assertPositive("fit", "volume", 0), /^RangeError: Cannot fit: volume must be finite and > 0: current value is 0$/);
 * ```
 */
export function assertPositive(action: string, name: string, value: number): void {
  assertNumber(action, name, value);
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Cannot ${action}: ${name} must be finite and > 0: current value is ${value}`);
  }
}

/**
 * Throws a `RangeError` unless `value` is finite and >= 0 (a `TypeError` for a non-number).
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
  assertNumber(action, name, value);
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`Cannot ${action}: ${name} must be finite and >= 0: current value is ${value}`);
  }
}

/**
 * Throws a `RangeError` unless `value` is an integer >= `min` (a `TypeError` for a non-number).
 *
 * @example
 * ```ts
 * import { assertInteger } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.throws(() => assertInteger("fit", "bins", 1, 2), /bins must be an integer >= 2: current value is 1/);
 * ```
 */
export function assertInteger(action: string, name: string, value: number, min = 0): void {
  assertNumber(action, name, value);
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
    throw new TypeError(
      `Cannot ${action}: ${name} must be an array of numbers: current value is ${describeValue(values)}`,
    );
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // The message (a string per element) is built only for a bad value.
    if (typeof v !== "number" || !Number.isFinite(v)) {
      assertNumber(action, `${name}[${i}]`, v);
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

/**
 * Largest magnitude of a JavaScript `Date`'s time value, ms: 8.64e15 (100 million days, year 275760).
 *
 * @example
 * ```ts
 * import { MAX_TIMESTAMP_MS } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(new Date(MAX_TIMESTAMP_MS).getUTCFullYear(), 275760);
 * ```
 */
export const MAX_TIMESTAMP_MS = 8.64e15;

/**
 * Throws unless `value` is a UTC time in milliseconds that a `Date` can represent, `|value| <= 8.64e15`:
 * a larger finite number (1e300, say) has no hour of day or calendar date.
 *
 * @throws {RangeError} for a value that is not finite or beyond `MAX_TIMESTAMP_MS`.
 *
 * @example
 * ```ts
 * import { assertTimestamp } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assertTimestamp("load trades", "from", Date.UTC(2024, 0, 1));
 * assert.throws(() => assertTimestamp("load trades", "from", 1e300), RangeError);
 * ```
 */
export function assertTimestamp(action: string, name: string, value: number): void {
  assertFinite(action, name, value);
  if (Math.abs(value) > MAX_TIMESTAMP_MS) {
    throw new RangeError(
      `Cannot ${action}: ${name} must be a UTC time in ms within +-8.64e15 (a valid Date): current value is ${value}`,
    );
  }
}

/**
 * Throws a `RangeError` unless a computed `value` is finite: the inputs were each valid, but together they
 * overflow double precision (or give NaN). `what` says what was computed, `inputs` the arguments responsible
 * and their values, e.g. `{ shares: 1e200, eta: 1 }`.
 *
 * @throws {RangeError} if `value` is not finite.
 *
 * @example
 * ```ts
 * import { assertFiniteResult } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assertFiniteResult("price impact", "cost", 12.5, { shares: 100 });
 * assert.throws(
 *   () => assertFiniteResult("price impact", "cost", Infinity, { shares: 1e200 }),
 *   /cost overflows double precision with shares = 1e\+200/,
 * );
 * ```
 */
export function assertFiniteResult(
  action: string,
  what: string,
  value: number,
  inputs: Record<string, unknown>,
): void {
  if (Number.isFinite(value)) return;
  const args = Object.entries(inputs).map(([k, v]) => `${k} = ${describeValue(v)}`).join(", ");
  throw new RangeError(
    `Cannot ${action}: ${what} overflows double precision with ${args} (rescale the inputs, e.g. trade in ` +
      `larger units): current value is ${value}`,
  );
}

/** Candle columns as `assertCandleColumns` checks them (structurally the data area's `KlineColumns`). */
export interface CandleColumnsLike {
  startTime: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
  turnover: ArrayLike<number>;
}

/**
 * Checks candle columns before a statistic reads them: every column as long as `startTime`, start times
 * valid UTC times in ms (see {@linkcode assertTimestamp}), prices finite
 * and > 0 with `low <= open, close <= high`, volume and turnover finite and >= 0. Names the column, the row
 * and the value.
 * @throws {TypeError} for a column of another length.
 * @throws {RangeError} for a bad value.
 *
 * @example
 * ```ts
 * import { assertCandleColumns } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * const candle = { startTime: [0], open: [100], high: [101], low: [99], close: [100.5], volume: [3], turnover: [300] };
 * assertCandleColumns("read candles", candle);
 * assert.throws(() => assertCandleColumns("read candles", { ...candle, low: [102] }), RangeError);
 * ```
 */
export function assertCandleColumns(action: string, c: CandleColumnsLike): void {
  for (const name of ["startTime", "open", "high", "low", "close", "volume", "turnover"] as const) {
    const column = c[name];
    if (column === null || typeof column !== "object" || typeof column.length !== "number") {
      throw new TypeError(
        `Cannot ${action}: column ${name} must be an array of numbers: current value is ${
          describeValue(column)
        }`,
      );
    }
  }
  const n = c.startTime.length;
  for (const name of ["open", "high", "low", "close", "volume", "turnover"] as const) {
    if (c[name].length !== n) {
      throw new TypeError(
        `Cannot ${action}: column ${name} must have one value per startTime (${n}): current length is ${
          c[name].length
        }`,
      );
    }
  }
  for (let i = 0; i < n; i++) {
    assertTimestamp(action, `startTime[${i}]`, c.startTime[i]!);
    for (const name of ["open", "high", "low", "close"] as const) {
      const v = c[name][i]!;
      if (!(v > 0) || !Number.isFinite(v)) {
        throw new RangeError(`Cannot ${action}: ${name}[${i}] must be finite and > 0: current value is ${v}`);
      }
    }
    const o = c.open[i]!, h = c.high[i]!, l = c.low[i]!, cl = c.close[i]!;
    if (!(l <= o && l <= cl && h >= o && h >= cl)) {
      throw new RangeError(
        `Cannot ${action}: row ${i} must have low <= open, close <= high: current values are open[${i}] = ${o}, ` +
          `high[${i}] = ${h}, low[${i}] = ${l}, close[${i}] = ${cl}`,
      );
    }
    for (const name of ["volume", "turnover"] as const) {
      const v = c[name][i]!;
      if (!(v >= 0) || !Number.isFinite(v)) {
        throw new RangeError(
          `Cannot ${action}: ${name}[${i}] must be finite and >= 0: current value is ${v}`,
        );
      }
    }
  }
}

/**
 * A positive scalar, or an array of one positive value per observation, as `n` values: the scalar is
 * broadcast. Used where a volatility or a daily volume may be given once or per order.
 *
 * @throws {TypeError} for an array of another length than `n`.
 * @throws {RangeError} naming the first value that is not finite and > 0, with its index.
 *
 * @example
 * ```ts
 * import { positivePerObservation } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([...positivePerObservation("fit", "dailyVolatility", 0.02, 2)], [0.02, 0.02]);
 * assert.throws(() => positivePerObservation("fit", "dailyVolatility", [0.02, -1], 2), /dailyVolatility\[1\] must be finite and > 0/);
 * ```
 */
export function positivePerObservation(
  action: string,
  name: string,
  value: number | ArrayLike<number>,
  n: number,
): Float64Array {
  if (typeof value === "number") {
    assertPositive(action, name, value);
    return new Float64Array(n).fill(value);
  }
  const values = toFiniteArray(action, name, value);
  if (values.length !== n) {
    throw new TypeError(
      `Cannot ${action}: ${name} must be one number or one per observation (${n}): current length is ${values.length}`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    if (!(values[i]! > 0)) assertPositive(action, `${name}[${i}]`, values[i]!);
  }
  return values;
}

/** The checks {@linkcode assertEach} runs, by kind. */
const NUMBER_CHECKS = {
  positive: assertPositive,
  "non-negative": assertNonNegative,
  finite: assertFinite,
} as const;

/**
 * Checks several options of one kind at once, in the order given: {@linkcode assertPositive} (finite and
 * > 0), {@linkcode assertNonNegative} (finite and >= 0) or {@linkcode assertFinite} of each `name: value`,
 * with their messages. One line for a list of options instead of a line each.
 *
 * @param action what the caller is doing, for the message.
 * @param kind `"positive"`, `"non-negative"` or `"finite"`.
 * @param values the options by name, e.g. `{ dailyVolatility, midPrice }`.
 * @throws {TypeError} for a value that is not a number; {@linkcode RangeError} for one out of range, naming
 *   the first in the order given.
 *
 * @example
 * ```ts
 * import { assertEach } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assertEach("price", "positive", { mid: 100, k: 1.5 });
 * assert.throws(
 *   () => assertEach("price", "non-negative", { sigma: 0.1, timeLeftSeconds: -1 }),
 *   /^RangeError: Cannot price: timeLeftSeconds must be finite and >= 0: current value is -1$/,
 * );
 * ```
 */
export function assertEach(
  action: string,
  kind: keyof typeof NUMBER_CHECKS,
  values: Readonly<Record<string, number>>,
): void {
  const check = NUMBER_CHECKS[kind];
  for (const [name, value] of Object.entries(values)) check(action, name, value);
}
