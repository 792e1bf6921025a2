/**
 * A price-time priority limit order book on a tick grid, with no object per order: every order is a slot
 * in typed arrays (tick, size, side, owner tag, FIFO links), every price level a slot in a ring of
 * {@linkcode BOOK_LEVEL_WINDOW} levels indexed by `tick mod window` (head and tail of its FIFO queue,
 * resting volume, order count). Free order slots form a free list; background orders are also kept in a
 * dense array so that a uniformly random one can be cancelled in O(1) (the Santa Fe cancellation process).
 *
 * Prices are integer ticks (`price = tick * tickSize`). A level's slot is reused when the book has moved
 * more than the window away: orders left resting there (over 3,000 USDT from the touch at BTCUSDT's
 * 0.1 tick) are cancelled when a new order needs the slot, and a best-price scan looks at most one
 * window away.
 *
 * @module
 */
import { assertInteger, assertPositive } from "../core/validate.ts";

/** Levels in the ring of price levels: 2^15 ticks (3,276.8 USDT at a 0.1 tick). */
export const BOOK_LEVEL_WINDOW = 1 << 15;
const MASK = BOOK_LEVEL_WINDOW - 1;
/** The tick of an empty side. */
const NONE = -1;
/** The owner tag of background (simulated) orders. */
export const BACKGROUND_OWNER = -1;

/**
 * One aggressive order's fills: per level swept, the tick and size traded (a tape row each), and for
 * every resting order it touched that belongs to a tagged owner (not background), the owner's tag, the
 * order slot, the size and the tick. Reused between calls: read it before the next order.
 */
export interface SweepResult {
  /** Levels swept, each one tape row. */
  levels: number;
  ticks: Int32Array;
  sizes: Float64Array;
  /** Total size traded, base units. */
  filled: number;
  /** Fills of tagged (user) resting orders. */
  makerFills: number;
  makerTags: Int32Array;
  makerSlots: Int32Array;
  makerSizes: Float64Array;
  makerTicks: Int32Array;
}

/**
 * A limit order book: limit orders join the back of their level's queue, market orders take liquidity
 * level by level from the best, cancellations remove an order from its queue.
 *
 * Sides are `+1` (bid, buy) and `-1` (ask, sell). Sizes are base units, ticks integers >= 1.
 *
 * Cost: adding and cancelling are O(1); a market order is O(levels and orders it takes); the best price is
 * rescanned level by level when its level empties (the gap to the next level, usually a few ticks).
 *
 * @example
 * ```ts
 * import { LimitOrderBook } from "@lib/book/order_book.ts";
 * import assert from "node:assert/strict";
 * const book = new LimitOrderBook(0.1);
 * book.addLimit(-1, 1001, 2);
 * book.addLimit(-1, 1002, 3);
 * book.addLimit(1, 999, 1);
 * const sweep = book.marketOrder(1, 4);
 * assert.deepEqual([...sweep.ticks.subarray(0, sweep.levels)], [1001, 1002]);
 * assert.deepEqual([...sweep.sizes.subarray(0, sweep.levels)], [2, 2]);
 * assert.equal(book.bestAsk, 1002);
 * assert.equal(book.volumeAt(1002), 1);
 * ```
 */
export class LimitOrderBook {
  /** Price of one tick, quote currency per base unit. */
  readonly tickSize: number;
  /** Best bid tick, or -1 when no bid rests. */
  bestBid = NONE;
  /** Best ask tick, or -1 when no ask rests. */
  bestAsk = NONE;
  /** Orders resting on each side. */
  bidOrders = 0;
  askOrders = 0;
  /** Running totals, base units: volume added by limit orders, taken by market orders, cancelled. */
  addedVolume = 0;
  tradedVolume = 0;
  cancelledVolume = 0;

  // Levels (ring indexed by tick & MASK).
  readonly levelTick: Int32Array;
  readonly levelHead: Int32Array;
  readonly levelTail: Int32Array;
  readonly levelCount: Int32Array;
  readonly levelVolume: Float64Array;

  // Orders (slots), grown by doubling.
  orderTick: Int32Array;
  orderSize: Float64Array;
  orderNext: Int32Array;
  orderPrev: Int32Array;
  orderSide: Int8Array;
  orderTag: Int32Array;
  /** Position of a background order in `background`, -1 for tagged orders and free slots. */
  orderLive: Int32Array;
  /** Dense list of resting background order slots (for uniform cancellation). */
  background: Int32Array;
  backgroundCount = 0;
  #freeHead = NONE;
  #capacity: number;
  #used = 0;

