/**
 * The as-of join of a trade tape with a level-1 quote series (the quote in force strictly before each trade)
 * and the check that tells whether the two clocks are aligned: the share of trades whose side agrees with
 * their price against that quote.
 *
 * @module
 */
import { assertQuoteSeries, type QuoteSeries, type TradeQuotes } from "./quote_series.ts";
import { assertTradeTape, type TradeTape } from "./trade_tape.ts";

/**
 * Joins a tape with quotes as of each trade: for trade `i` at time `t_i`, the quote in force is the last
 * update `j` with `timestamps[j] < t_i` (strictly before: a quote stamped at the trade's own time may
 * already show the trade's effect, so a tie goes to the earlier quote). The result carries, per trade, the
 * mid `(bid + ask) / 2`, the spread `ask - bid` (both quote currency per base unit) and the level-1 sizes
 * (base units); `NaN` before the first quote, and mid and spread `NaN` while a side is empty. The tape's
 * columns are shared, not copied.
 *
 * Cost: O(n + m) for n trades and m quotes (one merge pass over two sorted series), 32 bytes a trade.
 *
 * @param tape the trades, exchange time, UTC ms.
 * @param quotes the quotes on the same clock (exchange time, UTC ms) and instrument.
 * @returns the tape with `quotes` filled.
 * @throws {TypeError} for a malformed tape or quote series.
 * @throws {RangeError} for bad values (see `assertTradeTape`, `assertQuoteSeries`) or two different symbols.
 *
 * @example
 * ```ts
 * import { joinQuotes } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const f = (a: number[]) => Float64Array.from(a);
 * const tape = {
 *   timestamps: f([5, 10, 20]), prices: f([100.1, 100.1, 99.9]), sizes: f([1, 1, 1]),
 *   signs: Int8Array.from([1, 1, -1]), symbol: "BTCUSDT", source: "binance" as const,
 * };
 * const quotes = {
 *   timestamps: f([10, 15]), bidPrices: f([99.9, 99.8]), askPrices: f([100.1, 100]),
 *   bidSizes: f([1, 2]), askSizes: f([3, 4]), symbol: "BTCUSDT", source: "binance" as const,
 * };
 * const joined = joinQuotes(tape, quotes).quotes!;
 * assert.ok(Number.isNaN(joined.mids[1]!)); // the quote at t = 10 is not strictly before the trade at 10
 * assert.deepEqual([...joined.mids].slice(2), [99.9]);
 * assert.deepEqual([...joined.askSizes].slice(2), [4]);
 * ```
 */
export function joinQuotes(tape: TradeTape, quotes: QuoteSeries): TradeTape {
  const action = "join quotes to the tape";
  assertTradeTape(action, tape, 0);
  assertQuoteSeries(action, quotes, 0);
  if (tape.symbol !== "" && quotes.symbol !== "" && tape.symbol !== quotes.symbol) {
    throw new RangeError(
      `Cannot ${action}: quotes.symbol must be the tape's symbol (${tape.symbol}): current value is ${quotes.symbol}`,
    );
  }
  const t = tape.timestamps, n = t.length;
  const qt = quotes.timestamps, m = qt.length;
  const { bidPrices, askPrices, bidSizes, askSizes } = quotes;
  const mids = new Float64Array(n), spreads = new Float64Array(n);
  const bids = new Float64Array(n), asks = new Float64Array(n);
  let j = 0; // quotes[0 .. j) are strictly before the current trade
  for (let i = 0; i < n; i++) {
    const ti = t[i]!;
    while (j < m && qt[j]! < ti) j++;
    if (j === 0) {
      mids[i] = NaN;
      spreads[i] = NaN;
      bids[i] = NaN;
      asks[i] = NaN;
      continue;
    }
    const b = bidPrices[j - 1]!, a = askPrices[j - 1]!;
    mids[i] = (b + a) / 2;
    spreads[i] = a - b;
    bids[i] = bidSizes[j - 1]!;
    asks[i] = askSizes[j - 1]!;
  }
  const joined: TradeQuotes = { mids, spreads, bidSizes: bids, askSizes: asks };
  return { ...tape, quotes: joined };
}

