/**
 * The data label of a candle frame for a notebook's summary: where the candles came from (the local
 * cache, the exchange during this run, a local file, or the seeded synthetic market) and the time range
 * they cover.
 *
 * @module
 */
import type pl from "npm:nodejs-polars@0.25.2";
import type { DataLabel } from "./display.ts";
import { klineColumns } from "../data/kline_frame.ts";
import { describeKlineSource, klineLoadReport } from "../data/kline_load_report.ts";

/**
 * Describes a candle frame for {@linkcode notebookSummary}: source (`"cache"`, `"online"`,
 * `"cache+online"` or `"synthetic"`, from `loadKlines`' report, else from the frame's `source` column:
 * `"file <name>"` rows, as `readKlinesCsv` writes them, give `"local file <name>"`; `"bybit"` rows
 * `"online"`),
 * first and last bar start (ISO 8601 UTC) and the readable line of {@linkcode describeKlineSource}.
 *
 * @param df a candle DataFrame (from `loadKlines`, `synthesizeKlines`, `fetchKlines` or `readKlinesCsv`).
 * @param name what the data is (default `"<symbol> <category> candles"` from the load report, else `"candles"`).
 * @returns the label.
 * @throws {TypeError} if `df` is not a candle frame.
 *
 * @example
 * ```ts
 * import { klineDataLabel } from "@lib/mod.ts";
 * import { synthesizeKlines } from "@lib/data/mod.ts";
 * import pl from "npm:nodejs-polars@0.25.2";
 * import assert from "node:assert/strict";
 * const df = synthesizeKlines({ symbol: "BTCUSDT", interval: "60", start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 0, 2) });
 * const label = klineDataLabel(df);
 * assert.equal(label.source, "synthetic");
 * assert.equal(label.from, "2025-01-01T00:00:00.000Z");
 * assert.equal(label.to, "2025-01-01T23:00:00.000Z");
 * // Candles read from a CSV file (readKlinesCsv writes source "file <name>") are labelled as such.
 * const fromFile = df.withColumns(pl.lit("file btc.csv").alias("source"));
 * assert.equal(klineDataLabel(fromFile).source, "local file btc.csv");
 * ```
 */
export function klineDataLabel(df: pl.DataFrame, name?: string): DataLabel {
  const description = describeKlineSource(df);
  const report = klineLoadReport(df);
  const { startTime } = klineColumns(df);
  let source: DataLabel["source"];
  if (report) {
    source = report.source === "synthetic"
      ? "synthetic"
      : report.fetchedMonths.length > 0
      ? report.cachedMonths.length > 0 ? "cache+online" : "online"
      : "cache";
  } else {
    const sources = df.columns.includes("source")
      ? new Set(df.getColumn("source").unique().toArray() as string[])
      : new Set<string>();
    const files = [...sources].filter((s) => s.startsWith("file ")).map((s) => s.slice(5)).sort();
    source = sources.has("synthetic") && sources.size === 1
      ? "synthetic"
      : files.length > 0 && files.length === sources.size
      ? `local file ${files.join(", ")}`
      : "online";
  }
  const n = startTime.length;
  return {
    name: name ?? (report ? `${report.symbol} ${report.category} candles` : "candles"),
    source,
    ...(n > 0
      ? { from: new Date(startTime[0]!).toISOString(), to: new Date(startTime[n - 1]!).toISOString() }
      : {}),
    description,
  };
}
