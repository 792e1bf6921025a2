/**
 * The running simulation: a {@linkcode LimitOrderBook} driven by Santa Fe order flow with long-memory
 * market order signs, log-normal market order sizes and a limit flow that reacts to the sign forecast, in
 * continuous time, seeded. A user's orders enter the same book at given times and the background flow
 * keeps going around what they leave.
 *
 * Event loop (Gillespie 1977): with total rate `R = 2 alpha L + mu + delta N_rest` (`N_rest` resting
 * background orders), the next event comes after an exponential time of mean `1 / R` and is a limit buy,
 * a limit sell, a market order or a cancellation with probabilities `alpha L (1 - k e) / R`,
 * `alpha L (1 + k e) / R`, `mu / R`, `delta N_rest / R` (Daniels et al. 2003; Smith et al. 2003; the
 * reaction `k e` after Lillo & Farmer 2004: `e` is the EWMA of every market order's sign, the user's
 * included, updated as `e += (sign - e) / M`; equations in lib/book/README.md). A market order's size is
 * `sigma exp(s Z - s^2 / 2)`, `Z` standard normal (one more draw per market order when `s > 0`). A limit
 * buy goes to `a - k`, a limit sell to `b + k`, `k` uniform on `1..L`, relative to the opposite best `a`
 * or `b` (the last one seen when that side is empty; after a sweep that empties a side, one tick beyond
 * the last level taken). The next event's time is kept across stops, so the path of a seed does not depend
 * on how a run is cut into `advance` calls.
 *
 * @module
 */
import { DEFAULT_SEED, SeededRandom } from "../core/random.ts";
import { assertFinite, assertInteger, assertObject, assertPositive } from "../core/validate.ts";
import type { QuoteSeries, TradeQuotes } from "../data/quote_series.ts";
import type { TradeTape } from "../data/trade_tape.ts";
import { BookRecorder } from "./_recorder.ts";
import { BACKGROUND_OWNER, LimitOrderBook, type SweepResult } from "./order_book.ts";
import { type BookParameters, resolveBookParameters } from "./parameters.ts";

const NONE = -1;

/** What a {@linkcode BookSimulator} records. */
export interface BookSimulatorOptions {
  /** Seed of the order flow. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
  /** UTC time of simulated second 0, ms since the epoch. Default 2025-06-01. */
  startMs?: number;
  /** Record the trade tape (one row per level a market order takes) with the quote before each trade. Default true. */
  recordTape?: boolean;
  /**
   * Level-1 quotes to record: `"changes"` (every change of the best prices or sizes), a sampling interval
   * in ms (the quote in force at each multiple of it), or `"none"`. Default `"changes"`.
   */
  recordQuotes?: "changes" | "none" | number;
  /** Start from this book (used as is, not copied) instead of the initial one. */
  book?: LimitOrderBook;
}

/**
 * A user's fill on a resting (limit) order, reported by {@linkcode BookSimulator.onMakerFill}:
 * `midTicksBefore` is the mid (ticks) just before the market order that filled it.
 */
export type MakerFillListener = (
  tag: number,
  slot: number,
  size: number,
  tick: number,
  seconds: number,
  midTicksBefore: number,
) => void;

/**
 * A seeded Santa Fe order book simulation.
 *
 * @example
 * ```ts
 * import { BookSimulator } from "@lib/book/simulator.ts";
 * import assert from "node:assert/strict";
 * const a = new BookSimulator({ signMemory: null }, { seed: 3 });
 * const b = new BookSimulator({ signMemory: null }, { seed: 3 });
 * a.advance(60);
 * b.advance(60);
 * const ta = a.drain().tape, tb = b.drain().tape;
 * assert.ok(ta.prices.length > 300);
 * assert.deepEqual(ta.prices, tb.prices);
 * assert.equal(ta.source, "simulated");
 * ```
 */
export class BookSimulator {
  /** The parameters, defaults filled in. */
  readonly parameters: BookParameters;
  /** The book. */
  readonly book: LimitOrderBook;
  /** UTC ms of simulated second 0. */
  readonly startMs: number;
  /** Simulated time, seconds since the start. */
  time = 0;
  /** Events processed (limit, market, cancel, user orders). */
  events = 0;
  /** Background market orders that found the opposite side empty. */
  unfilledMarketOrders = 0;
  /** Called on every fill of a tagged (user) resting order. */
  onMakerFill: MakerFillListener | null = null;

