/**
 * Downloading one day of Bybit's public order-book archive (zipped JSON lines, see
 * {@linkcode replayOrderbookArchive}):
 *
 * `{base}/orderbook/{linear|inverse|spot}/{SYMBOL}/{YYYY-MM-DD}_{SYMBOL}_ob{depth}.data.zip`
 *
 * on `https://quote-saver.bycsi.com` (the host of the "Order Book" downloads of Bybit's history-data page).
 * The depth in the name changed over time (linear files were `ob500`, later days `ob200`), so without a
 * depth the client tries 200, then 500. A day is a few hundred MB zipped: it is streamed to a file, never
 * held in memory.
 *
 * @module
 */
import { assertBybitSymbolAndCategory, type BybitCategory } from "../kline_spec.ts";
import { parseTradeDay } from "./trade_archive_url.ts";
import { type BybitRetryOptions, BybitUnavailableError, httpBaseUrl, readEnv } from "./bybit_http.ts";
import { RetryableFailure, retryAfterMs, withRetries, withTimeLimit } from "./_retry.ts";

/** The order-book archive host, used when neither the option nor `BYBIT_ORDERBOOK_ARCHIVE_URL` says otherwise. */
export const BYBIT_ORDERBOOK_ARCHIVE_URL = "https://quote-saver.bycsi.com";

/** Depths tried, in order, when none is given. */
export const BYBIT_ORDERBOOK_DEPTHS: readonly number[] = [200, 500];

/** One UTC day of one instrument's order-book archive. */
export interface OrderbookDaySpec {
  symbol: string;
  /** `"linear"` (default), `"inverse"` or `"spot"`. */
  category?: BybitCategory;
  /** The UTC day, `YYYY-MM-DD`. */
  date: string;
  /** Levels in the file name (`ob200`), a positive integer. */
  depth: number;
}

/** Options of the order-book archive client. */
export interface OrderbookArchiveOptions {
  /** Archive base URL. Default `BYBIT_ORDERBOOK_ARCHIVE_URL` from the environment, else {@linkcode BYBIT_ORDERBOOK_ARCHIVE_URL}. */
  orderbookArchiveUrl?: string;
  /** Cancels the download. */
  signal?: AbortSignal;
  /** Time limit of one attempt (headers and the whole body), ms. Default 1,800,000. */
  timeoutMs?: number;
  /** Backoff settings. Default 5 attempts, 1 s base delay, 30 s cap. */
  retry?: BybitRetryOptions;
}

/** The day is not in the order-book archive (HTTP 404 for every depth tried). */
export class BybitOrderbookMissingDayError extends Error {
  /** The day, `YYYY-MM-DD`, and the URLs that answered 404. */
  readonly date: string;
  readonly urls: string[];

  /**
   * @example
   * ```ts
   * import { BybitOrderbookMissingDayError } from "@lib/data/mod.ts";
   * import assert from "node:assert/strict";
   * const e = new BybitOrderbookMissingDayError("2099-01-01", ["https://quote-saver.bycsi.com/x"]);
   * assert.match(e.message, /2099-01-01.*not published/);
   * ```
   */
  constructor(date: string, urls: string[]) {
    super(
      `Cannot download the Bybit order book for ${date}: the day is not published in the archive (HTTP 404) [${
        urls.join(", ")
      }]`,
    );
    this.name = "BybitOrderbookMissingDayError";
    this.date = date;
    this.urls = urls;
  }
}

function resolveBase(url: string | undefined, action: string): string {
  // An empty BYBIT_ORDERBOOK_ARCHIVE_URL counts as unset.
  const raw = url ?? (readEnv("BYBIT_ORDERBOOK_ARCHIVE_URL") || undefined) ?? BYBIT_ORDERBOOK_ARCHIVE_URL;
  return httpBaseUrl(action, "orderbookArchiveUrl", raw);
}