/** Result of {@linkcode quoteAgreement}: counts and the share. Plain JSON. */
export interface QuoteAgreement {
  /** Trades in the tape. */
  trades: number;
  /** Trades with a two-sided quote in force (finite mid). */
  quoted: number;
  /** Quoted trades whose side agrees with their price: a buy above the mid, a sell below it. */
  agreeing: number;
  /** Quoted trades on the wrong side of the mid (a buy below it, a sell above it). */
  disagreeing: number;
  /** Quoted trades exactly at the mid: the quote test cannot tell (counted in neither). */
  atMid: number;
  /** `agreeing / quoted`, in [0, 1]; `NaN` when no trade is quoted. */
  share: number;
}

/**
 * The share of trades whose recorded side agrees with their price against the quote in force before them:
 * the quote test of Lee & Ready (1991, "Inferring trade direction from intraday data", J. Finance 46(2),
 * 733-746). Rule: a buyer-initiated trade agrees when `price >= ask` or `price > mid`, a seller-initiated one
 * when `price <= bid` or `price < mid`; since `bid < mid < ask` both reduce to the side of the mid. A trade
 * at the mid agrees with neither side and counts against the share. On aligned clocks the share is near 1
 * (a taker buys at the ask); a share near 0.5 means the quotes and trades are on different clocks (receive
 * time against exchange time, a time zone, a unit) or of different instruments.
 *
 * Cost: O(n).
 *
 * @param tape a tape with `quotes` ({@linkcode joinQuotes}).
 * @returns the counts and `share = agreeing / quoted`.
 * @throws {TypeError} for a malformed tape or one without quotes.
 *
 * @example
 * ```ts
 * import { joinQuotes, quoteAgreement } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const f = (a: number[]) => Float64Array.from(a);
 * const tape = {
 *   timestamps: f([1, 2, 3, 4]), prices: f([100.1, 99.9, 100.1, 100]), sizes: f([1, 1, 1, 1]),
 *   signs: Int8Array.from([1, -1, -1, 1]), symbol: "X", source: "csv" as const,
 * };
 * const quotes = {
 *   timestamps: f([0]), bidPrices: f([99.9]), askPrices: f([100.1]), bidSizes: f([1]), askSizes: f([1]),
 *   symbol: "X", source: "csv" as const,
 * };
 * const a = quoteAgreement(joinQuotes(tape, quotes));
 * assert.deepEqual([a.agreeing, a.disagreeing, a.atMid, a.share], [2, 1, 1, 0.5]);
 * ```
 */
export function quoteAgreement(tape: TradeTape): QuoteAgreement {
  const action = "measure quote agreement";
  assertTradeTape(action, tape, 0);
  const q = tape.quotes;
  if (
    q === undefined || q === null || !(q.mids instanceof Float64Array) || q.mids.length !== tape.prices.length
  ) {
    throw new TypeError(
      `Cannot ${action}: tape.quotes must hold one mid per trade (join the quotes first with joinQuotes): current value is ${
        q === undefined ? "undefined" : `${q?.mids?.length} mids for ${tape.prices.length} trades`
      }`,
    );
  }
  const { prices, signs } = tape, mids = q.mids, n = prices.length;
  let quoted = 0, agreeing = 0, disagreeing = 0, atMid = 0;
  for (let i = 0; i < n; i++) {
    const mid = mids[i]!;
    if (Number.isNaN(mid)) continue;
    quoted++;
    const d = (prices[i]! - mid) * signs[i]!;
    if (d > 0) agreeing++;
    else if (d < 0) disagreeing++;
    else atMid++;
  }
  return { trades: n, quoted, agreeing, disagreeing, atMid, share: quoted > 0 ? agreeing / quoted : NaN };
}
