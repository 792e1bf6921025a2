/**
 * Market data: a Bybit v5 client, a parquet cache of candles, trades and quotes, a seeded synthetic market,
 * trade tapes and level-1 quote series, and readers for CSV files and Binance captures.
 *
 * The entry point for notebooks is {@linkcode loadKlines} (with {@linkcode DEFAULT_KLINE_SPEC} and
 * {@linkcode describeKlineSource}).
 *
 * @module
 */
export * from "./essentials.ts";
// Lower-level pieces, on this face only (not re-exported by lib/mod.ts):
export { BYBIT_SYMBOL_PATTERN } from "./kline_spec.ts";
export { BYBIT_MAINNET_URL } from "./bybit/bybit_http.ts";
export { KLINE_PAGE_BARS } from "./bybit/fetch_klines.ts";
export { KLINE_COLUMNS } from "./kline_frame.ts";
export { SYNTHETIC_ANCHOR_MS } from "./synthetic/synthetic_klines.ts";
export { KlineLoaderState, sharedKlineLoaderState } from "./kline_loader_state.ts";
export {
  assertTradeTape,
  TRADE_TAPE_COLUMNS,
  TRADE_TAPE_SCHEMA,
  TRADE_TAPE_SOURCES,
  tradeTapeFromFrame,
  tradeTapeToFrame,
} from "./trade_tape.ts";
export type { OrderbookGap, OrderbookReplayOptions } from "./bybit/orderbook_archive.ts";
export type { KlineCsvField } from "./csv/klines_csv.ts";
export type { TradeColumnMap, TradeCsvFormat, TradeTimeUnit } from "./csv/trades_csv.ts";
export {
  BYBIT_ARCHIVE_URL,
  BybitArchiveMissingDayError,
  bybitTradeArchiveFormat,
  bybitTradeArchiveUrl,
  ERROR_BODY_BYTES,
  fetchTradeDay,
  MAX_DAY_BYTES,
  STALL_TIMEOUT_MS,
  type TradeArchiveFormat,
  type TradeArchiveOptions,
  type TradeDaySpec,
} from "./bybit/bybit_trade_archive.ts";
export { RATE_LIMITED_DAYS_TO_STOP, TRADE_DAY_PLAUSIBILITY, type TradeDayReport } from "./load_trades.ts";
export { syntheticTradeKernel, type SyntheticTradeTruth } from "./synthetic/synthetic_trades.ts";
export { BINANCE_BOOK_TICKER_COLUMNS } from "./binance/book_ticker_csv.ts";
export {
  BYBIT_ORDERBOOK_ARCHIVE_URL,
  BYBIT_ORDERBOOK_DEPTHS,
  bybitOrderbookArchiveUrl,
  BybitOrderbookMissingDayError,
  type OrderbookArchiveOptions,
  type OrderbookDaySpec,
} from "./bybit/orderbook_archive_download.ts";
