/**
 * What a kline request is: Bybit's categories and intervals, the validated request spec, and the UTC
 * calendar arithmetic (bar starts, month boundaries) that the client, the cache and the synthetic
 * market share.
 *
 * Validation here is what keeps every input inside the cache: `symbol` must be upper-case letters and
 * digits, `interval` and `category` must be one of Bybit's published values, so no string built from
 * them can contain `/`, `..` or anything else a path could be bent with.
 *
 * @module
 */
import { resolveTimeRange } from "./_time_range.ts";

/** Bybit v5 product categories (`/v5/market/kline?category=`). */
export type BybitCategory = "spot" | "linear" | "inverse";

/**
 * Bybit v5 kline intervals: minutes `1 .. 720`, then day `D`, week `W` (starts Monday 00:00 UTC),
 * month `M` (starts on the 1st, 00:00 UTC).
 */
export type BybitInterval =
  | "1"
  | "3"
  | "5"
  | "15"
  | "30"
  | "60"
  | "120"
  | "240"
  | "360"
  | "720"
  | "D"
  | "W"
  | "M";

/** Every interval Bybit v5 accepts, shortest first. */
export const BYBIT_INTERVALS: readonly BybitInterval[] = Object.freeze([
  "1",
  "3",
  "5",
  "15",
  "30",
  "60",
  "120",
  "240",
  "360",
  "720",
  "D",
  "W",
  "M",
]);

/** Every category Bybit v5 market endpoints accept. */
export const BYBIT_CATEGORIES: readonly BybitCategory[] = Object.freeze(["spot", "linear", "inverse"]);

/** Symbols Bybit lists: upper-case letters and digits, 2 to 30 characters (`BTCUSDT`, `1000PEPEUSDT`). */
export const BYBIT_SYMBOL_PATTERN: RegExp = /^[A-Z0-9]{2,30}$/;

/** A request for candles: instrument, bar length and the half-open time range `[start, end)`. */
export interface KlineSpec {
  /** Instrument, upper case, e.g. `"BTCUSDT"`. */
  symbol: string;
  /** Bar length, one of {@linkcode BYBIT_INTERVALS} (minutes as a string, or `D`, `W`, `M`). */
  interval: BybitInterval;
  /** First bar start to include, UTC milliseconds since the epoch (or a `Date`). */
  start: number | Date;
  /** End of the range (exclusive) on bar start times, UTC milliseconds (or a `Date`). */
  end: number | Date;
  /** Product category. Default `"linear"` (USDT perpetuals), as on Bybit. */
  category?: BybitCategory;
}

/** A {@linkcode KlineSpec} after validation: every field present, times as integer milliseconds. */
export interface ResolvedKlineSpec {
  symbol: string;
  interval: BybitInterval;
  category: BybitCategory;
  /** UTC ms, inclusive. */
  start: number;
  /** UTC ms, exclusive. */
  end: number;
}

/** The default data of the notebooks: BTCUSDT perpetual, 1-minute bars, June 2025 (30 UTC days, 43,200 bars). */
export const DEFAULT_KLINE_SPEC: Readonly<ResolvedKlineSpec> = Object.freeze({
  symbol: "BTCUSDT",
  interval: "1",
  category: "linear",
  start: Date.UTC(2025, 5, 1),
  end: Date.UTC(2025, 6, 1),
});

function toMs(action: string, name: string, value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : value;
  // 8.64e15 ms is the largest instant a Date can hold (ECMA-262, 21.4.1.1).
  if (typeof ms !== "number" || !Number.isSafeInteger(ms) || ms < 0 || ms > 8.64e15) {
    throw new RangeError(
      `Cannot ${action}: ${name} must be a Date or an integer of UTC milliseconds in [0, 8.64e15]: current value is ${
        String(value)
      }`,
    );
  }
  return ms;
}

/**
 * Checks a symbol against {@linkcode BYBIT_SYMBOL_PATTERN} and a category against {@linkcode BYBIT_CATEGORIES}
 * (so neither can reach a cache path or a URL unchecked). Shared by every request spec of lib/data.
 *
 * @param action the action named in an error message.
 * @param symbol the instrument, upper case (`"BTCUSDT"`).
 * @param category `"linear"`, `"inverse"`, `"spot"` or `undefined` (the loaders' default, linear).
 * @throws {RangeError} naming the field and its value.
 *
 * @example
 * ```ts
 * import { assertBybitSymbolAndCategory } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * assertBybitSymbolAndCategory("load trades", "BTCUSDT", "linear");
 * assert.throws(() => assertBybitSymbolAndCategory("load trades", "../etc", "linear"), /symbol must be/);
 * assert.throws(() => assertBybitSymbolAndCategory("load trades", "BTCUSDT", "futures"), RangeError);
 * ```
 */
export function assertBybitSymbolAndCategory(
  action: string,
  symbol: unknown,
  category: unknown,
): asserts symbol is string {
  if (typeof symbol !== "string" || !BYBIT_SYMBOL_PATTERN.test(symbol)) {
    throw new RangeError(
      `Cannot ${action}: symbol must be 2 to 30 upper-case letters or digits (e.g. "BTCUSDT"): current value is ${
        typeof symbol === "bigint" ? `${symbol}n` : JSON.stringify(symbol)
      }`,
    );
  }
  if (!BYBIT_CATEGORIES.includes(category as BybitCategory)) {
    throw new RangeError(
      `Cannot ${action}: category must be one of ${BYBIT_CATEGORIES.join(", ")}: current value is ${
        typeof category === "bigint" ? `${category}n` : JSON.stringify(category)
      }`,
    );
  }
}

/**
 * Validates a kline request and fills in the defaults.
 *
 * Rules: `symbol` matches {@linkcode BYBIT_SYMBOL_PATTERN}; `interval` is one of
 * {@linkcode BYBIT_INTERVALS}; `category` one of {@linkcode BYBIT_CATEGORIES} (default `"linear"`);
 * `start < end`, both integer UTC milliseconds (or Dates).
 *
 * @param spec the request.
 * @param action what the caller is doing, for the error message (default `"load klines"`).
 * @returns the resolved spec.
 * @throws {TypeError} if `spec` is not an object.
 * @throws {RangeError} naming the offending field and its value.
 *
 * @example
 * ```ts
 * import { resolveKlineSpec } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const spec = resolveKlineSpec({ symbol: "BTCUSDT", interval: "60", start: 0, end: 3_600_000 });
 * assert.equal(spec.category, "linear");
 * assert.throws(() => resolveKlineSpec({ ...spec, symbol: "../etc" }), RangeError);
 * ```
 */
export function resolveKlineSpec(spec: KlineSpec, action = "load klines"): ResolvedKlineSpec {
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(`Cannot ${action}: spec must be an object: current value is ${String(spec)}`);
  }
  const { symbol, interval, category = "linear" } = spec;
  assertBybitSymbolAndCategory(action, symbol, category);
  if (!BYBIT_INTERVALS.includes(interval)) {
    throw new RangeError(
      `Cannot ${action}: interval must be one of ${BYBIT_INTERVALS.join(", ")}: current value is ${
        typeof interval === "bigint" ? `${interval}n` : JSON.stringify(interval)
      }`,
    );
  }
  const { start, end } = resolveTimeRange(action, spec, toMs);
  return { symbol, interval, category, start, end };
}
