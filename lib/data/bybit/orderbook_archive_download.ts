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
import { parseTradeDay } from "./_trade_day.ts";
import type { BybitRetryOptions } from "./bybit_http.ts";
import { httpBaseUrl, readEnv } from "./_bybit_request.ts";

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
