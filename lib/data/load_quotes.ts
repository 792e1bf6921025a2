/**
 * `loadQuotes`: the best bid/ask series of a Bybit instrument over a time range, from the quote-day cache
 * first and Bybit's public order-book archive for the days it lacks, mirroring {@linkcode loadTrades}. It
 * never substitutes simulated quotes: a day that cannot be had is an error naming it.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { dirname } from "node:path";
import { defaultCacheDir, offlineFromEnv } from "./cache/_cache_env.ts";
import { assertBybitSymbolAndCategory, type BybitCategory } from "./kline_spec.ts";
import {
  bybitOrderbookArchiveUrl,
  BybitOrderbookMissingDayError,
  type OrderbookArchiveOptions,
} from "./bybit/orderbook_archive_download.ts";
import { downloadOrderbookDay } from "./bybit/_orderbook_day_download.ts";
import { replayOrderbookArchive } from "./bybit/orderbook_archive.ts";
import {
  inspectQuoteDay,
  quoteDayPath,
  quoteSeriesFromDayFrame,
  writeQuoteDay,
} from "./cache/_quote_cache.ts";
import type { QuoteSeries } from "./quote_series.ts";
import { resolveTimeRange } from "./_time_range.ts";
import { Buffer } from "node:buffer";
import { type DayCause, dayRangeMs, type FetchedDay, settleArchiveDays } from "./_archive_days.ts";

/** A request for quotes: instrument and the half-open time range `[start, end)`. */
export interface QuoteSpec {
  /** Instrument, upper case (`BTCUSDT`). */
  symbol: string;
  /** `"linear"` (default), `"inverse"` or `"spot"`. */
  category?: BybitCategory;
  /** First instant, UTC: a day `YYYY-MM-DD` (its 00:00), ms since the epoch, or a Date. */
  start: string | number | Date;
  /** End, exclusive, UTC: a day `YYYY-MM-DD` (its 00:00, so that day is NOT included), ms, or a Date. */
  end: string | number | Date;
}

/** Options of {@linkcode loadQuotes}. */
export interface LoadQuotesOptions extends OrderbookArchiveOptions {
  /** Root of the cache. Default `BYBIT_CACHE_DIR`, else the project's `data/` folder. */
  cacheDir?: string;
  /** Never use the network. Default: `true` when `BYBIT_OFFLINE` is `1`, `true` or `yes`. */
  offline?: boolean;
  /** Depth in the archive's file names (`ob200`). Default: 200, then 500 (older linear days). */
  depth?: number;
  /** Called when a day is settled (cached, fetched, missing or failed), in day order. */
  onDay?: (day: QuoteDayReport) => void;
}

/** What happened to one UTC day. */
export interface QuoteDayReport {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `cached`, `fetched` (downloaded, replayed and cached now), `missing` (offline, or HTTP 404), `failed`. */
  status: "cached" | "fetched" | "missing" | "failed";
  /** Best bid/ask updates in the day file. */
  rows?: number;
  /** For a fetched day: the archive file, its messages and its sequence gaps (quotes absent after a gap until the next snapshot). */
  url?: string;
  messages?: number;
  gaps?: number;
  /** Why a day is missing or failed, or why its cached file was replaced. */
  reason?: string;
  /**
   * What kind of unavailability, for a missing or failed day, as for trade days: `offline` (not cached and
   * offline), `unreachable` (Bybit could not be used after every retry), `not-published` (HTTP 404),
   * `rate-limited` (HTTP 429 with a long `Retry-After`, or the range stopped after repeated rate
   * limiting), `invalid` (any other refusal: a bad archive, a corrupt cached file while offline).
   */
  cause?: DayCause;
}

/** What {@linkcode loadQuotes} did. */
export interface QuoteLoadReport {
  symbol: string;
  category: BybitCategory;
  /** Requested range, UTC ms, `[start, end)`. */
  start: number;
  end: number;
  /** Always Bybit's order-book archive (live or cached), reduced to the best bid and ask. */
  source: "bybit";
  days: QuoteDayReport[];
  /** Updates in the day files (before trimming to `[start, end)`). */
  rows: number;
}

/** The answer of {@linkcode loadQuotes}. */
export interface LoadedQuotes {
  /** The quotes of `[start, end)`, exchange time; ready for `joinQuotes`. */
  quotes: QuoteSeries;
  report: QuoteLoadReport;
}

/**
 * Some day of the request could not be had. Carries the report.
 *
 * @example
 * ```ts
 * import { QuoteLoadError } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const e = new QuoteLoadError("2025-06-02: offline", {
 *   symbol: "BTCUSDT", category: "linear", start: 0, end: 1, source: "bybit", days: [], rows: 0,
 * });
 * assert.match(e.message, /^Cannot load quotes: 2025-06-02/);
 * ```
 */
export class QuoteLoadError extends Error {
  /** What was cached, fetched, missing and failed. */
  readonly report: QuoteLoadReport;

  constructor(problem: string, report: QuoteLoadReport) {
    super(`Cannot load quotes: ${problem}`);
    this.name = "QuoteLoadError";
    this.report = report;
  }
}

