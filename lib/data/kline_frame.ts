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
import { lowerBound } from "../core/arrays.ts";
import pl from "npm:nodejs-polars@0.25.2";
import type { BybitInterval } from "./kline_spec.ts";
import { barStartOf } from "./_calendar.ts";

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

const PRICE_COLUMNS = ["open", "high", "low", "close", "volume", "turnover"] as const;

/** Builds the candle DataFrame from columns (optionally with a constant `source` column). */
export function klineFrame(columns: KlineColumns, source?: KlineSource): pl.DataFrame {
  const data: Record<string, Float64Array | string[]> = {
    startTime: columns.startTime,
    open: columns.open,
    high: columns.high,
    low: columns.low,
    close: columns.close,
    volume: columns.volume,
    turnover: columns.turnover,
  };
  let df = pl.DataFrame(data).withColumns(
    pl.col("startTime").cast(pl.Int64).cast(pl.Datetime("ms", "UTC")),
  );
  if (source !== undefined) df = df.withColumns(pl.lit(source).alias("source"));
  return df;
}

/** A set of columns of `rows` zeros (empty by default), to fill in place. */
export function emptyKlineColumns(rows = 0): KlineColumns {
  const e = () => new Float64Array(rows);
  return { startTime: e(), open: e(), high: e(), low: e(), close: e(), volume: e(), turnover: e() };
}

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

/** Whether `value` is a polars DataFrame (duck-typed: nodejs-polars frames are proxies, not class instances). */
export function isDataFrame(value: unknown): value is pl.DataFrame {
  return value !== null && typeof value === "object" &&
    typeof (value as pl.DataFrame).getColumn === "function" &&
    Array.isArray((value as pl.DataFrame).columns);
}

/**
 * Checks candle columns and returns the first problem as text, or `undefined` when they are sound:
 * equal lengths, finite values, prices > 0, `low <= min(open, close)`, `high >= max(open, close)`,
 * `volume, turnover >= 0`, start times strictly increasing, on bar boundaries of `interval` and inside
 * `[from, to)`.
 */
export function klineProblem(
  c: KlineColumns,
  interval: BybitInterval,
  from = -Infinity,
  to = Infinity,
): string | undefined {
  const n = c.startTime.length;
  for (const name of PRICE_COLUMNS) {
    if (c[name].length !== n) return `column ${name} has ${c[name].length} rows, startTime has ${n}`;
  }
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = c.startTime[i]!;
    if (!Number.isSafeInteger(t)) return `startTime[${i}] is not an integer: ${t}`;
    if (t <= previous) return `startTime[${i}] = ${t} does not increase (previous ${previous})`;
    if (t < from || t >= to) return `startTime[${i}] = ${new Date(t).toISOString()} is outside the range`;
    if (barStartOf(t, interval) !== t) {
      return `startTime[${i}] = ${new Date(t).toISOString()} is not a bar start of interval ${interval}`;
    }
    previous = t;
    const o = c.open[i]!, h = c.high[i]!, l = c.low[i]!, cl = c.close[i]!;
    const v = c.volume[i]!, q = c.turnover[i]!;
    if (!(o > 0 && h > 0 && l > 0 && cl > 0 && Number.isFinite(h))) {
      return `prices at row ${i} must be finite and > 0: ${o}, ${h}, ${l}, ${cl}`;
    }
    if (!(l <= o && l <= cl && h >= o && h >= cl)) {
      return `row ${i} violates low <= open, close <= high: ${o}, ${h}, ${l}, ${cl}`;
    }
    if (!(v >= 0 && q >= 0 && Number.isFinite(v) && Number.isFinite(q))) {
      return `volume and turnover at row ${i} must be finite and >= 0: ${v}, ${q}`;
    }
  }
  return undefined;
}

/** Rows of `c` whose start time is in `[from, to)` (columns must be ascending). */
export function sliceKlineColumns(c: KlineColumns, from: number, to: number): KlineColumns {
  const lo = lowerBound(c.startTime, from), hi = lowerBound(c.startTime, to);
  return {
    startTime: c.startTime.slice(lo, hi),
    open: c.open.slice(lo, hi),
    high: c.high.slice(lo, hi),
    low: c.low.slice(lo, hi),
    close: c.close.slice(lo, hi),
    volume: c.volume.slice(lo, hi),
    turnover: c.turnover.slice(lo, hi),
  };
}

/** Concatenates column sets in order (each ascending, non-overlapping, in ascending order). */
export function concatKlineColumns(parts: readonly KlineColumns[]): KlineColumns {
  const out = emptyKlineColumns(parts.reduce((s, p) => s + p.startTime.length, 0));
  let at = 0;
  for (const p of parts) {
    for (const name of KLINE_COLUMNS) out[name].set(p[name], at);
    at += p.startTime.length;
  }
  return out;
}

/**
 * Merges two ascending column sets; on equal start times the row of `newer` wins.
 */
export function mergeKlineColumns(older: KlineColumns, newer: KlineColumns): KlineColumns {
  const a = older.startTime, b = newer.startTime;
  const idx: number[] = [];
  const from: number[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) {
      idx.push(i++);
      from.push(0);
    } else {
      if (i < a.length && a[i] === b[j]) i++;
      idx.push(j++);
      from.push(1);
    }
  }
  const n = idx.length;
  const out = emptyKlineColumns();
  for (const name of KLINE_COLUMNS) out[name] = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const src = from[k] === 0 ? older : newer;
    const r = idx[k]!;
    for (const name of KLINE_COLUMNS) out[name][k] = src[name][r]!;
  }
  return out;
}
