/**
 * `loadTrades`: the one call for real trade tapes. The day cache first, Bybit's public trade archive for
 * the days it lacks, and a clear error naming each day that could not be had. It never substitutes
 * synthetic trades: a caller that wants the synthetic tape when no real one is available catches
 * {@linkcode TradeLoadError} and says so.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { offlineFromEnv, resolveCacheDir } from "./cache/_cache_env.ts";
import { assertBybitSymbolAndCategory, type BybitCategory } from "./kline_spec.ts";
import {
  BybitArchiveMissingDayError,
  fetchTradeDay,
  resolveArchiveUrl,
  type TradeArchiveOptions,
} from "./bybit/bybit_trade_archive.ts";
import { inspectTradeDay, tradeDayPath, writeTradeDay } from "./cache/_trade_cache.ts";
import { DAY_MS } from "./_calendar.ts";
import { TRADE_TAPE_SCHEMA, type TradeTape, tradeTapeFromFrame } from "./trade_tape.ts";
import { assertRangeBounds, resolveTimeRange } from "./_time_range.ts";
import { describeValue } from "../core/validate.ts";
import { type DayCause, dayKey, dayRangeMs, type FetchedDay, settleArchiveDays } from "./_archive_days.ts";

/** A request for trades: instrument and the half-open time range `[start, end)`. */
export interface TradeSpec {
  /** Instrument, upper case (`BTCUSDT`). */
  symbol: string;
  /** `"linear"` (default), `"inverse"` or `"spot"`. */
  category?: BybitCategory;
  /** First instant, UTC: a day `YYYY-MM-DD` (its 00:00), ms since the epoch, or a Date. */
  start: string | number | Date;
  /** End, exclusive, UTC: a day `YYYY-MM-DD` (its 00:00, so that day is NOT included), ms, or a Date. */
  end: string | number | Date;
}

/** Options of {@linkcode loadTrades}. */
export interface LoadTradesOptions extends Omit<TradeArchiveOptions, "onProgress"> {
  /** Root of the cache. Default `BYBIT_CACHE_DIR`, else the project's `data/` folder. */
  cacheDir?: string;
  /** Never use the network. Default: `true` when `BYBIT_OFFLINE` is `1`, `true` or `yes`. */
  offline?: boolean;
  /** Called as a day downloads: its date, compressed bytes received, `Content-Length` when known. */
  onDayProgress?: (date: string, received: number, total: number | undefined) => void;
  /** Called when a day is settled (cached, fetched, missing or failed), in day order. */
  onDay?: (day: TradeDayReport) => void;
  /**
   * When a downloaded day looks cut short, see {@linkcode TRADE_DAY_PLAUSIBILITY}: a day of at least
   * `minTrades` trades whose first trade is more than `maxEdgeGapMs` after 00:00 UTC, or whose last is
   * more than `maxEdgeGapMs` before the next midnight. `false` turns the check off.
   */
  plausibility?: { minTrades?: number; maxEdgeGapMs?: number } | false;
  /**
   * Cache a day that fails the plausibility check all the same (it is reported with a `reason`).
   * Default `false`: the day is `failed` with cause `"suspicious"` and not cached.
   */
  acceptSuspiciousDays?: boolean;
}

/**
 * Default plausibility check of a downloaded day: a day of at least 10,000 trades (a liquid symbol, many
 * trades a minute) must have its first trade within 1 hour of 00:00 UTC and its last within 1 hour of
 * the next midnight; otherwise it is likely part of a day (a cut or partial archive file). A thin symbol
 * (fewer trades) is not checked: hours without a trade are normal there.
 */
export const TRADE_DAY_PLAUSIBILITY = { minTrades: 10_000, maxEdgeGapMs: 3_600_000 } as const;

export { RATE_LIMITED_DAYS_TO_STOP } from "./_archive_days.ts";

