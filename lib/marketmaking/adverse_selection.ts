/**
 * Adverse selection study of a tape with quotes: the mid's markout after each trade by trade-size bucket
 * and by recent order-flow imbalance bucket, each with a block-bootstrap interval, and the break-even
 * half-spread a liquidity provider needs to cover it.
 *
 * A maker who sells at `m + d` to a buyer (or buys at `m - d` from a seller) and marks the position at the
 * mid `h` later keeps `d - a_h` per unit, where `a_h = s (m_h - m)` is the markout (Glosten & Milgrom 1985;
 * Huang & Stoll 1996). The break-even half-spread at horizon `h` is the mean markout `E[a_h]`: quoting
 * tighter loses to the informed flow on average, quoting wider earns the realized spread.
 *
 * @module
 */
import {
  assertBlockSpec,
  assertBootstrapSettings,
  assignBlocks,
  type BlockSpec,
  chooseBlocks,
  describeBlockSpec,
} from "../core/bootstrap.ts";
import { DEFAULT_SEED } from "../core/random.ts";
import { quantileBins } from "../core/bins.ts";
import { assertInteger, assertObject } from "../core/validate.ts";
import type { TradeTape } from "../data/trade_tape.ts";
import { groupedBlockMeans } from "./_block_means.ts";
import { assertTapeWithQuotes } from "./_tape_quotes.ts";
import { type MarkoutHorizon, tradeMarkouts } from "./markouts.ts";
import { signedVolumeImbalance } from "./order_flow_imbalance.ts";

/** Options of {@linkcode adverseSelectionStudy}. */
export interface AdverseSelectionOptions {
  /** Horizons in seconds. Default `[1, 10, 60]`. */
  horizonsSeconds?: readonly number[];
  /** Horizons in trade events. Default `[]`. */
  horizonsTrades?: readonly number[];
  /** Trade-size buckets (quantiles of size), integer in [1, trades]. Default 5. */
  sizeBuckets?: number;
  /** Imbalance buckets (quantiles of the side-aligned imbalance), integer in [1, trades]. Default 5. */
  imbalanceBuckets?: number;
  /** Trades in the imbalance window (see `signedVolumeImbalance`). Default 50. */
  imbalanceWindowTrades?: number;
  /** Blocks of the bootstrap. Default `chooseBlocks(timestamps, { minBlocks: 24 })`: days, or 24 equal stretches of a shorter tape. */
  blocks?: BlockSpec;
  /** Bootstrap resamples, 0 for none. Default 500. */
  bootstrapSamples?: number;
  /** Interval level. Default 0.95. */
  confidence?: number;
  /** Bootstrap seed. Default {@linkcode DEFAULT_SEED}. */
  seed?: number;
}

/** One row of a bucketed markout table. */
export interface MarkoutRow {
  /** Bucket index (0 = smallest), or -1 for all trades. */
  bucket: number;
  /** Range of the bucketing variable in the bucket `[min, max]` (size in base units, or imbalance). */
  range: [number, number];
  /** Horizon label. */
  horizon: string;
  /** Trades averaged. */
  trades: number;
  /** Mean markout (price impact) `s (m_h - m) / m`, bps: the maker's adverse selection. */
  markoutBps: number;
  /** Its interval, or null. */
  interval: [number, number] | null;
  /** Why no interval; null when there is one. */
  intervalNote: string | null;
}

/** Spread decomposition at one horizon, all trades, equal weight per trade. */
export interface SpreadDecompositionRow {
  /** Horizon label. */
  horizon: string;
  /** Trades averaged (those with a mid at both ends). */
  trades: number;
  /** Mean effective half-spread, bps. */
  effectiveHalfSpreadBps: number;
  /** Mean realized half-spread, bps. */
  realizedHalfSpreadBps: number;
  /** Mean price impact (markout), bps: the break-even half-spread. */
  priceImpactBps: number;
  /** Interval of the price impact (the break-even half-spread), or null. */
  priceImpactInterval: [number, number] | null;
  /** Interval of the realized half-spread, or null. */
  realizedInterval: [number, number] | null;
  /** Why no interval; null when there is one. */
  intervalNote: string | null;
  /** A sentence about the break-even half-spread, gated on its interval. */
  sentence: string;
}

