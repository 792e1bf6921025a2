/**
 * Best bid and ask through time: the level-1 quote series a venue publishes (Binance `bookTicker`, the best
 * level of Bybit's order-book stream, a simulated book), and the quote in force at each trade of a tape.
 *
 * | column | unit and convention |
 * | --- | --- |
 * | `timestamps` | exchange time of the update, UTC ms since the epoch (fractions for sub-ms venues), non-decreasing |
 * | `bidPrices`, `askPrices` | quote currency per base unit, `0 < bid < ask`; `NaN` for an empty side |
 * | `bidSizes`, `askSizes` | base units resting at the best bid and ask, >= 0; `NaN` when unknown or the side is empty |
 *
 * An empty side (a book with no bids, a CSV row without an ask) is `NaN`, never 0, so that a mid or spread
 * computed from it is `NaN` and cannot pass for a price. Readers of recorded data drop crossed or locked
 * updates (`ask <= bid` with both sides present) and count them: a level-1 series is never crossed.
 *
 * @module
 */
import { assertSeriesMeta } from "./_series_meta.ts";

/** Where a quote series came from; results computed from a `"simulated"` one say nothing about markets. */
export type QuoteSource = "binance" | "bybit" | "csv" | "simulated";

/** Every {@linkcode QuoteSource}, for validation. */
export const QUOTE_SOURCES: readonly QuoteSource[] = ["binance", "bybit", "csv", "simulated"];

/** Level-1 quotes as plain columns, in exchange-time order. Every array has the same length. */
export interface QuoteSeries {
  /** Exchange time of the update, UTC ms since the epoch, non-decreasing. */
  timestamps: Float64Array;
  /** Best bid, quote currency per base unit, > 0; `NaN` when the bid side is empty. */
  bidPrices: Float64Array;
  /** Best ask, quote currency per base unit, > best bid; `NaN` when the ask side is empty. */
  askPrices: Float64Array;
  /** Size at the best bid, base units, >= 0; `NaN` when unknown or the side is empty. */
  bidSizes: Float64Array;
  /** Size at the best ask, base units, >= 0; `NaN` when unknown or the side is empty. */
  askSizes: Float64Array;
  /** Instrument, e.g. `BTCUSDT`. */
  symbol: string;
  /** Where the quotes came from. */
  source: QuoteSource;
}

/**
 * The quote in force strictly before each trade of a tape (an as-of join on exchange time): one value per
 * trade, `NaN` for trades before the first quote.
 */
export interface TradeQuotes {
  /** Mid price `(bid + ask) / 2`, quote currency per base unit. */
  mids: Float64Array;
  /** Quoted spread `ask - bid`, quote currency per base unit. */
  spreads: Float64Array;
  /** Size at the best bid, base units. */
  bidSizes: Float64Array;
  /** Size at the best ask, base units. */
  askSizes: Float64Array;
}

/**
 * Checks a quote series at the public boundary: equal lengths, finite non-decreasing timestamps, each price
 * finite and > 0 or `NaN` (an empty side), `bid < ask` when both sides are present, sizes finite and >= 0 or
 * `NaN` (unknown).
 *
 * @param action what the caller was doing, for the message.
 * @param quotes the series to check.
 * @param minQuotes the fewest updates the caller needs (default 1).
 * @throws {TypeError} if a column is missing or of the wrong type, or the lengths differ.
 * @throws {RangeError} naming the first bad update's index and value.
 *
 * @example
 * ```ts
 * import { assertQuoteSeries } from "@lib/data/quote_series.ts";
 * import assert from "node:assert/strict";
 * const quotes = {
 *   timestamps: new Float64Array([0, 1]), bidPrices: new Float64Array([100, 101]),
 *   askPrices: new Float64Array([100.5, 100.5]), bidSizes: new Float64Array([1, 1]),
 *   askSizes: new Float64Array([2, 2]), symbol: "BTCUSDT", source: "csv" as const,
 * };
 * assert.throws(() => assertQuoteSeries("join quotes", quotes), /askPrices\[1\] must be > the bid/);
 * ```
 */
export function assertQuoteSeries(action: string, quotes: QuoteSeries, minQuotes = 1): void {
  if (quotes === null || typeof quotes !== "object") {
    throw new TypeError(`Cannot ${action}: quotes must be a QuoteSeries: current value is ${quotes}`);
  }
  const { timestamps, bidPrices, askPrices, bidSizes, askSizes } = quotes;
  const columns = { timestamps, bidPrices, askPrices, bidSizes, askSizes } as const;
  for (const [name, column] of Object.entries(columns)) {
    if (!(column instanceof Float64Array)) {
      throw new TypeError(
        `Cannot ${action}: quotes.${name} must be a Float64Array: current value is ${column}`,
      );
    }
  }
  assertSeriesMeta(action, "quotes", quotes, QUOTE_SOURCES);
  const n = timestamps.length;
  for (const [name, column] of Object.entries(columns)) {
    if (column.length !== n) {
      throw new TypeError(
        `Cannot ${action}: quotes columns must have the same length: timestamps has ${n}, ${name} has ${column.length}`,
      );
    }
  }
  if (n < minQuotes) {
    throw new RangeError(
      `Cannot ${action}: quotes must hold at least ${minQuotes} updates: current count is ${n}`,
    );
  }
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i]!, bid = bidPrices[i]!, ask = askPrices[i]!;
    if (!Number.isFinite(t) || t < previous) {
      throw new RangeError(
        `Cannot ${action}: quotes.timestamps[${i}] must be finite and >= the previous one (${previous}): current value is ${t}`,
      );
    }
    if (!Number.isNaN(bid) && !(bid > 0 && Number.isFinite(bid))) {
      throw new RangeError(
        `Cannot ${action}: quotes.bidPrices[${i}] must be finite and > 0 (or NaN for an empty side): current value is ${bid}`,
      );
    }
    if (!Number.isNaN(ask) && !(ask > 0 && Number.isFinite(ask))) {
      throw new RangeError(
        `Cannot ${action}: quotes.askPrices[${i}] must be finite and > 0 (or NaN for an empty side): current value is ${ask}`,
      );
    }
    if (!(ask > bid) && !Number.isNaN(ask) && !Number.isNaN(bid)) {
      throw new RangeError(
        `Cannot ${action}: quotes.askPrices[${i}] must be > the bid, quotes.bidPrices[${i}] (${bid}): current value is ${ask}`,
      );
    }
    const bq = bidSizes[i]!, aq = askSizes[i]!;
    if (
      !(bq >= 0 || Number.isNaN(bq)) || !(aq >= 0 || Number.isNaN(aq)) || bq === Infinity || aq === Infinity
    ) {
      throw new RangeError(
        `Cannot ${action}: quotes sizes at [${i}] must be finite and >= 0 (or NaN when unknown): current values are bid ${bq}, ask ${aq}`,
      );
    }
    previous = t;
  }
}