/** What happened to one UTC day. */
export interface TradeDayReport {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `cached`: read from the cache; `fetched`: downloaded and cached now; `missing`: not available (offline,
   * or not published: HTTP 404); `failed`: the download or the file was bad (see `reason`). */
  status: "cached" | "fetched" | "missing" | "failed";
  /** Trades in the day file (cached or fetched days). */
  rows?: number;
  /** Why a day is missing or failed, or why its cached file was replaced. */
  reason?: string;
  /**
   * What kind of unavailability, for a missing or failed day: `offline` (not cached and offline),
   * `unreachable` (Bybit could not be used after every retry), `not-published` (HTTP 404),
   * `rate-limited` (HTTP 429 with a long `Retry-After`, or the range stopped after repeated rate
   * limiting), `suspicious` (failed the plausibility check), `invalid` (any other refusal: a bad file, a
   * refused request). Only `offline` and `unreachable` allow a fallback ({@linkcode unavailableReason}).
   */
  cause?: DayCause;
}

/** What {@linkcode loadTrades} did. */
export interface TradeLoadReport {
  symbol: string;
  category: BybitCategory;
  /** Requested range, UTC ms, `[start, end)`. */
  start: number;
  end: number;
  /** Where the trades come from: always Bybit's public archive (live or cached). */
  source: "bybit";
  /** One entry per UTC day touched by the range, in order. */
  days: TradeDayReport[];
  /** Trades in the day files (before trimming to `[start, end)` when the range does not fall on midnights). */
  rows: number;
}

/** The answer of {@linkcode loadTrades}: a lazy scan over the day files, and the report. */
export interface LoadedTrades {
  /** Polars lazy frame with {@linkcode TRADE_TAPE_SCHEMA} columns, in time order; `.collect()` to read. */
  frame: pl.LazyDataFrame;
  /**
   * One lazy frame per day file, in order, each trimmed to `[start, end)`: read a long range a day at a time
   * with {@linkcode tradeTapeDays} instead of collecting `frame` whole.
   */
  dayFrames: pl.LazyDataFrame[];
  report: TradeLoadReport;
}

/**
 * Some day of the request could not be had (offline and not cached, not published, or a failed download).
 * Carries the report, so a caller can see which days were available.
 *
 * @example
 * ```ts
 * import { TradeLoadError } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const e = new TradeLoadError("2025-06-02: offline", {
 *   symbol: "BTCUSDT", category: "linear", start: 0, end: 1, source: "bybit", days: [], rows: 0,
 * });
 * assert.match(e.message, /^Cannot load trades: 2025-06-02/);
 * ```
 */
export class TradeLoadError extends Error {
  /** What was cached, fetched, missing and failed. */
  readonly report: TradeLoadReport;

  constructor(problem: string, report: TradeLoadReport) {
    super(`Cannot load trades: ${problem}`);
    this.name = "TradeLoadError";
    this.report = report;
  }
}

/** A downloaded day that failed the plausibility check. */
class SuspiciousDayError extends Error {}

/**
 * Loads the trades of `[start, end)` as a lazy polars scan over the day cache
 * (`<cacheDir>/trades/category=<c>/symbol=<S>/date=<YYYY-MM-DD>/part-0.parquet`), downloading from Bybit's
 * public trade archive only the days the cache lacks (never when offline), each written atomically after
 * its row count, trade-id uniqueness, symbol and day are checked, and after a plausibility check
 * ({@linkcode TRADE_DAY_PLAUSIBILITY}; a suspicious day is reported, not cached, unless
 * `acceptSuspiciousDays`). A day that answers HTTP 429 with a long `Retry-After` stops the range at once,
 * and so do {@linkcode RATE_LIMITED_DAYS_TO_STOP} consecutive days that ran out of retries on HTTP 429: the
 * days not requested are `failed` with cause `"rate-limited"`.
 *
 * Columns: `timestamp` (Datetime ms UTC), `price` (quote per base), `size` (base units), `side` (Int8, taker:
 * +1 buy, -1 sell), `tradeId` (`trdMatchID`); time order. Turn it into typed arrays with
 * `tradeTapeFromFrame(await frame.collect(), { symbol, source: "bybit" })`.
 *
 * Cost: a cached day is opened from its parquet footer and its timestamp column (checked to lie in the
 * day) until the frame is collected.
 *
 * @param spec symbol, category (default `"linear"`), `start`, `end` (exclusive; days `YYYY-MM-DD`, ms or Dates).
 * @param options cache folder, offline switch, archive URL, timeout, retry, progress callbacks.
 * @returns `{ frame, report }`: the lazy frame and, per day, whether it was cached, fetched, missing or failed.
 * @throws {RangeError} for a bad spec, an `end` after 2100-01-01 or a range over 3,660 days, or a
 *   `cacheDir` that is empty or not a directory (nothing is read, written or requested).
 * @throws {Error} naming the file when a cached day file cannot be read (not a regular file, permission
 *   denied): it is left in place, never replaced.
 * @throws {TradeLoadError} when any day is missing or failed, naming each with its reason (days that could
 *   be fetched are cached all the same).
 *
 * @example
 * ```ts
 * import { loadTrades, TradeLoadError } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const cacheDir = await Deno.makeTempDir();
 * const error = await loadTrades({ symbol: "BTCUSDT", start: "2025-06-01", end: "2025-06-03" }, { offline: true, cacheDir })
 *   .catch((e) => e);
 * assert.ok(error instanceof TradeLoadError);
 * assert.match(error.message, /2025-06-01: not cached and offline/);
 * assert.deepEqual(error.report.days.map((d: { status: string }) => d.status), ["missing", "missing"]);
 * await Deno.remove(cacheDir, { recursive: true });
 * ```
 */
