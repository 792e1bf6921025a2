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
 * - V (`dailyVolume`): the block's traded volume, `"actual"`, or `"extrapolated"` to 24 h from its span.
 * - sigma (`volatility`): `"realised"` volatility from the reference price sampled every
 *   `min(volatilitySamplingSeconds, span / minReturnsPerBlock)` seconds, so that every block has at least
 *   `minReturnsPerBlock` returns (Andersen et al. 2003), or `"range"`: `ln(max / min)` of the block's
 *   reference price, as the peer code's `(max - min) / open`; both extrapolated to 24 h by `sqrt(day / span)`.
 *
 * @module
 */
import { assertTradeTape, type TradeTape } from "../data/trade_tape.ts";
import { SeededRandom } from "../core/random.ts";
import { assertFiniteResult, assertObject, assertPositive, describeValue } from "../core/validate.ts";
import { assertColumn } from "./_metaorders.ts";
import { metaorderColumns, metaorderSettings } from "./_metaorder_runs.ts";
import { type BlockSpec, describeBlocks, mergeSliverBlocks, tapeBlocks } from "./blocks.ts";

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

/** How trades are shared among the synthetic traders. */
export type Participation = "homogeneous" | { powerLaw: number };

/** Which price ends a metaorder (see the module notes). */
export type MetaorderEndPrice = "last-child" | "next-print" | "mid-after" | "next-own-trade";
/** Daily volume `V` of a block: its traded volume as is, or extrapolated to 24 h from its span. */
export type DailyVolumeSource = "actual" | "extrapolated";
/** Daily volatility `sigma_D` of a block: realised (adaptive sampling) or the block's range. */
export type VolatilityEstimator = "realised" | "range";

/** Options of {@linkcode syntheticMetaorders}. */
export interface SyntheticMetaorderOptions {
  /** Number of synthetic traders `N`, >= 1. Default 100. */
  traders?: number;
  /**
   * `"homogeneous"` (default): every trader gets a trade with probability `1/N`. `{ powerLaw: z }`: trader
   * `k = 1..N` with probability proportional to `k^-z` (a few large traders and many small ones).
   */
  participation?: Participation;
  /** Fewest child trades of a metaorder. Default 2. */
  minChildren?: number;
  /** Blocks ("days"): metaorders, daily volume and daily volatility are per block. Default `"day"`. */
  blocks?: BlockSpec;
  /**
   * Longest sampling interval of the realised daily volatility, seconds. Default 300 (5 minutes); shortened
   * per block to `span / minReturnsPerBlock`.
   */
  volatilitySamplingSeconds?: number;
  /** Fewest returns per block for the realised volatility. Default 20. */
  minReturnsPerBlock?: number;
  /** Daily volatility estimator. Default `"realised"`. */
  volatility?: VolatilityEstimator;
  /** Daily volume. Default `"extrapolated"`. */
  dailyVolume?: DailyVolumeSource;
  /** End price of a metaorder. Default `"last-child"`. */
  endPrice?: MetaorderEndPrice;
  /** Only metaorders with `|Q| / V` at least this. Default 0. */
  minParticipation?: number;
  /** Only metaorders lasting at least this many seconds (first to last child). Default 0. */
  minDurationSeconds?: number;
  /**
   * Merge sliver blocks (under 5 % of the longest block's span, or one trade) into a neighbour
   * (`mergeSliverBlocks`). Default true. `measureTapeDays` keeps every UTC day as a block (false there).
   */
  mergeSlivers?: boolean;
  /** Seed of the trade-to-trader assignment. Default 42. */
  seed?: number;
}

/** The metaorder definition a result was built with (see the module notes). */
export interface MetaorderDefinition {
  traders: number;
  participationModel: string;
  minChildren: number;
  endPrice: MetaorderEndPrice;
  dailyVolume: DailyVolumeSource;
  volatility: VolatilityEstimator;
  minParticipation: number;
  minDurationSeconds: number;
  seed: number;
  priceReference: "mid" | "trade";
  blocksDescription: string;
  source: string;
}

/**
 * Synthetic metaorders as columns (one entry per metaorder, in order of completion within each block).
 * Impacts are in units of the block's daily volatility.
 */
