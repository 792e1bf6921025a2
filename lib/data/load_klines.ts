/**
 * `loadKlines`: the one call notebooks make for candles. Cache first, Bybit for what is missing, and a
 * clearly labelled synthetic market when Bybit cannot be reached.
 *
 * Decision rules:
 * 1. Offline mode (`offline: true`, or `BYBIT_OFFLINE=1` in the environment, or Bybit already found
 *    unreachable at this base URL earlier in the process) never touches the network.
 * 2. Each UTC month of the request is read from `<cacheDir>/bybit/<category>/<symbol>/<interval>/<YYYY-MM>.parquet`.
 *    What a month lacks is computed from its bars (see the cache's rules in `data/README.md` and
 *    `_kline_cache.ts`): holes between bars and everything after the last bar, up to the request's end
 *    or the last closed bar. Corrupt files are moved aside to `<name>.corrupt-<ms>`, reported with
 *    `console.warn`, and fetched again.
 * 3. Missing ranges are fetched, what is still missing is fetched once more (a short answer), time
 *    before a month's first bar is trusted as "not listed yet" only after Bybit confirms no earlier bar
 *    exists, and the bars are merged and written atomically under the month's lock. An empty or short
 *    answer is never cached as "no bars". Requests that end in the future are cut at the last closed bar.
 * 4. What is still missing is listed in the report ({@linkcode KlineLoadReport.missing}), announced with
 *    `console.warn` and by {@linkcode describeKlineSource}: a frame never has a gap without saying so.
 * 5. If some range is missing and Bybit is unreachable (offline, or {@linkcode BybitUnavailableError}),
 *    the `fallback` option decides: by default (`"auto"`) the cached bars are returned with the gaps
 *    listed, and only when nothing of the range is cached is the whole request answered with
 *    {@linkcode synthesizeKlines} (never a mix), marked `source = "synthetic"`, announced once per
 *    process with `console.warn`, and nothing is written. `"synthetic"` asks for synthetic data whenever
 *    anything is missing; `"error"` throws. Refusals ({@linkcode BybitApiError}, e.g. an unknown symbol)
 *    are always thrown: synthetic data must not hide a mistake.
 *
 * @module
 */
import type pl from "npm:nodejs-polars@0.25.2";
import { bybitGet, BybitUnavailableError, resolveBaseUrl, resolveClientOptions } from "./bybit/bybit_http.ts";
import {
  fetchKlineColumns,
  type FetchKlinesOptions,
  fetchNewestKlineBefore,
  type KlineFetchStats,
  planKlineWindows,
} from "./bybit/fetch_klines.ts";
import { type KlineSpec, type ResolvedKlineSpec, resolveKlineSpec } from "./kline_spec.ts";
import {
  barStartOf,
  firstBarAtOrAfter,
  intervalMs,
  monthKey,
  monthStartOf,
  nextBarStart,
  nextMonthStart,
} from "./_calendar.ts";
import {
  concatKlineColumns,
  isDataFrame,
  type KlineColumns,
  klineColumns,
  klineFrame,
  type KlineSource,
  mergeKlineColumns,
  sliceKlineColumns,
} from "./kline_frame.ts";
import { offlineFromEnv, resolveCacheDir } from "./cache/_cache_env.ts";
import { assertRangeBounds } from "./_time_range.ts";
import { unavailableReason } from "./unavailable.ts";
import { findGaps, monthFilePath, readMonth, type TimeRange, writeMonth } from "./cache/_kline_cache.ts";
import { synthesizeKlineColumns, type SyntheticKlineOptions } from "./synthetic/synthetic_klines.ts";

