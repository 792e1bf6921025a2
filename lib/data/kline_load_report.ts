/**
 * What {@linkcode loadKlines} did to produce a candle frame ({@linkcode KlineLoadReport}, kept beside the
 * frame it returned), and the one line that says which data a frame holds ({@linkcode describeKlineSource}).
 *
 * @module
 */
import type pl from "npm:nodejs-polars@0.25.2";
import { isDataFrame, klineColumns, type KlineSource } from "./kline_frame.ts";
import { describeRanges, stamp } from "./_kline_ranges.ts";

/** What {@linkcode loadKlines} did, attached to the frame it returned (see {@linkcode klineLoadReport}). */
export interface KlineLoadReport {
  symbol: string;
  interval: string;
  category: string;
  /** Requested range, UTC ms. */
  start: number;
  end: number;
  /** Where the rows come from. */
  source: KlineSource;
  /** Rows returned. */
  rows: number;
  /** Months (`YYYY-MM`) served entirely from the cache. */
  cachedMonths: string[];
  /** Months for which bars were fetched from Bybit. */
  fetchedMonths: string[];
  /** Months whose file was corrupt, with the reason. */
  corruptMonths: string[];
  /**
   * Ranges of bar starts `[start, end)` (UTC ms) inside the request, up to the last closed bar, that
   * should hold bars and do not: not cached and not fetched (offline, Bybit unreachable) or missing
   * from Bybit's answers even after a retry. Empty when the frame is complete (and for synthetic data).
   */
  missing: { start: number; end: number }[];
  /** Bars in {@linkcode KlineLoadReport.missing}. */
  missingBars: number;
  /**
   * Fetched rows that came without turnover (6 fields), whose turnover was estimated as
   * `volume * (open + high + low + close) / 4` (see {@linkcode fetchKlines}).
   */
  estimatedTurnoverRows: number;
  /** Why synthetic data was used, or why some of the range is missing, when it was. */
  reason?: string;
  /** Seed of the synthetic market, when it was used. */
  seed?: number;
}

/** Reports of the frames `loadKlines` returned, keyed by the frame (a frame's report goes with it). */
const reports = new WeakMap<pl.DataFrame, KlineLoadReport>();

/**
 * Keeps `report` as the report of `df`, so {@linkcode klineLoadReport} and {@linkcode describeKlineSource}
 * read it: what {@linkcode loadKlines} does with each frame it returns, and what a caller does to carry a
 * report over to a frame it derived (a filtered copy has none).
 *
 * @param df a candle frame.
 * @param report its report.
 *
 * @example
 * ```ts
 * import { loadKlines } from "@lib/mod.ts";
 * import { attachKlineLoadReport, klineLoadReport } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const df = await loadKlines({ symbol: "BTCUSDT", interval: "60", start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 0, 2) }, { offline: true, cacheDir: dir });
 * const copy = df.head(12);
 * assert.equal(klineLoadReport(copy), undefined);
 * attachKlineLoadReport(copy, klineLoadReport(df)!);
 * assert.equal(klineLoadReport(copy)?.source, "synthetic");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function attachKlineLoadReport(df: pl.DataFrame, report: KlineLoadReport): void {
  reports.set(df, report);
}

/**
 * What {@linkcode loadKlines} did to produce `df` (source, cache hits, fetched and corrupt months,
 * reason for synthetic data), or `undefined` for a frame it did not return (e.g. a filtered copy).
 *
 * @example
 * ```ts
 * import { loadKlines } from "@lib/mod.ts";
 * import { klineLoadReport } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const df = await loadKlines({ symbol: "BTCUSDT", interval: "60", start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 0, 2) }, { offline: true, cacheDir: dir });
 * assert.equal(klineLoadReport(df)?.source, "synthetic");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function klineLoadReport(df: pl.DataFrame): KlineLoadReport | undefined {
  const r = reports.get(df);
  return r ? structuredClone(r) : undefined;
}

/**
 * One line saying which data a candle frame holds, for a notebook to print: source (Bybit or synthetic,
 * with seed and reason), instrument, bar length, time range and row count.
 *
 * Works on any candle frame: frames returned by {@linkcode loadKlines} are described from its report;
 * others (filtered copies, {@linkcode synthesizeKlines}, {@linkcode fetchKlines}) from their columns.
 *
 * @param df a candle DataFrame.
 * @returns e.g. `"SYNTHETIC data (seeded market, seed 1; offline (BYBIT_OFFLINE is set)): BTCUSDT linear
 *   1-minute bars, 2025-06-01 00:00 to 2025-06-30 23:59 UTC (bar starts), 43,200 candles"`.
 * @throws {TypeError} if `df` is not a candle frame.
 *
 * @example
 * ```ts
 * import { describeKlineSource } from "@lib/mod.ts";
 * import { synthesizeKlines } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const df = synthesizeKlines({ symbol: "BTCUSDT", interval: "60", start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 0, 2) });
 * assert.match(describeKlineSource(df), /SYNTHETIC.*24 candles/);
 * ```
 */
export function describeKlineSource(df: pl.DataFrame): string {
  if (!isDataFrame(df)) {
    throw new TypeError(
      `Cannot describe candles: expected a polars DataFrame: current value is ${String(df)}`,
    );
  }
  const report = reports.get(df);
  const c = klineColumns(df);
  const n = c.startTime.length;
  const sources = df.columns.includes("source")
    ? (df.getColumn("source").unique().toArray() as string[]).sort()
    : [];
  const source = report?.source ??
    (sources.length === 1 ? sources[0] : sources.length > 1 ? "mixed" : "unknown");
  const label = source === "synthetic"
    ? `SYNTHETIC data (seeded market${report?.seed !== undefined ? `, seed ${report.seed}` : ""}${
      report?.reason ? `; ${report.reason}` : ""
    })`
    : source === "bybit"
    ? `Bybit data${
      report
        ? ` (${report.cachedMonths.length} month(s) from the cache, ${report.fetchedMonths.length} fetched)`
        : ""
    }`
    : `data of ${source} source`;
  const what = report
    ? `${report.symbol} ${report.category} ${intervalLabel(report.interval)} bars`
    : `${n > 1 ? intervalLabel(inferInterval(c.startTime)) : "?"} bars`;
  const range = n > 0
    ? `${stamp(c.startTime[0]!)} to ${stamp(c.startTime[n - 1]!)} UTC (bar starts)`
    : "no bars";
  const gaps = report && report.missing.length > 0
    ? `; INCOMPLETE: ${report.missingBars.toLocaleString("en-US")} bar(s) missing (${
      describeRanges(report.missing)
    }${report.reason ? `; ${report.reason}` : ""})`
    : "";
  const estimated = report && report.estimatedTurnoverRows > 0
    ? `; turnover ESTIMATED on ${report.estimatedTurnoverRows.toLocaleString("en-US")} fetched bars`
    : "";
  return `${label}: ${what}, ${range}, ${n.toLocaleString("en-US")} candles${gaps}${estimated}`;
}

function intervalLabel(interval: string): string {
  if (interval === "D") return "daily";
  if (interval === "W") return "weekly";
  if (interval === "M") return "monthly";
  return /^\d+$/.test(interval) ? `${interval}-minute` : interval;
}

function inferInterval(t: Float64Array): string {
  let best = Infinity;
  for (let i = 1; i < t.length; i++) best = Math.min(best, t[i]! - t[i - 1]!);
  const minutes = best / 60_000;
  if (minutes === 1440) return "D";
  if (minutes === 10080) return "W";
  return Number.isInteger(minutes) ? String(minutes) : `${minutes.toFixed(2)}-minute`;
}
