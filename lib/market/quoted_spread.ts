/**
 * Quoted bid-ask spreads: from a Bybit order book snapshot, and the time-weighted summary of a series of
 * best bid/ask quotes (a {@linkcode QuoteSeries}: the order-book archive replay, a Binance capture, a quote
 * CSV, QuantConnect Lean quote bars).
 *
 * Definitions (Harris 2003, "Trading and Exchanges", ch. 14; Bouchaud, Bonart, Donier & Gould 2018,
 * "Trades, Quotes and Prices", sec. 3.1): quoted spread `s = ask - bid` (quote units), mid
 * `m = (bid + ask) / 2`, relative spread `s / m` (fraction of price), in basis points `1e4 s / m`. A
 * market order of one unit pays half the spread against the mid.
 *
 * @module
 */
import type { OrderbookSnapshot } from "../data/bybit/fetch_snapshots.ts";
import type { QuoteSeries } from "../data/quote_series.ts";
import { estimateTickSize } from "../data/tick_size.ts";
import {
  assertFiniteResult,
  assertNonNegative,
  assertObject,
  assertPositive,
  assertSameLength,
  describeValue,
  toFiniteArray,
} from "../core/validate.ts";

/** The top of one order book; see {@linkcode quotedSpreadFromOrderbook}. */
export interface QuotedSpread {
  /** Matching-engine time of the book, UTC ms. */
  timestamp: number;
  /** Best bid and ask, quote per base unit. */
  bestBid: number;
  bestAsk: number;
  /** `(bestBid + bestAsk) / 2`, quote per base unit. */
  mid: number;
  /** `bestAsk - bestBid`, quote units. */
  spread: number;
  /** `spread / mid`, fraction of the price. */
  relativeSpread: number;
  /** `1e4 * spread / mid`, basis points. */
  spreadBps: number;
  /** Sizes at the best bid and ask (L1 queues), base units. */
  bidSize: number;
  askSize: number;
}

/**
 * The quoted spread and L1 sizes of an order book snapshot ({@linkcode fetchOrderbook}).
 *
 * @param book a snapshot with bids descending and asks ascending.
 * @returns best bid and ask, mid, spread in quote units, as a fraction and in bps, L1 sizes.
 * @throws {RangeError} if a side is empty or the book is crossed or locked (`bestAsk <= bestBid`).
 *
 * @example
 * ```ts
 * import { quotedSpreadFromOrderbook } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const f = (a: number[]) => Float64Array.from(a);
 * const q = quotedSpreadFromOrderbook({
 *   symbol: "BTCUSDT", timestamp: 0, updateId: 1, sequence: 1,
 *   bidPrices: f([99_999.9, 99_999.8]), bidSizes: f([1.5, 3]), askPrices: f([100_000, 100_000.1]), askSizes: f([0.2, 4]),
 *   bestBid: 99_999.9, bestAsk: 100_000, mid: 99_999.95, spreadBps: 0.01,
 * });
 * assert.ok(Math.abs(q.spread - 0.1) < 1e-9);
 * assert.ok(Math.abs(q.spreadBps - 0.0100000) < 1e-6); // one 0.1 USDT tick at 100,000 USDT = 0.01 bps
 * assert.equal(q.bidSize, 1.5);
 * ```
 */