/** Options of {@linkcode loadKlines}. */
export interface LoadKlinesOptions extends FetchKlinesOptions {
  /**
   * Root of the cache. Default `BYBIT_CACHE_DIR` from the environment, else the project's `data/` folder
   * (found from this module's location, so it does not depend on the working directory).
   */
  cacheDir?: string;
  /** Never use the network. Default: `true` when `BYBIT_OFFLINE` is `1`, `true` or `yes`, else `false`. */
  offline?: boolean;
  /**
   * What to do when part of the range is neither cached nor fetchable (offline, or Bybit unreachable).
   * - `"auto"` (default): return the cached bars and list what is missing in the report (and a warning,
   *   and {@linkcode describeKlineSource}); when nothing of the range is cached, the whole range is
   *   seeded synthetic data (labelled).
   * - `"synthetic"`: the whole range is synthetic data as soon as anything is missing (never a mix).
   * - `"error"`: throw {@linkcode BybitUnavailableError}.
   */
  fallback?: "auto" | "synthetic" | "error";
  /** Parameters of the synthetic market used by the fallback; see {@linkcode SyntheticKlineOptions}. */
  synthetic?: SyntheticKlineOptions;
  /** The current time, UTC ms, deciding which bars have closed. Default `Date.now()`. */
  now?: number;
  /**
   * Before its first request to a base URL in this process, `loadKlines` checks that Bybit answers at all
   * (`GET /v5/market/time`, 2 attempts of at most this long), so a machine without internet falls back to
   * synthetic data within seconds instead of spending the whole retry budget, ms. Default 3,000.
   */
  probeTimeoutMs?: number;
}

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

const reports = new WeakMap<pl.DataFrame, KlineLoadReport>();
const unreachable = new Map<string, string>();
const reachable = new Set<string>();
let syntheticAnnounced = false;

/** Forgets the process-wide "announced" and "unreachable" state (for tests). */
export function resetKlineLoaderState(): void {
  syntheticAnnounced = false;
  unreachable.clear();
  reachable.clear();
}

