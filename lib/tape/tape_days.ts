/**
 * Measuring a long tape one UTC day at a time, in bounded memory.
 *
 * A month of BTCUSDT linear trades is 30-90 million rows: as typed arrays alone 25 bytes a trade (2.2 GB for
 * 90 M), and the estimators' work arrays on top. Every tape estimator is an accumulator (`TapeAccumulator`)
 * that keeps per-block sums, so a month need never be in memory at once: {@linkcode measureTapeDays} reads
 * the days in order and adds each to the accumulators of the sign correlation and response function
 * (`createSignsAndResponseAccumulator`), the synthetic metaorders (`createSyntheticMetaorderAccumulator`),
 * their impact path (`createImpactPathAccumulator`) and the aggregate impact
 * (`createAggregateImpactAccumulator`), then finishes them. A day's trades are let go before the next day is
 * read; what stays is the per-day sums, the metaorder table (about 53 bytes a metaorder) and the windows
 * (28 bytes each).
 *
 * The whole-tape functions (`signsAndResponse`, `syntheticMetaorders`, `metaorderImpactPath`,
 * `aggregateImpact`) are one `add` of the whole tape to the same accumulators, so with UTC-day blocks the
 * two give the same numbers to the bit (the tests check it). Two inputs the whole-tape functions read off
 * the whole tape come from the first days here: the tick size (give it, or it is estimated on the first tape
 * whose price changes) and the price reference of the response sums (the first trade's price, as there).
 * Where `metaorderImpactPath` would throw (no metaorder long enough) the path is `null` here, so that a
 * month's other results are not lost. Every day is measured on trade prices (quotes, if a day has them, are
 * left aside).
 *
 * @module
 */
import { assertTradeTape, type TradeTape, type TradeTapeSource } from "../data/trade_tape.ts";
import { assertInteger, assertObject, assertPositive, describeValue } from "../core/validate.ts";
import type { SyntheticMetaorderOptions, SyntheticMetaorders } from "./synthetic_metaorders.ts";
import { createSyntheticMetaorderAccumulator } from "./synthetic_metaorders.ts";
import type { SignCorrelation } from "./sign_correlation.ts";
import { createSignsAndResponseAccumulator, type ResponseFunction } from "./response_function.ts";
import {
  createImpactPathAccumulator,
  type MetaorderPathOptions,
  type MetaorderPathPoint,
} from "./metaorder_impact.ts";
import { tapeBlocks } from "./blocks.ts";
import {
  type AggregateImpact,
  type AggregateImpactOptions,
  createAggregateImpactAccumulator,
} from "./aggregate_impact.ts";
import { assertTapeOnce } from "./_accumulation.ts";

/** Options of {@linkcode measureTapeDays}. */
export interface TapeDaysOptions {
  /** Largest lag of `C(l)` and `R(l)`, trades, >= 1. Default 1000. */
  maxLag?: number;
  /** Tick size, quote per base unit, > 0. Default: estimated on the first day (`estimateTickSize`). */
  tickSize?: number;
  /** Options of the metaorder builder (blocks are always UTC days here). Defaults as `syntheticMetaorders`. */
  metaorders?: Omit<SyntheticMetaorderOptions, "blocks">;
  /** Options of the impact path (profile and decay). Defaults as `metaorderImpactPath`. */
  path?: MetaorderPathOptions;
  /**
   * Options of the aggregate impact and Kyle's lambda (blocks are UTC days here), defaults as
   * `aggregateImpact`; `false` skips it (it keeps four numbers per window: 0.25 GB for 90 M trades at T = 10).
   */
  aggregate?: Omit<AggregateImpactOptions, "blocks"> | false;
  /** Called after each day is measured, e.g. to draw a progress bar. */
  onDay?: (progress: TapeDayProgress) => void;
}

/** What {@linkcode measureTapeDays} reports after each tape (each day, when every tape is one day). */
export interface TapeDayProgress {
  /** Tapes measured so far, from 1 (days, when every tape is one day). */
  day: number;
  /** The last UTC date of the tape just measured, `YYYY-MM-DD`. */
  date: string;
  /** Trades of that tape, and of all tapes so far. */
  trades: number;
  totalTrades: number;
  /** Metaorders built so far. */
  metaorders: number;
}