export async function loadTrades(spec: TradeSpec, options: LoadTradesOptions = {}): Promise<LoadedTrades> {
  const action = "load trades";
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(`Cannot ${action}: spec must be an object: current value is ${String(spec)}`);
  }
  const { symbol, category = "linear" } = spec;
  assertBybitSymbolAndCategory(action, symbol, category);
  const { start, end } = resolveTimeRange(action, spec, dayRangeMs);
  assertRangeBounds(action, start, end);
  const cacheDir = resolveCacheDir(action, options.cacheDir);
  const plausibility = resolvePlausibility(action, options.plausibility);
  const offline = options.offline ?? offlineFromEnv();
  const offlineWhy = options.offline === undefined ? "BYBIT_OFFLINE is set" : "option offline: true";
  if (!offline) resolveArchiveUrl(options.archiveUrl, action); // a bad URL fails before any work
  const { onDay, onDayProgress, plausibility: _p, acceptSuspiciousDays = false, ...archiveOptions } = options;
  const { days, rows, paths } = await settleArchiveDays<TradeDayReport>({
    name: "loadTrades",
    start,
    end,
    offline,
    offlineWhy,
    ...(options.signal ? { signal: options.signal } : {}),
    pathOf: (date) => tradeDayPath(cacheDir, category, symbol, date),
    inspect: (path) => inspectTradeDay(path),
    fetch: (path, date) =>
      fetchAndCache(
        path,
        { symbol, category, date },
        { ...archiveOptions, ...(onDayProgress ? { onProgress: (r, t) => onDayProgress(date, r, t) } : {}) },
        plausibility,
        acceptSuspiciousDays,
      ),
    notPublished: (error) =>
      error instanceof BybitArchiveMissingDayError
        ? `not published in Bybit's archive (HTTP 404) [${error.url}]`
        : undefined,
    causeOf: (error) => (error instanceof SuspiciousDayError ? "suspicious" : undefined),
    ...(onDay ? { onDay } : {}),
  });
  const report: TradeLoadReport = { symbol, category, start, end, source: "bybit", days, rows };
  const firstDay = Math.floor(start / DAY_MS) * DAY_MS;
  const bad = report.days.filter((d) => d.status === "missing" || d.status === "failed");
  if (bad.length > 0) {
    const have = report.days.length - bad.length;
    const lastBad = Date.parse(`${bad.at(-1)!.date}T00:00:00Z`);
    const hint = offline
      ? `; with internet, fill the cache with: deno task fetch-trades --symbol ${symbol} --category ${category} ` +
        `--start ${bad[0]!.date} --end ${dayKey(lastBad + DAY_MS)}`
      : "";
    const list = bad.map((d) => `${d.date}: ${d.reason}`).join("; ");
    const counts = `${bad.length} of ${report.days.length} day(s) unavailable, ${have} available`;
    throw new TradeLoadError(`${list} (${symbol} ${category}: ${counts}${hint})`, report);
  }
  const trim = start !== firstDay || end % DAY_MS !== 0;
  const dayFrames = paths.map((p) => {
    const scan = pl.scanParquet(p);
    return trim
      ? scan.filter(pl.col("timestamp").gtEq(utc(start)).and(pl.col("timestamp").lt(utc(end))))
      : scan;
  });
  return { frame: pl.concat(dayFrames), dayFrames, report };
}