  #rng: SeededRandom;
  /**
   * Time of the next background event, drawn and not processed yet (-1: none). Kept across `advance` calls
   * so that the path does not depend on where a run is stopped; a user's order clears it (the exponential
   * law has no memory, so drawing afresh with the new rates is exact).
   */
  #pending = -1;
  #poolSign: Int8Array;
  #poolLeft: Float64Array;
  #lastBid: number;
  #lastAsk: number;
  /** EWMA of market order signs, the liquidity providers' forecast of the next sign. */
  #signForecast = 0;
  #recorder: BookRecorder | null;
  #quoteMode: number; // 0 none, 1 changes, 2 sampled
  #quoteStep = Infinity;
  #nextQuote = Infinity;
  #qBid = NONE;
  #qAsk = NONE;
  #qBidSize = -1;
  #qAskSize = -1;
  // Mid sampler (execution paths).
  #midStep = Infinity;
  #nextMid = Infinity;
  #mids: Float64Array = new Float64Array(0);
  #midCount = 0;

  /**
   * @param parameters overrides of the default parameters (see {@linkcode BookParameters}).
   * @param options seed, start time and what to record.
   * @throws {TypeError} / {RangeError} for a bad parameter or option.
   */
  constructor(parameters: Partial<BookParameters> = {}, options: BookSimulatorOptions = {}) {
    const action = "create book simulator";
    this.parameters = resolveBookParameters(action, parameters);
    assertObject(action, "options", options);
    const {
      seed = DEFAULT_SEED,
      startMs = Date.UTC(2025, 5, 1),
      recordTape = true,
      recordQuotes = "changes",
    } = options;
    assertInteger(action, "options.seed", seed, -(2 ** 52));
    assertFinite(action, "options.startMs", startMs);
    this.startMs = startMs;
    this.#rng = new SeededRandom(seed);
    this.#recorder = recordTape || recordQuotes !== "none" ? new BookRecorder() : null;
    this.#recordTape = recordTape === true;
    if (recordQuotes === "changes") this.#quoteMode = 1;
    else if (recordQuotes === "none") this.#quoteMode = 0;
    else {
      assertPositive(action, "options.recordQuotes (a sampling interval in ms)", recordQuotes);
      if (recordQuotes < 1 || recordQuotes > 86_400_000) {
        throw new RangeError(
          `Cannot ${action}: options.recordQuotes (a sampling interval in ms) must be in [1, 86,400,000]: current value is ${recordQuotes}`,
        );
      }
      this.#quoteMode = 2;
      this.#quoteStep = recordQuotes / 1000;
      this.#nextQuote = 0;
    }
    const p = this.parameters;
    this.#forecastWeight = p.reactionStrength > 0 ? 1 / p.reactionMemory : 0;
    const memory = p.signMemory;
    const n = memory === null ? 0 : memory.metaorders;
    this.#poolSign = new Int8Array(n);
    this.#poolLeft = new Float64Array(n);
    for (let k = 0; k < n; k++) this.#renew(k);
    const bid = Math.floor(p.initialPrice / p.tickSize);
    this.#lastBid = bid;
    this.#lastAsk = bid + 1;
    if (options.book !== undefined) {
      if (!(options.book instanceof LimitOrderBook)) {
        throw new TypeError(
          `Cannot ${action}: options.book must be a LimitOrderBook: current value is ${options.book}`,
        );
      }
      this.book = options.book;
      if (this.book.bestBid !== NONE) this.#lastBid = this.book.bestBid;
      if (this.book.bestAsk !== NONE) this.#lastAsk = this.book.bestAsk;
    } else {
      this.book = new LimitOrderBook(p.tickSize);
      const depth = Math.max(1, Math.round(p.limitRate / p.cancelRate));
      for (let k = 0; k < p.limitWindowTicks; k++) {
        for (let j = 0; j < depth; j++) {
          this.book.addLimit(1, bid - k, p.orderSize);
          this.book.addLimit(-1, bid + 1 + k, p.orderSize);
        }
      }
    }
  }

  readonly #recordTape: boolean;
  /** Weight of the newest sign in the forecast, `1 / reactionMemory` (0 with the reaction off). */
  readonly #forecastWeight: number;

  /** A new Pareto-length metaorder in pool slot `k` (Lillo, Mike & Farmer 2005). */
  #renew(k: number): void {
    const m = this.parameters.signMemory!;
    this.#poolSign[k] = this.#rng.uniform() < 0.5 ? 1 : -1;
    this.#poolLeft[k] = Math.min(
      m.maxLength,
      Math.floor(Math.pow(1 - this.#rng.uniform(), -1 / m.lengthExponent)),
    );
  }