/**
 * Loads candles for `[start, end)`: from the parquet cache, from Bybit for what the cache lacks, or, when
 * Bybit cannot be reached, from the seeded synthetic market (labelled).
 *
 * The default data of the notebooks is {@linkcode DEFAULT_KLINE_SPEC} (BTCUSDT perpetual, 1-minute bars,
 * June 2025). In CI (`BYBIT_OFFLINE=1`) without a cached copy, that is the synthetic market, seed 1, in
 * about 30 ms. Say which data a notebook ran on with {@linkcode describeKlineSource}.
 *
 * @param spec symbol, interval, `[start, end)` in UTC ms (or Dates), category (default `"linear"`).
 * @param options cache folder, offline switch, fallback policy, synthetic-market parameters, and the
 *   transport options of {@linkcode fetchKlines} (`baseUrl`, `timeoutMs`, `retry`, `onProgress`, ...).
 * @returns a DataFrame with `startTime` (Datetime ms UTC), `open`, `high`, `low`, `close` (quote per base),
 *   `volume` (base units), `turnover` (quote units), `source` (`"bybit"` or `"synthetic"`), ascending.
 * @throws {RangeError} for an invalid spec or option (nothing is read or written).
 * @throws {BybitApiError} when Bybit refuses the request (e.g. retCode 10001 "Not supported symbols").
 * @throws {BybitUnavailableError} when Bybit is unreachable and `fallback` is `"error"`.
 *
 * @example
 * ```ts
 * import { DEFAULT_KLINE_SPEC, describeKlineSource, loadKlines } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const df = await loadKlines(DEFAULT_KLINE_SPEC, { offline: true, cacheDir: dir });
 * assert.equal(df.height, 43_200);
 * assert.match(describeKlineSource(df), /SYNTHETIC/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadKlines(spec: KlineSpec, options: LoadKlinesOptions = {}): Promise<pl.DataFrame> {
  const action = "load klines";
  const s = resolveKlineSpec(spec, action);
  assertRangeBounds(action, s.start, s.end, undefined);
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Cannot ${action}: options must be an object: current value is ${String(options)}`);
  }
  const { fallback = "auto", synthetic = {}, onProgress } = options;
  if (fallback !== "auto" && fallback !== "synthetic" && fallback !== "error") {
    throw new RangeError(
      `Cannot ${action}: fallback must be "auto", "synthetic" or "error": current value is ${fallback}`,
    );
  }
  const now = options.now ?? Date.now();
  if (typeof now !== "number" || !Number.isFinite(now)) {
    throw new RangeError(`Cannot ${action}: now must be finite: current value is ${now}`);
  }
  // Every transport option is checked now, even when the cache will answer without a request.
  resolveClientOptions(options, action);
  const { probeTimeoutMs = 3_000, concurrency = 4 } = options;
  if (typeof probeTimeoutMs !== "number" || !Number.isFinite(probeTimeoutMs) || !(probeTimeoutMs > 0)) {
    throw new RangeError(
      `Cannot ${action}: probeTimeoutMs must be a finite number > 0: current value is ${probeTimeoutMs}`,
    );
  }
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw new RangeError(
      `Cannot ${action}: concurrency must be an integer in [1, 16]: current value is ${concurrency}`,
    );
  }
  const cacheDir = resolveCacheDir(action, options.cacheDir);
  const base = resolveBaseUrl(options.baseUrl, action);
  const offline = options.offline ?? offlineFromEnv();
  const knownDown = unreachable.get(base);

  const openBar = barStartOf(now, s.interval);
  const until = Math.min(s.end, openBar);
  const report: KlineLoadReport = {
    symbol: s.symbol,
    interval: s.interval,
    category: s.category,
    start: s.start,
    end: s.end,
    source: "bybit",
    rows: 0,
    cachedMonths: [],
    fetchedMonths: [],
    corruptMonths: [],
    missing: [],
    missingBars: 0,
    estimatedTurnoverRows: 0,
  };

  // 1. What the cache holds, month by month; what is missing is read off the bars themselves.
  type Month = Month2;
  const months: Month[] = [];
  for (let m = monthStartOf(s.start); m < until; m = nextMonthStart(m)) {
    const path = monthFilePath(cacheDir, s, m);
    const state = readMonth(path, s, m);
    if (state.kind === "corrupt") {
      const note = `${monthKey(m)}: ${state.reason}`;
      report.corruptMonths.push(note);
      console.warn(
        `loadKlines: cache file ${path} is corrupt (${state.reason}); ${
          state.movedTo ? `moved to ${state.movedTo}` : "could not move it"
        }; fetching the month again.`,
      );
    }
    const need = Math.min(nextMonthStart(m), until);
    const columns = state.kind === "ok" ? state.columns : undefined;
    months.push({ start: m, path, columns, need, gaps: cachedGaps(columns, s, m, need) });
  }
  const inRequest = (m: Month) => clipRanges(m.gaps, s.start, until).length > 0;
  const missing = months.filter(inRequest);

  // 2. Fetch what is missing, unless offline.
  let unavailable: { reason: string; error?: BybitUnavailableError } | undefined;
  if (missing.length > 0) {
    unavailable = offline
      ? {
        reason: options.offline === undefined
          ? "offline (BYBIT_OFFLINE is set)"
          : "offline (option offline: true)",
      }
      : knownDown !== undefined
      ? { reason: `Bybit unreachable earlier in this process (${knownDown})` }
      : undefined;
  }
  if (missing.length > 0 && unavailable === undefined) {
    const plans = missing.map((m) =>
      m.gaps.reduce((n, g) => n + planKlineWindows({ ...s, start: g.start, end: g.end }).length, 0)
    );
    const totalPages = plans.reduce((a, b) => a + b, 0);
    let pagesBefore = 0;
    const stats: KlineFetchStats = { estimatedTurnoverRows: 0 };
    try {
      if (!reachable.has(base)) await probe(base, options);
      reachable.add(base);
      for (let k = 0; k < missing.length; k++) {
        const m = missing[k]!;
        const before = pagesBefore;
        const fetchOptions: FetchKlinesOptions = { ...options };
        if (onProgress) {
          fetchOptions.onProgress = (done) => onProgress(before + Math.min(done, plans[k]!), totalPages);
        }
        await fillMonth(s, m, fetchOptions, stats);
        pagesBefore += plans[k]!;
        report.fetchedMonths.push(monthKey(m.start));
      }
    } catch (error) {
      // The one fallback policy (unavailable.ts): only "Bybit unreachable" may lead to synthetic data.
      if (unavailableReason(error) === undefined || !(error instanceof BybitUnavailableError)) throw error;
      unreachable.set(base, error.lastError);
      unavailable = { reason: `Bybit unreachable: ${error.message}`, error };
    } finally {
      report.estimatedTurnoverRows = stats.estimatedTurnoverRows;
    }
  }

  // 3. What is still missing, in the request.
  const gaps = mergeRanges(months.flatMap((m) => clipRanges(m.gaps, s.start, until)));
  report.missing = gaps;
  report.missingBars = gaps.reduce((n, g) => n + countBars(g, s.interval), 0);
  if (gaps.length > 0 && unavailable !== undefined) {
    const cachedRows = months.reduce(
      (n, m) => n + (m.columns ? sliceKlineColumns(m.columns, s.start, until).startTime.length : 0),
      0,
    );
    if (fallback === "error") {
      throw unavailable.error ??
        new BybitUnavailableError(action, {
          attempts: 0,
          lastError: `${unavailable.reason}, and the cache lacks part of the range (${describeRanges(gaps)})`,
          request: `${s.category} ${s.symbol} ${s.interval}`,
        });
    }
    if (fallback === "synthetic" || cachedRows === 0) {
      return synthesize(s, synthetic, report, unavailable.reason, cachedRows === 0);
    }
    report.reason = unavailable.reason;
  }

  // 4. Assemble the range from the month columns.
  const parts = months.map((m) =>
    m.columns ? sliceKlineColumns(m.columns, s.start, until) : sliceKlineColumns(emptyColumns, 0, 0)
  );
  report.cachedMonths = months.filter((m) =>
    m.columns !== undefined && !report.fetchedMonths.includes(monthKey(m.start))
  ).map((m) => monthKey(m.start));
  const columns = concatKlineColumns(parts);
  const df = klineFrame(columns, "bybit");
  report.rows = df.height;
  reports.set(df, report);
  if (gaps.length > 0) {
    console.warn(
      `loadKlines: ${s.symbol} ${s.interval} ${iso(s.start)} to ${iso(s.end)} is INCOMPLETE: ${
        report.missingBars.toLocaleString("en-US")
      } bar(s) missing (${describeRanges(gaps)})${
        report.reason ? `; ${report.reason}` : "; Bybit's answers were short"
      }. The frame holds the ${
        df.height.toLocaleString("en-US")
      } bars that exist; klineLoadReport(df).missing lists the gaps.`,
    );
  }
  return df;
}

/** Gaps of a month as cached: everything when there is no file, none in a confirmed empty month. */
function cachedGaps(
  columns: KlineColumns | undefined,
  s: ResolvedKlineSpec,
  monthStart: number,
  need: number,
): TimeRange[] {
  if (columns === undefined) return findGaps(new Float64Array(0), s.interval, monthStart, need);
  if (columns.startTime.length === 0) return []; // written only for an ended month confirmed empty
  return findGaps(columns.startTime, s.interval, monthStart, need, false);
}

