/**
 * Many parent orders executed in one run of the simulated order book: the background flow keeps going
 * between and during them and reacts to the book they leave, so their impact, its decay and their
 * interaction emerge from the order flow (lib/book). The result is a market in the shapes of real data (a
 * trade tape with quotes, on which the orders' own trades appear) plus the orders' child fills: the inputs of
 * impact models learned from executed orders and of the TCA of fills.
 *
 * @module
 */
import { BookSimulator } from "../book/simulator.ts";
import type { BookParameters } from "../book/parameters.ts";
import type { TradeTape } from "../data/trade_tape.ts";
import type { QuoteSeries, TradeQuotes } from "../data/quote_series.ts";
import { assertObject } from "../core/validate.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** One parent order: a side, a start, and its child market orders. */
export interface ParentOrderPlan {
  /** Identifier of the parent, carried by its fills. */
  orderId: string;
  /** +1 buy, -1 sell. */
  side: 1 | -1;
  /** Start of the order, seconds after the recorded start of the market. */
  startSeconds: number;
  /** Child times, seconds after `startSeconds`, >= 0. */
  times: ArrayLike<number>;
  /** Child sizes, base units, > 0. */
  sizes: ArrayLike<number>;
}

/** Options of {@linkcode executeOrdersInBook}. */
export interface OrdersInBookOptions {
  /** Seed of the background order flow. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
  /** Overrides of the book's default parameters. */
  parameters?: Partial<BookParameters>;
  /** Simulated seconds run and thrown away first (the book reaches its steady state). Default 600. */
  warmupSeconds?: number;
  /** Seconds recorded after the last child (markouts, decay). Default 900. */
  afterSeconds?: number;
  /** UTC time of the recorded start, ms since the epoch. Default 2025-06-02 00:00 UTC (a Monday). */
  startMs?: number;
}

/** Child fills as columns (the `ChildFills` shape of lib/tca), one row per child market order. */
export interface BookChildFills {
  orderId: string[];
  /** Fill time, UTC ms. */
  timestamp: Float64Array;
  /** Average price over the levels the child swept, quote currency per base unit. */
  price: Float64Array;
  /** Size filled, base units. */
  size: Float64Array;
  side: Int8Array;
  /** Levels the child swept. */
  levels: Int32Array;
}

/** Result of {@linkcode executeOrdersInBook}. */
export interface OrdersInBook {
  /** The market's tape (the orders' own trades included) with the quote before each trade. */
  tape: TradeTape & { quotes: TradeQuotes };
  /** Every change of the best quotes. */
  quotes: QuoteSeries;
  /** The children's fills, in time order. */
  fills: BookChildFills;
  /** Per parent, in input order: the tape index of its first child's first trade (-1 if nothing filled). */
  firstTrade: Int32Array;
  /** Per parent: base units not filled (the book ran out), normally 0. */
  unfilled: Float64Array;
  /** `"simulated order book"`: say it wherever a result is shown. */
  label: string;
  /** The book's parameters. */
  parameters: BookParameters;
}

/**
 * Executes parent orders in one run of the simulated order book.
 *
 * The simulator warms up for `warmupSeconds` (not recorded), then every child market order is sent at its
 * time in time order (ties in input order), sweeping the book as the queues say; the background flow runs
 * between them. Recording ends `afterSeconds` after the last child. Cost: the book events of the whole span
 * (about 2 M a second on one core) plus the sweeps.
 *
 * @param orders the parent orders.
 * @param options seed, book parameters, warm-up, tail, start time.
 * @returns the tape with quotes, the fills, and where each order's trades start on the tape.
 * @throws {TypeError} for a malformed order.
 * @throws {RangeError} naming the order and child with a bad time, size or side, or a bad option.
 *
 * @example
 * ```ts
 * import { executeOrdersInBook } from "@lib/execution/orders_in_book.ts";
 * import assert from "node:assert/strict";
 * const run = executeOrdersInBook(
 *   [{ orderId: "a", side: 1, startSeconds: 60, times: [0, 10, 20], sizes: [0.5, 0.5, 0.5] }],
 *   { seed: 3, afterSeconds: 60 },
 * );
 * assert.equal(run.fills.orderId.length, 3);
 * assert.equal(run.tape.source, "simulated");
 * assert.ok(run.firstTrade[0]! >= 0);
 * ```
 */
