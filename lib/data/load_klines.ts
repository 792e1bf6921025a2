/**
 * `loadKlines`: the one call notebooks make for candles. Cache first, Bybit for what is missing, and a
 * clearly labelled synthetic market when Bybit cannot be reached.
 *
 * Decision rules:
 * 1. Offline mode (`offline: true`, or `BYBIT_OFFLINE=1` in the environment, or Bybit already found
 *    unreachable at this base URL earlier in the process, see {@linkcode KlineLoaderState}) never touches
 *    the network.
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
import { BybitUnavailableError } from "./bybit/bybit_http.ts";
import { bybitGet, resolveBaseUrl, resolveClientOptions } from "./bybit/_bybit_request.ts";
import { type FetchKlinesOptions, type KlineFetchStats, planKlineWindows } from "./bybit/_kline_pages.ts";
import { type KlineSpec, type ResolvedKlineSpec, resolveKlineSpec } from "./kline_spec.ts";
import { barStartOf, monthKey, monthStartOf, nextMonthStart } from "./_calendar.ts";
import { concatKlineColumns, klineFrame, sliceKlineColumns } from "./_kline_columns.ts";
import { offlineFromEnv, resolveCacheDir } from "./cache/_cache_env.ts";
import { assertRangeBounds } from "./_time_range.ts";
import { unavailableReason } from "./unavailable.ts";
import { monthFilePath, readMonth } from "./cache/_kline_cache.ts";
import { synthesizeKlineColumns, type SyntheticKlineOptions } from "./synthetic/synthetic_klines.ts";
import { attachKlineLoadReport, type KlineLoadReport } from "./kline_load_report.ts";
import { type KlineLoaderState, sharedKlineLoaderState } from "./kline_loader_state.ts";
import { cachedGaps, emptyColumns, fillMonth, type KlineMonth } from "./_kline_months.ts";
import { clipRanges, countBars, describeRanges, iso, mergeRanges } from "./_kline_ranges.ts";
import { DEFAULT_SEED } from "../core/random.ts";

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
  /**
   * What the loader remembers between calls (unreachable base URLs, the synthetic announcement). Default:
   * the process's {@linkcode sharedKlineLoaderState}.
   */
  loaderState?: KlineLoaderState;
}

/**
 * Forgets what the calls without a `loaderState` remember: {@linkcode sharedKlineLoaderState}`.reset()`
 * (unreachable base URLs and whether the synthetic fallback was announced), so a test or a long-running
 * process starts afresh.
 *
 * @example
 * ```ts
 * import { resetKlineLoaderState, sharedKlineLoaderState } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * resetKlineLoaderState();
 * assert.ok(sharedKlineLoaderState);
 * ```
 */
export function resetKlineLoaderState(): void {
  sharedKlineLoaderState.reset();
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
 * import { describeKlineSource, loadKlines } from "@lib/mod.ts";
 * import { DEFAULT_KLINE_SPEC } from "@lib/data/mod.ts";
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
  const state = options.loaderState ?? sharedKlineLoaderState;
  const knownDown = state.unreachable.get(base);

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
  const months: KlineMonth[] = [];
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
  const inRequest = (m: KlineMonth) => clipRanges(m.gaps, s.start, until).length > 0;
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
      if (!state.reachable.has(base)) await probe(base, options);
      state.reachable.add(base);
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
      state.unreachable.set(base, error.lastError);
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
      return synthesize(s, synthetic, report, unavailable.reason, cachedRows === 0, state);
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
  attachKlineLoadReport(df, report);
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

/** The whole request as seeded synthetic candles, labelled, announced once per loader state. */
function synthesize(
  s: ResolvedKlineSpec,
  synthetic: SyntheticKlineOptions,
  report: KlineLoadReport,
  reason: string,
  nothingCached: boolean,
  state: KlineLoaderState,
): pl.DataFrame {
  const columns = synthesizeKlineColumns(s, synthetic);
  const df = klineFrame(columns, "synthetic");
  report.source = "synthetic";
  report.reason = reason;
  report.seed = synthetic.seed ?? DEFAULT_SEED;
  report.rows = df.height;
  report.cachedMonths = [];
  report.fetchedMonths = [];
  report.missing = [];
  report.missingBars = 0;
  attachKlineLoadReport(df, report);
  if (!state.syntheticAnnounced) {
    state.syntheticAnnounced = true;
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
