/**
 * Point-in-time market snapshots from Bybit v5: the latest public trades
 * (`GET /v5/market/recent-trade`) and the order book (`GET /v5/market/orderbook`), for spread and depth.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { z } from "npm:zod@4.6.7";
import type { BybitClientOptions } from "./bybit_http.ts";
import { bybitGet, parseBybitDecimal, resolveClientOptions } from "./_bybit_request.ts";
import { assertBybitSymbolAndCategory, type BybitCategory } from "../kline_spec.ts";

/** What to snapshot: instrument, category and how many rows. */
export interface SnapshotSpec {
  /** Instrument, upper case, e.g. `"BTCUSDT"`. */
  symbol: string;
  /** Product category. Default `"linear"`. */
  category?: BybitCategory;
  /**
   * Rows: trades (linear/inverse 1..1000, spot 1..60; default 500 or 60) or book levels per side
   * (linear/inverse 1..1000, spot 1..200; default 25).
   */
  limit?: number;
}

/** An order book snapshot: bids descending, asks ascending, prices in quote per base, sizes in base units. */
export interface OrderbookSnapshot {
  symbol: string;
  /** Bid prices, descending. */
  bidPrices: Float64Array;
  /** Bid sizes, base units. */
  bidSizes: Float64Array;
  /** Ask prices, ascending. */
  askPrices: Float64Array;
  /** Ask sizes, base units. */
  askSizes: Float64Array;
  /** Matching engine time of the snapshot, UTC ms (`ts`). */
  timestamp: number;
  /** Update id (`u`). */
  updateId: number;
  /** Cross sequence (`seq`). */
  sequence: number;
  /** Best bid, quote per base (NaN if the side is empty). */
  bestBid: number;
  /** Best ask, quote per base (NaN if the side is empty). */
  bestAsk: number;
  /** `(bestBid + bestAsk) / 2`, quote per base. */
  mid: number;
  /** Quoted spread `(bestAsk - bestBid) / mid`, basis points. */
  spreadBps: number;
}

function resolveSnapshot(spec: SnapshotSpec, action: string, limits: { max: number; spotMax: number }) {
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(`Cannot ${action}: spec must be an object: current value is ${String(spec)}`);
  }
  const { symbol, category = "linear" } = spec;
  assertBybitSymbolAndCategory(action, symbol, category);
  const max = category === "spot" ? limits.spotMax : limits.max;
  if (spec.limit !== undefined && (!Number.isSafeInteger(spec.limit) || spec.limit < 1 || spec.limit > max)) {
    throw new RangeError(
      `Cannot ${action}: limit must be an integer in [1, ${max}] for ${category}: current value is ${spec.limit}`,
    );
  }
  return { symbol, category, limit: spec.limit };
}

/** What one snapshot endpoint is: its path, its limits of `limit`, and the shape of its `result`. */
interface SnapshotEndpoint<R> {
  /** What the caller does, for messages (`"fetch order book"`). */
  action: string;
  /** Path under the base URL (`/v5/market/orderbook`). */
  path: string;
  /** Largest `limit`, for linear/inverse and for spot. */
  limits: { max: number; spotMax: number };
  /** The shape of `result`. */
  schema: z.ZodType<R>;
}

/**
 * One snapshot request: checks the spec and the transport options (before any request), asks Bybit, checks
 * `result` against the endpoint's schema, and returns what `read` makes of it. `read` gets the asked
 * symbol and throws an Error whose message says what is wrong with the answer (it becomes a
 * {@linkcode BybitResponseError}).
 */
async function getSnapshot<R, T>(
  spec: SnapshotSpec,
  options: BybitClientOptions,
  endpoint: SnapshotEndpoint<R>,
  read: (result: R, symbol: string) => T,
): Promise<T> {
  const { action, path, limits, schema } = endpoint;
  const { symbol, category, limit } = resolveSnapshot(spec, action, limits);
  resolveClientOptions(options, action);
  const { result } = await bybitGet({
    action,
    path,
    query: { category, symbol, ...(limit !== undefined ? { limit } : {}) },
    parse: (raw) => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new Error(`result: ${z.prettifyError(parsed.error)}`);
      return read(parsed.data, symbol);
    },
  }, options);
  return result;
}

