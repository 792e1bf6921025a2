/**
 * Markouts: how the price moved after a trade, at several horizons, read from candles with polars
 * as-of joins (no JavaScript per trade).
 *
 * A markout is side-adjusted: positive means the price kept moving in the trade's direction (up after
 * a buy, down after a sell), which is the permanent part of impact or adverse selection of the
 * counterparty; negative means the price reverted. References: Bouchaud, Bonart, Donier & Gould (2018),
 * "Trades, Quotes and Prices", ch. 11-12 (impact decay after a metaorder); Kissell (2013), ch. 3.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import {
  assertFinite,
  assertObject,
  assertPositive,
  describeValue,
  toFiniteArray,
} from "../core/validate.ts";
import type { TradeRecord } from "../core/trade.ts";
import { tradesToTcaFrame } from "./analyze_trades.ts";

/** Candles as plain arrays: start of each candle (UTC ms, increasing) and its close (quote per base unit). */
export interface TcaCandles {
  /** Candle start times, UTC milliseconds since the epoch, strictly increasing. */
  startTime: ArrayLike<number>;
  /** Close prices, quote per base unit, > 0. */
  close: ArrayLike<number>;
}

/** Options of {@linkcode markoutsFromCandles}. */
export interface MarkoutOptions {
  /** Horizons after the end of the trade, minutes, each > 0. Default `[1, 5, 30, 60]`. */
  horizonsMinutes?: readonly number[];
  /**
   * Candle length, milliseconds, > 0. Default: the smallest gap between consecutive `startTime`s
   * (60,000 for 1-minute candles).
   */
  intervalMs?: number;
  /**
   * Price the move is measured from: `"execution"` (default), the trade's average fill price, the
   * classical fill markout; or `"end"`, the candle price at the end of the trade, the post-trade move
   * alone (impact decay, net of what the fill itself cost).
   */
  reference?: "execution" | "end";
  /**
   * Each trade's own impact at its end, side-adjusted fraction of the price (one per trade, in input order;
   * a non-finite value gives null markouts for that trade). Use it when the candles do NOT contain the
   * trades (simulated orders, or orders too small to show): the price at `end + h` is then taken as
   * `P(end + h) * (1 + side * ownImpact * G(h / T))`, the market's price plus the order's impact decaying
   * with the kernel `G(x) = sqrt(1 + x) - sqrt(x)` (`T` the order's duration; `G = 0` for `T = 0`): the
   * decay after a metaorder executed at a constant rate in the locally linear order book model (Donier,
   * Bonart, Mastromatteo & Bouchaud 2015, "A fully consistent, minimal model for non-linear market impact",
   * Quantitative Finance 15(7), 1109-1121), 1 at the end, 0.41 after one duration, falling as
   * `1 / (2 sqrt(x))`. The decay a markout then shows is this kernel's, not a measurement. Default: none.
   */
  ownImpact?: ArrayLike<number>;
}

/**
 * The decay kernel of {@linkcode MarkoutOptions.ownImpact}: `G(x) = sqrt(1 + x) - sqrt(x)`, the share of a
 * metaorder's peak impact left `x` durations after its end in the locally linear order book model (Donier
 * et al. 2015). 1 at `x = 0`, decreasing, `~ 1 / (2 sqrt(x))` for large `x`.
 *
 * @param durationsAfterEnd time since the end of the order over its duration, `x >= 0` (Infinity gives 0).
 * @returns the remaining share of the peak impact, in (0, 1] (0 for `x = Infinity`).
 * @throws {RangeError} if `x` is negative or NaN.
 *
 * @example
 * ```ts
 * import { impactDecayKernel } from "@lib/tca/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(impactDecayKernel(0), 1);
 * assert.ok(Math.abs(impactDecayKernel(1) - (Math.SQRT2 - 1)) < 1e-15); // 0.414 after one duration
 * assert.ok(Math.abs(impactDecayKernel(3) - (2 - Math.sqrt(3))) < 1e-15);
 * ```
 */
export function impactDecayKernel(durationsAfterEnd: number): number {
  const x = durationsAfterEnd;
  if (!(x >= 0)) {
    throw new RangeError(
      `Cannot compute the impact decay kernel: durationsAfterEnd must be >= 0: current value is ${x}`,
    );
  }
  if (x === Infinity) return 0;
  // sqrt(1 + x) - sqrt(x) = 1 / (sqrt(1 + x) + sqrt(x)), without cancellation for large x
  return 1 / (Math.sqrt(1 + x) + Math.sqrt(x));
}