/**
 * The URL of one day of Bybit's order-book archive. Symbol, category, date and depth are validated first.
 *
 * @param spec symbol, category (default `"linear"`), date, depth.
 * @param options `orderbookArchiveUrl`.
 * @returns the absolute URL.
 * @throws {RangeError} for a bad symbol, category, date, depth or base URL.
 *
 * @example
 * ```ts
 * import { bybitOrderbookArchiveUrl } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(
 *   bybitOrderbookArchiveUrl({ symbol: "BTCUSDT", date: "2025-06-01", depth: 200 }, { orderbookArchiveUrl: "https://quote-saver.bycsi.com" }),
 *   "https://quote-saver.bycsi.com/orderbook/linear/BTCUSDT/2025-06-01_BTCUSDT_ob200.data.zip",
 * );
 * ```
 */
export function bybitOrderbookArchiveUrl(
  spec: OrderbookDaySpec,
  options: Pick<OrderbookArchiveOptions, "orderbookArchiveUrl"> = {},
): string {
  const action = "build Bybit order-book archive URL";
  const { symbol, category = "linear", date, depth } = spec ?? ({} as OrderbookDaySpec);
  assertBybitSymbolAndCategory(action, symbol, category);
  parseTradeDay(action, date);
  if (!Number.isSafeInteger(depth) || depth < 1) {
    throw new RangeError(`Cannot ${action}: depth must be an integer >= 1: current value is ${depth}`);
  }
  const base = resolveBase(options.orderbookArchiveUrl, action);
  return `${base}/orderbook/${category}/${symbol}/${date}_${symbol}_ob${depth}.data.zip`;
}

/**
 * Downloads one day of the order-book archive to `path` (streamed), trying each depth in turn until one
 * exists; retries network errors, timeouts, HTTP 429/5xx and bodies shorter than their `Content-Length`.
 * The file at `path` is complete when this resolves; on failure it may hold a part, which the caller
 * removes.
 *
 * @returns the URL downloaded and the bytes written.
 * @throws {BybitOrderbookMissingDayError} when every depth answers 404.
 * @throws {BybitUnavailableError} when the attempts run out.
 */
export async function downloadOrderbookDay(
  spec: Omit<OrderbookDaySpec, "depth"> & { depth?: number },
  path: string,
  options: OrderbookArchiveOptions = {},
): Promise<{ url: string; bytes: number }> {
  const action = `download the Bybit order book for ${spec.date}`;
  const { signal, timeoutMs = 1_800_000, retry = {} } = options;
  const { maxAttempts = 5, baseDelayMs = 1_000, maxDelayMs = 30_000, seed = Deno.pid } = retry;
  const depths = spec.depth !== undefined ? [spec.depth] : BYBIT_ORDERBOOK_DEPTHS;
  const missing: string[] = [];
  for (const depth of depths) {
    const url = bybitOrderbookArchiveUrl({ ...spec, depth }, options);
    const label = `GET ${url}`;
    const bytes = await withRetries(
      () =>
        withTimeLimit(timeoutMs, signal, async (s) => {
          const response = await fetch(url, { signal: s });
          if (response.status === 404) {
            await response.body?.cancel();
            return -1;
          }
          if (response.status === 429 || response.status >= 500) {
            await response.body?.cancel();
            throw new RetryableFailure(
              `HTTP ${response.status}`,
              retryAfterMs(response.headers.get("retry-after")),
            );
          }
          if (response.status !== 200 || response.body === null) {
            await response.body?.cancel();
            throw new Error(`Cannot ${action}: HTTP ${response.status} [${url}]`);
          }
          const total = Number(response.headers.get("content-length") ?? NaN);
          let written = 0;
          using file = await Deno.open(path, { write: true, create: true, truncate: true });
          for await (const chunk of response.body) {
            let offset = 0;
            while (offset < chunk.length) offset += await file.write(chunk.subarray(offset));
            written += chunk.length;
          }
          if (Number.isFinite(total) && written !== total) {
            throw new RetryableFailure(`body cut short: ${written} of ${total} bytes`);
          }
          await file.sync();
          return written;
        }, {
          keep: (e) => e instanceof Error && e.message.startsWith("Cannot "),
          describe: (e) => new RetryableFailure(`network error: ${String((e as Error)?.message ?? e)}`),
        }),
      { maxAttempts, baseDelayMs, maxDelayMs, seed },
      signal,
      (lastError) => new BybitUnavailableError(action, { attempts: maxAttempts, lastError, request: label }),
    );
    if (bytes >= 0) return { url, bytes };
    missing.push(url);
  }
  throw new BybitOrderbookMissingDayError(spec.date, missing);
}
