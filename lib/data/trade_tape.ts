/**
 * The trade tape: one row per public trade, the input of every trade-level measurement (sign
 * correlation, response function, aggregate impact, synthetic metaorders).
 *
 * Two shapes of the same data:
 * - a polars frame with the cache's schema ({@linkcode TRADE_TAPE_SCHEMA}), for storage and lazy scans;
 * - {@linkcode TradeTape}: plain typed-array columns, for the measurement loops (no per-trade objects).
 *
 * | column | polars type | unit and convention |
 * | --- | --- | --- |
 * | `timestamp` | `Datetime("ms", "UTC")` | trade time, UTC (ms since the epoch underneath) |
 * | `price` | `Float64` | quote currency per base unit (USDT per BTC for BTCUSDT) |
 * | `size` | `Float64` | base units, > 0 (BTC for linear BTCUSDT) |
 * | `side` | `Int8` | the taker's side: +1 buyer-initiated, -1 seller-initiated |
 * | `tradeId` | `Utf8` | the venue's trade id (Bybit `trdMatchID`, Binance trade id), unique per venue and symbol |
 *
 * Rows are in time order; ties keep the venue's order (Bybit: by `trdMatchID` after sorting by time).
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { assertSeriesMeta } from "./_series_meta.ts";
import type { TradeQuotes } from "./quote_series.ts";

/**
 * Where a tape came from: Bybit's public archive (live or cached), Binance's, a user's CSV file, the seeded
 * synthetic (propagator) tape, or the simulated limit order book.
 */
export type TradeTapeSource = "bybit" | "binance" | "csv" | "synthetic" | "simulated";

/** Every {@linkcode TradeTapeSource}, for validation. */
export const TRADE_TAPE_SOURCES: readonly TradeTapeSource[] = [
  "bybit",
  "binance",
  "csv",
  "synthetic",
  "simulated",
];

/** A trade tape as plain columns, in time order. Every array has the same length. */
export interface TradeTape {
  /** Trade time, UTC ms since the epoch, non-decreasing. */
  timestamps: Float64Array;
  /** Trade price, quote currency per base unit, > 0. */
  prices: Float64Array;
  /** Trade size, base units, > 0. */
  sizes: Float64Array;
  /** The taker's side: +1 buyer-initiated, -1 seller-initiated. */
  signs: Int8Array;
  /** Instrument, e.g. `BTCUSDT`. */
  symbol: string;
  /** Where the trades came from; results computed from a `"synthetic"` tape say nothing about markets. */
  source: TradeTapeSource;
  /**
   * The quote in force strictly before each trade, when the tape was joined with a quote series: estimators
   * then measure prices on mids instead of trade prices, and say so.
   */
  quotes?: TradeQuotes;
}

/** Column names of the tape frame, in order. */
export const TRADE_TAPE_COLUMNS = ["timestamp", "price", "size", "side", "tradeId"] as const;

/** The polars schema of the tape frame and of every cached trade file. */
export const TRADE_TAPE_SCHEMA: Readonly<Record<(typeof TRADE_TAPE_COLUMNS)[number], pl.DataType>> = {
  timestamp: pl.Datetime("ms", "UTC"),
  price: pl.Float64,
  size: pl.Float64,
  side: pl.Int8,
  tradeId: pl.Utf8,
};

/**
 * Checks a tape's columns at the public boundary: equal lengths, at least `minTrades` trades,
 * finite non-decreasing timestamps, finite prices and sizes > 0, signs of +1 or -1.
 *
 * Cost: O(n), one pass, no allocation.
 *
 * @param action what the caller was doing, for the message (`"measure sign correlation"`).
 * @param tape the tape to check.
 * @param minTrades the fewest trades the caller needs (default 1).
 * @throws {TypeError} if a column is missing, of the wrong array type, or the lengths differ.
 * @throws {RangeError} naming the first bad trade's index and value.
 *
 * @example
 * ```ts
 * import { assertTradeTape } from "@lib/data/trade_tape.ts";
 * import assert from "node:assert/strict";
 * const tape = {
 *   timestamps: new Float64Array([0, 1]), prices: new Float64Array([100, 100.5]),
 *   sizes: new Float64Array([1, 2]), signs: new Int8Array([1, 0]), symbol: "BTCUSDT", source: "csv" as const,
 * };
 * assert.throws(() => assertTradeTape("measure", tape), /signs\[1\] must be \+1 or -1: current value is 0/);
 * ```
 */
