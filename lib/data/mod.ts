/**
 * Market data: a Bybit v5 client, a parquet cache of candles, trades and quotes, a seeded synthetic market,
 * trade tapes and level-1 quote series, and readers for CSV files and Binance captures.
 *
 * The entry point for notebooks is {@linkcode loadKlines} (with {@linkcode DEFAULT_KLINE_SPEC} and
 * {@linkcode describeKlineSource}).
 *
 * @module
 */
export {
  BYBIT_CATEGORIES,
  BYBIT_INTERVALS,
  type BybitCategory,
  type BybitInterval,
  DEFAULT_KLINE_SPEC,
  type KlineSpec,
  type ResolvedKlineSpec,
  resolveKlineSpec,
} from "./kline_spec.ts";
export {
  BybitApiError,
  type BybitClientOptions,
  BybitRateLimitError,
  BybitResponseError,
  type BybitRetryOptions,
  BybitUnavailableError,
} from "./bybit/bybit_http.ts";
export { fetchKlines, type FetchKlinesOptions } from "./bybit/fetch_klines.ts";
export {
  fetchOrderbook,
  fetchRecentTrades,
  type OrderbookSnapshot,
  type SnapshotSpec,
} from "./bybit/fetch_snapshots.ts";
export { isDataFrame, type KlineColumns, klineColumns, type KlineSource } from "./kline_frame.ts";
export { unavailableReason } from "./unavailable.ts";
export { loadKlines, type LoadKlinesOptions, resetKlineLoaderState } from "./load_klines.ts";
export {
  attachKlineLoadReport,
  describeKlineSource,
  type KlineLoadReport,
  klineLoadReport,
} from "./kline_load_report.ts";
export {
  synthesizeKlineColumns,
  synthesizeKlines,
  SYNTHETIC_END_MS,
  SYNTHETIC_MAX_DAYS,
  type SyntheticKlineOptions,
} from "./synthetic/synthetic_klines.ts";
export { BTC_HOURLY_VOLUME_PROFILE } from "./synthetic/volume_profile.ts";
export { type TradeTape, tradeTapeFromFrame, type TradeTapeSource, tradeTapeToFrame } from "./trade_tape.ts";
export {
  assertQuoteSeries,
  QUOTE_SOURCES,
  type QuoteSeries,
  type QuoteSource,
  type TradeQuotes,
} from "./quote_series.ts";
export { readQuotesCsv, type ReadQuotesCsvOptions } from "./csv/quotes_csv.ts";
export { type OrderbookReplay, replayOrderbookArchive } from "./bybit/orderbook_archive.ts";
export { type KlinesCsvReport, readKlinesCsv, type ReadKlinesCsvOptions } from "./csv/klines_csv.ts";
export { readTradesCsv, type ReadTradesCsvOptions } from "./csv/trades_csv.ts";
export {
  type FillColumnMap,
  type FillColumns,
  readFillsCsv,
  type ReadFillsCsvOptions,
} from "./csv/fills_csv.ts";
export {
  describeTradeLoad,
  type LoadedTrades,
  loadTrades,
  type LoadTradesOptions,
  TradeLoadError,
  type TradeLoadReport,
  type TradeSpec,
  tradeTapeDays,
} from "./load_trades.ts";
export {
  synthesizeTrades,
  type SyntheticTradeOptions,
  type SyntheticTradeTape,
} from "./synthetic/synthetic_trades.ts";
export { joinQuotes, type QuoteAgreement, quoteAgreement } from "./join_quotes.ts";
export {
  type BinanceCapture,
  type BinanceCaptureReport,
  readBinanceCapture,
  type ReadBinanceCaptureOptions,
} from "./binance/binance_capture.ts";
export {
  type BinanceBookTickerFile,
  readBinanceBookTickerCsv,
  type ReadBinanceBookTickerCsvOptions,
} from "./binance/book_ticker_csv.ts";
export {
  type LoadedQuotes,
  loadQuotes,
  type LoadQuotesOptions,
  type QuoteDayReport,
  QuoteLoadError,
  type QuoteLoadReport,
  type QuoteSpec,
} from "./load_quotes.ts";
export { estimateTickSize, type TickSizeOptions } from "./tick_size.ts";
// Lower-level pieces:
export { BYBIT_SYMBOL_PATTERN } from "./kline_spec.ts";
export { BYBIT_MAINNET_URL } from "./bybit/bybit_http.ts";
export { KLINE_PAGE_BARS } from "./bybit/fetch_klines.ts";
export { KLINE_COLUMNS } from "./kline_frame.ts";
export { SYNTHETIC_ANCHOR_MS } from "./synthetic/synthetic_klines.ts";
export { KlineLoaderState, sharedKlineLoaderState } from "./kline_loader_state.ts";
export { assertTradeTape, TRADE_TAPE_COLUMNS, TRADE_TAPE_SCHEMA, TRADE_TAPE_SOURCES } from "./trade_tape.ts";
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
  resolveArchiveUrl,
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
export { assertBybitSymbolAndCategory } from "./kline_spec.ts";
export { type CliIo, runFetchCli } from "./cli/fetch_cli.ts";
export { runFetchTradesCli } from "./cli/fetch_trades_cli.ts";
