/**
 * Synthetic metaorders from a public trade tape (Maitrier, Loeper & Bouchaud 2025, arXiv 2503.18199).
 *
 * Proprietary metaorder data is rare; a public tape only shows anonymous trades. Maitrier et al. assign
 * every trade at random to one of `N` synthetic traders and call each trader's run of same-sign trades a
 * metaorder. Because real order flow has long memory, these runs inherit the market's own correlated
 * flow, and their impact follows the square-root law ; on a naive synthetic price
 * without that mechanism, they report, it does not.
 *
 * Definition used here, every choice an option and recorded in the result (`definition`):
 * - Runs: inside one block (a UTC day by default), trader `k`'s trades in tape order are cut into maximal
 *   runs of equal sign; a run is a metaorder if it has at least `minChildren` trades (and, optionally, at
 *   least `minParticipation` of V and `minDurationSeconds`). Runs end at the block's end. A run also ends
 *   because that trader's next trade has the other sign: `nextOwnTrade` records that trade (-1 if none in
 *   the block), so the post-execution path can be measured without the trader's own reversal.
 * - Price reference: the mid in force before each trade when the tape carries quotes (`tape.quotes`),
 *   else the trade price (`priceReference` says which). The start price is the price before the first child:
 *   the previous trade's price (the first child's own if it opens the block), or the mid before it.
 * - End price (`endPrice`): `"last-child"` the last child's print (on mids: the mid right after it, the same
 *   as `"mid-after"`); `"next-print"` the next trade's print after the last child (on mids: the mid after it);
 *   `"mid-after"` the mid right after the last child (needs quotes); `"next-own-trade"` the price at the same
 *   trader's next trade (the trade price, or the mid before it), as in the peer code of Maitrier et al.
 *   (github.com/glatouille/Metaorder_proxy, `generate_meta`: `EndMid` is the next trade's `BeginMid`).
 *   An end the block cannot supply is NaN, and the fits skip it.
 * - V (`volumeSource`): the block's traded volume, `"actual"`, or `"extrapolated"` to 24 h from its span.
 * - sigma (`volatilityEstimator`): `"realised"` volatility from the reference price sampled every
 *   `min(volatilitySamplingSeconds, span / minReturnsPerBlock)` seconds, so that every block has at least
 *   `minReturnsPerBlock` returns (Andersen et al. 2003), or `"range"`: `ln(max / min)` of the block's
 *   reference price, as the peer code's `(max - min) / open`; both extrapolated to 24 h by `sqrt(day / span)`.
 *
 * @module
 */
import { assertTradeTape, type TradeTape } from "../data/trade_tape.ts";
import { SeededRandom } from "../core/random.ts";
import { GrowingArray } from "../core/arrays.ts";
import { assertFiniteResult, assertObject, assertPositive, describeValue } from "../core/validate.ts";
import { assertColumn } from "./_metaorders.ts";
import {
  METAORDER_COLUMNS,
  type MetaorderColumns,
  metaorderColumns,
  type MetaorderSettings,
  metaorderSettings,
} from "./_metaorder_runs.ts";
import { assertTapeOnce, sameQuoteSource, tapeBlocksOnce, TapeLedger } from "./_accumulation.ts";
import type { TapeAccumulator } from "./tape_accumulator.ts";
import { describeBlocks, mergeSliverBlocks } from "./blocks.ts";
import type {
  DailyVolumeSource,
  SyntheticMetaorderOptions,
  SyntheticMetaorders,
  VolatilityEstimator,
} from "./metaorder_definition.ts";

export type {
  DailyVolumeSource,
  MetaorderDefinition,
  MetaorderEndPrice,
  Participation,
  SyntheticMetaorderOptions,
  SyntheticMetaorders,
  VolatilityEstimator,
} from "./metaorder_definition.ts";

