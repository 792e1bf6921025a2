/**
 * What a notebook needs to know about a market, measured on candles: daily volatility, average daily
 * volume, the spread (quoted when quotes are given, else a labelled candle estimate) and the volume profile.
 *
 * @module
 */
import type { OrderbookSnapshot } from "../data/bybit/fetch_snapshots.ts";
import type { QuoteSeries } from "../data/quote_series.ts";
import { klineColumns } from "../data/kline_frame.ts";
import { assertObject, describeValue } from "../core/validate.ts";
import { chooseSpread, type ChosenSpread } from "./choose_spread.ts";
import {
  klineDailyVolume,
  type KlineInput,
  klineVolatility,
  klineVolumeProfile,
  type SpreadEstimator,
} from "./kline_statistics.ts";
import type { QuotedSpreadSummary } from "./quoted_spread.ts";

/** Options of {@linkcode marketFromCandles}. */
export interface MarketFromCandlesOptions {
  /** Quotes (or their summary) for a quoted spread; preferred over every other source. */
  quotes?: QuoteSeries | QuotedSpreadSummary;
  /** An order book snapshot, used for the spread when no quotes are given. */
  orderbook?: OrderbookSnapshot;
  /** The candle spread estimator used when neither is given. Default `"abdi-ranaldo"`. */
  spreadEstimator?: SpreadEstimator;
}

/** Result of {@linkcode marketFromCandles}: a plain JSON object. */
export interface MarketFromCandles {
  /** Bars, bar length in minutes and full UTC days in the candles. */
  bars: number;
  barMinutes: number;
  fullDays: number;
  /** Realized volatility, fraction of the price per day (`klineVolatility(...).perDay`). */
  dailyVolatility: number;
  /** Average daily volume of the full days, base units per day, and turnover, quote units per day. */
  averageDailyVolume: number;
  averageDailyTurnover: number;
  /** Last close, quote per base unit. */
  lastClose: number;
  /** The spread and where it came from ({@linkcode chooseSpread}). */
  spread: ChosenSpread;
  /** 24 hourly volume shares (UTC) summing to 1, or `null` for bars longer than an hour. */
  volumeProfile: number[] | null;
}

/**
 * The market of a candle series in one call: {@linkcode klineVolatility} per day,
 * {@linkcode klineDailyVolume}, {@linkcode klineVolumeProfile} and the spread from
 * {@linkcode chooseSpread} (quotes, then an order book snapshot, then the candle estimator, labelled). The
 * inputs of the square-root law (`sigma`, `V`) and of the cost models' spread term, named as the rest of
 * the library names them.
 *
 * @param candles candle DataFrame or columns with at least one full UTC day.
 * @param options quotes or an order book for the spread, and the candle estimator.
 * @returns the summary, every number with its unit in {@linkcode MarketFromCandles}.
 * @throws {RangeError} as the statistics it calls (no full day, bad candles).
 *
 * @example
 * ```ts
 * import { marketFromCandles } from "@lib/market/mod.ts";
 * import { synthesizeKlines } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const candles = synthesizeKlines({ symbol: "BTCUSDT", interval: "1", start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 5, 3) });
 * const m = marketFromCandles(candles);
 * assert.equal(m.fullDays, 2);
 * assert.equal(m.spread.source, "candle estimator");
 * assert.ok(Math.abs(m.volumeProfile!.reduce((a, b) => a + b, 0) - 1) < 1e-9);
 * ```
 */
export function marketFromCandles(
  candles: KlineInput,
  options: MarketFromCandlesOptions = {},
): MarketFromCandles {
  assertObject("describe the market of candles", "options", options);
  const { quotes, orderbook, spreadEstimator = "abdi-ranaldo" } = options;
  if (spreadEstimator !== "abdi-ranaldo" && spreadEstimator !== "corwin-schultz") {
    throw new RangeError(
      `Cannot describe the market of candles: spreadEstimator must be "abdi-ranaldo" or "corwin-schultz": current value is ${
        describeValue(spreadEstimator)
      }`,
    );
  }
  const c = klineColumns(candles);
  const vol = klineVolatility(c);
  const adv = klineDailyVolume(c);
  const spread = chooseSpread({
    ...(quotes !== undefined ? { quotes } : {}),
    ...(orderbook !== undefined ? { orderbook } : {}),
    candles: c,
  }, { estimator: spreadEstimator });
  const profile = vol.barMinutes <= 60 && 60 % vol.barMinutes === 0 ? [...klineVolumeProfile(c)] : null;
  return {
    bars: c.startTime.length,
    barMinutes: vol.barMinutes,
    fullDays: adv.daily.length,
    dailyVolatility: vol.perDay,
    averageDailyVolume: adv.averageDailyVolume,
    averageDailyTurnover: adv.averageDailyTurnover,
    lastClose: c.close[c.close.length - 1]!,
    spread,
    volumeProfile: profile,
  };
}