  /**
   * A copy of the simulation's state (book, metaorder pool, time) that continues with its own seed and
   * records nothing: several futures (with and without a user's orders) from one warmed-up state.
   *
   * @param seed seed of the copy's order flow.
   * @returns the copy.
   */
  fork(seed: number): BookSimulator {
    const copy = new BookSimulator(this.parameters, {
      seed,
      startMs: this.startMs,
      recordTape: false,
      recordQuotes: "none",
      book: this.book.clone(),
    });
    copy.time = this.time;
    copy.#poolSign.set(this.#poolSign);
    copy.#poolLeft.set(this.#poolLeft);
    copy.#lastBid = this.#lastBid;
    copy.#lastAsk = this.#lastAsk;
    copy.#signForecast = this.#signForecast;
    return copy;
  }

  /** Mid price in ticks, the last two-sided one when a side is empty. */
  get midTicks(): number {
    const b = this.book.bestBid, a = this.book.bestAsk;
    return (b !== NONE && a !== NONE ? b + a : this.#lastBid + this.#lastAsk) / 2;
  }

  /** Mid price, quote currency per base unit. */
  get mid(): number {
    return this.midTicks * this.parameters.tickSize;
  }

  /**
   * Samples the mid (quote per base unit) every `stepSeconds` from `fromSeconds`, `count` times, while
   * the simulation advances; read with {@linkcode BookSimulator.sampledMids}.
   */
  sampleMids(fromSeconds: number, stepSeconds: number, count: number): void {
    this.#midStep = stepSeconds;
    this.#nextMid = fromSeconds;
    this.#mids = new Float64Array(count).fill(NaN);
    this.#midCount = 0;
  }

  /** The mids sampled so far (NaN where not reached yet). */
  get sampledMids(): Float64Array {
    return this.#mids;
  }

  /** Records the grid points of the mid sampler and of sampled quotes up to `t` (quotes: before `t` when `final`). */
  #sampleUntil(t: number, final = false): void {
    if (t >= this.#nextMid) {
      const mid = this.mid;
      while (this.#nextMid <= t && this.#midCount < this.#mids.length) {
        this.#mids[this.#midCount++] = mid;
        this.#nextMid += this.#midStep;
      }
      if (this.#midCount >= this.#mids.length) this.#nextMid = Infinity;
    }
    if (t >= this.#nextQuote) {
      const b = this.book.bestBid, a = this.book.bestAsk;
      while (final ? this.#nextQuote < t : this.#nextQuote <= t) {
        if (b !== NONE && a !== NONE) this.#pushQuote(this.#nextQuote, b, a);
        this.#nextQuote += this.#quoteStep;
      }
    }
  }

  #pushQuote(seconds: number, b: number, a: number): void {
    const tick = this.parameters.tickSize;
    this.#recorder!.quote(
      this.startMs + seconds * 1000,
      b * tick,
      a * tick,
      this.book.volumeAt(b),
      this.book.volumeAt(a),
    );
  }

  #checkQuote(): void {
    const book = this.book;
    const b = book.bestBid, a = book.bestAsk;
    if (b === NONE || a === NONE) return;
    const bs = book.volumeAt(b), as = book.volumeAt(a);
    if (b !== this.#qBid || a !== this.#qAsk || bs !== this.#qBidSize || as !== this.#qAskSize) {
      this.#qBid = b;
      this.#qAsk = a;
      this.#qBidSize = bs;
      this.#qAskSize = as;
      this.#pushQuote(this.time, b, a);
    }
  }

  /**
   * Runs the background order flow until `untilSeconds` (simulated seconds since the start).
   *
   * @param untilSeconds the time to stop at, >= the current time.
   */
  advance(untilSeconds: number): void {
    const book = this.book, rng = this.#rng, p = this.parameters;
    const limitSide = p.limitRate * p.limitWindowTicks, window = p.limitWindowTicks;
    const mu = p.marketRate, delta = p.cancelRate, sigma = p.orderSize;
    const limitBoth = 2 * limitSide, limitMarket = limitBoth + mu;
    const reaction = p.reactionStrength * limitSide, dispersion = p.marketSizeDispersion;
    const sizeShift = -0.5 * dispersion * dispersion;
    const poolSign = this.#poolSign, poolLeft = this.#poolLeft, pool = poolSign.length;
    const sampling = this.#nextMid !== Infinity || this.#nextQuote !== Infinity;
    const changes = this.#quoteMode === 1;
    let t = this.time, events = 0;
    for (;;) {
      let next = this.#pending;
      if (next < 0) next = t - Math.log(1 - rng.uniform()) / (limitMarket + delta * book.backgroundCount);
      if (next > untilSeconds) {
        this.#pending = next;
        break;
      }
      this.#pending = -1;
      const total = limitMarket + delta * book.backgroundCount;
      if (sampling) this.#sampleUntil(next);
      t = next;
      events++;
      const r = rng.uniform() * total;
      const bid = book.bestBid, ask = book.bestAsk;
      if (bid !== NONE) this.#lastBid = bid;
      if (ask !== NONE) this.#lastAsk = ask;
      // Limit buys take the share 1 - k e of the limit flow, sells 1 + k e (e: the sign forecast).
      const limitBuy = limitSide - reaction * this.#signForecast;
      if (r < limitBuy) {
        const ref = ask !== NONE ? ask : this.#lastAsk;
        const tick = ref - 1 - Math.floor((r / limitBuy) * window);
        book.addLimit(1, tick > 0 ? tick : 1, sigma);
      } else if (r < limitBoth) {
        book.addLimit(
          -1,
          (bid !== NONE ? bid : this.#lastBid) + 1 +
            Math.floor(((r - limitBuy) / (limitBoth - limitBuy)) * window),
          sigma,
        );
      } else if (r < limitMarket) {
        let sign: number;
        if (pool === 0) {
          sign = r - limitBoth < mu / 2 ? 1 : -1;
        } else {
          const k = Math.floor(((r - limitBoth) / mu) * pool);
          sign = poolSign[k]!;
          if (--poolLeft[k]! <= 0) this.#renew(k);
        }
        this.time = t;
        this.#market(sign, dispersion > 0 ? sigma * Math.exp(dispersion * rng.normal() + sizeShift) : sigma);
      } else {
        const count = book.backgroundCount;
        if (count > 0) {
          const k = Math.floor(((r - limitMarket) / (total - limitMarket)) * count);
          book.cancelBackground(k < count ? k : count - 1);
        }
      }
      if (changes) {
        this.time = t;
        this.#checkQuote();
      }
    }
    this.time = untilSeconds > t ? untilSeconds : t;
    if (sampling) this.#sampleUntil(this.time, true);
    this.events += events;
  }

  #market(side: number, size: number): SweepResult {
    const book = this.book;
    const tick = this.parameters.tickSize;
    let mid = 0, spread = 0, bidSize = 0, askSize = 0;
    const record = this.#recordTape;
    if (record) {
      const b = book.bestBid, a = book.bestAsk;
      if (b !== NONE && a !== NONE) {
        mid = ((b + a) / 2) * tick;
        spread = (a - b) * tick;
        bidSize = book.volumeAt(b);
        askSize = book.volumeAt(a);
      } else {
        mid = ((this.#lastBid + this.#lastAsk) / 2) * tick;
        spread = (this.#lastAsk - this.#lastBid) * tick;
        bidSize = b !== NONE ? book.volumeAt(b) : 0;
        askSize = a !== NONE ? book.volumeAt(a) : 0;
      }
    }
    const midBefore = this.onMakerFill !== null ? this.midTicks : NaN;
    this.#signForecast += this.#forecastWeight * (side - this.#signForecast);
    const sweep = book.marketOrder(side, size);
    if (sweep.levels === 0) this.unfilledMarketOrders++;
    else this.#afterSweep(side, sweep);
    if (record) {
      const ms = this.startMs + this.time * 1000;
      for (let i = 0; i < sweep.levels; i++) {
        this.#recorder!.trade(
          ms,
          sweep.ticks[i]! * tick,
          sweep.sizes[i]!,
          side,
          mid,
          spread,
          bidSize,
          askSize,
        );
      }
    }
    if (sweep.makerFills > 0 && this.onMakerFill !== null) {
      for (let i = 0; i < sweep.makerFills; i++) {
        this.onMakerFill(
          sweep.makerTags[i]!,
          sweep.makerSlots[i]!,
          sweep.makerSizes[i]!,
          sweep.makerTicks[i]!,
          this.time,
          midBefore,
        );
      }
    }
    return sweep;
  }

  /**
   * After a sweep that emptied its side, the reference price of that side (for the mid and for placing
   * limit orders on the other side) is one tick beyond the last level taken.
   */
  #afterSweep(side: number, sweep: SweepResult): void {
    const last = sweep.ticks[sweep.levels - 1]!;
    if (side > 0 && this.book.bestAsk === NONE) this.#lastAsk = last + 1;
    else if (side < 0 && this.book.bestBid === NONE) this.#lastBid = last - 1;
  }

  /**
   * A user's market order at the current time: it takes liquidity like any market order and is written on
   * the tape.
   *
   * @param side +1 buy, -1 sell.
   * @param size base units, > 0.
   * @returns the sweep: levels taken (ticks and sizes) and the size filled (less than `size` only if the
   *   opposite side ran out). Reused by the next order: read it first.
   */
  marketOrder(side: 1 | -1, size: number): SweepResult {
    this.events++;
    this.#pending = -1;
    const bid = this.book.bestBid, ask = this.book.bestAsk;
    if (bid !== NONE) this.#lastBid = bid;
    if (ask !== NONE) this.#lastAsk = ask;
    const sweep = this.#market(side, size);
    if (this.#quoteMode === 1) this.#checkQuote();
    return sweep;
  }

  /**
   * A user's limit order at the current time. The part that crosses the book trades at once (levels up to
   * `tick`, written on the tape); the rest rests at `tick` with the owner tag `tag`, and its fills are
   * reported to {@linkcode BookSimulator.onMakerFill}.
   *
   * @param side +1 buy, -1 sell.
   * @param tick limit price in ticks, integer >= 1.
   * @param size base units, > 0.
   * @param tag owner tag, integer >= 0.
   * @returns the size filled at once (base units), its value (quote currency), the levels it took, and the
   *   resting order's slot (-1 if nothing rests).
   */
  limitOrder(
    side: 1 | -1,
    tick: number,
    size: number,
    tag: number,
  ): { filled: number; value: number; slot: number; levels: number } {
    this.events++;
    this.#pending = -1;
    const book = this.book;
    let filled = 0, levels = 0, value = 0;
    const crosses = side > 0
      ? book.bestAsk !== NONE && tick >= book.bestAsk
      : book.bestBid !== NONE && tick <= book.bestBid;
    if (crosses) {
      const bid = book.bestBid, ask = book.bestAsk;
      if (bid !== NONE) this.#lastBid = bid;
      if (ask !== NONE) this.#lastAsk = ask;
      const record = this.#recordTape;
      const sweep = record ? this.#marketLimited(side, size, tick) : book.marketOrder(side, size, tick);
      if (sweep.levels > 0) this.#afterSweep(side, sweep);
      filled = sweep.filled;
      levels = sweep.levels;
      for (let i = 0; i < levels; i++) value += sweep.ticks[i]! * this.parameters.tickSize * sweep.sizes[i]!;
    }
    const rest = size - filled;
    const slot = rest > 1e-12 * size ? book.addLimit(side, tick, rest, tag < 0 ? 0 : tag) : NONE;
    if (this.#quoteMode === 1) this.#checkQuote();
    return { filled, value, slot, levels };
  }

  #marketLimited(side: number, size: number, limitTick: number): SweepResult {
    const book = this.book, tick = this.parameters.tickSize;
    const b = book.bestBid, a = book.bestAsk;
    const both = b !== NONE && a !== NONE;
    const mid = both ? ((b + a) / 2) * tick : ((this.#lastBid + this.#lastAsk) / 2) * tick;
    const spread = both ? (a - b) * tick : (this.#lastAsk - this.#lastBid) * tick;
    const bidSize = b !== NONE ? book.volumeAt(b) : 0, askSize = a !== NONE ? book.volumeAt(a) : 0;
    this.#signForecast += this.#forecastWeight * (side - this.#signForecast);
    const sweep = book.marketOrder(side, size, limitTick);
    const ms = this.startMs + this.time * 1000;
    for (let i = 0; i < sweep.levels; i++) {
      this.#recorder!.trade(ms, sweep.ticks[i]! * tick, sweep.sizes[i]!, side, mid, spread, bidSize, askSize);
    }
    return sweep;
  }

  /**
   * Cancels a user's resting order.
   *
   * @param slot the slot returned by {@linkcode BookSimulator.limitOrder}.
   * @returns the size cancelled, base units.
   */
  cancel(slot: number): number {
    if (slot < 0 || this.book.orderTag[slot] === BACKGROUND_OWNER) return 0;
    this.events++;
    this.#pending = -1;
    const size = this.book.cancel(slot);
    if (this.#quoteMode === 1) this.#checkQuote();
    return size;
  }

  /**
   * The trades and quotes recorded since the last drain, as a {@linkcode TradeTape} (source `"simulated"`,
   * with `quotes`: the quote in force strictly before each trade) and a {@linkcode QuoteSeries}; the
   * buffers are emptied.
   */
  drain(): { tape: TradeTape & { quotes: TradeQuotes }; quotes: QuoteSeries } {
    const recorder = this.#recorder ?? new BookRecorder();
    return recorder.drain(this.parameters.symbol);
  }

  /** Trades recorded and not drained yet. */
  get pendingTrades(): number {
    return this.#recorder === null ? 0 : this.#recorder.tradeCount;
  }
}
