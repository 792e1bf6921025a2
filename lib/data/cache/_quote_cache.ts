/**
 * The quote-day cache (private to lib/data; {@linkcode loadQuotes} is the public face): one parquet file of
 * best bid/ask updates per venue, instrument and UTC day, beside the trade cache and in the same
 * hive-partitioned layout:
 *
 * `<cacheDir>/quotes/exchange=<venue>/category=<category>/symbol=<SYMBOL>/date=<YYYY-MM-DD>/part-0.parquet`
 *
 * Invariants:
 * - a day file holds the level-1 series of that day (schema {@linkcode QUOTE_DAY_SCHEMA}), time order, every
 *   timestamp inside the day;
 * - a day is complete or absent: written through `_atomic_parquet.ts` (temporary file, read back, row count
 *   and schema checked, flushed, renamed). A failed download or replay leaves no file;
 * - a file that does not open as parquet or has another schema is moved aside to
 *   `part-0.parquet.corrupt-<ms>` and the day is fetched again.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { dirname, join } from "node:path";
import { assertBybitSymbolAndCategory, type BybitCategory } from "../kline_spec.ts";
import { parseTradeDay } from "../bybit/_trade_day.ts";
import type { QuoteSeries, QuoteSource } from "../quote_series.ts";
import { removeStaleTemps, writeParquetAtomically } from "./_atomic_parquet.ts";
import { type DayFileState, inspectDayFile, schemaProblem } from "./_day_file.ts";

/** File name of a day inside its partition folder. */
export const QUOTE_DAY_FILE = "part-0.parquet";

/** Column names of a quote-day file, in order. */
export const QUOTE_DAY_COLUMNS = ["timestamp", "bidPrice", "askPrice", "bidSize", "askSize"] as const;

/** The polars schema of a quote-day file: exchange time (ms, UTC), prices and sizes (NaN: empty side). */
export const QUOTE_DAY_SCHEMA: Readonly<Record<(typeof QUOTE_DAY_COLUMNS)[number], pl.DataType>> = {
  timestamp: pl.Datetime("ms", "UTC"),
  bidPrice: pl.Float64,
  askPrice: pl.Float64,
  bidSize: pl.Float64,
  askSize: pl.Float64,
};

/**
 * Path of one day's file. Venue, symbol, category and date are validated first, so no input can leave the
 * tree.
 * @throws {RangeError} for a bad venue, symbol, category or date.
 */
export function quoteDayPath(
  cacheDir: string,
  exchange: "bybit",
  category: BybitCategory,
  symbol: string,
  date: string,
): string {
  const action = "build quote cache path";
  if (exchange !== "bybit") {
    throw new RangeError(`Cannot ${action}: exchange must be "bybit": current value is ${exchange}`);
  }
  assertBybitSymbolAndCategory(action, symbol, category);
  parseTradeDay(action, date);
  return join(
    cacheDir,
    "quotes",
    `exchange=${exchange}`,
    `category=${category}`,
    `symbol=${symbol}`,
    `date=${date}`,
    QUOTE_DAY_FILE,
  );
}

/** Why a frame cannot be a quote-day file, or `undefined` when its schema is right. */
export function quoteSchemaProblem(
  columns: readonly string[],
  dtypes: readonly pl.DataType[],
): string | undefined {
  return schemaProblem(columns, dtypes, QUOTE_DAY_COLUMNS, QUOTE_DAY_SCHEMA);
}

/** What a quote-day file holds. */
export type QuoteDayState = DayFileState;

/** Looks at a day file without reading its rows; a file that does not open or has another schema is moved aside. */
export function inspectQuoteDay(path: string): QuoteDayState {
  try {
    Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { kind: "missing" };
    throw error;
  }
  return inspectDayFile(path, quoteSchemaProblem);
}

/** A quote series as a frame of the quote-day schema. */
export function quoteDayFrame(quotes: QuoteSeries): pl.DataFrame {
  return pl.DataFrame({
    timestamp: pl.Series("timestamp", Array.from(quotes.timestamps, Math.round), pl.Int64),
    bidPrice: pl.Series("bidPrice", quotes.bidPrices, pl.Float64),
    askPrice: pl.Series("askPrice", quotes.askPrices, pl.Float64),
    bidSize: pl.Series("bidSize", quotes.bidSizes, pl.Float64),
    askSize: pl.Series("askSize", quotes.askSizes, pl.Float64),
  }).withColumns(pl.col("timestamp").cast(pl.Datetime("ms", "UTC")));
}

/**
 * A frame of the quote-day schema (collected from the cache) as a {@linkcode QuoteSeries}.
 * @throws {TypeError} for another schema.
 */
export function quoteSeriesFromDayFrame(
  frame: pl.DataFrame,
  meta: { symbol: string; source: QuoteSource },
): QuoteSeries {
  const problem = quoteSchemaProblem(frame.columns, frame.dtypes);
  if (problem !== undefined) throw new TypeError(`Cannot read cached quotes: ${problem}`);
  const f64 = (name: string) =>
    Float64Array.from(frame.getColumn(name).cast(pl.Float64).toArray() as number[]);
  return {
    timestamps: Float64Array.from(
      frame.getColumn("timestamp").cast(pl.Int64).toArray() as (number | bigint)[],
      Number,
    ),
    bidPrices: f64("bidPrice"),
    askPrices: f64("askPrice"),
    bidSizes: f64("bidSize"),
    askSizes: f64("askSize"),
    symbol: meta.symbol,
    source: meta.source,
  };
}

/**
 * Publishes one day's quotes as its file, atomically, after checking the schema, that every time lies in
 * the day and is in order, and the row count of the written file. Throws (and leaves no file) otherwise.
 */
export async function writeQuoteDay(
  path: string,
  date: string,
  quotes: QuoteSeries,
  hooks: { beforeRename?: (tempPath: string) => void | Promise<void> } = {},
): Promise<number> {
  const fail = (problem: string): never => {
    throw new Error(`Cannot write the quote cache file ${path}: ${problem}`);
  };
  const dayStart = parseTradeDay("write the quote cache", date), dayEnd = dayStart + 86_400_000;
  const t = quotes.timestamps;
  for (let i = 0; i < t.length; i++) {
    if (!(t[i]! >= dayStart && t[i]! < dayEnd)) {
      fail(`every quote must lie in ${date} UTC: timestamps[${i}] is ${new Date(t[i]!).toISOString()}`);
    }
    if (i > 0 && t[i]! < t[i - 1]!) {
      fail(`timestamps must not decrease: timestamps[${i}] < timestamps[${i - 1}]`);
    }
  }
  const frame = quoteDayFrame(quotes);
  const rows = frame.height;
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  await removeStaleTemps(dir);
  await writeParquetAtomically(path, frame, (check) => {
    const readBack = quoteSchemaProblem(check.columns, check.dtypes);
    if (readBack !== undefined) fail(`the written file does not read back: ${readBack}`);
    if (check.height !== rows) fail(`the written file holds ${check.height} rows, expected ${rows}`);
  }, hooks.beforeRename);
  return rows;
}