export function quotedSpreadFromOrderbook(book: OrderbookSnapshot): QuotedSpread {
  const action = "compute the quoted spread";
  assertObject(action, "book", book, "(an OrderbookSnapshot)");
  const bidPrices = toFiniteArray(action, "bidPrices", book.bidPrices);
  const askPrices = toFiniteArray(action, "askPrices", book.askPrices);
  const bidSizes = toFiniteArray(action, "bidSizes", book.bidSizes);
  const askSizes = toFiniteArray(action, "askSizes", book.askSizes);
  assertSameLength(action, "bidPrices", bidPrices, "bidSizes", bidSizes);
  assertSameLength(action, "askPrices", askPrices, "askSizes", askSizes);
  const bestBid = bidPrices[0], bestAsk = askPrices[0];
  if (bestBid === undefined || bestAsk === undefined) {
    throw new RangeError(
      `Cannot ${action}: both sides (bidPrices, askPrices) must have a level: current counts are ` +
        `${bidPrices.length} bids, ${askPrices.length} asks`,
    );
  }
  assertPositive(action, "bidPrices[0]", bestBid);
  assertNonNegative(action, "bidSizes[0]", bidSizes[0]!);
  assertNonNegative(action, "askSizes[0]", askSizes[0]!);
  if (!(bestAsk > bestBid)) {
    throw new RangeError(
      `Cannot ${action}: the book is crossed or locked: askPrices[0] (best ask) must be > bidPrices[0] ` +
        `(best bid, ${bestBid}): current value is ${bestAsk}`,
    );
  }
  const mid = (bestBid + bestAsk) / 2, spread = bestAsk - bestBid;
  return {
    timestamp: book.timestamp,
    bestBid,
    bestAsk,
    mid,
    spread,
    relativeSpread: spread / mid,
    spreadBps: (spread / mid) * 1e4,
    bidSize: bidSizes[0]!,
    askSize: askSizes[0]!,
  };
}

/** Options of {@linkcode summarizeQuotedSpreads}. */
export interface QuotedSpreadSummaryOptions {
  /**
   * Price tick, quote units, > 0. Default: inferred by `estimateTickSize` (`data/tick_size.ts`) as the
   * smallest positive change of the best bid or ask, or spread, in the series (rounded to 6 significant
   * digits), which is the tick once the series has moved by one tick at least once.
   */
  tickSize?: number;
  /** How long the last quote holds, ms, >= 0. Default: the median gap between quotes. */
  lastDurationMs?: number;
}

/** Result of {@linkcode summarizeQuotedSpreads}: a plain object. */
export interface QuotedSpreadSummary {
  /** Where the quotes came from and the instrument, e.g. `"bybit BTCUSDT"`. */
  source: string;
  /** Quotes in the series. */
  quotes: number;
  /** Quotes with both sides and `ask > bid`, which enter the statistics. */
  validQuotes: number;
  /** Quotes left out: crossed or locked (`ask <= bid`). */
  crossedOrLocked: number;
  /** Quotes left out: a side missing (NaN). */
  oneSided: number;
  /** First and last quote time, UTC ms. */
  firstTimestamp: number;
  lastTimestamp: number;
  /** Total time covered by the valid quotes (the weights), ms. */
  coveredMs: number;
  /** Time-weighted mean of `1e4 (ask - bid) / mid`, bps. */
  meanSpreadBps: number;
  /** Time-weighted median of the spread, bps. */
  medianSpreadBps: number;
  /** Smallest and largest valid spread, bps. */
  minSpreadBps: number;
  maxSpreadBps: number;
  /** Time-weighted mean spread, quote units. */
  meanSpread: number;
  /** Time-weighted mean mid, quote per base unit. */
  meanMid: number;
  /** The tick used for `oneTickShare`, quote units, and whether it was given or inferred. */
  tickSize: number;
  tickSizeSource: "given" | "inferred";
  /** Time-weighted share of the time the spread was one tick (within half a tick), in [0, 1]. */
  oneTickShare: number;
  /** Time-weighted mean L1 sizes over the quotes whose size is known, base units (NaN when none is). */
  meanBidSize: number;
  meanAskSize: number;
}

