/**
 * Growable typed-array columns for the simulator's output: the trade tape with the quote before each
 * trade, and the level-1 quote series. Drained in chunks, so a long run holds one chunk at a time.
 *
 * Written here rather than with data's `GrowingArray`: that one is private to lib/data, and these columns
 * only need push, drain and reuse of their capacity.
 *
 * @module
 */
import type { QuoteSeries, TradeQuotes } from "../data/quote_series.ts";
import type { TradeTape } from "../data/trade_tape.ts";

function grown<T extends Float64Array | Int8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** The tape and quote columns of one simulation, with their counts. */
export class BookRecorder {
  tradeCount = 0;
  quoteCount = 0;
  #t = new Float64Array(1024);
  #price = new Float64Array(1024);
  #size = new Float64Array(1024);
  #sign = new Int8Array(1024);
  #mid = new Float64Array(1024);
  #spread = new Float64Array(1024);
  #bidSize = new Float64Array(1024);
  #askSize = new Float64Array(1024);
  #qt = new Float64Array(1024);
  #bid = new Float64Array(1024);
  #ask = new Float64Array(1024);
  #qBidSize = new Float64Array(1024);
  #qAskSize = new Float64Array(1024);

  /** Appends one trade row and the quote in force before it. */
  trade(
    t: number,
    price: number,
    size: number,
    sign: number,
    mid: number,
    spread: number,
    bidSize: number,
    askSize: number,
  ): void {
    const i = this.tradeCount;
    if (i === this.#t.length) {
      const n = i * 2;
      this.#t = grown(this.#t, n);
      this.#price = grown(this.#price, n);
      this.#size = grown(this.#size, n);
      this.#sign = grown(this.#sign, n);
      this.#mid = grown(this.#mid, n);
      this.#spread = grown(this.#spread, n);
      this.#bidSize = grown(this.#bidSize, n);
      this.#askSize = grown(this.#askSize, n);
    }
    this.#t[i] = t;
    this.#price[i] = price;
    this.#size[i] = size;
    this.#sign[i] = sign;
    this.#mid[i] = mid;
    this.#spread[i] = spread;
    this.#bidSize[i] = bidSize;
    this.#askSize[i] = askSize;
    this.tradeCount = i + 1;
  }

  /** Appends one quote update. */
  quote(t: number, bid: number, ask: number, bidSize: number, askSize: number): void {
    const i = this.quoteCount;
    if (i === this.#qt.length) {
      const n = i * 2;
      this.#qt = grown(this.#qt, n);
      this.#bid = grown(this.#bid, n);
      this.#ask = grown(this.#ask, n);
      this.#qBidSize = grown(this.#qBidSize, n);
      this.#qAskSize = grown(this.#qAskSize, n);
    }
    this.#qt[i] = t;
    this.#bid[i] = bid;
    this.#ask[i] = ask;
    this.#qBidSize[i] = bidSize;
    this.#qAskSize[i] = askSize;
    this.quoteCount = i + 1;
  }

  /** Copies out what was recorded since the last drain and empties the columns (capacity kept). */
  drain(symbol: string): { tape: TradeTape & { quotes: TradeQuotes }; quotes: QuoteSeries } {
    const n = this.tradeCount, m = this.quoteCount;
    const quotes: TradeQuotes = {
      mids: this.#mid.slice(0, n),
      spreads: this.#spread.slice(0, n),
      bidSizes: this.#bidSize.slice(0, n),
      askSizes: this.#askSize.slice(0, n),
    };
    const tape = {
      timestamps: this.#t.slice(0, n),
      prices: this.#price.slice(0, n),
      sizes: this.#size.slice(0, n),
      signs: this.#sign.slice(0, n),
      symbol,
      source: "simulated" as const,
      quotes,
    };
    const series: QuoteSeries = {
      timestamps: this.#qt.slice(0, m),
      bidPrices: this.#bid.slice(0, m),
      askPrices: this.#ask.slice(0, m),
      bidSizes: this.#qBidSize.slice(0, m),
      askSizes: this.#qAskSize.slice(0, m),
      symbol,
      source: "simulated",
    };
    this.tradeCount = 0;
    this.quoteCount = 0;
    return { tape, quotes: series };
  }
}