/** Result of {@linkcode measureTapeDays}. */
export interface TapeDaysMeasurement {
  /** Sign autocorrelation with per-day sums: pass it to `signExponent`. */
  correlation: SignCorrelation;
  /** Response function in ticks and bps (trade price as `m`). */
  response: ResponseFunction;
  /** Synthetic metaorders of all days (tape indices count from the first day's first trade): pass to `metaorderSquareRootLaw`. */
  metaorders: SyntheticMetaorders;
  /** Average impact path during and after execution; null when no metaorder lasts `path.minDurationTrades`. */
  path: MetaorderPathPoint[] | null;
  /** Aggregate impact and Kyle's lambda per window length; null with `aggregate: false`. */
  aggregate: AggregateImpact | null;
  /** Symbol and source of the days (all days must agree). */
  symbol: string;
  source: TradeTapeSource;
  /** Trades and UTC days measured, and the first and last date. */
  trades: number;
  days: number;
  firstDate: string;
  lastDate: string;
}

const DAY_MS = 86_400_000;

/** The tape's trade columns without its quotes. */
function withoutQuotes(tape: TradeTape): TradeTape {
  const { quotes: _quotes, ...trades } = tape;
  return trades;
}

/** Largest `maxLag` of {@linkcode measureTapeDays}: 1,000,000 trades (FFT work arrays of about 100 MB a day). */
const MAX_LAG = 1_000_000;

/**
 * Sign correlation, response function, synthetic metaorders and their impact path, and aggregate impact with
 * Kyle's lambda, of a tape given as successive UTC days (or runs of whole days), one day in memory at a time:
 * each day is added to the estimators' accumulators, which are finished after the last day. See the module
 * notes for why the numbers equal those of the whole-tape functions.
 *
 * Cost: O(n log maxLag) time as the whole-tape functions; memory one day's tape plus the metaorder table and
 * the aggregate windows, which grow in place (`GrowingArray`): the result's columns are views on them.
 *
 * @param days the tape in time order, as an iterable or async iterable of tapes, each holding whole UTC
 *   days after the previous one's last day (for example `tradeTapeDays(await loadTrades(spec))`).
 * @param options lags, tick size, metaorder and path options, a per-day callback.
 * @returns the measurements, ready for `signExponent` and `metaorderSquareRootLaw`.
 * @throws {TypeError} for a malformed day tape, or days of different symbols or sources.
 * @throws {RangeError} for a bad option (a nested option's message names it, e.g. `(options.path)`), days
 *   out of order or split across two tapes, no trades, fewer than `maxLag + 2` trades or a `maxLag` not below
 *   the largest day's trade count, no price change to estimate the tick from, more than 2^31 trades, or an
 *   aggregate window length with fewer than 3 windows or a lambda that is not finite (as `aggregateImpact`).
 *
 * @example
 * ```ts
 * import { measureTapeDays } from "@lib/tape/mod.ts";
 * import { synthesizeTrades } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const day = (d: number) =>
 *   synthesizeTrades({ days: 1, tradesPerDay: 2_000, startMs: Date.UTC(2025, 5, 1 + d), seed: d });
 * const m = await measureTapeDays([day(0), day(1), day(2)], { maxLag: 50, tickSize: 0.5, path: { bootstrapSamples: 0 } });
 * assert.equal(m.days, 3);
 * assert.equal(m.trades, 6_000);
 * assert.equal(m.correlation.blockStarts.length, 4); // one block per day
 * assert.equal(m.metaorders.averageDailyVolume.length, 3);
 * ```
 */