/**
 * Fetches a month's gaps, retries once what is still missing, trusts the time before the first bar (or a
 * whole ended month) as "no bars" only when two rounds of fetch and probe agree that Bybit has no bar
 * before it (a listing), and writes what was fetched. Leaves in `m.gaps` what is still missing.
 */
async function fillMonth(
  s: ResolvedKlineSpec,
  m: Month2,
  options: FetchKlinesOptions,
  stats: KlineFetchStats,
): Promise<void> {
  const hadFile = m.columns !== undefined;
  let columns = m.columns ?? emptyColumns;
  let fetchedAny = false;
  let headConfirmed = hadFile && columns.startTime.length > 0;
  let emptyVotes = 0; // rounds in which Bybit said "no bar before the first one": two are needed
  for (let round = 0; round < 2; round++) {
    const wanted = round === 0
      ? m.gaps
      : findGaps(columns.startTime, s.interval, m.start, m.need, !headConfirmed);
    if (wanted.length === 0) break;
    for (const g of wanted) {
      const fetched = await fetchKlineColumns({ ...s, start: g.start, end: g.end }, options, stats);
      if (fetched.startTime.length > 0) {
        columns = mergeKlineColumns(columns, fetched);
        fetchedAny = true;
      }
    }
    const first = columns.startTime[0];
    if (!headConfirmed && (first === undefined || first > m.start)) {
      // Is the time before the first bar (or the whole month) really empty on Bybit, or was the answer short?
      const newest = await fetchNewestKlineBefore(s, first ?? m.need, options, stats);
      if (newest === undefined) emptyVotes++;
      headConfirmed = emptyVotes >= 2;
    } else headConfirmed = true;
  }
  const monthEnd = nextMonthStart(m.start);
  const empty = columns.startTime.length === 0;
  if (headConfirmed && fetchedAny) {
    m.columns = await writeMonth(m.path, s, m.start, columns);
  } else if (headConfirmed && empty && m.need === monthEnd && !hadFile) {
    m.columns = await writeMonth(m.path, s, m.start, columns); // an ended month with no bars, confirmed
  } else if (fetchedAny) {
    m.columns = columns; // served, but not written: the head is unconfirmed (a short answer)
  }
  m.gaps = empty && headConfirmed
    ? []
    : findGaps((m.columns ?? emptyColumns).startTime, s.interval, m.start, m.need, !headConfirmed);
}