/** A strict decimal string (see {@linkcode parseBybitDecimal}: no hex, blanks, empty string or dangling exponent). */
const numeric = z.string().refine((s) => parseBybitDecimal(s) !== undefined, "a decimal number as a string");

/** Throws `problem` (a message for BybitResponseError) when `ok` is false. */
function check(ok: boolean, problem: () => string): void {
  if (!ok) throw new Error(problem());
}

const tradeSchema = z.object({
  execId: z.string(),
  symbol: z.string(),
  price: numeric,
  size: numeric,
  side: z.enum(["Buy", "Sell"]),
  time: numeric,
  isBlockTrade: z.boolean().optional(),
});

const tradesResultSchema = z.object({ category: z.string(), list: z.array(tradeSchema) });

/**
 * The latest public trades (`GET /v5/market/recent-trade`), oldest first.
 *
 * @param spec symbol, category (default `"linear"`), `limit` (linear/inverse 1..1000, default 500; spot 1..60).
 * @param options transport options (see {@linkcode BybitClientOptions}).
 * @returns a DataFrame with `time` (Datetime ms UTC), `price` (quote per base), `size` (base units),
 *   `side` (`"Buy"` or `"Sell"`: the taker's side), `execId`, `isBlockTrade`.
 * @throws {RangeError} for an invalid symbol, category, limit or transport option.
 * @throws {BybitResponseError} if a trade is of another symbol than asked, has a price or size <= 0, a
 *   time that is not integer ms, a repeated execId, or a number that is not a strict decimal.
 * @throws {BybitApiError} | {BybitUnavailableError} as {@linkcode fetchKlines}.
 *
 * @example
 * ```ts
 * import { fetchRecentTrades } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * // With network access: const trades = await fetchRecentTrades({ symbol: "BTCUSDT", limit: 100 });
 * await assert.rejects(fetchRecentTrades({ symbol: "BTCUSDT", category: "spot", limit: 100 }), RangeError);
 * ```
 */
export async function fetchRecentTrades(
  spec: SnapshotSpec,
  options: BybitClientOptions = {},
): Promise<pl.DataFrame> {
  const rows = await getSnapshot(spec, options, {
    action: "fetch recent trades",
    path: "/v5/market/recent-trade",
    limits: { max: 1000, spotMax: 60 },
    schema: tradesResultSchema,
  }, ({ list }, symbol) => {
    const seen = new Set<string>();
    const rows = list.map((r, i) => {
      const time = parseBybitDecimal(r.time)!, price = parseBybitDecimal(r.price)!;
      const size = parseBybitDecimal(r.size)!;
      check(r.symbol === symbol, () => `list[${i}].symbol is ${r.symbol}, asked for ${symbol}`);
      check(
        Number.isSafeInteger(time) && time > 0,
        () => `list[${i}].time must be integer ms > 0: ${r.time}`,
      );
      check(price > 0, () => `list[${i}].price must be > 0: ${r.price}`);
      check(size > 0, () => `list[${i}].size must be > 0: ${r.size}`);
      check(
        r.execId !== "" && !seen.has(r.execId),
        () => `list[${i}].execId is empty or repeated: ${r.execId}`,
      );
      seen.add(r.execId);
      return { time, price, size, side: r.side, execId: r.execId, isBlockTrade: r.isBlockTrade ?? false };
    });
    return rows.sort((a, b) => a.time - b.time);
  });
  return pl.DataFrame({
    time: Float64Array.from(rows, (r) => r.time),
    price: Float64Array.from(rows, (r) => r.price),
    size: Float64Array.from(rows, (r) => r.size),
    side: rows.map((r) => r.side),
    execId: rows.map((r) => r.execId),
    isBlockTrade: rows.map((r) => r.isBlockTrade),
  }).withColumns(pl.col("time").cast(pl.Int64).cast(pl.Datetime("ms", "UTC")));
}

