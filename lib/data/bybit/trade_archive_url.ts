/**
 * Where Bybit's public trade archive keeps a day and how its files are laid out: the base URL, the URL of a
 * day, the check of a `YYYY-MM-DD` day, and the column mapping of a file's header (see
 * `bybit_trade_archive.ts` for the download and the file formats).
 *
 * @module
 */
import { httpBaseUrl, readEnv } from "./_bybit_request.ts";
import { assertBybitSymbolAndCategory, type BybitCategory } from "../kline_spec.ts";
import type { TradeColumnMap, TradeTimeUnit } from "./_trade_parse.ts";
import { parseTradeDay } from "./_trade_day.ts";

/** Bybit's public archive host, used when neither the option nor `BYBIT_ARCHIVE_URL` says otherwise. */
export const BYBIT_ARCHIVE_URL = "https://public.bybit.com";

/** One UTC day of one instrument's trades. */
export interface TradeDaySpec {
  /** Instrument, upper case (`BTCUSDT`). */
  symbol: string;
  /** `"linear"`, `"inverse"` or `"spot"`. Default `"linear"`. */
  category?: BybitCategory;
  /** The UTC day, `YYYY-MM-DD`. */
  date: string;
}

/**
 * The archive base URL the trade loaders use: the option, else the `BYBIT_ARCHIVE_URL` environment variable,
 * else {@linkcode BYBIT_ARCHIVE_URL}; an `http(s)` URL without a trailing slash.
 *
 * @param archiveUrl the option (`undefined` to read the environment).
 * @param action the action named in an error message.
 * @returns the base URL.
 * @throws {RangeError} for a value that is not an http(s) URL.
 *
 * @example
 * ```ts
 * import { resolveArchiveUrl } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(resolveArchiveUrl("http://127.0.0.1:8080", "load trades"), "http://127.0.0.1:8080");
 * assert.throws(() => resolveArchiveUrl("ftp://x", "load trades"), RangeError);
 * ```
 */
export function resolveArchiveUrl(archiveUrl: string | undefined, action: string): string {
  return httpBaseUrl(action, "archiveUrl", archiveUrl ?? readEnv("BYBIT_ARCHIVE_URL") ?? BYBIT_ARCHIVE_URL);
}

/**
 * The URL of one day of Bybit's public trade archive. Symbol, category and date are validated first,
 * so nothing else can reach the URL.
 *
 * - linear, inverse: `{base}/trading/{SYMBOL}/{SYMBOL}{YYYY-MM-DD}.csv.gz` (no separator before the date);
 * - spot: `{base}/spot/{SYMBOL}/{SYMBOL}_{YYYY-MM-DD}.csv.gz`.
 *
 * @param spec symbol, category (default `"linear"`), date.
 * @param options `archiveUrl` (default `BYBIT_ARCHIVE_URL`, else `https://public.bybit.com`).
 * @returns the absolute URL.
 * @throws {RangeError} for a bad symbol, category, date or base URL.
 *
 * @example
 * ```ts
 * import { bybitTradeArchiveUrl } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const base = { archiveUrl: "https://public.bybit.com" };
 * assert.equal(bybitTradeArchiveUrl({ symbol: "BTCUSDT", date: "2025-06-01" }, base),
 *   "https://public.bybit.com/trading/BTCUSDT/BTCUSDT2025-06-01.csv.gz");
 * assert.equal(bybitTradeArchiveUrl({ symbol: "BTCUSDT", category: "spot", date: "2025-06-01" }, base),
 *   "https://public.bybit.com/spot/BTCUSDT/BTCUSDT_2025-06-01.csv.gz");
 * assert.throws(() => bybitTradeArchiveUrl({ symbol: "../x", date: "2025-06-01" }, base), RangeError);
 * ```
 */
export function bybitTradeArchiveUrl(
  spec: TradeDaySpec,
  options: { archiveUrl?: string } = {},
): string {
  const action = "build Bybit trade archive URL";
  const { symbol, category = "linear", date } = spec ?? ({} as TradeDaySpec);
  assertBybitSymbolAndCategory(action, symbol, category);
  parseTradeDay(action, date);
  const base = resolveArchiveUrl(options.archiveUrl, action);
  return category === "spot"
    ? `${base}/spot/${symbol}/${symbol}_${date}.csv.gz`
    : `${base}/trading/${symbol}/${symbol}${date}.csv.gz`;
}

/** How to read one archive file: which column is which, the time unit, the size unit. */
export interface TradeArchiveFormat {
  columns: TradeColumnMap;
  timeUnit: TradeTimeUnit;
  sizeUnit: "base" | "quote";
}

/**
 * The column mapping of an archive file, from its category and header. Columns are found by name, so
 * extra columns (e.g. `RPI`) and reordering are fine; a header lacking a needed column is refused.
 *
 * - linear: `timestamp` (s), `price`, `size` (base units), `side`, `trdMatchID`;
 * - inverse: the same, `size` in 1-USD contracts (divided by the price to get base units);
 * - spot: `id`, `timestamp` (ms), `price`, `volume` (base units), `side`.
 *
 * @param category the archive's category.
 * @param header the file's header fields.
 * @returns the mapping, time unit and size unit.
 * @throws {TypeError} for a header this function does not know, with the header in the message.
 *
 * @example
 * ```ts
 * import { bybitTradeArchiveFormat } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const spot = bybitTradeArchiveFormat("spot", ["id", "timestamp", "price", "volume", "side"]);
 * assert.equal(spot.columns.size, "volume");
 * assert.equal(spot.timeUnit, "ms");
 * assert.throws(() => bybitTradeArchiveFormat("spot", ["time", "px", "qty"]), /unknown header time,px,qty/);
 * ```
 */
export function bybitTradeArchiveFormat(
  category: BybitCategory,
  header: readonly string[],
): TradeArchiveFormat {
  const action = `read Bybit ${category} trade archive`;
  const need = category === "spot"
    ? ["id", "timestamp", "price", "volume", "side"]
    : ["timestamp", "side", "size", "price", "trdMatchID"];
  const missing = need.filter((c) => !header.includes(c));
  if (missing.length > 0 || !["spot", "linear", "inverse"].includes(category)) {
    throw new TypeError(
      `Cannot ${action}: unknown header ${header.join(",")}: expected the columns ${need.join(",")} ` +
        `(missing ${missing.join(",")})`,
    );
  }
  if (category === "spot") {
    return {
      columns: { timestamp: "timestamp", price: "price", size: "volume", side: "side", tradeId: "id" },
      timeUnit: "ms",
      sizeUnit: "base",
    };
  }
  return {
    columns: { timestamp: "timestamp", price: "price", size: "size", side: "side", tradeId: "trdMatchID" },
    timeUnit: "s",
    sizeUnit: category === "inverse" ? "quote" : "base",
  };
}