export function executeOrdersInBook(
  orders: readonly ParentOrderPlan[],
  options: OrdersInBookOptions = {},
): OrdersInBook {
  const action = "execute orders in the simulated book";
  assertObject(action, "options", options);
  const {
    seed = DEFAULT_SEED,
    parameters = {},
    warmupSeconds = 600,
    afterSeconds = 900,
    startMs = Date.UTC(2025, 5, 2),
  } = options;
  for (const [name, v] of [["warmupSeconds", warmupSeconds], ["afterSeconds", afterSeconds]] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new RangeError(
        `Cannot ${action}: options.${name} must be finite and >= 0: current value is ${v}`,
      );
    }
  }
  if (!Array.isArray(orders)) {
    throw new TypeError(`Cannot ${action}: orders must be an array of parent orders`);
  }
  // Every child as (time, order, child), sorted by time then input order.
  const events: { t: number; o: number; k: number }[] = [];
  orders.forEach((order, o) => {
    if (order === null || typeof order !== "object") {
      throw new TypeError(`Cannot ${action}: orders[${o}] must be a parent order: current value is ${order}`);
    }
    const { side, startSeconds, times, sizes } = order;
    if (side !== 1 && side !== -1) {
      throw new RangeError(`Cannot ${action}: orders[${o}].side must be +1 or -1: current value is ${side}`);
    }
    if (!(startSeconds >= 0) || !Number.isFinite(startSeconds)) {
      throw new RangeError(
        `Cannot ${action}: orders[${o}].startSeconds must be finite and >= 0: current value is ${startSeconds}`,
      );
    }
    if (times?.length !== sizes?.length || times.length === 0) {
      throw new TypeError(
        `Cannot ${action}: orders[${o}] must have as many child times as sizes, at least one: current lengths ` +
          `are ${times?.length} and ${sizes?.length}`,
      );
    }
    for (let k = 0; k < times.length; k++) {
      if (!(times[k]! >= 0) || !Number.isFinite(times[k]!)) {
        throw new RangeError(
          `Cannot ${action}: orders[${o}].times[${k}] must be finite and >= 0: current value is ${times[k]}`,
        );
      }
      if (!(sizes[k]! > 0) || !Number.isFinite(sizes[k]!)) {
        throw new RangeError(
          `Cannot ${action}: orders[${o}].sizes[${k}] must be finite and > 0: current value is ${sizes[k]}`,
        );
      }
      events.push({ t: startSeconds + times[k]!, o, k });
    }
  });
  events.sort((a, b) => a.t - b.t || a.o - b.o || a.k - b.k);
  const sim = new BookSimulator(parameters, { seed, startMs: startMs - warmupSeconds * 1_000 });
  sim.advance(warmupSeconds);
  sim.drain();
  const tick = sim.parameters.tickSize;
  const m = events.length;
  const fills: BookChildFills = {
    orderId: new Array<string>(m),
    timestamp: new Float64Array(m),
    price: new Float64Array(m),
    size: new Float64Array(m),
    side: new Int8Array(m),
    levels: new Int32Array(m),
  };
  const firstTrade = new Int32Array(orders.length).fill(-1);
  const unfilled = new Float64Array(orders.length);
  let kept = 0;
  for (const { t, o, k } of events) {
    const order = orders[o]!;
    sim.advance(warmupSeconds + t);
    const row = sim.pendingTrades;
    const sweep = sim.marketOrder(order.side, order.sizes[k]!);
    unfilled[o] = unfilled[o]! + (order.sizes[k]! - sweep.filled);
    if (sweep.filled <= 0) continue;
    let value = 0;
    for (let l = 0; l < sweep.levels; l++) value += sweep.ticks[l]! * tick * sweep.sizes[l]!;
    if (firstTrade[o] === -1) firstTrade[o] = row;
    fills.orderId[kept] = order.orderId;
    fills.timestamp[kept] = startMs + t * 1_000;
    fills.price[kept] = value / sweep.filled;
    fills.size[kept] = sweep.filled;
    fills.side[kept] = order.side;
    fills.levels[kept] = sweep.levels;
    kept++;
  }
  const last = m > 0 ? events[m - 1]!.t : 0;
  sim.advance(warmupSeconds + last + afterSeconds);
  const { tape, quotes } = sim.drain();
  return {
    tape,
    quotes,
    fills: {
      orderId: fills.orderId.slice(0, kept),
      timestamp: fills.timestamp.slice(0, kept),
      price: fills.price.slice(0, kept),
      size: fills.size.slice(0, kept),
      side: fills.side.slice(0, kept),
      levels: fills.levels.slice(0, kept),
    },
    firstTrade,
    unfilled,
    label: "simulated order book",
    parameters: sim.parameters,
  };
}
