/**
 * The part of lib/data that the library's root face (`lib/mod.ts`) re-exports: Bybit requests and their
 * errors, loading candles, trades and quotes (cache first, with a report of what came from where), the
 * synthetic market, order book replay, the quote join and the CSV and capture readers. Statistics of a market
 * (candle statistics, quoted spreads, `chooseSpread`) live in lib/market. `lib/data/mod.ts`
 * re-exports all of it and adds the area's lower-level pieces, so each name is listed once.
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
export { type KlineColumns, klineColumns, type KlineSource } from "./kline_frame.ts";
export { unavailableReason } from "./unavailable.ts";
export { loadKlines, type LoadKlinesOptions } from "./load_klines.ts";
export { describeKlineSource, type KlineLoadReport, klineLoadReport } from "./kline_load_report.ts";
export { synthesizeKlines, type SyntheticKlineOptions } from "./synthetic/synthetic_klines.ts";
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