/**
 * Time-weighted statistics of a quoted-spread series: each quote holds until the next one (the last for
 * `lastDurationMs`), so a spread that lasts an hour counts sixty times one that lasts a minute.
 *
 * `mean = sum_i w_i s_i / sum_i w_i` with `w_i = t_{i+1} - t_i` and `s_i = 1e4 (ask_i - bid_i) / mid_i`;
 * the median is the weighted median (the smallest `s` whose cumulative weight reaches half). Crossed,
 * locked and one-sided quotes are left out and counted. If every weight is 0 (all quotes at one time)
 * the quotes are weighted equally. Cost: O(n log n).
 *
 * @param series best bid/ask quotes, ascending time.
 * @param options tick size and the last quote's duration.
 * @returns mean and median spread in bps, its range, the one-tick share, mean L1 sizes and counts.
 * @throws {TypeError} if the columns have different lengths.
 * @throws {RangeError} with no valid quote, decreasing timestamps or a bad option.
 *
 * @example
 * ```ts
 * import { summarizeQuotedSpreads } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const f = (a: number[]) => Float64Array.from(a);
 * // 1 tick (0.5) for 3 minutes, then 3 ticks for 1 minute, at a mid of about 20,000.
 * const s = summarizeQuotedSpreads({
 *   timestamps: f([0, 180_000]), bidPrices: f([19_999.75, 19_999.25]), askPrices: f([20_000.25, 20_000.75]),
 *   bidSizes: f([1, 1]), askSizes: f([2, 2]), symbol: "BTCUSDT", source: "csv",
 * }, { tickSize: 0.5, lastDurationMs: 60_000 });
 * assert.ok(Math.abs(s.meanSpreadBps - (3 * 0.25 + 1 * 0.75) / 4) < 1e-9); // 0.375 bps
 * assert.equal(s.oneTickShare, 0.75);
 * assert.ok(Math.abs(s.medianSpreadBps - 0.25) < 1e-9);
 * ```
 */