export function assertTradeTape(action: string, tape: TradeTape, minTrades = 1): void {
  if (tape === null || typeof tape !== "object") {
    throw new TypeError(`Cannot ${action}: tape must be a TradeTape: current value is ${tape}`);
  }
  const { timestamps, prices, sizes, signs } = tape;
  const columns = { timestamps, prices, sizes } as const;
  for (const [name, column] of Object.entries(columns)) {
    if (!(column instanceof Float64Array)) {
      throw new TypeError(
        `Cannot ${action}: tape.${name} must be a Float64Array: current value is ${column}`,
      );
    }
  }
  if (!(signs instanceof Int8Array)) {
    throw new TypeError(`Cannot ${action}: tape.signs must be an Int8Array: current value is ${signs}`);
  }
  assertSeriesMeta(action, "tape", tape, TRADE_TAPE_SOURCES);
  const n = timestamps.length;
  if (prices.length !== n || sizes.length !== n || signs.length !== n) {
    throw new TypeError(
      `Cannot ${action}: tape columns must have the same length: current lengths are timestamps ${n}, ` +
        `prices ${prices.length}, sizes ${sizes.length}, signs ${signs.length}`,
    );
  }
  if (n < minTrades) {
    throw new RangeError(
      `Cannot ${action}: tape must hold at least ${minTrades} trades: current count is ${n}`,
    );
  }
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i]!, p = prices[i]!, q = sizes[i]!, s = signs[i]!;
    if (!Number.isFinite(t) || t < previous) {
      throw new RangeError(
        `Cannot ${action}: tape.timestamps[${i}] must be finite and >= the previous one (${previous}): current value is ${t}`,
      );
    }
    if (!Number.isFinite(p) || p <= 0) {
      throw new RangeError(
        `Cannot ${action}: tape.prices[${i}] must be finite and > 0: current value is ${p}`,
      );
    }
    if (!Number.isFinite(q) || q <= 0) {
      throw new RangeError(
        `Cannot ${action}: tape.sizes[${i}] must be finite and > 0: current value is ${q}`,
      );
    }
    if (s !== 1 && s !== -1) {
      throw new RangeError(`Cannot ${action}: tape.signs[${i}] must be +1 or -1: current value is ${s}`);
    }
    previous = t;
  }
}

/**
 * Turns a tape frame (schema {@linkcode TRADE_TAPE_SCHEMA}; `tradeId` optional) into typed-array
 * columns, then validates them with {@linkcode assertTradeTape}.
 *
 * @param frame a polars DataFrame with `timestamp`, `price`, `size`, `side`.
 * @param meta the tape's `symbol` and `source`.
 * @returns the tape as {@linkcode TradeTape} columns.
 * @throws {TypeError} if a column is missing.
 * @throws {RangeError} for a bad value (see {@linkcode assertTradeTape}).
 *
 * @example
 * ```ts
 * import { tradeTapeFromFrame, tradeTapeToFrame } from "@lib/data/trade_tape.ts";
 * import assert from "node:assert/strict";
 * const tape = {
 *   timestamps: new Float64Array([1_700_000_000_000, 1_700_000_000_250]),
 *   prices: new Float64Array([100, 100.5]), sizes: new Float64Array([1, 2]),
 *   signs: new Int8Array([1, -1]), symbol: "BTCUSDT", source: "csv" as const,
 * };
 * const back = tradeTapeFromFrame(tradeTapeToFrame(tape), { symbol: "BTCUSDT", source: "csv" });
 * assert.deepEqual([...back.signs], [1, -1]);
 * assert.equal(back.timestamps[1], 1_700_000_000_250);
 * ```
 */
