/**
 * Cell formatters for {@linkcode table} columns and for prose: each turns a number into the text a
 * report shows, and a missing value (`null` or `undefined`) into `"-"`. Costs are fractions of a price in
 * the library; {@linkcode bps} shows a fraction in basis points (`fraction * 10,000`), the one meaning
 * of "bps" in the chapter.
 *
 * @module
 */
import { toBps } from "../core/units.ts";

/** A formatter of one cell: a number (or a missing value) to text. */
export type NumberFormat = (value: number | null | undefined) => string;

const MISSING = "-";

/**
 * Fixed-point text: `(value * scale).toFixed(digits)`; `"-"` for a missing value.
 *
 * @param digits digits after the point.
 * @param scale multiplier applied first (100 for a fraction shown in %). Default 1.
 * @returns the formatter.
 *
 * @example
 * ```ts
 * import { fixed } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(fixed(2)(3.14159), "3.14");
 * assert.equal(fixed(1, 100)(0.123), "12.3");
 * assert.equal(fixed(2)(null), "-");
 * ```
 */
export function fixed(digits: number, scale = 1): NumberFormat {
  return (value) => (value === null || value === undefined ? MISSING : (value * scale).toFixed(digits));
}

/**
 * A fraction of a price shown in basis points, fixed-point: `toBps(value).toFixed(digits)`.
 *
 * @param digits digits after the point. Default 2.
 * @returns the formatter.
 *
 * @example
 * ```ts
 * import { bps } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(bps()(0.00123), "12.30");
 * assert.equal(bps(1)(-0.0001), "-1.0");
 * ```
 */
export function bps(digits = 2): NumberFormat {
  return (value) => (value === null || value === undefined ? MISSING : toBps(value).toFixed(digits));
}

/**
 * Significant digits: `value.toPrecision(digits)`.
 *
 * @param digits significant digits.
 * @returns the formatter.
 *
 * @example
 * ```ts
 * import { precision } from "@lib/report/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(precision(4)(0.000123456), "0.0001235");
 * ```
 */
export function precision(digits: number): NumberFormat {
  return (value) => (value === null || value === undefined ? MISSING : value.toPrecision(digits));
}

/**
 * Exponential notation: `value.toExponential(digits)`.
 *
 * @param digits digits after the point.
 * @returns the formatter.
 *
 * @example
 * ```ts
 * import { exponential } from "@lib/report/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(exponential(2)(123456), "1.23e+5");
 * ```
 */
export function exponential(digits: number): NumberFormat {
  return (value) => (value === null || value === undefined ? MISSING : value.toExponential(digits));
}

/**
 * Rounded to a whole number with thousands separators (`en-US`): `1234567.8` gives `"1,234,568"`.
 *
 * @param value the number.
 * @returns the text.
 *
 * @example
 * ```ts
 * import { grouped } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(grouped(1234567.8), "1,234,568");
 * ```
 */
export const grouped: NumberFormat = (value) =>
  value === null || value === undefined ? MISSING : Math.round(value).toLocaleString("en-US");

/**
 * A UTC timestamp (milliseconds since the epoch) to the minute: `"2025-06-01T13:30"`.
 *
 * @param value UTC milliseconds.
 * @returns ISO 8601 text to the minute, UTC.
 *
 * @example
 * ```ts
 * import { utcMinute } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(utcMinute(Date.UTC(2025, 5, 1, 13, 30)), "2025-06-01T13:30");
 * ```
 */
export const utcMinute: NumberFormat = (value) =>
  value === null || value === undefined ? MISSING : new Date(value).toISOString().slice(0, 16);
