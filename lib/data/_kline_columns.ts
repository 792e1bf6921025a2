/**
 * Candle column helpers the client, the cache, the CSV reader and the synthetic market share: the candle
 * DataFrame built from columns, empty columns to fill, the one check of a column set (`klineProblem`), and
 * slicing, concatenating and merging column sets.
 *
 * @module
 */
import { lowerBound } from "../core/arrays.ts";
import pl from "npm:nodejs-polars@0.25.2";
import type { BybitInterval } from "./kline_spec.ts";
import { barStartOf } from "./_calendar.ts";
import { KLINE_COLUMNS, type KlineColumns, type KlineSource } from "./kline_frame.ts";

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
