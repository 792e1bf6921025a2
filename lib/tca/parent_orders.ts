/**
 * Child fills grouped into parent orders, with their benchmarks read from the market data itself: the
 * arrival mid from quotes (else the last trade), the interval VWAP of the tape during the order, the spread
 * at arrival, and markouts of the mid after the order ends (Perold 1988 for implementation shortfall;
 * Kissell 2013, ch. 3 and tcapy's markouts for the benchmarks).
 *
 * The tape's price after the order is the market's real price path: when the fills traded in the same
 * market (a user's own executions on a real venue, or orders executed in the simulated book), any decay a
 * markout shows is measured, not assumed.
 *
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import { assertTradeTape } from "../data/trade_tape.ts";
import { lowerBound } from "../core/arrays.ts";
import { assertObject } from "../core/validate.ts";

/** Child fills as columns, one entry per fill. */
export interface ChildFills {
  /** Parent order of each fill. */
  orderId: ArrayLike<string>;
  /** Fill time, UTC ms. */
  timestamp: ArrayLike<number>;
  /** Fill price, quote currency per base unit, > 0. */
  price: ArrayLike<number>;
  /** Fill size, base units, > 0. */
  size: ArrayLike<number>;
  /** Side of the parent: +1 buy, -1 sell. */
  side: ArrayLike<number>;
}

/** One parent order with its market benchmarks; prices in quote currency per base unit. */
export interface ParentOrder {
  orderId: string;
  /** Signed size (positive buys), base units. */
  size: number;
  /** First and last fill, UTC ms. */
  start: number;
  end: number;
  /** Duration first to last fill, minutes. */
  durationMinutes: number;
  fills: number;
  /** Size-weighted mean fill price. */
  executionPrice: number;
  /** Mid in force before the first fill (quotes), else the last trade price before it. */
  arrivalPrice: number;
  /** Quoted spread before the first fill (0 without quotes). */
  spread: number;
  /** VWAP of the tape from the first to the last fill (the fills themselves included when they are on the tape). */
  vwap: number;
  /** Mid (or last trade price) just after the last fill. */
  endPrice: number;
}

/** Options of {@linkcode parentOrdersFromFills}. */
export interface ParentOrderOptions {
  /** Markout horizons after the last fill, seconds. Default `[1, 10, 60, 300]`. */
  markoutSeconds?: readonly number[];
}

/** Result of {@linkcode parentOrdersFromFills}. */
export interface ParentOrders {
  orders: ParentOrder[];
  /**
   * Side-adjusted markouts of the reference price after each order's last fill, relative to the end price:
   * `side * (P(end + h) - P(end)) / P(end)`, fraction, one row per order (null past the tape's end).
   * Positive: the price kept moving the order's way (permanent impact); negative: it reverted.
   */
  markouts: { seconds: number; values: (number | null)[] }[];
  /** `"mid"` when the tape carries quotes, else `"trade"`. */
  priceReference: "mid" | "trade";
}

/**
 * Groups child fills into parent orders and reads their benchmarks off the tape.
 *
 * The price in force at time `t` is the quote before the first tape trade at or after `t` (`tape.quotes`;
 * exact when the fill is itself on the tape, as in the simulated book), else the last trade price before
 * `t`. Orders come out by start time.
 *
 * @param fills child fills of one or more parent orders (one side per parent).
 * @param tape the market's tape over the orders' lifetime and the markout horizons.
 * @param options markout horizons.
 * @returns parent orders, their markouts, and which price was read.
 * @throws {TypeError} for columns of unequal length.
 * @throws {RangeError} naming the fill with a bad price, size or side, or a parent with two sides, or a
 *   fill outside the tape's time range.
 *
 * @example
 * ```ts
 * import { parentOrdersFromFills } from "@lib/tca/parent_orders.ts";
 * import assert from "node:assert/strict";
 * const tape = {
 *   timestamps: Float64Array.from([0, 1_000, 2_000, 3_000, 4_000]), prices: Float64Array.from([100, 100.1, 100.2, 100.2, 100.1]),
 *   sizes: Float64Array.from([1, 2, 2, 1, 1]), signs: Int8Array.from([1, 1, 1, -1, -1]), symbol: "T", source: "csv" as const,
 * };
 * const { orders } = parentOrdersFromFills(
 *   { orderId: ["a", "a"], timestamp: [1_000, 2_000], price: [100.1, 100.2], size: [2, 2], side: [1, 1] }, tape,
 * );
 * assert.equal(orders[0]!.arrivalPrice, 100); // the last trade before the first fill
 * assert.ok(Math.abs(orders[0]!.executionPrice - 100.15) < 1e-12);
 * ```
 */