/**
 * Column name of the markout at a horizon: `markout<minutes>m`.
 *
 * @param minutes horizon, minutes.
 * @returns the column name.
 *
 * @example
 * ```ts
 * import { markoutColumn } from "@lib/tca/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(markoutColumn(5), "markout5m");
 * ```
 */
export function markoutColumn(minutes: number): string {
  return `markout${minutes}m`;
}

/** Reads candles from arrays or a DataFrame into a validated frame `{ closeTime, close }` (f64). */
function candleFrame(action: string, candles: TcaCandles | pl.DataFrame, intervalMs: number | undefined) {
  let startTime: Float64Array, close: Float64Array;
  if (
    candles !== null && typeof candles === "object" &&
    typeof (candles as pl.DataFrame).getColumn === "function"
  ) {
    const frame = candles as pl.DataFrame;
    for (const c of ["startTime", "close"]) {
      if (!frame.columns.includes(c)) {
        throw new TypeError(
          `Cannot ${action}: candles must have a column ${c}: current columns are ${
            frame.columns.join(", ")
          }`,
        );
      }
    }
    const isDatetime = String(frame.getColumn("startTime").dtype.variant) === "Datetime";
    const times = frame.select(
      (isDatetime ? pl.col("startTime").cast(pl.Datetime("ms")).cast(pl.Int64) : pl.col("startTime")).cast(
        pl.Float64,
      ).fillNull(NaN).alias("startTime"),
      pl.col("close").cast(pl.Float64).fillNull(NaN).alias("close"),
    );
    startTime = Float64Array.from(times.getColumn("startTime").toArray() as number[]);
    close = Float64Array.from(times.getColumn("close").toArray() as number[]);
  } else if (
    candles !== null && typeof candles === "object" && "startTime" in candles && "close" in candles
  ) {
    startTime = toFiniteArray(action, "candles.startTime", candles.startTime);
    close = toFiniteArray(action, "candles.close", candles.close);
    if (startTime.length !== close.length) {
      throw new TypeError(
        `Cannot ${action}: candles.startTime and candles.close must have the same length: current lengths are ${startTime.length} and ${close.length}`,
      );
    }
  } else {
    throw new TypeError(
      `Cannot ${action}: candles must be { startTime, close } or a DataFrame: current value is ${candles}`,
    );
  }
  if (startTime.length < 2) {
    throw new RangeError(
      `Cannot ${action}: candles must have at least 2 rows: current count is ${startTime.length}`,
    );
  }
  let smallestGap = Infinity;
  for (let i = 0; i < startTime.length; i++) {
    assertFinite(action, `candles.startTime[${i}]`, startTime[i]!);
    assertPositive(action, `candles.close[${i}]`, close[i]!);
    if (i > 0) {
      const gap = startTime[i]! - startTime[i - 1]!;
      if (!(gap > 0)) {
        throw new RangeError(
          `Cannot ${action}: candles.startTime must increase: candles.startTime[${i}] is ${
            startTime[i]
          } after ${startTime[i - 1]}`,
        );
      }
      if (gap < smallestGap) smallestGap = gap;
    }
  }
  const interval = intervalMs ?? smallestGap;
  assertPositive(action, "intervalMs", interval);
  const closeTime = startTime.map((t) => t + interval);
  return { frame: pl.DataFrame({ closeTime, close }), interval };
}