/** A UTC ms instant as a literal of the tape's timestamp type (a plain Date literal has no time zone). */
function utc(t: number): pl.Expr {
  return pl.lit(t).cast(pl.Int64).cast(TRADE_TAPE_SCHEMA.timestamp);
}

function resolvePlausibility(
  action: string,
  p: LoadTradesOptions["plausibility"],
): { minTrades: number; maxEdgeGapMs: number } | undefined {
  if (p === false) return undefined;
  const { minTrades = TRADE_DAY_PLAUSIBILITY.minTrades, maxEdgeGapMs = TRADE_DAY_PLAUSIBILITY.maxEdgeGapMs } =
    p ?? {};
  if (!Number.isSafeInteger(minTrades) || minTrades < 1) {
    throw new RangeError(
      `Cannot ${action}: plausibility.minTrades must be an integer >= 1: current value is ${minTrades}`,
    );
  }
  if (typeof maxEdgeGapMs !== "number" || !(maxEdgeGapMs > 0) || !(maxEdgeGapMs < DAY_MS)) {
    throw new RangeError(
      `Cannot ${action}: plausibility.maxEdgeGapMs must be a number in (0, 86400000): current value is ${maxEdgeGapMs}`,
    );
  }
  return { minTrades, maxEdgeGapMs };
}

/** Why a day's trades look like part of a day, or `undefined` (see {@linkcode TRADE_DAY_PLAUSIBILITY}). */
function suspiciousDay(
  df: pl.DataFrame,
  date: string,
  check: { minTrades: number; maxEdgeGapMs: number },
): string | undefined {
  if (df.height < check.minTrades) return undefined;
  // Via an expression: nodejs-polars 0.25's Series.get truncates an Int64 to 32 bits.
  const ts = pl.col("timestamp").cast(pl.Int64);
  const [first, last] = df.select(ts.first().alias("a"), ts.last().alias("b")).row(0).map(Number) as [
    number,
    number,
  ];
  const dayStart = Date.parse(`${date}T00:00:00Z`);
  const head = first - dayStart, tail = dayStart + DAY_MS - last;
  if (head <= check.maxEdgeGapMs && tail <= check.maxEdgeGapMs) return undefined;
  const iso = (t: number) => new Date(t).toISOString().slice(11, 19);
  return `suspicious day: ${df.height} trades from ${iso(first)} to ${iso(last)} UTC, ` +
    `more than ${check.maxEdgeGapMs / 60_000} min from the day's ${
      head > check.maxEdgeGapMs ? "start" : "end"
    } ` +
    `(a liquid symbol trades every minute: the file may hold part of the day)`;
}

async function fetchAndCache(
  path: string,
  day: { symbol: string; category: BybitCategory; date: string },
  options: TradeArchiveOptions,
  plausibility: { minTrades: number; maxEdgeGapMs: number } | undefined,
  acceptSuspicious: boolean,
): Promise<FetchedDay> {
  const df = await fetchTradeDay(day, options);
  const suspicion = plausibility ? suspiciousDay(df, day.date, plausibility) : undefined;
  if (suspicion !== undefined && !acceptSuspicious) {
    throw new SuspiciousDayError(
      `${suspicion}; not cached (pass acceptSuspiciousDays: true to cache it, or plausibility options to tune the check)`,
    );
  }
  await writeTradeDay(path, df);
  return suspicion === undefined
    ? { rows: df.height }
    : { rows: df.height, note: `${suspicion}; cached as accepted` };
}