export async function measureTapeDays(
  days: AsyncIterable<TradeTape> | Iterable<TradeTape>,
  options: TapeDaysOptions = {},
): Promise<TapeDaysMeasurement> {
  const action = "measure tape day by day";
  assertObject(action, "options", options);
  const {
    maxLag = 1000,
    tickSize,
    metaorders: metaorderOptions = {},
    path: pathOptions = {},
    aggregate: aggregateOptions = {},
    onDay,
  } = options;
  assertInteger(action, "maxLag", maxLag, 1);
  if (maxLag > MAX_LAG) {
    // Refused before any day is read: every day's FFT work arrays grow with maxLag.
    throw new RangeError(
      `Cannot ${action}: maxLag must be <= ${MAX_LAG.toLocaleString("en-US")}: current value is ${maxLag}`,
    );
  }
  if (tickSize !== undefined) assertPositive(action, "tickSize", tickSize);
  if (onDay !== undefined && typeof onDay !== "function") {
    throw new TypeError(
      `Cannot ${action}: onDay must be a function: current value is ${describeValue(onDay)}`,
    );
  }
  for (const [name, given] of [["metaorders", metaorderOptions], ["aggregate", aggregateOptions]] as const) {
    if (given !== false) assertObject(action, `options.${name}`, given);
    if (given && "blocks" in given) {
      throw new RangeError(
        `Cannot ${action}: options.${name}.blocks must be left out (blocks are UTC days here): current value is ${
          describeValue((given as { blocks: unknown }).blocks)
        }`,
      );
    }
  }
  // The accumulators, every UTC day a block. Errors in a nested option name it:
  // "Cannot measure tape day by day (options.path): seed must be ...".
  const signs = createSignsAndResponseAccumulator(
    { maxLag, blocks: "day", ...(tickSize === undefined ? {} : { tickSize }) },
    action,
  );
  if ((metaorderOptions as { mergeSlivers?: boolean }).mergeSlivers === true) {
    throw new RangeError(
      `Cannot ${action}: options.metaorders.mergeSlivers must be left out or false (every UTC day is a block ` +
        `here): current value is true`,
    );
  }
  const metaorders = createSyntheticMetaorderAccumulator(
    { ...metaorderOptions, blocks: "day", mergeSlivers: false },
    `${action} (options.metaorders)`,
  );
  const aggregate = aggregateOptions === false ? null : createAggregateImpactAccumulator(
    { ...aggregateOptions, blocks: "day" },
    `${action} (options.aggregate)`,
  );
  if (aggregateOptions && aggregateOptions.unit === "seconds") {
    (aggregateOptions.windows ?? []).forEach((T, i) => {
      if (T >= DAY_MS / 1000) {
        throw new RangeError(
          `Cannot ${action} (options.aggregate): windows[${i}] must be < 86,400 s (a window never crosses a UTC ` +
            `day here): current value is ${T}`,
        );
      }
    });
  }
  const path = createImpactPathAccumulator(metaorders, pathOptions, `${action} (options.path)`);
  if (
    days === null || typeof days !== "object" || !(Symbol.asyncIterator in days || Symbol.iterator in days)
  ) {
    throw new TypeError(
      `Cannot ${action}: days must be an iterable of trade tapes: current value is ${describeValue(days)}`,
    );
  }
  if (Array.isArray(days)) {
    // Days given at once: refuse an impossible maxLag before any FFT.
    let longest = 0, total = 0;
    for (const day of days as TradeTape[]) {
      const t = day?.timestamps;
      if (!(t instanceof Float64Array)) continue; // checked when the day is measured
      total += t.length;
      const starts = tapeBlocks(t, "day");
      for (let b = 0; b + 1 < starts.length; b++) longest = Math.max(longest, starts[b + 1]! - starts[b]!);
    }
    // (Too few trades in all is refused later, with its own message.)
    if (maxLag >= longest && longest > 0 && total >= maxLag + 2) {
      throw new RangeError(
        `Cannot ${action}: maxLag must be < the longest block's trade count (${longest}, UTC days), so that every ` +
          `lag has a pair of trades inside a block: current value is ${maxLag}`,
      );
    }
  }

  let symbol = "", source: TradeTapeSource = "synthetic";
  let trades = 0, dayCount = 0, lastSeenDay = -Infinity, firstDate = "", lastDate = "";
  for await (const tape of days) {
    assertTapeOnce(action, tape, 0);
    const n = tape.prices.length;
    if (n === 0) continue; // a day without trades is no block, as in the whole tape
    const firstDayOfTape = Math.floor(tape.timestamps[0]! / DAY_MS);
    if (lastSeenDay === -Infinity) {
      symbol = tape.symbol;
      source = tape.source;
      firstDate = new Date(firstDayOfTape * DAY_MS).toISOString().slice(0, 10);
    } else {
      if (tape.symbol !== symbol || tape.source !== source) {
        throw new TypeError(
          `Cannot ${action}: every day must have the first day's symbol and source (${symbol}, ${source}): ` +
            `current value is ${tape.symbol}, ${tape.source}`,
        );
      }
      if (!(firstDayOfTape > lastSeenDay)) {
        throw new RangeError(
          `Cannot ${action}: each tape must start on a UTC day after the previous tape's last day (${
            new Date(lastSeenDay * DAY_MS).toISOString().slice(0, 10)
          }; a day split across two tapes would be two blocks): current first trade is ${
            new Date(tape.timestamps[0]!).toISOString()
          }`,
        );
      }
    }
    lastSeenDay = Math.floor(tape.timestamps[n - 1]! / DAY_MS);
    if (trades + n > 2 ** 31 - 1) {
      throw new RangeError(
        `Cannot ${action}: the days must hold fewer than 2^31 trades in all (tape indices are 32-bit): ` +
          `current count is ${trades + n}`,
      );
    }
    // Day by day everything is measured on trade prices, quotes or not.
    const day = tape.quotes ? withoutQuotes(tape) : tape;
    signs.add(day);
    metaorders.add(day);
    path.add(day);
    aggregate?.add(day);
    trades += n;
    dayCount++;
    lastDate = new Date(lastSeenDay * DAY_MS).toISOString().slice(0, 10);
    onDay?.({ day: dayCount, date: lastDate, trades: n, totalTrades: trades, metaorders: metaorders.count });
  }
  if (dayCount === 0) {
    throw new RangeError(`Cannot ${action}: days must hold at least one trade: current count is 0`);
  }
  const { correlation, response } = signs.finish();
  const aggregateResult = aggregate?.finish() ?? null;
  return {
    correlation,
    response,
    metaorders: metaorders.finish(),
    path: path.used > 0 ? path.finish() : null,
    aggregate: aggregateResult,
    symbol,
    source,
    trades,
    days: correlation.blockStarts.length - 1,
    firstDate,
    lastDate,
  };
}