/** A month of the request: its file, its bars, and what is missing in it. */
type Month2 = {
  start: number;
  path: string;
  columns: KlineColumns | undefined;
  /** Up to where the request needs the month (its end, or the last closed bar), UTC ms. */
  need: number;
  /** Ranges of bar starts in [start, need) that should hold bars and do not. */
  gaps: TimeRange[];
};

function clipRanges(ranges: readonly TimeRange[], from: number, to: number): TimeRange[] {
  const out: TimeRange[] = [];
  for (const r of ranges) {
    const a = Math.max(r.start, from), b = Math.min(r.end, to);
    if (a < b) out.push({ start: a, end: b });
  }
  return out;
}

function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const out: TimeRange[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last !== undefined && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** Bar starts of `interval` in `[start, end)`. */
function countBars(r: TimeRange, interval: ResolvedKlineSpec["interval"]): number {
  const ms = intervalMs(interval);
  const first = firstBarAtOrAfter(r.start, interval);
  if (ms !== undefined) return first < r.end ? Math.ceil((r.end - first) / ms) : 0;
  let n = 0;
  for (let t = first; t < r.end; t = nextBarStart(t, interval)) n++;
  return n;
}

/** `"2025-06-10 00:00 to 2025-06-11 00:00 UTC, ..."` (at most 5 ranges, then how many more). */
function describeRanges(ranges: readonly TimeRange[]): string {
  const shown = ranges.slice(0, 5).map((r) => `${stamp(r.start)} to ${stamp(r.end)}`);
  const more = ranges.length > 5 ? `, and ${ranges.length - 5} more range(s)` : "";
  return `${shown.join(", ")} UTC${more}`;
}

/** Any HTTP answer from `GET /v5/market/time` proves Bybit reachable; only a retryable failure does not. */
async function probe(base: string, options: LoadKlinesOptions): Promise<void> {
  const { probeTimeoutMs = 3_000, signal } = options;
  try {
    await bybitGet({ action: "reach Bybit", path: "/v5/market/time", query: {}, parse: (r) => r }, {
      baseUrl: base,
      timeoutMs: probeTimeoutMs,
      retry: { maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 250 },
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (error instanceof BybitUnavailableError) throw error;
  }
}

const emptyColumns: KlineColumns = {
  startTime: new Float64Array(0),
  open: new Float64Array(0),
  high: new Float64Array(0),
  low: new Float64Array(0),
  close: new Float64Array(0),
  volume: new Float64Array(0),
  turnover: new Float64Array(0),
};

function synthesize(
  s: ResolvedKlineSpec,
  synthetic: SyntheticKlineOptions,
  report: KlineLoadReport,
  reason: string,
  nothingCached: boolean,
): pl.DataFrame {
  const columns = synthesizeKlineColumns(s, synthetic);
  const df = klineFrame(columns, "synthetic");
  report.source = "synthetic";
  report.reason = reason;
  report.seed = synthetic.seed ?? 1;
  report.rows = df.height;
  report.cachedMonths = [];
  report.fetchedMonths = [];
  report.missing = [];
  report.missingBars = 0;
  reports.set(df, report);
  if (!syntheticAnnounced) {
    syntheticAnnounced = true;
    console.warn(
      `loadKlines: ${s.symbol} ${s.interval} ${iso(s.start)} to ${iso(s.end)} is ${
        nothingCached ? "not cached" : 'not fully cached (fallback: "synthetic")'
      } and ${reason}: ` +
        `using SEEDED SYNTHETIC candles (column source = "synthetic", seed ${report.seed}), ` +
        `not written to the cache. Shown once per process; describeKlineSource(df) tells which data a frame holds.`,
    );
  }
  return df;
}

function iso(t: number): string {
  return new Date(t).toISOString().replace(":00.000Z", "Z").replace("T00:00Z", "");
}

/**
 * What {@linkcode loadKlines} did to produce `df` (source, cache hits, fetched and corrupt months,
 * reason for synthetic data), or `undefined` for a frame it did not return (e.g. a filtered copy).
 *
 * @example
 * ```ts
 * import { klineLoadReport, loadKlines } from "@lib/mod.ts";
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
 * import { describeKlineSource, synthesizeKlines } from "@lib/mod.ts";
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

function stamp(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace("T", " ");
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