export function tradeTapeFromFrame(
  frame: pl.DataFrame,
  meta: { symbol: string; source: TradeTapeSource },
): TradeTape {
  const action = "read trade tape frame";
  if (frame === null || typeof frame !== "object" || typeof frame.getColumn !== "function") {
    throw new TypeError(`Cannot ${action}: frame must be a polars DataFrame: current value is ${frame}`);
  }
  for (const name of ["timestamp", "price", "size", "side"]) {
    if (!frame.columns.includes(name)) {
      throw new TypeError(
        `Cannot ${action}: frame must have a column ${name}: current columns are ${frame.columns.join(", ")}`,
      );
    }
  }
  const numeric = frame.select(
    pl.col("timestamp").cast(pl.Float64),
    pl.col("price").cast(pl.Float64),
    pl.col("size").cast(pl.Float64),
    pl.col("side").cast(pl.Int8),
  );
  for (const name of numeric.columns) {
    const nulls = numeric.getColumn(name).nullCount();
    if (nulls > 0) {
      throw new RangeError(
        `Cannot ${action}: column ${name} must have no missing values: current null count is ${nulls}`,
      );
    }
  }
  // toTypedArray copies each column out of polars at once (toArray builds a JS number per row: ~100x slower).
  const column = (name: string) => numeric.getColumn(name).toTypedArray();
  const tape: TradeTape = {
    timestamps: column("timestamp") as Float64Array,
    prices: column("price") as Float64Array,
    sizes: column("size") as Float64Array,
    signs: column("side") as Int8Array,
    symbol: meta.symbol,
    source: meta.source,
  };
  assertTradeTape(action, tape);
  return tape;
}

/**
 * Builds the tape frame (schema {@linkcode TRADE_TAPE_SCHEMA}) from typed-array columns. Trade ids
 * are taken from `tradeIds` when given, else numbered `0, 1, ...` in tape order.
 *
 * @param tape the columns (validated with {@linkcode assertTradeTape}).
 * @param tradeIds optional trade ids, one per trade.
 * @returns a polars DataFrame with `timestamp`, `price`, `size`, `side`, `tradeId`.
 * @throws {TypeError} if `tradeIds` has another length than the tape.
 *
 * @example
 * ```ts
 * import { tradeTapeToFrame } from "@lib/data/trade_tape.ts";
 * import assert from "node:assert/strict";
 * const frame = tradeTapeToFrame({
 *   timestamps: new Float64Array([0]), prices: new Float64Array([100]), sizes: new Float64Array([1]),
 *   signs: new Int8Array([-1]), symbol: "BTCUSDT", source: "synthetic",
 * });
 * assert.deepEqual(frame.columns, ["timestamp", "price", "size", "side", "tradeId"]);
 * ```
 */
export function tradeTapeToFrame(tape: TradeTape, tradeIds?: readonly string[]): pl.DataFrame {
  const action = "build trade tape frame";
  assertTradeTape(action, tape, 0);
  const n = tape.timestamps.length;
  if (tradeIds !== undefined && tradeIds.length !== n) {
    throw new TypeError(
      `Cannot ${action}: tradeIds must have one id per trade: current lengths are ${tradeIds.length} and ${n}`,
    );
  }
  const ids = tradeIds ? [...tradeIds] : Array.from({ length: n }, (_, i) => String(i));
  return pl.DataFrame({
    timestamp: pl.Series("timestamp", tape.timestamps, pl.Float64).cast(pl.Int64).cast(
      pl.Datetime("ms", "UTC"),
    ),
    price: pl.Series("price", tape.prices, pl.Float64),
    size: pl.Series("size", tape.sizes, pl.Float64),
    side: pl.Series("side", tape.signs, pl.Int8),
    tradeId: pl.Series("tradeId", ids, pl.Utf8),
  });
}
