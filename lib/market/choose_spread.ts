/**
 * The spread to use in cost models, with where it came from: quotes first, then an order book snapshot,
 * then a candle estimator labelled with its measured error.
 *
 * @module
 */
import type { OrderbookSnapshot } from "../data/bybit/fetch_snapshots.ts";
import type { QuoteSeries } from "../data/quote_series.ts";
import { assertObject, assertPositive, describeValue } from "../core/validate.ts";
import { type KlineInput, klineSpreadEstimate, type SpreadEstimator } from "./kline_statistics.ts";
import {
  quotedSpreadFromOrderbook,
  type QuotedSpreadSummary,
  summarizeQuotedSpreads,
} from "./quoted_spread.ts";

/**
 * The measured error of the candle spread estimators ({@linkcode klineSpreadEstimate}) against quoted
 * spreads on real Bybit BTCUSDT data, measured by hand (scripts outside the repository, data from the
 * project's validation set, not shipped): ratios are estimate / time-weighted mean quoted spread.
 *
 * - QuantConnect Lean Bybit BTCUSDT minute bars of 2022-12-13, 00:00-12:00 UTC, trade bars against the
 *   same window's quote bars ({@linkcode readQuotesCsv}): perpetual quoted 0.291 bps (one 0.5 USDT tick
 *   99.9 % of the time), Abdi-Ranaldo 0 and Corwin-Schultz 0 (ratio 0); spot quoted 1.12 bps,
 *   Abdi-Ranaldo 0, Corwin-Schultz 0.317 bps (ratio 0.28).
 * - Bybit linear BTCUSDT 1-minute candles, 29 full UTC days 2025-05-31 to 2025-06-28 (no quotes that
 *   month; reference: one 0.1 USDT tick, 0.0095 bps, the price grid of the candles): Abdi-Ranaldo 0 on 22
 *   days and 51-205 ticks on the other 7; Corwin-Schultz 0 on all 29 days.
 */
export const CANDLE_SPREAD_ESTIMATOR_ERROR: Readonly<{ summary: string }> = Object.freeze({
  summary:
    "candle estimators are not quoted spreads: measured on real Bybit BTCUSDT data, Abdi-Ranaldo gave 0 " +
    "where the quoted spread was 0.29 bps (perpetual) and 1.12 bps (spot) on 2022-12-13 and Corwin-Schultz 0 and " +
    "0.32 bps (ratios 0 and 0.28); on 1-minute candles of 2025-05-31..06-28 Abdi-Ranaldo was 0 on 22 of 29 days " +
    "and 51-205 one-tick spreads on the others, Corwin-Schultz 0 on all 29",
});

/** Inputs of {@linkcode chooseSpread}: whatever is available, best first. */
export interface SpreadInputs {
  /** A quote series (archive replay, quote file) or its summary: the time-weighted mean quoted spread is used. */
  quotes?: QuoteSeries | QuotedSpreadSummary;
  /** An order book snapshot: its quoted spread is used (one instant: less representative than a series). */
  orderbook?: OrderbookSnapshot;
  /** Candles: the spread estimator is used as a last resort, labelled with its measured error. */
  candles?: KlineInput;
}

/** Result of {@linkcode chooseSpread}: a plain object. */
export interface ChosenSpread {
  /** Full quoted (or estimated) spread as a fraction of the price; a market order pays half of it. */
  relativeSpread: number;
  /** The same in basis points. */
  spreadBps: number;
  /** Where it came from. */
  source: "quotes" | "orderbook snapshot" | "candle estimator";
  /** A sentence for reports: the source, its size and, for the estimator, its measured error. */
  label: string;
}