export function parentOrdersFromFills(
  fills: ChildFills,
  tape: TradeTape,
  options: ParentOrderOptions = {},
): ParentOrders {
  const action = "group fills into parent orders";
  assertTradeTape(action, tape, 1);
  assertObject(action, "fills", fills);
  assertObject(action, "options", options);
  const { markoutSeconds = [1, 10, 60, 300] } = options;
  if (!Array.isArray(markoutSeconds)) {
    throw new TypeError(
      `Cannot ${action}: options.markoutSeconds must be an array of seconds: current value is ${
        String(markoutSeconds)
      }`,
    );
  }
  markoutSeconds.forEach((h, k) => {
    if (!(h > 0) || !Number.isFinite(h)) {
      throw new RangeError(
        `Cannot ${action}: markoutSeconds[${k}] must be finite and > 0: current value is ${h}`,
      );
    }
  });
  const n = fills.orderId !== null && typeof fills.orderId === "object" ? fills.orderId.length : undefined;
  if (typeof n !== "number") {
    throw new TypeError(
      `Cannot ${action}: fills.orderId must be an array of ids: current value is ${String(fills.orderId)}`,
    );
  }
  for (const name of ["timestamp", "price", "size", "side"] as const) {
    if (fills[name]?.length !== n) {
      throw new TypeError(
        `Cannot ${action}: fills.${name} must have one entry per fill (${n}): current length is ${
          fills[name]?.length
        }`,
      );
    }
  }
  const t = tape.timestamps, quotes = tape.quotes;
  const tFirst = t[0]!, tLast = t[t.length - 1]!;
  const byOrder = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const id = String(fills.orderId[i]);
    const ts = fills.timestamp[i]!, p = fills.price[i]!, q = fills.size[i]!, s = fills.side[i]!;
    if (!Number.isFinite(ts) || ts < tFirst || ts > tLast) {
      throw new RangeError(
        `Cannot ${action}: fills.timestamp[${i}] must lie within the tape (${tFirst} to ${tLast} ms): current value is ${ts}`,
      );
    }
    if (!(p > 0) || !Number.isFinite(p)) {
      throw new RangeError(
        `Cannot ${action}: fills.price[${i}] must be finite and > 0: current value is ${p}`,
      );
    }
    if (!(q > 0) || !Number.isFinite(q)) {
      throw new RangeError(
        `Cannot ${action}: fills.size[${i}] must be finite and > 0: current value is ${q}`,
      );
    }
    if (s !== 1 && s !== -1) {
      throw new RangeError(`Cannot ${action}: fills.side[${i}] must be +1 or -1: current value is ${s}`);
    }
    const list = byOrder.get(id);
    if (list === undefined) byOrder.set(id, [i]);
    else {
      if (fills.side[list[0]!] !== s) {
        throw new RangeError(
          `Cannot ${action}: parent order ${id} must have one side: fill ${i} has side ${s}`,
        );
      }
      list.push(i);
    }
  }
  // Reference price in force at time x: the quote before the first tape trade at or after x, or the last
  // trade price strictly before x.
  const priceAt = (x: number): number => {
    const i = lowerBound(t, x);
    if (quotes !== undefined && i < t.length && Number.isFinite(quotes.mids[i]!)) return quotes.mids[i]!;
    return i > 0 ? tape.prices[i - 1]! : tape.prices[0]!;
  };
  const spreadAt = (x: number): number => {
    const i = lowerBound(t, x);
    return quotes !== undefined && i < t.length && Number.isFinite(quotes.spreads[i]!)
      ? quotes.spreads[i]!
      : 0;
  };
  const orders: ParentOrder[] = [];
  for (const [orderId, list] of byOrder) {
    // Size-weighted means as running means (no sum of notionals, which can overflow for huge prices).
    let start = Infinity, end = -Infinity, executionPrice = 0, volume = 0;
    for (const i of list) {
      const ts = fills.timestamp[i]!;
      if (ts < start) start = ts;
      if (ts > end) end = ts;
      volume += fills.size[i]!;
      executionPrice += (fills.price[i]! - executionPrice) * (fills.size[i]! / volume);
    }
    // Tape VWAP over [start, end] inclusive.
    let vwap = 0, tapeVolume = 0;
    for (let i = lowerBound(t, start); i < t.length && t[i]! <= end; i++) {
      tapeVolume += tape.sizes[i]!;
      vwap += (tape.prices[i]! - vwap) * (tape.sizes[i]! / tapeVolume);
    }
    const side = fills.side[list[0]!]!;
    orders.push({
      orderId,
      size: side * volume,
      start,
      end,
      durationMinutes: (end - start) / 60_000,
      fills: list.length,
      executionPrice,
      arrivalPrice: priceAt(start),
      spread: spreadAt(start),
      vwap: tapeVolume > 0 ? vwap : executionPrice,
      // The price in force after the last fill: the quote before the first tape trade later than it (1 µs later
      // skips the fill's own rows, which share its time).
      endPrice: priceAt(end + 1e-3),
    });
  }
  orders.sort((a, b) => a.start - b.start);
  const markouts = markoutSeconds.map((seconds) => ({
    seconds,
    values: orders.map((o) => {
      const at = o.end + seconds * 1_000;
      if (at > tLast) return null;
      const side = Math.sign(o.size);
      return (side * (priceAt(at) - o.endPrice)) / o.endPrice + 0; // + 0: no -0
    }),
  }));
  return { orders, markouts, priceReference: quotes !== undefined ? "mid" : "trade" };
}