/**
 * Loads the best bid/ask quotes of `[start, end)` from the quote-day cache
 * (`<cacheDir>/quotes/exchange=bybit/category=<c>/symbol=<S>/date=<YYYY-MM-DD>/part-0.parquet`), filling
 * the days it lacks from Bybit's public order-book archive (never when offline): each day's archive is
 * streamed to a temporary file, replayed into the best bid and ask after every message that changes them
 * ({@linkcode replayOrderbookArchive}, `emit: "on-change"`; times are the messages' `ts`, exchange time),
 * and written atomically. A failed download or replay caches nothing for that day.
 *
 * Memory: the returned series holds the whole range (40 bytes an update); load a few days at a time.
 *
 * @param spec symbol, category (default `"linear"`), `start`, `end` (exclusive).
 * @param options cache folder, offline switch, archive URL, depth, timeout, retry, `onDay`.
 * @returns the quotes and, per day, whether it was cached, fetched, missing or failed.
 * @throws {RangeError} for a bad spec (nothing read, written or requested).
 * @throws {QuoteLoadError} when any day is missing or failed, naming each (fetched days stay cached).
 *
 * @example
 * ```ts
 * import { loadQuotes, QuoteLoadError } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const cacheDir = await Deno.makeTempDir();
 * const error = await loadQuotes({ symbol: "BTCUSDT", start: "2025-06-01", end: "2025-06-02" }, { offline: true, cacheDir })
 *   .catch((e) => e);
 * assert.ok(error instanceof QuoteLoadError);
 * assert.match(error.message, /2025-06-01: not cached and offline/);
 * await Deno.remove(cacheDir, { recursive: true });
 * ```
 */
export async function loadQuotes(spec: QuoteSpec, options: LoadQuotesOptions = {}): Promise<LoadedQuotes> {
  const action = "load quotes";
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(`Cannot ${action}: spec must be an object: current value is ${String(spec)}`);
  }
  const { symbol, category = "linear" } = spec;
  assertBybitSymbolAndCategory(action, symbol, category);
  const { start, end } = resolveTimeRange(action, spec, dayRangeMs);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const offline = options.offline ?? offlineFromEnv();
  const offlineWhy = options.offline === undefined ? "BYBIT_OFFLINE is set" : "option offline: true";
  if (options.depth !== undefined) {
    bybitOrderbookArchiveUrl({ symbol, category, date: "2025-01-01", depth: options.depth }, options);
  } else if (!offline) {
    bybitOrderbookArchiveUrl({ symbol, category, date: "2025-01-01", depth: 200 }, options);
  }
  const { onDay, cacheDir: _c, offline: _o, ...archiveOptions } = options;
  const { days, rows, paths } = await settleArchiveDays<QuoteDayReport>({
    name: "loadQuotes",
    start,
    end,
    offline,
    offlineWhy,
    ...(options.signal ? { signal: options.signal } : {}),
    pathOf: (date) => quoteDayPath(cacheDir, "bybit", category, symbol, date),
    inspect: inspectQuoteDay,
    fetch: (path, date) => fetchAndCache(path, { symbol, category, date }, archiveOptions),
    notPublished: (error) =>
      error instanceof BybitOrderbookMissingDayError
        ? `not published in Bybit's order-book archive (HTTP 404) [${error.urls.join(", ")}]`
        : undefined,
    ...(onDay ? { onDay } : {}),
  });
  const report: QuoteLoadReport = { symbol, category, start, end, source: "bybit", days, rows };
  const bad = report.days.filter((d) => d.status === "missing" || d.status === "failed");
  if (bad.length > 0) {
    const list = bad.map((d) => `${d.date}: ${d.reason}`).join("; ");
    throw new QuoteLoadError(
      `${list} (${symbol} ${category}: ${bad.length} of ${report.days.length} day(s) unavailable)`,
      report,
    );
  }
  const parts = await Promise.all(paths.map(async (p) => {
    const df = pl.readParquet(Buffer.from(await Deno.readFile(p)));
    return quoteSeriesFromDayFrame(df, { symbol, source: "bybit" });
  }));
  return { quotes: concatTrimmed(parts, start, end, symbol), report };
}

function concatTrimmed(parts: QuoteSeries[], start: number, end: number, symbol: string): QuoteSeries {
  let n = 0;
  for (const q of parts) for (const t of q.timestamps) if (t >= start && t < end) n++;
  const out: QuoteSeries = {
    timestamps: new Float64Array(n),
    bidPrices: new Float64Array(n),
    askPrices: new Float64Array(n),
    bidSizes: new Float64Array(n),
    askSizes: new Float64Array(n),
    symbol,
    source: "bybit",
  };
  let k = 0;
  for (const q of parts) {
    for (let i = 0; i < q.timestamps.length; i++) {
      const t = q.timestamps[i]!;
      if (!(t >= start && t < end)) continue;
      out.timestamps[k] = t;
      out.bidPrices[k] = q.bidPrices[i]!;
      out.askPrices[k] = q.askPrices[i]!;
      out.bidSizes[k] = q.bidSizes[i]!;
      out.askSizes[k] = q.askSizes[i]!;
      k++;
    }
  }
  return out;
}

async function fetchAndCache(
  path: string,
  day: { symbol: string; category: BybitCategory; date: string },
  options: OrderbookArchiveOptions & { depth?: number },
): Promise<FetchedDay> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const temp = `${path}.download-${Deno.pid}-${crypto.randomUUID()}.zip`;
  try {
    const { url } = await downloadOrderbookDay(
      { ...day, ...(options.depth !== undefined ? { depth: options.depth } : {}) },
      temp,
      options,
    );
    const replay = await replayOrderbookArchive(temp, { emit: "on-change" });
    if (replay.symbol !== "" && replay.symbol !== day.symbol) {
      throw new Error(
        `Cannot cache quotes for ${day.date}: the archive holds ${replay.symbol}, not ${day.symbol}`,
      );
    }
    const rows = await writeQuoteDay(path, day.date, { ...replay.quotes, symbol: day.symbol });
    return { rows, details: { url, messages: replay.messages, gaps: replay.gapCount } };
  } finally {
    await Deno.remove(temp).catch(() => {});
  }
}