/** Result of {@linkcode adverseSelectionStudy}: plain JSON tables. */
export interface AdverseSelectionStudy {
  /** Tape symbol and source. */
  symbol: string;
  source: string;
  /** Trades on the tape and with a quote before them. */
  trades: number;
  quotedTrades: number;
  /** The horizons. */
  horizons: MarkoutHorizon[];
  /** What the imbalance is. */
  imbalanceDefinition: string;
  /** How the bootstrap blocks were cut. */
  blocks: string;
  /** Spread decomposition and break-even half-spread per horizon. */
  decomposition: SpreadDecompositionRow[];
  /** Markouts by trade-size bucket (rows bucket-major, horizons inside). */
  bySize: MarkoutRow[];
  /** Markouts by side-aligned imbalance bucket `s_i I_i` (positive: the trade follows the recent flow). */
  byImbalance: MarkoutRow[];
}

/**
 * Markouts by trade-size and order-flow-imbalance bucket, the spread decomposition and the break-even
 * half-spread, each mean with a block-bootstrap percentile interval (core/bootstrap.ts).
 *
 * Imbalance: the signed-volume imbalance `I_i` of the `W` trades before trade `i`
 * ({@linkcode signedVolumeImbalance}), aligned with the trade's side (`s_i I_i`, positive when the trade
 * goes with the recent flow). Means weight every trade equally. Cost O(n log n) for the quantile buckets
 * plus O(samples x blocks x cells).
 *
 * @param tape trades with `quotes`.
 * @param options horizons, buckets, bootstrap.
 * @returns the tables.
 * @throws {TypeError} / {RangeError} for a tape without quotes or a bad option.
 *
 * @example
 * ```ts
 * import { adverseSelectionStudy } from "@lib/marketmaking/adverse_selection.ts";
 * import { simulateBookDay } from "@lib/book/mod.ts";
 * import assert from "node:assert/strict";
 * const { tape } = simulateBookDay({ durationSeconds: 600, seed: 2 });
 * const study = adverseSelectionStudy(tape, { horizonsSeconds: [5], bootstrapSamples: 100 });
 * const row = study.decomposition[0]!;
 * assert.ok(Math.abs(row.effectiveHalfSpreadBps - row.realizedHalfSpreadBps - row.priceImpactBps) < 1e-9);
 * ```
 */
export function adverseSelectionStudy(
  tape: TradeTape,
  options: AdverseSelectionOptions = {},
): AdverseSelectionStudy {
  const action = "study adverse selection";
  assertTapeWithQuotes(action, tape, 2);
  assertObject(action, "options", options);
  const {
    horizonsSeconds = [1, 10, 60],
    horizonsTrades = [],
    sizeBuckets = 5,
    imbalanceBuckets = 5,
    imbalanceWindowTrades = 50,
    blocks = chooseBlocks(tape.timestamps, { minBlocks: 24 }),
    bootstrapSamples = 500,
    confidence = 0.95,
    seed = DEFAULT_SEED,
  } = options;
  const n = tape.prices.length;
  for (
    const [name, value] of [["sizeBuckets", sizeBuckets], ["imbalanceBuckets", imbalanceBuckets]] as const
  ) {
    assertInteger(action, name, value, 1);
    if (value > n) {
      throw new RangeError(
        `Cannot ${action}: ${name} must be <= the number of trades (${n}): current value is ${value}`,
      );
    }
  }
  assertInteger(action, "imbalanceWindowTrades", imbalanceWindowTrades, 1);
  assertBlockSpec(action, blocks);
  assertBootstrapSettings(action, bootstrapSamples, confidence, seed);
  const markouts = tradeMarkouts(tape, { horizonsSeconds, horizonsTrades });
  const imbalance = signedVolumeImbalance(tape, { windowTrades: imbalanceWindowTrades });
  const { block, count: blockCount } = assignBlocks(tape.timestamps, blocks);
  const settings = { bootstrapSamples, confidence, seed };
  const mids = tape.quotes.mids;
  let quotedTrades = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(mids[i]!)) quotedTrades++;

  // Decomposition: effective and realized per horizon (impact = effective - realized, trade by trade).
  const H = markouts.horizons.length;
  const all = new Int32Array(n);
  const decompColumns: Float64Array[] = [];
  for (let h = 0; h < H; h++) {
    const a = markouts.markoutBps[h]!, r = markouts.realizedHalfSpreadBps[h]!;
    const e = new Float64Array(n);
    for (let i = 0; i < n; i++) e[i] = Number.isFinite(a[i]!) ? markouts.effectiveHalfSpreadBps[i]! : NaN;
    decompColumns.push(e, r, a);
  }
  const decompMeans = groupedBlockMeans(decompColumns, all, 1, block, blockCount, settings);
  const decomposition: SpreadDecompositionRow[] = markouts.horizons.map((horizon, h) => {
    const e = decompMeans[3 * h]![0]!, r = decompMeans[3 * h + 1]![0]!, a = decompMeans[3 * h + 2]![0]!;
    return {
      horizon: horizon.label,
      trades: a.count,
      effectiveHalfSpreadBps: e.mean,
      realizedHalfSpreadBps: r.mean,
      priceImpactBps: a.mean,
      priceImpactInterval: a.interval,
      realizedInterval: r.interval,
      intervalNote: a.intervalNote,
      sentence: breakEvenSentence(horizon.label, e.mean, a.mean, a.interval, a.intervalNote, r.interval),
    };
  });

  const sizeGroup = quantileBins(tape.sizes, sizeBuckets);
  const aligned = new Float64Array(n);
  for (let i = 0; i < n; i++) aligned[i] = tape.signs[i]! * imbalance[i]!;
  const imbalanceGroup = bucketFinite(aligned, imbalanceBuckets);
  const bySize = bucketTable(markouts, sizeGroup, sizeBuckets, tape.sizes, block, blockCount, settings);
  const byImbalance = bucketTable(
    markouts,
    imbalanceGroup,
    imbalanceBuckets,
    aligned,
    block,
    blockCount,
    settings,
  );
  return {
    symbol: tape.symbol,
    source: tape.source,
    trades: n,
    quotedTrades,
    horizons: markouts.horizons,
    imbalanceDefinition:
      `signed-volume imbalance of the ${imbalanceWindowTrades} trades before each trade, ` +
      `times the trade's side (positive: the trade goes with the recent flow)`,
    blocks: describeBlockSpec(blocks),
    decomposition,
    bySize,
    byImbalance,
  };
}