/** Parent orders as the metaorder columns of `tapeMetaorderRecords` (lib/ml). */
export interface ExecutedOrderColumns {
  orderId: string[];
  /** Tape index of the first trade at or after the first fill. */
  first: Int32Array;
  sign: Int8Array;
  /** `|Q|`, base units. */
  volume: Float64Array;
  /** First to last fill, seconds. */
  durationSeconds: Float64Array;
  /** `(endPrice - arrivalPrice) / arrivalPrice`, signed fraction. */
  realizedImpact: Float64Array;
  /** UTC day of the start, counted from the first order's day (0, 1, ...). */
  block: Int32Array;
}

/**
 * Parent orders as columns for learning impact from executed orders: where each starts on the tape, its side,
 * size, duration and realised impact (end price against arrival price, both read from the tape's mids when it
 * has quotes), and its UTC day as the block of walk-forward splits.
 *
 * @param parents a result of {@linkcode parentOrdersFromFills}.
 * @param tape the same tape.
 * @returns one entry per parent order, in the parents' order.
 *
 * @example
 * ```ts
 * import { executedOrders } from "@lib/tca/parent_orders.ts";
 * import assert from "node:assert/strict";
 * const tape = {
 *   timestamps: Float64Array.from([0, 1_000, 2_000]), prices: Float64Array.from([100, 101, 101]),
 *   sizes: new Float64Array(3).fill(1), signs: Int8Array.from([1, 1, -1]), symbol: "T", source: "csv" as const,
 * };
 * const order = { orderId: "a", size: 2, start: 1_000, end: 1_000, durationMinutes: 0, fills: 1, executionPrice: 101, arrivalPrice: 100, spread: 0, vwap: 101, endPrice: 101 };
 * const c = executedOrders({ orders: [order], markouts: [], priceReference: "trade" }, tape);
 * assert.equal(c.first[0], 1);
 * assert.ok(Math.abs(c.realizedImpact[0]! - 0.01) < 1e-15);
 * ```
 */
export function executedOrders(parents: ParentOrders, tape: TradeTape): ExecutedOrderColumns {
  const n = parents.orders.length;
  const out: ExecutedOrderColumns = {
    orderId: new Array<string>(n),
    first: new Int32Array(n),
    sign: new Int8Array(n),
    volume: new Float64Array(n),
    durationSeconds: new Float64Array(n),
    realizedImpact: new Float64Array(n),
    block: new Int32Array(n),
  };
  const day0 = n > 0 ? Math.floor(parents.orders[0]!.start / 86_400_000) : 0;
  parents.orders.forEach((o, i) => {
    out.orderId[i] = o.orderId;
    out.first[i] = Math.min(lowerBound(tape.timestamps, o.start), tape.timestamps.length - 1);
    out.sign[i] = Math.sign(o.size);
    out.volume[i] = Math.abs(o.size);
    out.durationSeconds[i] = (o.end - o.start) / 1_000;
    out.realizedImpact[i] = (o.endPrice - o.arrivalPrice) / o.arrivalPrice;
    out.block[i] = Math.floor(o.start / 86_400_000) - day0;
  });
  return out;
}