/**
 * One line saying which trades a {@linkcode loadTrades} answer holds, for a notebook to print.
 *
 * @param report the report of {@linkcode loadTrades}.
 * @returns e.g. `"Bybit trades (2 day(s) from the cache, 1 fetched): BTCUSDT linear, 2025-06-01 to 2025-06-03 UTC, 3,120,000 trades"`.
 *
 * @example
 * ```ts
 * import { describeTradeLoad } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const line = describeTradeLoad({ symbol: "BTCUSDT", category: "linear", start: Date.UTC(2025, 5, 1),
 *   end: Date.UTC(2025, 5, 2), source: "bybit", rows: 1200, days: [{ date: "2025-06-01", status: "cached", rows: 1200 }] });
 * assert.equal(line, "Bybit trades (1 day(s) from the cache, 0 fetched): BTCUSDT linear, 2025-06-01 to 2025-06-02 UTC, 1,200 trades");
 * ```
 */
export function describeTradeLoad(report: TradeLoadReport): string {
  const cached = report.days.filter((d) => d.status === "cached").length;
  const fetched = report.days.filter((d) => d.status === "fetched").length;
  const stamp = (t: number) =>
    new Date(t).toISOString().replace(/T00:00:00\.000Z$/, "").replace(/\.000Z$/, "Z");
  return `Bybit trades (${cached} day(s) from the cache, ${fetched} fetched): ${report.symbol} ${report.category}, ` +
    `${stamp(report.start)} to ${stamp(report.end)} UTC, ${report.rows.toLocaleString("en-US")} trades`;
}

/**
 * The trades of a {@linkcode loadTrades} answer as one {@linkcode TradeTape} per day file, read only when the
 * consumer asks for the next day (the measured columns only: time, price, size, side; no trade ids). With
 * `measureTapeDays` this measures a month in the memory of a day.
 *
 * @param loaded the answer of {@linkcode loadTrades}.
 * Each file holds the trades of its UTC day (the archive's layout): a row of another day would make
 * `measureTapeDays` refuse the tapes as a day split in two.
 *
 * @returns an async iterable of day tapes (`source: "bybit"`), in time order; a day left empty by the range
 *   trim is skipped.
 * @throws {TypeError} at the call if `loaded` has no `dayFrames` or its report no symbol.
 *
 * @example
 * ```ts
 * import { tradeTapeDays } from "@lib/data/mod.ts";
 * import pl from "npm:nodejs-polars@0.25.2";
 * import assert from "node:assert/strict";
 * const day = (t: number) => pl.DataFrame({
 *   timestamp: [t, t + 1000], price: [100, 100.5], size: [1, 2], side: [1, -1], tradeId: ["a", "b"],
 * }).lazy();
 * const loaded = {
 *   frame: day(0), dayFrames: [day(0), day(86_400_000)],
 *   report: { symbol: "BTCUSDT", category: "linear" as const, start: 0, end: 2 * 86_400_000, source: "bybit" as const, days: [], rows: 4 },
 * };
 * const sizes: number[] = [];
 * for await (const tape of tradeTapeDays(loaded)) sizes.push(tape.prices.length);
 * assert.deepEqual(sizes, [2, 2]);
 * ```
 */
export function tradeTapeDays(loaded: LoadedTrades): AsyncGenerator<TradeTape> {
  // Checked at the call, not at the first day read (the days come from a generator).
  if (loaded === null || typeof loaded !== "object" || !Array.isArray(loaded.dayFrames)) {
    throw new TypeError(
      `Cannot read trade days: loaded must be the answer of loadTrades (with dayFrames): current value is ${
        describeValue(loaded)
      }`,
    );
  }
  const symbol = loaded.report?.symbol;
  if (typeof symbol !== "string" || symbol === "") {
    throw new TypeError(
      `Cannot read trade days: loaded.report.symbol must be the symbol loaded: current value is ${
        describeValue(symbol)
      }`,
    );
  }
  return readDays(loaded.dayFrames, symbol);
}

async function* readDays(frames: readonly pl.LazyDataFrame[], symbol: string): AsyncGenerator<TradeTape> {
  for (const frame of frames) {
    const df = await frame.select("timestamp", "price", "size", "side").collect();
    if (df.height === 0) continue;
    yield tradeTapeFromFrame(df, { symbol, source: "bybit" });
  }
}