/**
 * Side-adjusted markouts of each trade at several horizons after its end, from candle closes.
 *
 * With `side = sign(size)`, `end = timestamp + durationMinutes * 60,000` (ms; `durationMinutes` is 0
 * when absent) and `P(t)` the close of the last candle that closed at or before `t` (a candle starting
 * at `s` closes at `s + intervalMs`), provided it closed less than one interval before `t`:
 *
 * ```
 * markout(h) = side * (P(end + h) - reference) / reference
 * ```
 *
 * with `reference` the execution price (default) or `P(end)`. A fraction of the price; positive = the
 * price moved in the trade's direction. With `ownImpact`, `P(t)` is replaced by the candle price plus the
 * trade's own decaying impact (see {@linkcode MarkoutOptions.ownImpact}), for trades the candles do not
 * contain. A markout is `null` when `P` is unavailable (before the first
 * candle, in a gap, or past the last candle) or when the trade's `size`, `executionPrice`, `timestamp` or
 * `durationMinutes` is bad (`analyzeTrades` reports those rows); nulls are excluded from summaries and
 * counted there, never averaged in. Candles are for one instrument: pass the trades of that instrument.
 *
 * Cost: one sort of the trades and one polars as-of join per horizon, O(n log n + m).
 *
 * @param trades a DataFrame with `size`, `executionPrice`, `timestamp` (UTC ms) and optionally
 *   `durationMinutes`, or an array of `TradeRecord`s with timestamps.
 * @param candles `{ startTime, close }` arrays or a DataFrame with those columns (`startTime` numeric UTC
 *   ms or a polars Datetime).
 * @param options horizons (minutes), candle interval and reference price.
 * @returns a DataFrame with one row per trade in input order: `index` (u32) and one f64 column
 *   `markout<h>m` per horizon (see {@linkcode markoutColumn}); join it to `analyzeTrades` results on
 *   `index`.
 * @throws {TypeError} for a missing column or candle arrays of different lengths.
 * @throws {RangeError} for a bad candle (naming its index and value), fewer than 2 candles, or a
 *   horizon or interval that is not finite and > 0.
 *
 * @example
 * ```ts
 * import { markoutsFromCandles } from "@lib/tca/mod.ts";
 * import assert from "node:assert/strict";
 * const minute = 60_000;
 * const candles = { startTime: [0, 1, 2, 3, 4, 5].map((k) => k * minute), close: [100, 100, 101, 102, 103, 104] };
 * // A buy filled at 100 ending at 2 minutes: one minute later the last closed candle closed at 101.
 * const trades = [{ size: 1, executionPrice: 100, arrivalPrice: 100, vwap: 100, spread: 0,
 *   averageDailyVolume: 1e4, dailyVolatility: 0.02, timestamp: 2 * minute }];
 * const m = markoutsFromCandles(trades, candles, { horizonsMinutes: [1, 2] });
 * assert.ok(Math.abs((m.getColumn("markout1m").get(0) as number) - 0.01) < 1e-15);
 * assert.ok(Math.abs((m.getColumn("markout2m").get(0) as number) - 0.02) < 1e-15);
 * ```
 */
