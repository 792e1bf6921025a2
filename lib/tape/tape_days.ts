/**
 * Measuring a long tape one UTC day at a time, in bounded memory.
 *
 * A month of BTCUSDT linear trades is 30-90 million rows: as typed arrays alone 25 bytes a trade (2.2 GB for
 * 90 M), and the estimators' work arrays on top. Every tape estimator here works per block (UTC day), so a
 * month need never be in memory at once: {@linkcode measureTapeDays} reads the days in order, keeps only
 * per-day sums (lagged sign and price products, impact-path sums), the metaorder table and the aggregate-impact
 * windows, and lets each day's trades go before the next day is read. Memory is one day's tape plus the
 * metaorder table (about 53 bytes a metaorder) and the windows (28 bytes each).
 *
 * The results are those of the whole-tape functions on the concatenated days, with UTC-day blocks: the same
 * per-block sums, added in the same order, and one seeded trade-to-trader stream drawn in tape order. The
 * tests check it number for number against `signsAndResponse`, `syntheticMetaorders`,
 * `metaorderImpactPath` and `aggregateImpact`. Two inputs need the whole tape there and are fixed here
 * instead: the tick size (give it, or it is estimated on the first tape whose price changes) and the price
 * reference of the response sums (the first trade's price, as there). Where `metaorderImpactPath` would throw
 * (no metaorder long enough) the path is `null` here, so that a month's other results are not lost.
 *
 * @module
 */
