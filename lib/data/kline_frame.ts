/**
 * The candle table: columns, types and checks shared by the client, the cache and the synthetic market,
 * and the bridge between a polars DataFrame and plain `Float64Array` columns.
 *
 * Schema (one row per bar, ascending by `startTime`, unique):
 *
 * | column | polars type | unit |
 * | --- | --- | --- |
 * | `startTime` | `Datetime("ms", "UTC")` | bar open time, UTC (milliseconds since the epoch underneath) |
 * | `open`, `high`, `low`, `close` | `Float64` | quote currency per base unit (USDT per BTC for BTCUSDT) |
 * | `volume` | `Float64` | base units traded in the bar (BTC for linear BTCUSDT; contracts in USD for inverse) |
 * | `turnover` | `Float64` | quote units traded in the bar (USDT for linear BTCUSDT) |
 * | `source` (loaded frames only) | `Utf8` | `"bybit"` or `"synthetic"` |
 *
 * `startTime` is a real timestamp type so that Python polars, DuckDB and Spark read the cache as
 * `TIMESTAMP(MILLIS, UTC)` without a conversion; {@linkcode klineColumns} turns it back into numbers.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";

/** Where candles came from: Bybit (live or cached) or the seeded synthetic market. */
export type KlineSource = "bybit" | "synthetic";

/** Candles as plain columns (ascending `startTime`). */
export interface KlineColumns {
  /** Bar open time, UTC ms. */
  startTime: Float64Array;
  /** First trade price, quote per base unit. */
  open: Float64Array;
  /** Highest trade price, quote per base unit. */
  high: Float64Array;
  /** Lowest trade price, quote per base unit. */
  low: Float64Array;
  /** Last trade price, quote per base unit. */
  close: Float64Array;
  /** Base units traded. */
  volume: Float64Array;
  /** Quote units traded. */
  turnover: Float64Array;
}

/** Column names of a candle table, in order (without `source`). */
export const KLINE_COLUMNS = ["startTime", "open", "high", "low", "close", "volume", "turnover"] as const;

/**
 * Reads the candle columns of a DataFrame (from {@linkcode loadKlines}, {@linkcode fetchKlines} or
 * {@linkcode synthesizeKlines}) as `Float64Array`s; `startTime` becomes UTC milliseconds.
 *
 * Accepts a `KlineColumns` object too and returns it unchanged, so statistics take either.
 *
 * @param candles a candle DataFrame or columns.
 * @returns the seven columns.
 * @throws {TypeError} if a column is missing or not numeric.
 *
 * @example
 * ```ts
 * import { klineColumns, synthesizeKlines } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const df = synthesizeKlines({ symbol: "BTCUSDT", interval: "60", start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 0, 2) });
 * const { startTime, close } = klineColumns(df);
 * assert.equal(startTime[0], Date.UTC(2025, 0, 1));
 * assert.equal(close.length, 24);
 * ```
 */
export function klineColumns(candles: pl.DataFrame | KlineColumns): KlineColumns {
  if (!isDataFrame(candles)) {
    if (candles === null || typeof candles !== "object" || !(candles.startTime instanceof Float64Array)) {
      throw new TypeError(
        `Cannot read candles: expected a polars DataFrame or KlineColumns: current value is ${
          String(candles)
        }`,
      );
    }
    return candles;
  }
  const names = candles.columns;
  for (const name of KLINE_COLUMNS) {
    if (!names.includes(name)) {
      throw new TypeError(
        `Cannot read candles: column ${name} is missing: current columns are ${names.join(", ")}`,
      );
    }
  }
  const read = (name: string) => {
    const series = candles.getColumn(name);
    const ok = series.dtype.equals(pl.Float64) || series.dtype.equals(pl.Int64) ||
      series.dtype.equals(pl.Datetime("ms", "UTC")) || series.dtype.equals(pl.Datetime("ms")) ||
      series.dtype.equals(pl.Float32) || series.dtype.equals(pl.Int32);
    if (!ok) {
      throw new TypeError(
        `Cannot read candles: column ${name} must be numeric: current type is ${series.dtype}`,
      );
    }
    return series.cast(pl.Float64).toTypedArray() as Float64Array;
  };
  return {
    startTime: read("startTime"),
    open: read("open"),
    high: read("high"),
    low: read("low"),
    close: read("close"),
    volume: read("volume"),
    turnover: read("turnover"),
  };
}

/**
 * Whether `value` is a polars DataFrame (duck-typed: nodejs-polars frames are proxies, not class instances),
 * as the functions that accept a DataFrame or plain columns tell the two apart.
 *
 * @param value any value.
 * @returns `true` for a polars DataFrame.
 *
 * @example
 * ```ts
 * import { isDataFrame } from "@lib/data/mod.ts";
 * import pl from "nodejs-polars";
 * import assert from "node:assert/strict";
 * assert.equal(isDataFrame(pl.DataFrame({ close: [1, 2] })), true);
 * assert.equal(isDataFrame({ close: new Float64Array([1, 2]) }), false);
 * ```
 */
export function isDataFrame(value: unknown): value is pl.DataFrame {
  return value !== null && typeof value === "object" &&
    typeof (value as pl.DataFrame).getColumn === "function" &&
    Array.isArray((value as pl.DataFrame).columns);
}
