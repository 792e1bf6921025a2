/**
 * What a notebook needs to know about a market, measured on a trade tape: symbol, tick size, trading rate,
 * daily volume, volatility and, when the tape carries quotes, the mean spread and level-1 depth.
 *
 * @module
 */
import { assertTradeTape, type TradeTape } from "../data/trade_tape.ts";
import { quoteAgreement } from "../data/join_quotes.ts";
import { assertFiniteResult, assertObject } from "../core/validate.ts";
import { estimateTickSize } from "../data/tick_size.ts";

const DAY_MS = 86_400_000;

/** Options of {@linkcode marketFromTape}. */
export interface MarketFromTapeOptions {
  /** Tick size, quote currency per base unit, > 0. Default: {@linkcode estimateTickSize} of the trade prices. */
  tickSize?: number;
  /** Sampling interval of the realized volatility, ms, > 0. Default 60,000 (one minute). */
  sampleMs?: number;
}

/** Result of {@linkcode marketFromTape}: a plain JSON object; every rate is per 24 hours of the tape's span. */
export interface MarketFromTape {
  /** Instrument and where the trades came from. */
  symbol: string;
  source: TradeTape["source"];
  /** Trades in the tape. */
  trades: number;
  /** First and last trade time, UTC ms, and the span between them in days. */
  firstTimestamp: number;
  lastTimestamp: number;
  spanDays: number;
  /** Tick size, quote currency per base unit, and whether it was given or estimated from the prices. */
  tickSize: number;
  tickSizeSource: "given" | "estimated";
  /** Trades per day: `trades / spanDays` (an extrapolation for a tape shorter than a day). */
  tradesPerDay: number;
  /** Volume per day, base units: `sum(sizes) / spanDays`. */
  averageDailyVolume: number;
  /** Turnover per day, quote units: `sum(price * size) / spanDays`. */
  dailyTurnover: number;
  /** Volume-weighted mean price, quote per base unit. */
  vwap: number;
  /**
   * Realized volatility per day, fraction of the price: `sqrt(sum r_k^2 / spanDays)` with `r_k` the log
   * returns of the last trade price between consecutive `sampleMs` bins (an empty bin repeats the price).
   * `NaN` with fewer than two bins.
   */
  dailyVolatility: number;
  /** Sampling interval of the volatility, ms, and the returns it summed. */
  sampleMs: number;
  returns: number;
  /** Trades with a two-sided quote in force; 0 when the tape has no quotes. */
  quotedTrades: number;
  /** Mean quoted spread at the trades, quote units and bps of the mid; `null` without quotes. */
  meanSpread: number | null;
  meanSpreadBps: number | null;
  /** Mean level-1 depth at the trades, `(bidSize + askSize) / 2`, base units; `null` without quotes. */
  meanDepth: number | null;
  /** Share of quoted trades whose side agrees with the quote (`quoteAgreement`); `null` without quotes. */
  quoteAgreement: number | null;
}

/**
 * The market a tape was traded in, in one call: rates per day from the tape's span, tick size, realized
 * volatility from sampled trade prices (Andersen, Bollerslev, Diebold & Labys 2003, "Modeling and
 * forecasting realized volatility", Econometrica 71(2), 579-625: the sum of squared intraday returns), and,
 * when the tape carries quotes ({@linkcode joinQuotes}), the mean spread and depth at the trades and the
 * share of trades whose side agrees with the quote.
 *
 * Trade prices bounce between bid and ask, so at short `sampleMs` the volatility includes that bounce
 * (Roll 1984); one minute is small enough for many returns and large enough for a liquid tape.
 * Cost: O(n).
 *
 * @param tape the trade tape (at least two trades).
 * @param options tick size and the volatility's sampling interval.
 * @returns the market summary, every number with its unit in {@linkcode MarketFromTape}.
 * @throws {TypeError} for a malformed tape.
 * @throws {RangeError} for fewer than two trades, a tape spanning no time, or a bad option.
 *
 * @example
 * ```ts
 * import { marketFromTape } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const f = (a: number[]) => Float64Array.from(a);
 * // Four trades over half a day (43,200,000 ms): 8 trades and 12 BTC a day; tick 0.5.
 * const tape = {
 *   timestamps: f([0, 60_000, 120_000, 43_200_000]), prices: f([100, 100.5, 101.5, 101]),
 *   sizes: f([1, 2, 1, 2]), signs: Int8Array.from([1, 1, 1, -1]), symbol: "BTCUSDT", source: "csv" as const,
 * };
 * const m = marketFromTape(tape);
 * assert.equal(m.tradesPerDay, 8);
 * assert.equal(m.averageDailyVolume, 12);
 * assert.equal(m.tickSize, 0.5);
 * assert.equal(m.meanSpread, null);
 * ```
 */