import { assertTradeTape, type TradeTape, type TradeTapeSource } from "../data/trade_tape.ts";
import { SeededRandom } from "../core/random.ts";
import { concatArrays, GrowingArray } from "../core/arrays.ts";
import { assertInteger, assertObject, assertPositive, describeValue } from "../core/validate.ts";
import {
  blockDailyScales,
  type SyntheticMetaorderOptions,
  type SyntheticMetaorders,
} from "./synthetic_metaorders.ts";
import type { SignCorrelation } from "./sign_correlation.ts";
import { estimateTickSize } from "../data/tick_size.ts";
import type { ResponseFunction } from "./response_function.ts";
import type { MetaorderPathOptions, MetaorderPathPoint } from "./metaorder_impact.ts";
import { blockBootstrapCounts, describeBlocks, tapeBlocks } from "./blocks.ts";
import type { AggregateImpact, AggregateImpactOptions } from "./aggregate_impact.ts";
import {
  addWindows,
  aggregateSettings,
  type WindowColumns,
  windowColumns,
  windowResult,
} from "./_aggregate_windows.ts";
import { assertLagsFitBlocks } from "./_block_checks.ts";
import { laggedSumsByBlock } from "./_lagged_sums.ts";
import { correlationFromSums } from "./_sign_sums.ts";
import { addResponseSums, newResponseSums, responseFromSums, shiftedLevels } from "./_response_sums.ts";
import { METAORDER_COLUMNS, metaorderColumns, metaorderSettings } from "./_metaorder_runs.ts";
import { impactPathPoints, impactPathSums, pathSettings } from "./_impact_path.ts";

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
/** The tick size estimated from one tape's prices, or undefined when they never change. */
function tickFromPrices(prices: Float64Array): number | undefined {
  try {
    return estimateTickSize(prices);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Largest `maxLag` of {@linkcode measureTapeDays}: 1,000,000 trades (FFT work arrays of about 100 MB a day). */
const MAX_LAG = 1_000_000;
/** Largest price range, in ticks, of the response sums (as `responseFunction`). */
const MAX_RANGE_TICKS = 1e12;

/**
 * Sign correlation, response function, synthetic metaorders and their impact path, and aggregate impact with
 * Kyle's lambda, of a tape given as
 * successive UTC days (or runs of whole days), one day in memory at a time. See the module notes for why
 * the numbers equal those of the whole-tape functions.
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
 * assert.equal(m.metaorders.dailyVolume.length, 3);
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
  // Errors in a nested option name it: "Cannot measure tape day by day (options.path): seed must be ...".
  const settings = metaorderSettings(`${action} (options.metaorders)`, metaorderOptions);
  const aggregate = aggregateOptions === false
    ? null
    : aggregateSettings(`${action} (options.aggregate)`, aggregateOptions);
  if (aggregate?.unit === "seconds") {
    aggregate.windows.forEach((T, i) => {
      if (T >= DAY_MS / 1000) {
        throw new RangeError(
          `Cannot ${action} (options.aggregate): windows[${i}] must be < 86,400 s (a window never crosses a UTC ` +
            `day here): current value is ${T}`,
        );
      }
    });
  }
  const path = pathSettings(`${action} (options.path)`, pathOptions);
  if (
    days === null || typeof days !== "object" || !(Symbol.asyncIterator in days || Symbol.iterator in days)
  ) {
    throw new TypeError(
      `Cannot ${action}: days must be an iterable of trade tapes: current value is ${describeValue(days)}`,
    );
  }

  const rng = new SeededRandom(settings.seed);
  const responseSums = newResponseSums(maxLag);
  const productParts: Float64Array[] = [], signSumParts: Float64Array[] = [], startParts: Int32Array[] = [];
  const volumeParts: Float64Array[] = [],
    volatilityParts: Float64Array[] = [],
    pathParts: Float64Array[] = [];
  // The metaorder table and the windows grow in place (GrowingArray): no second copy when the month is joined.
  const table = {
    first: new GrowingArray(Int32Array),
    last: new GrowingArray(Int32Array),
    sign: new GrowingArray(Int8Array),
    children: new GrowingArray(Int32Array),
    volume: new GrowingArray(Float64Array),
    participation: new GrowingArray(Float64Array),
    durationTrades: new GrowingArray(Int32Array),
    durationSeconds: new GrowingArray(Float64Array),
    block: new GrowingArray(Int32Array),
    impact: new GrowingArray(Float64Array),
  };
  startParts.push(Int32Array.of(0));
  // Aggregate impact: per window length, the windows of each day (in tape order), and one scratch table.
  const windowTables = (aggregate?.windows ?? []).map(() => ({
    dv: new GrowingArray(Float64Array),
    vol: new GrowingArray(Float64Array),
    ret: new GrowingArray(Float64Array),
    block: new GrowingArray(Int32Array),
  }));
  let scratch = windowColumns(0);
  let symbol = "", source: TradeTapeSource = "synthetic";
  let tick = tickSize ?? NaN, ref = NaN;
  let trades = 0, blocks = 0, metaorderCount = 0, pathUsed = 0, signTotal = 0, dayCount = 0;
  let lastDay = -Infinity, lastSeenDay = -Infinity, firstDate = "", lastDate = "";
  /** Measures one tape (whole UTC days) and keeps its per-day sums. */
  const measure = (tape: TradeTape) => {
    const n = tape.prices.length;
    lastDay = Math.floor(tape.timestamps[n - 1]! / DAY_MS);
    const starts = tapeBlocks(tape.timestamps, "day");
    const nb = starts.length - 1;

    // C(l) and R(l): per-block lagged sums, with the whole tape's price reference and tick.
    let range = 0;
    for (let i = 0; i < n; i++) range = Math.max(range, Math.abs(tape.prices[i]! - ref));
    if (!(range / tick <= MAX_RANGE_TICKS)) {
      throw new RangeError(
        `Cannot ${action}: the price range from the first trade in ticks (tickSize = ${tick}) must be <= ` +
          `${MAX_RANGE_TICKS}: current value is ${range / tick} (range ${range})`,
      );
    }
    const { level, logLevel } = shiftedLevels(tape.prices, ref, tick);
    const [products, cross, crossLog] = laggedSumsByBlock(
      tape.signs,
      [tape.signs, level, logLevel],
      maxLag,
      starts,
    );
    addResponseSums(responseSums, tape.signs, level, logLevel, starts, cross!, crossLog!);
    productParts.push(products!);
    const signSums = new Float64Array(nb);
    for (let b = 0; b < nb; b++) {
      let s = 0;
      for (let t = starts[b]!; t < starts[b + 1]!; t++) s += tape.signs[t]!;
      signSums[b] = s;
      signTotal += s;
    }
    signSumParts.push(signSums);

    // Metaorders (one seeded stream across days) and the impact path's per-block sums.
    const scales = blockDailyScales(tape, starts, settings.volatilitySamplingSeconds);
    const columns = metaorderColumns(tape, starts, scales, rng, settings);
    const sums = impactPathSums(
      columns,
      { blockStarts: starts, dailyVolatility: scales.dailyVolatility },
      tape.prices,
      path.times,
      path.minDurationTrades,
    );
    pathParts.push(sums.sums);
    pathUsed += sums.used;
    if (aggregate) {
      if (scratch.dv.length < n) scratch = windowColumns(n);
      aggregate.windows.forEach((T, k) => {
        scratch.count = 0;
        addWindows(scratch, tape, starts, T, aggregate.unit, blocks);
        const c = scratch.count, into = windowTables[k]!;
        into.dv.push(scratch.dv.subarray(0, c));
        into.vol.push(scratch.vol.subarray(0, c));
        into.ret.push(scratch.ret.subarray(0, c));
        into.block.push(scratch.block.subarray(0, c));
      });
    }
    for (let i = 0; i < columns.first.length; i++) {
      columns.first[i] = columns.first[i]! + trades;
      columns.last[i] = columns.last[i]! + trades;
      columns.block[i] = columns.block[i]! + blocks;
    }
    for (const name of METAORDER_COLUMNS) {
      table[name].push(columns[name]);
    }
    volumeParts.push(scales.dailyVolume);
    volatilityParts.push(scales.dailyVolatility);
    startParts.push(starts.subarray(1).map((s) => s + trades));
    trades += n;
    blocks += nb;
    metaorderCount += columns.first.length;
    dayCount++;
    lastDate = new Date(lastDay * DAY_MS).toISOString().slice(0, 10);
    onDay?.({ day: dayCount, date: lastDate, trades: n, totalTrades: trades, metaorders: metaorderCount });
  };
  // Tapes whose price never changes wait here until a tape gives the tick size (when it is not given).
  const waiting: TradeTape[] = [];
  for await (const tape of days) {
    assertTradeTape(action, tape, 0);
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
    if (Number.isNaN(ref)) {
      waiting.push(tape);
      if (Number.isNaN(tick)) {
        const estimate = tickFromPrices(tape.prices);
        if (estimate === undefined) continue;
        tick = estimate;
      }
      ref = waiting[0]!.prices[0]!;
      for (const t of waiting) measure(t);
      waiting.length = 0;
      continue;
    }
    measure(tape);
  }
  if (waiting.length > 0) {
    throw new RangeError(
      `Cannot ${action}: tickSize must be given when no tape's price ever changes (nothing to estimate it ` +
        `from): current value is undefined, over ${waiting.length} tape(s) of constant price`,
    );
  }
  if (dayCount === 0) {
    throw new RangeError(`Cannot ${action}: days must hold at least one trade: current count is 0`);
  }
  if (trades < maxLag + 2) {
    throw new RangeError(
      `Cannot ${action}: tape must hold at least ${maxLag + 2} trades: current count is ${trades}`,
    );
  }
  const blockStarts = concatArrays(startParts, Int32Array);
  assertLagsFitBlocks(action, blockStarts, maxLag, "UTC days");
  scratch = windowColumns(0);
  let aggregateResult: AggregateImpact | null = null;
  if (aggregate) {
    const { bootstrapSamples, seed } = aggregate;
    const counts = bootstrapSamples > 0
      ? blockBootstrapCounts(blocks, { samples: bootstrapSamples, seed })
      : null;
    aggregateResult = {
      windows: aggregate.windows.map((T, k) => {
        const from = windowTables[k]!;
        const columns: WindowColumns = {
          dv: from.dv.toArray(),
          vol: from.vol.toArray(),
          ret: from.ret.toArray(),
          block: from.block.toArray(),
          count: from.dv.length,
        };
        return windowResult(action, columns, blocks, T, aggregate, counts);
      }),
      priceSource: "trade price",
      blocks,
      blocksDescription: describeBlocks("day"),
      confidence: aggregate.confidence,
    };
  }
  const blockProducts = concatArrays(productParts, Float64Array);
  productParts.length = 0;
  const blockSignSums = concatArrays(signSumParts, Float64Array);
  const correlation: SignCorrelation = {
    lags: Float64Array.from({ length: maxLag }, (_, i) => i + 1),
    correlation: correlationFromSums(
      blockProducts,
      blockSignSums,
      blockStarts,
      new Float64Array(blocks).fill(1),
      maxLag + 1,
    ),
    meanSign: signTotal / trades,
    trades,
    blocksDescription: describeBlocks("day"),
    blockStarts,
    blockProducts,
    blockSignSums,
  };
  const { ticks, bps } = responseFromSums(responseSums);
  const response: ResponseFunction = {
    lags: Float64Array.from({ length: maxLag }, (_, i) => i + 1),
    ticks,
    bps,
    priceSource: "trade price",
    tickSize: tick,
    tickSizeSource: tickSize === undefined ? "estimated" : "given",
    trades,
    blocks,
    blocksDescription: describeBlocks("day"),
  };
  const dailyVolatility = concatArrays(volatilityParts, Float64Array);
  let blocksWithoutVolatility = 0;
  for (let b = 0; b < blocks; b++) if (!(dailyVolatility[b]! > 0)) blocksWithoutVolatility++;
  const metaorders: SyntheticMetaorders = {
    first: table.first.toArray(),
    last: table.last.toArray(),
    sign: table.sign.toArray(),
    children: table.children.toArray(),
    volume: table.volume.toArray(),
    participation: table.participation.toArray(),
    durationTrades: table.durationTrades.toArray(),
    durationSeconds: table.durationSeconds.toArray(),
    block: table.block.toArray(),
    impact: table.impact.toArray(),
    dailyVolume: concatArrays(volumeParts, Float64Array),
    dailyVolatility,
    blockStarts,
    blocksWithoutVolatility,
    traders: settings.traders,
    participationModel: settings.participationModel,
    minChildren: settings.minChildren,
    blocksDescription: describeBlocks("day"),
    priceSource: "trade price",
  };
  const pathPoints = pathUsed > 0
    ? impactPathPoints(concatArrays(pathParts, Float64Array), path.times, path)
    : null;
  return {
    correlation,
    response,
    metaorders,
    path: pathPoints,
    aggregate: aggregateResult,
    symbol,
    source,
    trades,
    days: blocks,
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