export interface SyntheticMetaorders {
  /** Tape index of the first and of the last child trade. */
  first: Int32Array;
  last: Int32Array;
  /** Side: +1 buy, -1 sell. */
  sign: Int8Array;
  /** Child trades. */
  children: Int32Array;
  /** Unsigned size `|Q|`, base units. */
  volume: Float64Array;
  /** `|Q| / V`, with `V` the block's daily volume. */
  participation: Float64Array;
  /** Duration from first to last child: tape trades (`last - first`) and seconds. */
  durationTrades: Int32Array;
  durationSeconds: Float64Array;
  /** Block of each metaorder. */
  block: Int32Array;
  /**
   * Side-adjusted log price change from before the first child (the previous trade's price; the first
   * child's if it opens the block) to the last child's price, over the daily volatility: `I / sigma_D`
   * (NaN in a block without volatility; the fits skip it).
   */
  impact: Float64Array;
  /** Tape index of the same trader's next trade after the run (of the other sign), -1 if none in the block. */
  nextOwnTrade: Int32Array;
  /** Volume traded on the whole tape from the first to the last child, base units. */
  executionVolume: Float64Array;
  /** Participation rate during execution: `|Q|` over `executionVolume`, in (0, 1]. */
  participationRate: Float64Array;
  /** Per block: daily volume `V` (base units per day) and daily volatility `sigma_D` (fraction per day). */
  dailyVolume: Float64Array;
  dailyVolatility: Float64Array;
  /** Block boundaries in the tape. */
  blockStarts: Int32Array;
  /** Per block: the realised volatility's sampling interval, seconds (NaN for the range estimator). */
  samplingSeconds: Float64Array;
  /** Blocks whose daily volatility is 0 (no price change between samples): their metaorders' impact is NaN. */
  blocksWithoutVolatility: number;
  /** Those blocks, by index, with their first trade's time (ISO). */
  blocksWithoutVolatilityList: { block: number; start: string; trades: number }[];
  /** Sliver blocks (under 5 % of the longest block's span) merged into a neighbour. */
  mergedSlivers: number;
  /** The definition, for the record. */
  definition: MetaorderDefinition;
  /** Price the impacts are measured on: mids (the tape has quotes) or trade prices. */
  priceReference: "mid" | "trade";
  /** Settings, for the record. */
  traders: number;
  participationModel: string;
  minChildren: number;
  blocksDescription: string;
  priceSource: "mid" | "trade price";
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
 *   interval per block to `span / minReturns`; `volatility` `"realised"` (default) or `"range"`; `volume`
 *   `"extrapolated"` (default) or `"actual"`. Prices are the mids when `tape.quotes` is there.
 * @returns per block: `dailyVolume` (base units per day), `dailyVolatility` (fraction per day) and the
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
 * const { dailyVolume, dailyVolatility } = blockDailyScales(tape, tapeBlocks(tape.timestamps), 60);
 * assert.equal(dailyVolume[0], 1440);
 * const r = Math.log(101 / 100);
 * assert.ok(Math.abs(dailyVolatility[0]! - Math.sqrt(3 * r * r * 360)) < 1e-12);
 * ```
 */
export function blockDailyScales(
  tape: TradeTape,
  starts: Int32Array,
  samplingSeconds: number,
  options: { minReturns?: number; volatility?: VolatilityEstimator; volume?: DailyVolumeSource } = {},
): { dailyVolume: Float64Array; dailyVolatility: Float64Array; samplingSeconds: Float64Array } {
  const action = "compute block daily scales";
  assertTradeTape(action, tape);
  assertPositive(action, "samplingSeconds", samplingSeconds);
  assertObject(action, "options", options);
  const { minReturns = 1, volatility = "realised", volume: volumeSource = "extrapolated" } = options;
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
  const dailyVolume = new Float64Array(nb), dailyVolatility = new Float64Array(nb);
  const sampling = new Float64Array(nb);
  const { timestamps, sizes } = tape;
  const prices = tape.quotes?.mids ?? tape.prices;
  for (let b = 0; b < nb; b++) {
    const from = starts[b]!, to = starts[b + 1]!;
    const count = to - from;
    const span = timestamps[to - 1]! - timestamps[from]!;
    const fullSpan = span + (count > 1 ? span / (count - 1) : 1000);
    const interval = Math.min(samplingSeconds * 1000, Math.max(fullSpan, 1) / minReturns);
    sampling[b] = volatility === "range" ? NaN : interval / 1000;
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
    dailyVolume[b] = volumeSource === "actual" ? volume : volume * scale;
    dailyVolatility[b] = volatility === "range"
      ? Math.log(high / low) * Math.sqrt(scale)
      : Math.sqrt(sumSq * scale);
    const inputs = { block: b, trades: count, "span (ms)": fullSpan };
    assertFiniteResult(action, `block ${b}'s daily volume (from tape.sizes)`, dailyVolume[b]!, inputs);
    assertFiniteResult(
      action,
      `block ${b}'s daily volatility (from tape.prices)`,
      dailyVolatility[b]!,
      inputs,
    );
  }
  return { dailyVolume, dailyVolatility, samplingSeconds: sampling };
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
  assertObject(action, "options", options);
  assertTradeTape(action, tape, 2);
  const settings = metaorderSettings(action, options);
  const { blocks, volatilitySamplingSeconds, seed, traders, cumulative, minChildren } = settings;
  const priceReference = tape.quotes ? "mid" : "trade";
  if (tape.quotes) assertQuotesFit(action, tape);
  if (settings.endPrice === "mid-after" && !tape.quotes) {
    throw new RangeError(
      `Cannot ${action}: endPrice "mid-after" needs quotes: current tape.quotes is undefined (join quotes first, ` +
        `or use "last-child", "next-print" or "next-own-trade")`,
    );
  }
  const raw = tapeBlocks(tape.timestamps, blocks);
  const cut = options.mergeSlivers === false
    ? { starts: raw, merged: 0 }
    : mergeSliverBlocks(raw, tape.timestamps);
  const starts = cut.starts;
  const nb = starts.length - 1;
  const { dailyVolume, dailyVolatility, samplingSeconds } = blockDailyScales(
    tape,
    starts,
    volatilitySamplingSeconds,
    {
      minReturns: settings.minReturnsPerBlock,
      volatility: settings.volatility,
      volume: settings.dailyVolume,
    },
  );
  const blocksWithoutVolatilityList: { block: number; start: string; trades: number }[] = [];
  for (let b = 0; b < nb; b++) {
    if (!(dailyVolatility[b]! > 0)) {
      blocksWithoutVolatilityList.push({
        block: b,
        start: new Date(tape.timestamps[starts[b]!]!).toISOString(),
        trades: starts[b + 1]! - starts[b]!,
      });
    }
  }
  const columns = metaorderColumns(tape, starts, { dailyVolume, dailyVolatility }, new SeededRandom(seed), {
    traders,
    cumulative,
    minChildren,
    endPrice: settings.endPrice,
    minParticipation: settings.minParticipation,
    minDurationSeconds: settings.minDurationSeconds,
  });
  const blocksDescription = describeBlocks(blocks) +
    (cut.merged > 0 ? ` (${cut.merged} sliver(s) merged)` : "");
  return {
    ...columns,
    dailyVolume,
    dailyVolatility,
    blockStarts: starts,
    samplingSeconds,
    blocksWithoutVolatility: blocksWithoutVolatilityList.length,
    blocksWithoutVolatilityList,
    mergedSlivers: cut.merged,
    traders,
    participationModel: settings.participationModel,
    minChildren,
    blocksDescription,
    priceSource: priceReference === "mid" ? "mid" : "trade price",
    priceReference,
    definition: {
      traders,
      participationModel: settings.participationModel,
      minChildren,
      endPrice: settings.endPrice,
      dailyVolume: settings.dailyVolume,
      volatility: settings.volatility,
      minParticipation: settings.minParticipation,
      minDurationSeconds: settings.minDurationSeconds,
      seed,
      priceReference,
      blocksDescription,
      source:
        "random assignment of trades to N traders, runs of equal sign (Maitrier, Loeper & Bouchaud 2025)",
    },
  };
}