/**
 * A tape cut into one tape per UTC day (views on the same memory, no copy), in order: the input
 * {@linkcode measureTapeDays} takes, for a tape already in memory (e.g. from `readTradesCsv`).
 *
 * @param tape the trade tape.
 * @returns one tape per UTC day with trades.
 * @throws {TypeError} for a malformed tape.
 *
 * @example
 * ```ts
 * import { tapeByDay } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const day = 86_400_000;
 * const tape = {
 *   timestamps: Float64Array.from([0, 1000, day, day + 5, 3 * day]), prices: new Float64Array(5).fill(100),
 *   sizes: new Float64Array(5).fill(1), signs: Int8Array.from([1, -1, 1, 1, -1]), symbol: "T", source: "csv" as const,
 * };
 * assert.deepEqual(tapeByDay(tape).map((d) => d.prices.length), [2, 2, 1]);
 * ```
 */
export function tapeByDay(tape: TradeTape): TradeTape[] {
  assertTradeTape("cut tape by day", tape, 0);
  const starts = tapeBlocks(tape.timestamps, "day");
  const out: TradeTape[] = [];
  for (let b = 0; b + 1 < starts.length; b++) {
    const from = starts[b]!, to = starts[b + 1]!;
    out.push({
      timestamps: tape.timestamps.subarray(from, to),
      prices: tape.prices.subarray(from, to),
      sizes: tape.sizes.subarray(from, to),
      signs: tape.signs.subarray(from, to),
      symbol: tape.symbol,
      source: tape.source,
    });
  }
  return out;
}