/** Throws unless `tape.quotes.mids` has one mid per trade, finite and > 0 or NaN (no quote yet). */
function assertQuotesFit(action: string, tape: TradeTape): void {
  const mids = tape.quotes?.mids;
  const n = tape.prices.length;
  if (!(mids instanceof Float64Array) || mids.length !== n) {
    throw new TypeError(
      `Cannot ${action}: tape.quotes.mids must be a Float64Array with one mid per trade (${n}): current length is ${
        mids instanceof Float64Array ? mids.length : describeValue(mids)
      }`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (!((mids[i]! > 0 && Number.isFinite(mids[i]!)) || Number.isNaN(mids[i]!))) {
      throw new RangeError(
        `Cannot ${action}: tape.quotes.mids[${i}] must be finite and > 0 (or NaN before the first quote): current value is ${
          mids[i]
        }`,
      );
    }
  }
}

const DAY_MS = 86_400_000;

/**
 * Per-block daily volume and daily volatility, each extrapolated to 24 h from the block's span
 * (first to last trade, plus one mean gap): `V = volume * day / span`; `sigma_D = sqrt(sum r^2 * day / span)`
 * with `r` the log returns of the last trade price in consecutive `samplingSeconds` intervals (realised
 * volatility, Andersen et al. 2003).
 *
 * @param tape the trade tape.
 * @param starts block boundaries (see `tapeBlocks`).
 * @param samplingSeconds longest sampling interval of the realised volatility, seconds.
 * @param options `minReturns` (default 1: the interval as given; 20 in `syntheticMetaorders`) shortens the
 *   interval per block to `span / minReturns`; `volatilityEstimator` `"realised"` (default) or `"range"`; `volumeSource`
 *   `"extrapolated"` (default) or `"actual"`. Prices are the mids when `tape.quotes` is there.
 * @returns per block: `averageDailyVolume` (base units per day), `dailyVolatility` (fraction per day) and the
 *   sampling interval used (seconds).
 *
 * @example
 * ```ts
 * import { blockDailyScales, tapeBlocks } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // Four trades a minute apart (span 3 min + one gap = 4 min = 1/360 day), 1 unit each: V = 4 * 360.
 * const tape = {
 *   timestamps: Float64Array.from([0, 60_000, 120_000, 180_000]), prices: Float64Array.from([100, 101, 100, 101]),
 *   sizes: new Float64Array(4).fill(1), signs: Int8Array.from([1, 1, -1, 1]), symbol: "T", source: "csv" as const,
 * };
 * const { averageDailyVolume, dailyVolatility } = blockDailyScales(tape, tapeBlocks(tape.timestamps), 60);
 * assert.equal(averageDailyVolume[0], 1440);
 * const r = Math.log(101 / 100);
 * assert.ok(Math.abs(dailyVolatility[0]! - Math.sqrt(3 * r * r * 360)) < 1e-12);
 * ```
 */
export function blockDailyScales(
  tape: TradeTape,
  starts: Int32Array,
  samplingSeconds: number,
  options: {
    minReturns?: number;
    volatilityEstimator?: VolatilityEstimator;
    volumeSource?: DailyVolumeSource;
  } = {},
): { averageDailyVolume: Float64Array; dailyVolatility: Float64Array; samplingSeconds: Float64Array } {
  const action = "compute block daily scales";
  assertTradeTape(action, tape);
  assertPositive(action, "samplingSeconds", samplingSeconds);
  assertObject(action, "options", options);
  const { minReturns = 1, volatilityEstimator = "realised", volumeSource = "extrapolated" } = options;
  assertPositive(action, "minReturns", minReturns);
  const n = tape.timestamps.length;
  assertColumn(action, { starts }, "starts", { index: n + 1, boundName: "tape length + 1" });
  if (starts.length < 2 || starts[0] !== 0 || starts[starts.length - 1] !== n) {
    throw new RangeError(
      `Cannot ${action}: starts must run from 0 to the tape's length (${n}) with one block or more: current ` +
        `value is [${Array.from(starts).slice(0, 3).join(", ")}${starts.length > 3 ? ", ..." : ""}]`,
    );
  }
  for (let b = 1; b < starts.length; b++) {
    if (!(starts[b]! > starts[b - 1]!)) {
      throw new RangeError(
        `Cannot ${action}: starts[${b}] must be > starts[${b - 1}] (${starts[b - 1]}; no empty block): ` +
          `current value is ${starts[b]}`,
      );
    }
  }
  const nb = starts.length - 1;
  const averageDailyVolume = new Float64Array(nb), dailyVolatility = new Float64Array(nb);
  const sampling = new Float64Array(nb);
  const { timestamps, sizes } = tape;
  const prices = tape.quotes?.mids ?? tape.prices;
  for (let b = 0; b < nb; b++) {
    const from = starts[b]!, to = starts[b + 1]!;
    const count = to - from;
    const span = timestamps[to - 1]! - timestamps[from]!;
    const fullSpan = span + (count > 1 ? span / (count - 1) : 1000);
    const interval = Math.min(samplingSeconds * 1000, Math.max(fullSpan, 1) / minReturns);
    sampling[b] = volatilityEstimator === "range" ? NaN : interval / 1000;
    // The last price of each sampling interval is the sample; its log is taken only when it is read.
    let volume = 0, sumSq = 0, lastKey = -1, lastPrice = NaN, prevLog = NaN;
    let high = -Infinity, low = Infinity;
    for (let t = from; t < to; t++) {
      volume += sizes[t]!;
      const p = prices[t]!;
      if (!(p > 0)) continue; // a trade before the first quote has no mid (NaN)
      if (p > high) high = p;
      if (p < low) low = p;
      const key = Math.floor((timestamps[t]! - timestamps[from]!) / interval);
      if (key !== lastKey) {
        if (lastKey >= 0) {
          const lastLog = Math.log(lastPrice);
          if (Number.isFinite(prevLog)) sumSq += (lastLog - prevLog) ** 2;
          prevLog = lastLog;
        }
        lastKey = key;
      }
      lastPrice = p;
    }
    if (Number.isFinite(prevLog)) sumSq += (Math.log(lastPrice) - prevLog) ** 2;
    const scale = DAY_MS / Math.max(fullSpan, 1);
    averageDailyVolume[b] = volumeSource === "actual" ? volume : volume * scale;
    dailyVolatility[b] = volatilityEstimator === "range"
      ? Math.log(high / low) * Math.sqrt(scale)
      : Math.sqrt(sumSq * scale);
    const inputs = { block: b, trades: count, "span (ms)": fullSpan };
    assertFiniteResult(action, `block ${b}'s daily volume (from tape.sizes)`, averageDailyVolume[b]!, inputs);
    assertFiniteResult(
      action,
      `block ${b}'s daily volatility (from tape.prices)`,
      dailyVolatility[b]!,
      inputs,
    );
  }
  return { averageDailyVolume, dailyVolatility, samplingSeconds: sampling };
}

/**
 * Builds synthetic metaorders from a tape by random assignment of trades to `N` traders (Maitrier, Loeper &
 * Bouchaud 2025), with each metaorder's size, participation `|Q|/V`, duration and impact over
 * the daily volatility. See the module notes for the exact definition.
 *
 * Cost O(n) time (one uniform draw per trade; a binary search over traders for power-law participation)
 * plus O(N) per block; output columns grow by doubling; no per-trade objects.
 *
 * @param tape the trade tape.
 * @param options traders, participation, minimum children, blocks, volatility sampling, seed.
 * @returns the metaorders as columns, with the per-block daily volume and volatility.
 * @throws {TypeError} for a malformed tape.
 * @throws {RangeError} for a bad option.
 *
 * @example
 * ```ts
 * import { syntheticMetaorders } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // One trader: the metaorders are the tape's own runs of equal sign, here + + | - - - | + (min 2 children).
 * const tape = {
 *   timestamps: Float64Array.from([0, 1, 2, 3, 4, 5].map((s) => s * 60_000)),
 *   prices: Float64Array.from([100, 101, 102, 101, 100, 101]), sizes: Float64Array.from([1, 2, 1, 1, 1, 1]),
 *   signs: Int8Array.from([1, 1, -1, -1, -1, 1]), symbol: "TEST", source: "synthetic" as const,
 * };
 * const m = syntheticMetaorders(tape, { traders: 1, volatilitySamplingSeconds: 60 });
 * assert.deepEqual([...m.first], [0, 2]);
 * assert.deepEqual([...m.volume], [3, 3]);
 * // Second run: a sell from 101 (the trade before it) down to 100: side-adjusted +ln(101/100) over sigma_D.
 * assert.ok(Math.abs(m.impact[1]! * m.dailyVolatility[0]! - Math.log(101 / 100)) < 1e-12);
 * ```
 */
export function syntheticMetaorders(
  tape: TradeTape,
  options: SyntheticMetaorderOptions = {},
): SyntheticMetaorders {
  const action = "build synthetic metaorders";
  const accumulator = createSyntheticMetaorderAccumulator(options, action);
  assertTapeOnce(action, tape, 2);
  accumulator.add(tape);
  return accumulator.finish();
}

/**
 * A {@linkcode TapeAccumulator} of synthetic metaorders that also hands out each tape's own metaorders, for
 * the estimators that read them tape by tape (`createImpactPathAccumulator`).
 */
export interface SyntheticMetaorderAccumulator extends TapeAccumulator<SyntheticMetaorders> {
  /**
   * The metaorders built from one added tape, indexed on that tape (trades and blocks from 0); undefined for
   * a tape not added (or one without trades), and for every tape once the accumulator is finished. Held
   * weakly: a tape let go takes its metaorders with it.
   */
  metaordersOf(tape: TradeTape): SyntheticMetaorders | undefined;
  /** Metaorders built so far. */
  readonly count: number;
}

/**
 * Synthetic metaorders as an accumulator (see `TapeAccumulator`): each `add(tape)` cuts the tape into blocks
 * (slivers merged within the tape when `mergeSlivers`), draws each trade's trader from one seeded stream that
 * runs on from tape to tape, and keeps the tape's metaorders (53 bytes each) and per-block daily volume and
 * volatility; `finish()` gives the metaorders of every tape added, tape indices counted from the first added
 * trade (Maitrier, Loeper & Bouchaud 2025): the result of {@linkcode syntheticMetaorders} on the tapes
 * joined, which is one `add` and `finish`. Runs never cross a block, so never two adds. Impacts are read on
 * the quoted mids when the tapes carry quotes, else on trade prices; every tape added must agree.
 *
 * @param options as {@linkcode syntheticMetaorders}.
 * @param action the action named in error messages (default `"build synthetic metaorders"`).
 * @returns the accumulator, with each tape's own metaorders from `metaordersOf(tape)`.
 * @throws {RangeError} for a bad option; `add` throws for a malformed tape, quotes that do not fit it or
 *   differ from the first tape's, or `endPrice: "mid-after"` without quotes; `finish` for fewer than 2 trades.
 *
 * @example
 * ```ts
 * import { createSyntheticMetaorderAccumulator } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const day = 86_400_000;
 * const tape = (start: number, signs: number[]) => ({
 *   timestamps: Float64Array.from(signs, (_, i) => start + i * 60_000),
 *   prices: Float64Array.from(signs, (_, i) => 100 + (i % 2)), sizes: new Float64Array(signs.length).fill(1),
 *   signs: Int8Array.from(signs), symbol: "T", source: "csv" as const,
 * });
 * // One trader: the metaorders are each day's runs of equal sign with 2 children or more.
 * const m = createSyntheticMetaorderAccumulator({ traders: 1, volatilitySamplingSeconds: 60 });
 * const first = tape(0, [1, 1, -1, -1, -1]), second = tape(day, [-1, 1, 1, 1]);
 * m.add(first);
 * m.add(second);
 * assert.deepEqual([...m.metaordersOf(first)!.first], [0, 2]);
 * assert.deepEqual([...m.metaordersOf(second)!.first], [1]); // indexed on the second tape
 * const all = m.finish();
 * assert.deepEqual([...all.first], [0, 2, 6]); // indexed from the first tape's first trade
 * assert.deepEqual([...all.block], [0, 0, 1]);
 * ```
 */
export function createSyntheticMetaorderAccumulator(
  options: SyntheticMetaorderOptions = {},
  action = "build synthetic metaorders",
): SyntheticMetaorderAccumulator {
  assertObject(action, "options", options);
  const settings = metaorderSettings(action, options);
  const { blocks, volatilitySamplingSeconds } = settings;
  const rng = new SeededRandom(settings.seed);
  const ledger = new TapeLedger(action);
  // The metaorder table and the per-block columns grow in place: no second copy when the tapes are joined.
  const table = {
    first: new GrowingArray(Int32Array),
    last: new GrowingArray(Int32Array),
    sign: new GrowingArray(Int8Array),
    children: new GrowingArray(Int32Array),
    volume: new GrowingArray(Float64Array),
    participation: new GrowingArray(Float64Array),
    nextOwnTrade: new GrowingArray(Int32Array),
    executionVolume: new GrowingArray(Float64Array),
    participationRate: new GrowingArray(Float64Array),
    durationTrades: new GrowingArray(Int32Array),
    durationSeconds: new GrowingArray(Float64Array),
    block: new GrowingArray(Int32Array),
    impact: new GrowingArray(Float64Array),
  };
  const averageDailyVolume = new GrowingArray(Float64Array),
    dailyVolatility = new GrowingArray(Float64Array),
    samplingSeconds = new GrowingArray(Float64Array);
  const withoutVolatility: SyntheticMetaorders["blocksWithoutVolatilityList"] = [];
  let merged = 0, fromMids: boolean | undefined;
  let byTape = new WeakMap<TradeTape, SyntheticMetaorders>();
  return {
    metaordersOf(tape: TradeTape): SyntheticMetaorders | undefined {
      return byTape.get(tape);
    },
    get count() {
      return table.first.length;
    },
    add(tape: TradeTape): void {
      if (!ledger.admit(tape)) return;
      const withMids = tape.quotes !== undefined;
      if (withMids) assertQuotesFit(action, tape);
      if (settings.endPrice === "mid-after" && !withMids) {
        throw new RangeError(
          `Cannot ${action}: endPrice "mid-after" needs quotes: current tape.quotes is undefined (join quotes ` +
            `first, or use "last-child", "next-print" or "next-own-trade")`,
        );
      }
      fromMids = sameQuoteSource(action, fromMids, withMids);
      const raw = tapeBlocksOnce(tape, blocks);
      const cut = options.mergeSlivers === false
        ? { starts: raw, merged: 0 }
        : mergeSliverBlocks(raw, tape.timestamps);
      const starts = cut.starts;
      const scales = blockDailyScales(tape, starts, volatilitySamplingSeconds, {
        minReturns: settings.minReturnsPerBlock,
        volatilityEstimator: settings.volatilityEstimator,
        volumeSource: settings.volumeSource,
      });
      const columns = metaorderColumns(tape, starts, scales, rng, settings);
      const missing = blocksWithoutVolatility(tape, starts, scales.dailyVolatility, 0);
      byTape.set(
        tape,
        metaorderTable(
          columns,
          {
            ...scales,
            blockStarts: starts,
            blocksWithoutVolatilityList: missing,
            mergedSlivers: cut.merged,
          },
          settings,
          withMids,
        ),
      );
      // Into the table with indices counted from the first tape's first trade.
      const trades = ledger.trades, blockOffset = ledger.blocks;
      for (const name of METAORDER_COLUMNS) {
        const column = columns[name];
        if (name === "first" || name === "last") table[name].push(column.map((i) => i + trades));
        else if (name === "nextOwnTrade") table[name].push(column.map((i) => (i >= 0 ? i + trades : i)));
        else if (name === "block") table[name].push(column.map((b) => b + blockOffset));
        else table[name].push(column);
      }
      averageDailyVolume.push(scales.averageDailyVolume);
      dailyVolatility.push(scales.dailyVolatility);
      samplingSeconds.push(scales.samplingSeconds);
      for (const m of missing) withoutVolatility.push({ ...m, block: m.block + blockOffset });
      merged += cut.merged;
      ledger.record(starts);
    },
    finish(): SyntheticMetaorders {
      ledger.close();
      ledger.assertTrades(2);
      byTape = new WeakMap();
      const columns = Object.fromEntries(
        METAORDER_COLUMNS.map((name) => [name, table[name].toArray()]),
      ) as unknown as MetaorderColumns;
      return metaorderTable(
        columns,
        {
          averageDailyVolume: averageDailyVolume.toArray(),
          dailyVolatility: dailyVolatility.toArray(),
          samplingSeconds: samplingSeconds.toArray(),
          blockStarts: ledger.blockStarts(),
          blocksWithoutVolatilityList: withoutVolatility,
          mergedSlivers: merged,
        },
        settings,
        fromMids ?? false,
      );
    },
  };
}

/** The blocks of a tape whose daily volatility is 0, with their first trade's time; blocks numbered from `offset`. */
function blocksWithoutVolatility(
  tape: TradeTape,
  starts: Int32Array,
  dailyVolatility: Float64Array,
  offset: number,
): SyntheticMetaorders["blocksWithoutVolatilityList"] {
  const out: SyntheticMetaorders["blocksWithoutVolatilityList"] = [];
  for (let b = 0; b + 1 < starts.length; b++) {
    if (!(dailyVolatility[b]! > 0)) {
      out.push({
        block: b + offset,
        start: new Date(tape.timestamps[starts[b]!]!).toISOString(),
        trades: starts[b + 1]! - starts[b]!,
      });
    }
  }
  return out;
}

/** A {@linkcode SyntheticMetaorders} record from the metaorder columns, the blocks' columns and the settings. */
function metaorderTable(
  columns: MetaorderColumns,
  perBlock: Pick<
    SyntheticMetaorders,
    | "averageDailyVolume"
    | "dailyVolatility"
    | "samplingSeconds"
    | "blockStarts"
    | "blocksWithoutVolatilityList"
    | "mergedSlivers"
  >,
  settings: MetaorderSettings,
  fromMids: boolean,
): SyntheticMetaorders {
  const priceReference = fromMids ? "mid" : "trade";
  const blocksDescription = describeBlocks(settings.blocks) +
    (perBlock.mergedSlivers > 0 ? ` (${perBlock.mergedSlivers} sliver(s) merged)` : "");
  return {
    ...columns,
    ...perBlock,
    blocksWithoutVolatility: perBlock.blocksWithoutVolatilityList.length,
    traders: settings.traders,
    participationModel: settings.participationModel,
    minChildren: settings.minChildren,
    blocksDescription,
    priceSource: fromMids ? "mid" : "trade price",
    priceReference,
    definition: {
      traders: settings.traders,
      participationModel: settings.participationModel,
      minChildren: settings.minChildren,
      endPrice: settings.endPrice,
      volumeSource: settings.volumeSource,
      volatilityEstimator: settings.volatilityEstimator,
      minParticipation: settings.minParticipation,
      minDurationSeconds: settings.minDurationSeconds,
      seed: settings.seed,
      priceReference,
      blocksDescription,
      source:
        "random assignment of trades to N traders, runs of equal sign (Maitrier, Loeper & Bouchaud 2025)",
    },
  };
}