export function markoutsFromCandles(
  trades: pl.DataFrame | readonly TradeRecord[],
  candles: TcaCandles | pl.DataFrame,
  options: MarkoutOptions = {},
): pl.DataFrame {
  const action = "compute markouts";
  assertObject(action, "options", options);
  const { horizonsMinutes = [1, 5, 30, 60], intervalMs, reference = "execution", ownImpact } = options;
  if (!Array.isArray(horizonsMinutes)) {
    throw new TypeError(
      `Cannot ${action}: horizonsMinutes must be an array of minutes: current value is ${
        describeValue(horizonsMinutes)
      }`,
    );
  }
  const frame = Array.isArray(trades) ? tradesToTcaFrame(trades) : trades as pl.DataFrame;
  if (frame === null || typeof frame !== "object" || typeof frame.getColumn !== "function") {
    throw new TypeError(
      `Cannot ${action}: trades must be a DataFrame or an array of trades: current value is ${trades}`,
    );
  }
  for (const c of ["size", "executionPrice", "timestamp"]) {
    if (!frame.columns.includes(c)) {
      throw new TypeError(
        `Cannot ${action}: trades must have a column ${c}: current columns are ${frame.columns.join(", ")}`,
      );
    }
  }
  if (horizonsMinutes.length === 0) {
    throw new RangeError(`Cannot ${action}: horizonsMinutes is empty: current length is 0`);
  }
  horizonsMinutes.forEach((h, k) => assertPositive(action, `horizonsMinutes[${k}]`, h));
  if (new Set(horizonsMinutes).size !== horizonsMinutes.length) {
    throw new RangeError(
      `Cannot ${action}: horizonsMinutes must be distinct: current value is ${horizonsMinutes}`,
    );
  }
  if (reference !== "execution" && reference !== "end") {
    throw new RangeError(
      `Cannot ${action}: reference must be "execution" or "end": current value is ${reference}`,
    );
  }
  const { frame: closes, interval } = candleFrame(action, candles, intervalMs);
  let own: Float64Array | null = null;
  if (ownImpact !== undefined) {
    if (ownImpact === null || typeof ownImpact !== "object" || typeof ownImpact.length !== "number") {
      throw new TypeError(
        `Cannot ${action}: ownImpact must be an array of impacts, one per trade: current value is ${
          describeValue(ownImpact)
        }`,
      );
    }
    if (ownImpact.length !== frame.height) {
      throw new TypeError(
        `Cannot ${action}: ownImpact must have one value per trade (${frame.height}): current length is ${ownImpact.length}`,
      );
    }
    own = Float64Array.from(ownImpact, (v) => (typeof v === "number" ? v : NaN));
  }

  const col = pl.col;
  const size = col("size").cast(pl.Float64), exec = col("executionPrice").cast(pl.Float64);
  const duration = frame.columns.includes("durationMinutes")
    ? col("durationMinutes").cast(pl.Float64)
    : pl.lit(0);
  const end = col("timestamp").cast(pl.Float64).add(duration.mul(60_000));
  const valid = size.isFinite().and(size.neq(0)).and(exec.isFinite()).and(exec.gt(0))
    .and(end.isFinite()).and(duration.isFinite()).and(duration.gtEq(0)).fillNull(false);
  const targets = [
    { name: "_end", offsetMs: 0 },
    ...horizonsMinutes.map((h, k) => ({ name: `_h${k}`, offsetMs: h * 60_000 })),
  ];
  const source = own === null ? frame : frame.withColumns(pl.Series("_ownImpact", own));
  const ownValid = own === null ? pl.lit(true) : col("_ownImpact").isFinite().fillNull(false);
  let joined = source.lazy()
    .select(
      pl.when(size.gt(0)).then(pl.lit(1)).otherwise(pl.lit(-1)).alias("_side"),
      exec.alias("_exec"),
      end.alias("_tEnd"),
      duration.alias("_duration"),
      (own === null ? pl.lit(0) : col("_ownImpact")).cast(pl.Float64).alias("_own"),
      valid.and(ownValid).alias("_valid"),
    )
    .withRowIndex("index")
    .filter(col("_valid"))
    .sort("_tEnd")
    .withColumns(...targets.map((t) => col("_tEnd").add(t.offsetMs).alias(`${t.name}_t`)))
    .collectSync();
  // Every target is end + a constant, so one sort by end keeps each target sorted for its as-of join.
  for (const t of targets) {
    joined = joined.joinAsof(
      closes.select(col("closeTime").alias(`${t.name}_c`), col("close").alias(`${t.name}_p`)),
      { leftOn: `${t.name}_t`, rightOn: `${t.name}_c`, strategy: "backward" },
    );
  }
  const price = (name: string) =>
    pl.when(col(`${name}_t`).sub(col(`${name}_c`)).lt(interval)).then(col(`${name}_p`)).otherwise(
      pl.lit(null),
    );
  // The trade's own impact left after `h` minutes: side * I * G(h / T), G(x) = 1 / (sqrt(1 + x) + sqrt(x)).
  const decay = (minutes: number) =>
    own === null ? pl.lit(0) : pl.when(col("_duration").gt(0)).then(
      pl.lit(1).div(
        pl.lit(minutes).div(col("_duration")).add(1).pow(0.5).add(
          pl.lit(minutes).div(col("_duration")).pow(0.5),
        ),
      ),
    ).otherwise(pl.lit(0));
  const withOwn = (name: string, minutes: number) =>
    price(name).mul(col("_side").mul(col("_own")).mul(decay(minutes)).add(1));
  const ref = reference === "execution" ? col("_exec") : withOwn("_end", 0);
  const markouts = joined.lazy()
    .select(
      col("index"),
      ...horizonsMinutes.map((h, k) =>
        col("_side").mul(withOwn(`_h${k}`, h).sub(ref)).div(ref).cast(pl.Float64).alias(markoutColumn(h))
      ),
    )
    .collectSync();
  return frame.select(pl.intRange(0, frame.height).cast(pl.UInt32).alias("index"))
    .join(markouts, { on: "index", how: "left" })
    .sort("index");
}