const levelSchema = z.tuple([numeric, numeric]);
const bookResultSchema = z.object({
  s: z.string(),
  b: z.array(levelSchema),
  a: z.array(levelSchema),
  ts: z.number().int().nonnegative(),
  u: z.number().int().nonnegative(),
  seq: z.number().int().nonnegative().optional(),
  cts: z.number().int().nonnegative().optional(),
});

/**
 * An order book snapshot (`GET /v5/market/orderbook`) with its quoted spread.
 *
 * Quoted spread in basis points: `1e4 * (bestAsk - bestBid) / mid`, `mid = (bestBid + bestAsk) / 2`.
 *
 * @param spec symbol, category (default `"linear"`), `limit` levels per side (linear/inverse 1..1000,
 *   spot 1..200, default 25).
 * @param options transport options (see {@linkcode BybitClientOptions}).
 * @returns the snapshot, with bids descending and asks ascending.
 * @throws {RangeError} for an invalid symbol, category or limit.
 * @throws {BybitResponseError} if the answer is for another symbol, a price is <= 0, a size < 0, a
 *   number is not a strict decimal, the sides are not sorted or the book is crossed.
 * @throws {BybitApiError} | {BybitUnavailableError} as {@linkcode fetchKlines}.
 *
 * @example
 * ```ts
 * import { fetchOrderbook } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * // With network access: const book = await fetchOrderbook({ symbol: "BTCUSDT", limit: 50 }); book.spreadBps
 * await assert.rejects(fetchOrderbook({ symbol: "btc" }), RangeError);
 * ```
 */
export async function fetchOrderbook(
  spec: SnapshotSpec,
  options: BybitClientOptions = {},
): Promise<OrderbookSnapshot> {
  return await getSnapshot(spec, options, {
    action: "fetch order book",
    path: "/v5/market/orderbook",
    limits: { max: 1000, spotMax: 200 },
    schema: bookResultSchema,
  }, (r, symbol) => {
    check(r.s === symbol, () => `result.s is ${r.s}, asked for ${symbol}`);
    check(Number.isSafeInteger(r.ts) && r.ts > 0, () => `result.ts must be integer ms > 0: ${r.ts}`);
    const side = (levels: [string, string][], name: "b" | "a") => {
      const prices = new Float64Array(levels.length), sizes = new Float64Array(levels.length);
      for (let i = 0; i < levels.length; i++) {
        const p = parseBybitDecimal(levels[i]![0])!, q = parseBybitDecimal(levels[i]![1])!;
        check(p > 0, () => `${name}[${i}] price must be > 0: ${levels[i]![0]}`);
        check(q >= 0, () => `${name}[${i}] size must be >= 0: ${levels[i]![1]}`);
        prices[i] = p;
        sizes[i] = q;
      }
      return { prices, sizes };
    };
    const bids = side(r.b, "b"), asks = side(r.a, "a");
    const bidPrices = bids.prices, askPrices = asks.prices;
    for (let i = 1; i < bidPrices.length; i++) {
      if (!(bidPrices[i]! < bidPrices[i - 1]!)) throw new Error(`bids are not descending at level ${i}`);
    }
    for (let i = 1; i < askPrices.length; i++) {
      if (!(askPrices[i]! > askPrices[i - 1]!)) throw new Error(`asks are not ascending at level ${i}`);
    }
    if (bidPrices.length > 0 && askPrices.length > 0 && !(bidPrices[0]! < askPrices[0]!)) {
      throw new Error(`crossed book: best bid ${bidPrices[0]} >= best ask ${askPrices[0]}`);
    }
    const bestBid = bidPrices[0] ?? NaN, bestAsk = askPrices[0] ?? NaN;
    const mid = (bestBid + bestAsk) / 2;
    return {
      symbol: r.s,
      bidPrices,
      bidSizes: bids.sizes,
      askPrices,
      askSizes: asks.sizes,
      timestamp: r.ts,
      updateId: r.u,
      sequence: r.seq ?? 0,
      bestBid,
      bestAsk,
      mid,
      spreadBps: ((bestAsk - bestBid) / mid) * 1e4,
    };
  });
}
