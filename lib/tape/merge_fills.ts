/**
 * Merging the fills of one aggressive order. Exchanges print one trade per maker an order fills against, so
 * a single market order that sweeps three price levels appears as three "trades" with the same timestamp
 * and side. Counted as separate trades they inflate the short-lag sign correlation and split metaorder
 * children; Binance's aggTrades and most studies (e.g. Bouchaud, Bonart, Donier & Gould 2018) merge them.
 *
 * @module
 */
import { assertTradeTape, type TradeTape } from "../data/trade_tape.ts";
import type { TradeQuotes } from "../data/quote_series.ts";
import { assertFiniteResult, assertObject, describeValue } from "../core/validate.ts";

/**
 * Merges runs of consecutive trades with the same timestamp and the same sign into one trade: summed size,
 * that timestamp and sign, and as price the last fill's (default: the level the order swept to, still on the
 * tick grid, so tick sizes and ticks stay meaningful) or the volume-weighted average (off the grid). Cost
 * O(n), one pass, four output columns. A tape with quotes keeps them: each merged trade carries the quote of
 * its first print, the quote in force before the order.
 *
 * @param tape the trade tape.
 * @param options `price`: `"last"` (default) or `"vwap"`.
 * @returns a new tape (same symbol and source) with at most as many trades.
 * @throws {TypeError} for a malformed tape.
 *
 * @example
 * ```ts
 * import { mergeSameTimeFills } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // A buy sweeping two levels at t = 5 (1 @ 100, 3 @ 101), then a sell at the same time, then a buy.
 * const merged = mergeSameTimeFills({
 *   timestamps: Float64Array.from([5, 5, 5, 6]), prices: Float64Array.from([100, 101, 100.5, 101]),
 *   sizes: Float64Array.from([1, 3, 2, 1]), signs: Int8Array.from([1, 1, -1, 1]), symbol: "T", source: "csv",
 * });
 * assert.deepEqual([...merged.sizes], [4, 2, 1]);
 * assert.deepEqual([...merged.prices], [101, 100.5, 101]);
 * assert.deepEqual([...merged.signs], [1, -1, 1]);
 * ```
 */
export function mergeSameTimeFills(
  tape: TradeTape,
  options: { price?: "last" | "vwap" } = {},
): TradeTape {
  const action = "merge same-time fills";
  assertTradeTape(action, tape, 0);
  assertObject(action, "options", options);
  const { price = "last" } = options;
  if (price !== "last" && price !== "vwap") {
    throw new RangeError(
      `Cannot ${action}: price must be "last" or "vwap": current value is ${describeValue(price)}`,
    );
  }
  const vwap = price === "vwap";
  const { timestamps, prices, sizes, signs } = tape;
  const n = timestamps.length;
  const t = new Float64Array(n), p = new Float64Array(n), q = new Float64Array(n), s = new Int8Array(n);
  const first = new Int32Array(n); // the first print of each merged trade (its quote is the one before it)
  let m = -1;
  for (let i = 0; i < n; i++) {
    if (m >= 0 && timestamps[i] === t[m] && signs[i] === s[m]) {
      p[m] = vwap ? p[m]! + prices[i]! * sizes[i]! : prices[i]!; // VWAP: notional, divided at the end
      q[m] = q[m]! + sizes[i]!;
    } else {
      m++;
      first[m] = i;
      t[m] = timestamps[i]!;
      s[m] = signs[i]!;
      p[m] = vwap ? prices[i]! * sizes[i]! : prices[i]!;
      q[m] = sizes[i]!;
    }
  }
  const count = m + 1;
  if (vwap) {
    for (let k = 0; k < count; k++) {
      p[k] = p[k]! / q[k]!;
      assertFiniteResult(action, `the VWAP of merged fill ${k} (notional over size)`, p[k]!, {
        "tape.sizes (merged)": q[k],
        "tape.prices (last)": prices[k],
      });
    }
  }
  return {
    timestamps: t.slice(0, count),
    prices: p.slice(0, count),
    sizes: q.slice(0, count),
    signs: s.slice(0, count),
    symbol: tape.symbol,
    source: tape.source,
    ...(tape.quotes ? { quotes: quotesAt(tape.quotes, first.subarray(0, count)) } : {}),
  };
}

/** The quote columns at the given trades (the quote in force before each merged trade's first print). */
function quotesAt(quotes: TradeQuotes, at: Int32Array): TradeQuotes {
  const take = (column: Float64Array) => Float64Array.from(at, (i) => column[i]!);
  return {
    mids: take(quotes.mids),
    spreads: take(quotes.spreads),
    bidSizes: take(quotes.bidSizes),
    askSizes: take(quotes.askSizes),
  };
}