/**
 * The spread to use in cost models (Almgren-Chriss epsilon, simulator, ML feature, TCA spread cost),
 * with its source labelled: the time-weighted mean quoted spread of a quote series if given, else the
 * quoted spread of an order book snapshot, else a candle estimator ({@linkcode klineSpreadEstimate})
 * whose label states its measured error ({@linkcode CANDLE_SPREAD_ESTIMATOR_ERROR}).
 *
 * @param inputs quotes, an order book snapshot and/or candles.
 * @param options `estimator` for candles (default `"abdi-ranaldo"`); `tickSize` for a quote series.
 * @returns the relative spread (fraction), in bps, its source and a label.
 * @throws {TypeError} when no input is given.
 * @throws {RangeError} as the function used for the chosen input.
 *
 * @example
 * ```ts
 * import { synthesizeKlines } from "@lib/data/mod.ts";
 * import { chooseSpread } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const f = (a: number[]) => Float64Array.from(a);
 * const quotes = {
 *   timestamps: f([0, 1000]), bidPrices: f([99.99, 99.99]), askPrices: f([100.01, 100.01]),
 *   bidSizes: f([1, 1]), askSizes: f([1, 1]), symbol: "BTCUSDT", source: "csv" as const,
 * };
 * const candles = synthesizeKlines({ symbol: "BTCUSDT", interval: "1", start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 0, 2) });
 * const s = chooseSpread({ quotes, candles });
 * assert.equal(s.source, "quotes");
 * assert.ok(Math.abs(s.spreadBps - 2) < 1e-9);
 * assert.equal(chooseSpread({ candles }).source, "candle estimator");
 * ```
 */
export function chooseSpread(
  inputs: SpreadInputs,
  options: { estimator?: SpreadEstimator; tickSize?: number } = {},
): ChosenSpread {
  const action = "choose a spread";
  assertObject(action, "inputs", inputs, "{ quotes?, orderbook?, candles? }");
  assertObject(action, "options", options);
  const { estimator = "abdi-ranaldo" } = options;
  if (estimator !== "abdi-ranaldo" && estimator !== "corwin-schultz") {
    throw new RangeError(
      `Cannot ${action}: estimator must be "abdi-ranaldo" or "corwin-schultz": current value is ${
        describeValue(estimator)
      }`,
    );
  }
  const { quotes, orderbook, candles } = inputs;
  if (quotes !== undefined) {
    assertObject(action, "quotes", quotes, "(a QuoteSeries or its summary)");
    const summary = "meanSpreadBps" in quotes
      ? quotes
      : summarizeQuotedSpreads(quotes, options.tickSize !== undefined ? { tickSize: options.tickSize } : {});
    assertPositive(action, "quotes.meanSpreadBps", summary.meanSpreadBps);
    return {
      relativeSpread: summary.meanSpreadBps / 1e4,
      spreadBps: summary.meanSpreadBps,
      source: "quotes",
      label:
        `quoted spread from ${summary.source}: time-weighted mean ${
          summary.meanSpreadBps.toPrecision(3)
        } bps ` +
        `(median ${summary.medianSpreadBps.toPrecision(3)} bps, one tick ${
          (100 * summary.oneTickShare).toFixed(1)
        } % of the time, ${summary.validQuotes} quotes)`,
    };
  }
  if (orderbook !== undefined) {
    const q = quotedSpreadFromOrderbook(orderbook);
    return {
      relativeSpread: q.relativeSpread,
      spreadBps: q.spreadBps,
      source: "orderbook snapshot",
      label: `quoted spread of one ${orderbook.symbol} order book snapshot at ${
        new Date(q.timestamp).toISOString()
      }: ${q.spreadBps.toPrecision(3)} bps (a single instant)`,
    };
  }
  if (candles !== undefined) {
    const method = estimator;
    const e = klineSpreadEstimate(candles, { method });
    return {
      relativeSpread: e.relativeSpread,
      spreadBps: e.spreadBps,
      source: "candle estimator",
      label: `${method} estimate from candles, not a quoted spread: ${e.spreadBps.toPrecision(3)} bps; ` +
        CANDLE_SPREAD_ESTIMATOR_ERROR.summary,
    };
  }
  throw new TypeError(
    `Cannot ${action}: give quotes, an orderbook snapshot or candles: current inputs are empty`,
  );
}
