/**
 * The market an order trades in, described from data: candle statistics (volatility, daily volume, volume
 * profile, spread estimate), quoted spreads and their summary, the spread to use in cost models
 * (`chooseSpread`), the tick size, and the one-call summaries `marketFromTape` and `marketFromCandles` that
 * notebooks use instead of assembling fields.
 *
 * Ranks between data (which it reads) and impact (which it feeds); lib/data must not import it.
 *
 * @module
 */
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
export {
  type QuotedSpread,
  quotedSpreadFromOrderbook,
  type QuotedSpreadSummary,
  type QuotedSpreadSummaryOptions,
  summarizeQuotedSpreads,
} from "./quoted_spread.ts";
export {
  CANDLE_SPREAD_ESTIMATOR_ERROR,
  chooseSpread,
  type ChosenSpread,
  type SpreadInputs,
} from "./choose_spread.ts";
// The one tick-size estimator lives in lib/data (tape and market both use it); re-exported here.
export { estimateTickSize, type TickSizeOptions } from "../data/tick_size.ts";
export { type MarketFromTape, marketFromTape, type MarketFromTapeOptions } from "./market_from_tape.ts";
export {
  type MarketFromCandles,
  marketFromCandles,
  type MarketFromCandlesOptions,
} from "./market_from_candles.ts";
export { type LoadedMarket, loadMarket, type LoadMarketOptions } from "./load_market.ts";
export * from "./tape_volume_bins.ts";