export function marketFromTape(tape: TradeTape, options: MarketFromTapeOptions = {}): MarketFromTape {
  const action = "describe the market of a tape";
  assertObject(action, "options", options);
  assertTradeTape(action, tape, 2);
  const { sampleMs = 60_000 } = options;
  if (!(sampleMs > 0 && Number.isFinite(sampleMs))) {
    throw new RangeError(`Cannot ${action}: sampleMs must be finite and > 0: current value is ${sampleMs}`);
  }
  if (options.tickSize !== undefined && !(options.tickSize > 0 && Number.isFinite(options.tickSize))) {
    throw new RangeError(
      `Cannot ${action}: tickSize must be finite and > 0: current value is ${options.tickSize}`,
    );
  }
  const { timestamps: t, prices, sizes } = tape, n = t.length;
  const first = t[0]!, last = t[n - 1]!;
  const spanDays = (last - first) / DAY_MS;
  if (!(spanDays > 0)) {
    throw new RangeError(
      `Cannot ${action}: the tape must span some time: first and last trade are both at ${first}`,
    );
  }
  let volume = 0, turnover = 0;
  for (let i = 0; i < n; i++) {
    volume += sizes[i]!;
    turnover += sizes[i]! * prices[i]!;
  }
  // Realized variance: last price of each sampleMs bin, squared log returns between consecutive bins.
  let sumSq = 0, returns = 0;
  let bin = Math.floor(first / sampleMs), binLast = prices[0]!, previousClose = NaN;
  for (let i = 1; i <= n; i++) {
    const b = i < n ? Math.floor(t[i]! / sampleMs) : Infinity;
    if (b !== bin) {
      if (!Number.isNaN(previousClose)) {
        const r = Math.log(binLast) - Math.log(previousClose);
        sumSq += r * r;
        returns++;
      }
      previousClose = binLast;
      bin = b;
    }
    if (i < n) binLast = prices[i]!;
  }
  for (
    const [what, value] of [["the daily volume (sum of sizes)", volume], [
      "the daily turnover (sum of prices * sizes)",
      turnover,
    ], ["the realized variance (from prices)", sumSq]] as const
  ) assertFiniteResult(action, what, value, { trades: n, spanDays });
  let tickSize = options.tickSize, tickSizeSource: "given" | "estimated" = "given";
  if (tickSize === undefined) {
    tickSizeSource = "estimated";
    tickSize = estimateTickSize(prices, { ifNone: "nan" });
  }
  let quotedTrades = 0, meanSpread: number | null = null, meanSpreadBps: number | null = null;
  let meanDepth: number | null = null, agreement: number | null = null;
  const q = tape.quotes;
  if (q !== undefined) {
    let s = 0, sBps = 0, depth = 0, depthCount = 0;
    for (let i = 0; i < n; i++) {
      const mid = q.mids[i]!, spread = q.spreads[i]!;
      if (!Number.isFinite(mid) || !Number.isFinite(spread)) continue;
      quotedTrades++;
      s += spread;
      sBps += (1e4 * spread) / mid;
      const d = (q.bidSizes[i]! + q.askSizes[i]!) / 2;
      if (Number.isFinite(d)) {
        depth += d;
        depthCount++;
      }
    }
    if (quotedTrades > 0) {
      meanSpread = s / quotedTrades;
      meanSpreadBps = sBps / quotedTrades;
      agreement = quoteAgreement(tape).share;
    }
    if (depthCount > 0) meanDepth = depth / depthCount;
  }
  return {
    symbol: tape.symbol,
    source: tape.source,
    trades: n,
    firstTimestamp: first,
    lastTimestamp: last,
    spanDays,
    tickSize,
    tickSizeSource,
    tradesPerDay: n / spanDays,
    averageDailyVolume: volume / spanDays,
    dailyTurnover: turnover / spanDays,
    vwap: turnover / volume,
    dailyVolatility: returns > 0 ? Math.sqrt(sumSq / spanDays) : NaN,
    sampleMs,
    returns,
    quotedTrades,
    meanSpread,
    meanSpreadBps,
    meanDepth,
    quoteAgreement: agreement,
  };
}