export function summarizeQuotedSpreads(
  series: QuoteSeries,
  options: QuotedSpreadSummaryOptions = {},
): QuotedSpreadSummary {
  const action = "summarize quoted spreads";
  assertObject(action, "series", series, "(a QuoteSeries)");
  assertObject(action, "options", options);
  const t = toFiniteArray(action, "timestamps", series.timestamps);
  const { bidPrices: bid, askPrices: ask, bidSizes: bidSize, askSizes: askSize } = series;
  const n = t.length;
  for (
    const [name, col] of [
      ["bidPrices", bid],
      ["askPrices", ask],
      ["bidSizes", bidSize],
      ["askSizes", askSize],
    ] as const
  ) {
    if (col === null || typeof col !== "object" || typeof col.length !== "number") {
      throw new TypeError(
        `Cannot ${action}: ${name} must be an array of numbers: current value is ${describeValue(col)}`,
      );
    }
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (typeof v !== "number") {
        throw new TypeError(
          `Cannot ${action}: ${name}[${i}] must be a number: current value is ${describeValue(v)}`,
        );
      }
      // NaN marks an empty side (a one-sided quote); any other value must be finite.
      if (!Number.isFinite(v) && !Number.isNaN(v)) {
        throw new RangeError(`Cannot ${action}: ${name}[${i}] must be finite or NaN: current value is ${v}`);
      }
    }
    if (col.length !== n) {
      throw new TypeError(`Cannot ${action}: ${name} has ${col.length} rows, timestamps has ${n}`);
    }
  }
  for (let i = 1; i < n; i++) {
    if (!(t[i]! >= t[i - 1]!)) {
      throw new RangeError(
        `Cannot ${action}: timestamps must not decrease: timestamps[${i}] is ${t[i]} after ${t[i - 1]}`,
      );
    }
  }
  if (options.tickSize !== undefined && !(options.tickSize > 0 && Number.isFinite(options.tickSize))) {
    throw new RangeError(
      `Cannot ${action}: tickSize must be finite and > 0: current value is ${options.tickSize}`,
    );
  }
  if (
    options.lastDurationMs !== undefined &&
    !(options.lastDurationMs >= 0 && Number.isFinite(options.lastDurationMs))
  ) {
    throw new RangeError(
      `Cannot ${action}: lastDurationMs must be finite and >= 0: current value is ${options.lastDurationMs}`,
    );
  }
  let lastDuration = options.lastDurationMs;
  if (lastDuration === undefined) {
    const gaps = new Float64Array(Math.max(n - 1, 0));
    for (let i = 1; i < n; i++) gaps[i - 1] = t[i]! - t[i - 1]!;
    gaps.sort();
    lastDuration = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)]! : 0;
  }
  const valid: number[] = [];
  let crossed = 0, oneSided = 0;
  for (let i = 0; i < n; i++) {
    const b = bid[i]!, a = ask[i]!;
    if (!Number.isFinite(b) || !Number.isFinite(a)) oneSided++;
    else if (!(a > b)) crossed++;
    else {
      assertPositive(action, `bidPrices[${i}]`, b);
      if (!Number.isNaN(bidSize[i]!)) assertNonNegative(action, `bidSizes[${i}]`, bidSize[i]!);
      if (!Number.isNaN(askSize[i]!)) assertNonNegative(action, `askSizes[${i}]`, askSize[i]!);
      valid.push(i);
    }
  }
  if (valid.length === 0) {
    throw new RangeError(
      `Cannot ${action}: no valid quote (both sides, ask > bid): current counts are ${crossed} crossed or locked, ${oneSided} one-sided`,
    );
  }
  const m = valid.length;
  const bps = new Float64Array(m), w = new Float64Array(m);
  let wSum = 0;
  for (let k = 0; k < m; k++) {
    const i = valid[k]!;
    bps[k] = (1e4 * (ask[i]! - bid[i]!)) / ((ask[i]! + bid[i]!) / 2);
    w[k] = (i + 1 < n ? t[i + 1]! : t[i]! + lastDuration) - t[i]!;
    wSum += w[k]!;
  }
  const timeWeighted = wSum > 0;
  if (!timeWeighted) {
    w.fill(1);
    wSum = m;
  }
  let tick = options.tickSize, tickSizeSource: "given" | "inferred" = "given";
  if (tick === undefined) {
    tickSizeSource = "inferred";
    const bids = new Float64Array(m), asks = new Float64Array(m), spreads = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const i = valid[k]!;
      bids[k] = bid[i]!;
      asks[k] = ask[i]!;
      spreads[k] = ask[i]! - bid[i]!;
    }
    tick = estimateTickSize(bids, { otherPrices: [asks], spreads, ifNone: "nan" });
  }
  let mean = 0, meanSpread = 0, meanMid = 0, oneTick = 0, mb = 0, ma = 0, wb = 0, wa = 0;
  let min = Infinity, max = -Infinity;
  for (let k = 0; k < m; k++) {
    const i = valid[k]!, wk = w[k]! / wSum;
    const s = ask[i]! - bid[i]!;
    mean += wk * bps[k]!;
    meanSpread += wk * s;
    meanMid += (wk * (ask[i]! + bid[i]!)) / 2;
    if (s <= 1.5 * tick) oneTick += wk;
    // Unknown sizes (NaN) are left out of the size means, which are weighted over the known ones.
    if (!Number.isNaN(bidSize[i]!)) {
      mb += wk * bidSize[i]!;
      wb += wk;
    }
    if (!Number.isNaN(askSize[i]!)) {
      ma += wk * askSize[i]!;
      wa += wk;
    }
    if (bps[k]! < min) min = bps[k]!;
    if (bps[k]! > max) max = bps[k]!;
  }
  for (
    const [what, value] of [
      ["the mean spread in bps (from bidPrices and askPrices)", mean],
      ["the mean spread (askPrices - bidPrices)", meanSpread],
      ["the mean mid (bidPrices + askPrices) / 2", meanMid],
      ["the mean of bidSizes", mb],
      ["the mean of askSizes", ma],
    ] as const
  ) {
    assertFiniteResult(action, what, value, { "valid quotes": m, "largest spread in bps": max });
  }
  const order = Int32Array.from({ length: m }, (_, k) => k).sort((x, y) => bps[x]! - bps[y]!);
  let cumulative = 0, median = bps[order[m - 1]!]!;
  for (let k = 0; k < m; k++) {
    cumulative += w[order[k]!]!;
    if (cumulative >= wSum / 2) {
      median = bps[order[k]!]!;
      break;
    }
  }
  return {
    source: `${series.source} ${series.symbol}`.trim(),
    quotes: n,
    validQuotes: m,
    crossedOrLocked: crossed,
    oneSided,
    firstTimestamp: t[0]!,
    lastTimestamp: t[n - 1]!,
    coveredMs: timeWeighted ? wSum : 0,
    meanSpreadBps: mean,
    medianSpreadBps: median,
    minSpreadBps: min,
    maxSpreadBps: max,
    meanSpread,
    meanMid,
    tickSize: tick,
    tickSizeSource,
    oneTickShare: Number.isFinite(tick) ? Math.min(1, oneTick) : NaN,
    meanBidSize: wb > 0 ? mb / wb : NaN,
    meanAskSize: wa > 0 ? ma / wa : NaN,
  };
}