/** Quantile buckets of the finite values; -1 for the others. */
function bucketFinite(values: Float64Array, buckets: number): Int32Array {
  const n = values.length, index: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i]!)) index.push(i);
  const group = new Int32Array(n).fill(-1);
  if (index.length === 0) return group;
  const finite = Float64Array.from(index, (i) => values[i]!);
  const bins = quantileBins(finite, buckets);
  index.forEach((i, k) => group[i] = bins[k]!);
  return group;
}

function bucketTable(
  markouts: ReturnType<typeof tradeMarkouts>,
  group: Int32Array,
  groups: number,
  variable: Float64Array,
  block: Int32Array,
  blocks: number,
  settings: { bootstrapSamples: number; confidence: number; seed: number },
): MarkoutRow[] {
  const means = groupedBlockMeans(markouts.markoutBps, group, groups, block, blocks, settings);
  const lo = new Float64Array(groups).fill(Infinity), hi = new Float64Array(groups).fill(-Infinity);
  for (let i = 0; i < group.length; i++) {
    const g = group[i]!;
    if (g < 0) continue;
    if (variable[i]! < lo[g]!) lo[g] = variable[i]!;
    if (variable[i]! > hi[g]!) hi[g] = variable[i]!;
  }
  const rows: MarkoutRow[] = [];
  for (let g = 0; g < groups; g++) {
    if (!(lo[g]! <= hi[g]!)) continue; // empty bucket (ties)
    markouts.horizons.forEach((horizon, h) => {
      const m = means[h]![g]!;
      rows.push({
        bucket: g,
        range: [lo[g]!, hi[g]!],
        horizon: horizon.label,
        trades: m.count,
        markoutBps: m.mean,
        interval: m.interval,
        intervalNote: m.intervalNote,
      });
    });
  }
  return rows;
}

/** Three significant digits (bps on liquid books are often far below 1). */
const fmt = (x: number) => Number(x.toPrecision(3)).toString();

function breakEvenSentence(
  horizon: string,
  effective: number,
  impact: number,
  interval: [number, number] | null,
  note: string | null,
  realized: [number, number] | null,
): string {
  if (!Number.isFinite(impact)) return `No trade has a mid ${horizon} later: no markout at ${horizon}.`;
  if (interval === null) {
    return `Mean markout at ${horizon}: ${
      fmt(impact)
    } bps, ${note}: no statement about the break-even half-spread.`;
  }
  const iv = `[${fmt(interval[0])}, ${fmt(interval[1])}]`;
  const head = interval[0] > 0
    ? `A maker needs a half-spread of at least ${
      fmt(impact)
    } bps (interval ${iv}) to cover the mid's move ${horizon} after a trade`
    : `No significant adverse selection at ${horizon}: the mean markout is ${
      fmt(impact)
    } bps (interval ${iv})`;
  const tail = realized === null
    ? ""
    : realized[0] > 0
    ? `; takers paid ${fmt(effective)} bps, so makers kept a significantly positive realized half-spread`
    : realized[1] < 0
    ? `; takers paid ${fmt(effective)} bps, so makers lost on average (negative realized half-spread)`
    : `; takers paid ${
      fmt(effective)
    } bps, and the realized half-spread is not significantly different from 0`;
  return `${head}${tail}.`;
}
