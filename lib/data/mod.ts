/**
 * Market data: a Bybit v5 client, a parquet month cache, a seeded synthetic market, statistics from
 * candles (volatility, daily volume, volume profile, spread) and trade tapes.
 *
 * The entry point for notebooks is {@linkcode loadKlines} (with {@linkcode DEFAULT_KLINE_SPEC} and
 * {@linkcode describeKlineSource}).
 *
 * @module
 */
export {
  BYBIT_CATEGORIES,
  BYBIT_INTERVALS,
  BYBIT_SYMBOL_PATTERN,
  type BybitCategory,
  type BybitInterval,
  DEFAULT_KLINE_SPEC,
  type KlineSpec,
  type ResolvedKlineSpec,
  resolveKlineSpec,
} from "./kline_spec.ts";
export {
  BYBIT_MAINNET_URL,
  BybitApiError,
  type BybitClientOptions,
  BybitResponseError,
  type BybitRetryOptions,
  BybitUnavailableError,
} from "./bybit_http.ts";
export { fetchKlines, type FetchKlinesOptions, KLINE_PAGE_BARS } from "./fetch_klines.ts";
export {
  fetchOrderbook,
  fetchRecentTrades,
  type OrderbookSnapshot,
  type SnapshotSpec,
} from "./fetch_snapshots.ts";
export { KLINE_COLUMNS, type KlineColumns, klineColumns, type KlineSource } from "./kline_frame.ts";
export {
  describeKlineSource,
  type KlineLoadReport,
  klineLoadReport,
  loadKlines,
  type LoadKlinesOptions,
} from "./load_klines.ts";
export { synthesizeKlines, SYNTHETIC_ANCHOR_MS, type SyntheticKlineOptions } from "./synthetic_klines.ts";
export {
  type KlineDailyVolume,
  klineDailyVolume,
  type KlineInput,
  type KlineSpreadEstimate,
  klineSpreadEstimate,
  type KlineStatistics,
  klineStatistics,
  type KlineVolatility,
  klineVolatility,
  klineVolumeProfile,
  type SpreadEstimator,
} from "./kline_statistics.ts";
export { BTC_HOURLY_VOLUME_PROFILE } from "./volume_profile.ts";
export {
  assertTradeTape,
  TRADE_TAPE_COLUMNS,
  TRADE_TAPE_SCHEMA,
  type TradeTape,
  tradeTapeFromFrame,
  type TradeTapeSource,
  tradeTapeToFrame,
} from "./trade_tape.ts";
export {
  CANDLE_SPREAD_ESTIMATOR_ERROR,
  chooseSpread,
  type ChosenSpread,
  type QuotedSpread,
  quotedSpreadFromOrderbook,
  type QuotedSpreadSummary,
  type QuotedSpreadSummaryOptions,
  type QuoteSeries,
  readQuotesCsv,
  type ReadQuotesCsvOptions,
  type SpreadInputs,
  summarizeQuotedSpreads,
} from "./quoted_spread.ts";
export {
  type OrderbookGap,
  type OrderbookReplay,
  type OrderbookReplayOptions,
  replayOrderbookArchive,
} from "./orderbook_archive.ts";
export {
  type KlineCsvField,
  type KlinesCsvReport,
  readKlinesCsv,
  type ReadKlinesCsvOptions,
} from "./klines_csv.ts";
export {
  readTradesCsv,
  type ReadTradesCsvOptions,
  type TradeColumnMap,
  type TradeCsvFormat,
  type TradeTimeUnit,
} from "./trades_csv.ts";
export {
  BYBIT_ARCHIVE_URL,
  BybitArchiveMissingDayError,
  bybitTradeArchiveFormat,
  bybitTradeArchiveUrl,
  fetchTradeDay,
  type TradeArchiveFormat,
  type TradeArchiveOptions,
  type TradeDaySpec,
} from "./bybit_trade_archive.ts";
export {
  describeTradeLoad,
  type LoadedTrades,
  loadTrades,
  type LoadTradesOptions,
  type TradeDayReport,
  TradeLoadError,
  type TradeLoadReport,
  type TradeSpec,
} from "./load_trades.ts";
export {
  synthesizeTrades,
  syntheticTradeKernel,
  type SyntheticTradeOptions,
  type SyntheticTradeTape,
  type SyntheticTradeTruth,
} from "./synthetic_trades.ts";
