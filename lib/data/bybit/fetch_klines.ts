/**
 * Candles from Bybit v5 `GET /v5/market/kline`, paged, validated and put in ascending order.
 *
 * @module
 */
import type pl from "npm:nodejs-polars@0.25.2";
import { type KlineSpec, resolveKlineSpec } from "../kline_spec.ts";
import { klineFrame } from "../_kline_columns.ts";
import { fetchKlineColumns, type FetchKlinesOptions, type KlineFetchStats } from "./_kline_pages.ts";

export { type FetchKlinesOptions, KLINE_PAGE_BARS, type KlineFetchStats } from "./_kline_pages.ts";

/**
 * Fetches candles from Bybit v5 `GET /v5/market/kline` for bar start times in `[start, end)`.
 *
 * The range is split into windows of at most 1000 bars (Bybit's page limit) with both `start` and
 * `end` set; each answer's envelope and rows are validated (zod schema, then every field parsed from
 * its string, OHLC consistency), the newest-first rows are put in ascending order, bars repeated across
 * pages are dropped, and the still-open candle (start + interval after the server's clock in the
 * envelope's `time`) is left out, so a cache can store what this returns as final.
 *
 * Retries, timeouts, the rate limit and the errors are those of the transport (see
 * {@linkcode BybitClientOptions}): 10006, 10016, 10429, HTTP 429/5xx, network errors, timeouts and
 * non-JSON bodies are retried with bounded exponential backoff; 10001, 10002 and HTTP 403 are not.
 *
 * Rows of 6 fields (no turnover, as some Bybit mirrors and older exports send) are accepted: their
 * turnover is estimated as `volume * (open + high + low + close) / 4` (the bar's mean price; exact
 * when the price is constant over the bar) and a warning says how many rows were estimated. What is lost
 * is the exact volume-weighted price of those bars (`turnover / volume`): the market VWAP of
 * `simulateMetaordersOnCandles` and the average daily turnover of the statistics become
 * approximations on them. Every field is parsed strictly ({@linkcode parseBybitDecimal}: `"0x10"`,
 * `"1e"`, `""` and `" 5"` are refused).
 *
 * When one page fails for good, the others are cancelled (no new request starts; those in flight are
 * aborted) and that page's error is thrown.
 *
 * Cost: `ceil(bars / 1000)` requests, `concurrency` in flight.
 *
 * @param spec symbol, interval, `[start, end)` in UTC ms and category (default `"linear"`).
 * @param options `baseUrl` (default `BYBIT_BASE_URL`, else mainnet), `signal`, `timeoutMs`, `retry`,
 *   `concurrency`, `onProgress`.
 * @returns a DataFrame with `startTime` (Datetime ms UTC), `open`, `high`, `low`, `close` (quote per base),
 *   `volume` (base units), `turnover` (quote units), ascending, covering the closed bars of `[start, end)`.
 * @throws {RangeError} for an invalid spec (symbol, interval, category, times) or option (`timeoutMs`,
 *   `retry.*`, `maxRequestsPer5s`, `concurrency`: NaN, Infinity, 0 or negative where not allowed).
 * @throws {BybitApiError} when Bybit refuses (e.g. retCode 10001 "Not supported symbols").
 * @throws {BybitUnavailableError} when Bybit cannot be reached within the retry budget.
 * @throws {BybitResponseError} when an answer has the wrong shape.
 *
 * @example
 * ```ts ignore
 * import { fetchKlines } from "@lib/data/mod.ts";
 * // Needs network access to Bybit (or BYBIT_BASE_URL pointing at a mock).
 * const df = await fetchKlines({ symbol: "BTCUSDT", interval: "60", start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 5, 2) });
 * console.log(df.height); // 24
 * ```
 */
export async function fetchKlines(spec: KlineSpec, options: FetchKlinesOptions = {}): Promise<pl.DataFrame> {
  const resolved = resolveKlineSpec(spec, "fetch klines");
  const stats: KlineFetchStats = { estimatedTurnoverRows: 0 };
  const df = klineFrame(await fetchKlineColumns(resolved, options, stats));
  if (stats.estimatedTurnoverRows > 0) {
    console.warn(
      `fetchKlines: ${stats.estimatedTurnoverRows} of ${df.height} rows came without turnover (6 fields); ` +
        `their turnover is ESTIMATED as volume * (open + high + low + close) / 4.`,
    );
  }
  return df;
}