  readonly #sweep: SweepResult;

  /**
   * @param tickSize price of one tick, quote currency per base unit, > 0.
   * @param initialOrders order slots to allocate at first (grows by doubling). Default 4096.
   * @throws {RangeError} if `tickSize` is not > 0 or `initialOrders` not an integer >= 1.
   */
  constructor(tickSize: number, initialOrders = 4096) {
    assertPositive("create limit order book", "tickSize", tickSize);
    assertInteger("create limit order book", "initialOrders", initialOrders, 1);
    this.tickSize = tickSize;
    const w = BOOK_LEVEL_WINDOW;
    this.levelTick = new Int32Array(w).fill(NONE);
    this.levelHead = new Int32Array(w).fill(NONE);
    this.levelTail = new Int32Array(w).fill(NONE);
    this.levelCount = new Int32Array(w);
    this.levelVolume = new Float64Array(w);
    const c = initialOrders;
    this.#capacity = c;
    this.orderTick = new Int32Array(c);
    this.orderSize = new Float64Array(c);
    this.orderNext = new Int32Array(c);
    this.orderPrev = new Int32Array(c);
    this.orderSide = new Int8Array(c);
    this.orderTag = new Int32Array(c);
    this.orderLive = new Int32Array(c);
    this.background = new Int32Array(c);
    this.#sweep = {
      levels: 0,
      ticks: new Int32Array(64),
      sizes: new Float64Array(64),
      filled: 0,
      makerFills: 0,
      makerTags: new Int32Array(64),
      makerSlots: new Int32Array(64),
      makerSizes: new Float64Array(64),
      makerTicks: new Int32Array(64),
    };
  }

  /** A deep copy (same orders, queues and slots), for running several futures from one state. */
  clone(): LimitOrderBook {
    const copy = new LimitOrderBook(this.tickSize, this.#capacity);
    copy.levelTick.set(this.levelTick);
    copy.levelHead.set(this.levelHead);
    copy.levelTail.set(this.levelTail);
    copy.levelCount.set(this.levelCount);
    copy.levelVolume.set(this.levelVolume);
    copy.orderTick.set(this.orderTick);
    copy.orderSize.set(this.orderSize);
    copy.orderNext.set(this.orderNext);
    copy.orderPrev.set(this.orderPrev);
    copy.orderSide.set(this.orderSide);
    copy.orderTag.set(this.orderTag);
    copy.orderLive.set(this.orderLive);
    copy.background.set(this.background);
    copy.backgroundCount = this.backgroundCount;
    copy.bestBid = this.bestBid;
    copy.bestAsk = this.bestAsk;
    copy.bidOrders = this.bidOrders;
    copy.askOrders = this.askOrders;
    copy.addedVolume = this.addedVolume;
    copy.tradedVolume = this.tradedVolume;
    copy.cancelledVolume = this.cancelledVolume;
    copy.#freeHead = this.#freeHead;
    copy.#used = this.#used;
    return copy;
  }

  /** Resting volume at `tick` (0 for an empty level), base units. */
  volumeAt(tick: number): number {
    const s = tick & MASK;
    return this.levelTick[s] === tick ? this.levelVolume[s]! : 0;
  }

  /** Resting orders at `tick`. */
  ordersAt(tick: number): number {
    const s = tick & MASK;
    return this.levelTick[s] === tick ? this.levelCount[s]! : 0;
  }

  /** Resting size of order `slot`, base units (0 once filled or cancelled). */
  sizeOf(slot: number): number {
    return this.orderSize[slot]!;
  }

  /** Total resting orders. */
  get orderCount(): number {
    return this.bidOrders + this.askOrders;
  }

  #grow(): void {
    const c = this.#capacity * 2;
    const grow = <T extends Int32Array | Float64Array | Int8Array>(a: T, make: (n: number) => T): T => {
      const b = make(c);
      b.set(a);
      return b;
    };
    this.orderTick = grow(this.orderTick, (n) => new Int32Array(n));
    this.orderSize = grow(this.orderSize, (n) => new Float64Array(n));
    this.orderNext = grow(this.orderNext, (n) => new Int32Array(n));
    this.orderPrev = grow(this.orderPrev, (n) => new Int32Array(n));
    this.orderSide = grow(this.orderSide, (n) => new Int8Array(n));
    this.orderTag = grow(this.orderTag, (n) => new Int32Array(n));
    this.orderLive = grow(this.orderLive, (n) => new Int32Array(n));
    this.background = grow(this.background, (n) => new Int32Array(n));
    this.#capacity = c;
  }

  #allocate(): number {
    let slot = this.#freeHead;
    if (slot !== NONE) {
      this.#freeHead = this.orderNext[slot]!;
      return slot;
    }
    if (this.#used === this.#capacity) this.#grow();
    slot = this.#used++;
    return slot;
  }

  /**
   * Rests a limit order at the back of its level's queue. The order must not cross the book: a bid below
   * the best ask, an ask above the best bid (use {@linkcode LimitOrderBook.marketOrder} for the crossing
   * part first).
   *
   * @param side +1 bid, -1 ask.
   * @param tick price in ticks, >= 1.
   * @param size base units, > 0.
   * @param tag owner tag: {@linkcode BACKGROUND_OWNER} (default) for simulated flow, >= 0 for a user's order.
   * @returns the order's slot (its id until it is filled or cancelled).
   * @throws {RangeError} if the order would cross the book.
   */
  addLimit(side: number, tick: number, size: number, tag = BACKGROUND_OWNER): number {
    if (
      side > 0
        ? (this.bestAsk !== NONE && tick >= this.bestAsk)
        : (this.bestBid !== NONE && tick <= this.bestBid)
    ) {
      throw new RangeError(
        `Cannot add limit order: tick must not cross the book (best bid ${this.bestBid}, best ask ${this.bestAsk}): ` +
          `current value is ${tick} on side ${side}`,
      );
    }
    const s = tick & MASK;
    if (this.levelTick[s] !== tick) {
      if (this.levelCount[s]! > 0) this.#purgeLevel(s);
      this.levelTick[s] = tick;
    }
    const slot = this.#allocate();
    this.orderTick[slot] = tick;
    this.orderSize[slot] = size;
    this.orderSide[slot] = side;
    this.orderTag[slot] = tag;
    this.orderNext[slot] = NONE;
    const tail = this.levelTail[s]!;
    this.orderPrev[slot] = tail;
    if (tail === NONE) this.levelHead[s] = slot;
    else this.orderNext[tail] = slot;
    this.levelTail[s] = slot;
    this.levelCount[s]!++;
    this.levelVolume[s]! += size;
    this.addedVolume += size;
    if (tag === BACKGROUND_OWNER) {
      this.orderLive[slot] = this.backgroundCount;
      this.background[this.backgroundCount++] = slot;
    } else {
      this.orderLive[slot] = NONE;
    }
    if (side > 0) {
      this.bidOrders++;
      if (this.bestBid === NONE || tick > this.bestBid) this.bestBid = tick;
    } else {
      this.askOrders++;
      if (this.bestAsk === NONE || tick < this.bestAsk) this.bestAsk = tick;
    }
    return slot;
  }

  /** Cancels every order of a level slot whose tick the book has left behind by a whole window. */
  #purgeLevel(s: number): void {
    let slot = this.levelHead[s]!;
    while (slot !== NONE) {
      const next = this.orderNext[slot]!;
      this.cancel(slot);
      slot = next;
    }
  }

  /**
   * Cancels a resting order.
   *
   * @param slot the order's slot, as returned by {@linkcode LimitOrderBook.addLimit}.
   * @returns the size cancelled, base units (0 if the slot holds no resting order).
   */
  cancel(slot: number): number {
    const size = this.orderSize[slot]!;
    if (!(size > 0)) return 0;
    const tick = this.orderTick[slot]!, s = tick & MASK, side = this.orderSide[slot]!;
    this.#unlink(slot, s);
    this.levelVolume[s]! -= size;
    this.cancelledVolume += size;
    if (--this.levelCount[s]! === 0) this.levelVolume[s] = 0;
    if (side > 0) {
      this.bidOrders--;
      if (this.levelCount[s] === 0 && tick === this.bestBid) this.#rescanBid(tick - 1);
    } else {
      this.askOrders--;
      if (this.levelCount[s] === 0 && tick === this.bestAsk) this.#rescanAsk(tick + 1);
    }
    this.#release(slot);
    return size;
  }

  /** Cancels the `k`-th resting background order (`0 <= k < backgroundCount`). */
  cancelBackground(k: number): number {
    return this.cancel(this.background[k]!);
  }

  #unlink(slot: number, s: number): void {
    const prev = this.orderPrev[slot]!, next = this.orderNext[slot]!;
    if (prev === NONE) this.levelHead[s] = next;
    else this.orderNext[prev] = next;
    if (next === NONE) this.levelTail[s] = prev;
    else this.orderPrev[next] = prev;
  }

  #release(slot: number): void {
    const k = this.orderLive[slot]!;
    if (k !== NONE) {
      const last = this.background[--this.backgroundCount]!;
      this.background[k] = last;
      this.orderLive[last] = k;
    }
    this.orderSize[slot] = 0;
    this.orderLive[slot] = NONE;
    this.orderNext[slot] = this.#freeHead;
    this.#freeHead = slot;
  }

  #rescanBid(from: number): void {
    if (this.bidOrders === 0) {
      this.bestBid = NONE;
      return;
    }
    const stop = Math.max(0, from - BOOK_LEVEL_WINDOW);
    for (let t = from; t > stop; t--) {
      const s = t & MASK;
      if (this.levelCount[s]! > 0 && this.levelTick[s] === t) {
        this.bestBid = t;
        return;
      }
    }
    this.bestBid = NONE;
  }

  #rescanAsk(from: number): void {
    if (this.askOrders === 0) {
      this.bestAsk = NONE;
      return;
    }
    const stop = from + BOOK_LEVEL_WINDOW;
    for (let t = from; t < stop; t++) {
      const s = t & MASK;
      if (this.levelCount[s]! > 0 && this.levelTick[s] === t) {
        this.bestAsk = t;
        return;
      }
    }
    this.bestAsk = NONE;
  }

  #record(level: number, tick: number, size: number): void {
    const r = this.#sweep;
    if (level === r.ticks.length) {
      const ticks = new Int32Array(level * 2), sizes = new Float64Array(level * 2);
      ticks.set(r.ticks);
      sizes.set(r.sizes);
      r.ticks = ticks;
      r.sizes = sizes;
    }
    r.ticks[level] = tick;
    r.sizes[level] = size;
  }

  #recordMaker(slot: number, size: number, tick: number): void {
    const r = this.#sweep;
    const k = r.makerFills;
    if (k === r.makerTags.length) {
      const n = k * 2;
      const tags = new Int32Array(n), slots = new Int32Array(n);
      const sizes = new Float64Array(n), ticks = new Int32Array(n);
      tags.set(r.makerTags);
      slots.set(r.makerSlots);
      sizes.set(r.makerSizes);
      ticks.set(r.makerTicks);
      r.makerTags = tags;
      r.makerSlots = slots;
      r.makerSizes = sizes;
      r.makerTicks = ticks;
    }
    r.makerTags[k] = this.orderTag[slot]!;
    r.makerSlots[k] = slot;
    r.makerSizes[k] = size;
    r.makerTicks[k] = tick;
    r.makerFills = k + 1;
  }

  /**
   * A market order: takes `size` from the opposite side, best level first and each level's queue in time
   * order, until it is filled, the side is empty, or the next level is beyond `limitTick` (a marketable
   * limit order's price; default no limit).
   *
   * @param side +1 buy (takes asks), -1 sell (takes bids).
   * @param size base units, > 0.
   * @param limitTick worst tick to trade at (inclusive); default none.
   * @returns the sweep (reused by the next call): one row per level swept, and fills of tagged orders.
   */
  marketOrder(side: number, size: number, limitTick = side > 0 ? Infinity : -Infinity): SweepResult {
    const r = this.#sweep;
    r.levels = 0;
    r.filled = 0;
    r.makerFills = 0;
    // Sizes are floats: a rest below 1e-12 of the order (a rounding residue of sums like 10 x 0.05) counts as 0.
    const tolerance = size * 1e-12;
    let remaining = size;
    while (remaining > 0) {
      const tick = side > 0 ? this.bestAsk : this.bestBid;
      if (tick === NONE || (side > 0 ? tick > limitTick : tick < limitTick)) break;
      const s = tick & MASK;
      let traded = 0;
      let slot = this.levelHead[s]!;
      while (remaining > 0 && slot !== NONE) {
        const resting = this.orderSize[slot]!;
        const take = resting <= remaining + tolerance ? resting : remaining;
        traded += take;
        remaining -= take;
        if (remaining <= tolerance) remaining = 0;
        if (this.orderTag[slot] !== BACKGROUND_OWNER) this.#recordMaker(slot, take, tick);
        if (take === resting) {
          const next = this.orderNext[slot]!;
          this.levelHead[s] = next;
          if (next === NONE) this.levelTail[s] = NONE;
          else this.orderPrev[next] = NONE;
          this.levelCount[s]!--;
          if (side > 0) this.askOrders--;
          else this.bidOrders--;
          this.#release(slot);
          slot = next;
        } else {
          this.orderSize[slot] = resting - take;
        }
      }
      this.#record(r.levels++, tick, traded);
      r.filled += traded;
      this.tradedVolume += traded;
      if (this.levelCount[s] === 0) {
        this.levelVolume[s] = 0;
        if (side > 0) this.#rescanAsk(tick + 1);
        else this.#rescanBid(tick - 1);
      } else {
        this.levelVolume[s]! -= traded;
      }
    }
    return r;
  }

  /**
   * Checks the book's bookkeeping from scratch (for tests; O(window + orders)): every level's volume and
   * count equal the sum over its FIFO queue, every order sits at its level's tick, the best prices are the
   * highest bid and lowest ask level, and bid < ask.
   *
   * @returns the total resting volume, base units.
   * @throws {Error} describing the first inconsistency.
   */
  audit(): number {
    let total = 0, bids = 0, asks = 0, topBid = NONE, lowAsk = NONE;
    for (let s = 0; s < BOOK_LEVEL_WINDOW; s++) {
      let volume = 0, count = 0, prev = NONE;
      for (let slot = this.levelHead[s]!; slot !== NONE; slot = this.orderNext[slot]!) {
        if (this.orderPrev[slot] !== prev) {
          throw new Error(`order ${slot}: broken back link at level slot ${s}`);
        }
        if (this.orderTick[slot] !== this.levelTick[s]) {
          throw new Error(`order ${slot}: tick differs from its level's`);
        }
        if (!(this.orderSize[slot]! > 0)) {
          throw new Error(`order ${slot}: resting size ${this.orderSize[slot]}`);
        }
        volume += this.orderSize[slot]!;
        count++;
        prev = slot;
        const t = this.orderTick[slot]!;
        if (this.orderSide[slot]! > 0) {
          bids++;
          if (topBid === NONE || t > topBid) topBid = t;
        } else {
          asks++;
          if (lowAsk === NONE || t < lowAsk) lowAsk = t;
        }
      }
      if (this.levelTail[s] !== prev) {
        throw new Error(`level slot ${s}: tail ${this.levelTail[s]} is not ${prev}`);
      }
      if (count !== this.levelCount[s]) {
        throw new Error(`level slot ${s}: count ${this.levelCount[s]} is not ${count}`);
      }
      if (Math.abs(volume - this.levelVolume[s]!) > 1e-9 * (1 + volume)) {
        throw new Error(`level slot ${s}: volume ${this.levelVolume[s]} is not ${volume}`);
      }
      total += volume;
    }
    if (bids !== this.bidOrders || asks !== this.askOrders) {
      throw new Error(`order counts ${this.bidOrders}/${this.askOrders} are not ${bids}/${asks}`);
    }
    if (topBid !== this.bestBid || lowAsk !== this.bestAsk) {
      throw new Error(`best prices ${this.bestBid}/${this.bestAsk} are not ${topBid}/${lowAsk}`);
    }
    if (topBid !== NONE && lowAsk !== NONE && !(topBid < lowAsk)) {
      throw new Error(`crossed book: ${topBid} >= ${lowAsk}`);
    }
    return total;
  }

  /**
   * The book's first `levels` non-empty price levels on each side (an L2 snapshot), best first.
   *
   * @param levels how many levels per side, integer >= 1.
   * @returns prices (quote per base unit) and sizes (base units), bids descending and asks ascending.
   */
  snapshot(levels: number): {
    bidPrices: Float64Array;
    bidSizes: Float64Array;
    askPrices: Float64Array;
    askSizes: Float64Array;
  } {
    assertInteger("take order book snapshot", "levels", levels, 1);
    const collect = (side: number) => {
      const prices: number[] = [], sizes: number[] = [];
      const best = side > 0 ? this.bestBid : this.bestAsk;
      if (best !== NONE) {
        for (let k = 0; k < BOOK_LEVEL_WINDOW && prices.length < levels; k++) {
          const t = best - side * k;
          if (t < 1) break;
          const s = t & MASK;
          if (this.levelTick[s] === t && this.levelCount[s]! > 0) {
            prices.push(t * this.tickSize);
            sizes.push(this.levelVolume[s]!);
          }
        }
      }
      return { prices: Float64Array.from(prices), sizes: Float64Array.from(sizes) };
    };
    const bids = collect(1), asks = collect(-1);
    return { bidPrices: bids.prices, bidSizes: bids.sizes, askPrices: asks.prices, askSizes: asks.sizes };
  }
}
