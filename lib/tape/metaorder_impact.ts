/**
 * What synthetic metaorders measure: the square-root law, the impact profile during execution, and its decay
 * after, with block-bootstrap intervals (Maitrier, Loeper & Bouchaud 2025, sections 3-4; Tóth et al. 2011).
 *
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import { assertFinite, assertInteger, assertObject, assertPositive } from "../core/validate.ts";
import { assertColumn, assertList, lawColumns, metaorderRecord } from "./_metaorders.ts";
import { assertBootstrapSettings, type BootstrapOptions } from "../core/bootstrap.ts";
import { DEFAULT_SEED } from "../core/random.ts";
import {
  type BinnedCrossoverOptions,
  type BinnedSquareRootFit,
  fitBinnedCrossover,
  fitBinnedSquareRoot,
} from "../impact/binned_fit.ts";
import { blockBootstrapCounts, MIN_BOOTSTRAP_BLOCKS, percentileInterval } from "./blocks.ts";
import {
  type SyntheticMetaorderOptions,
  type SyntheticMetaorders,
  syntheticMetaorders,
} from "./synthetic_metaorders.ts";
import { impactPathSums } from "./_impact_path.ts";
import { assertTapeOnce } from "./_accumulation.ts";
import { concatArrays } from "../core/arrays.ts";
import type { TapeAccumulator } from "./tape_accumulator.ts";

/** Checks the options of {@linkcode metaorderSquareRootLaw} and fills in the defaults. */
function lawOptions(
  action: string,
  options: MetaorderLawOptions,
  name = "options",
): Required<MetaorderLawOptions> {
  assertObject(action, name, options);
  const {
    bins = 20,
    binning = "quantile",
    minBinCount = 2,
    minParticipation = 0,
    bootstrapSamples = 500,
    confidence = 0.95,
    seed = DEFAULT_SEED,
  } = options;
  assertInteger(action, "bins", bins, 2);
  assertInteger(action, "minBinCount", minBinCount, 1);
  if (binning !== "quantile" && binning !== "log") {
    throw new RangeError(
      `Cannot ${action}: binning must be "quantile" or "log": current value is ${binning}`,
    );
  }
  assertFinite(action, "minParticipation", minParticipation);
  assertBootstrapSettings(action, bootstrapSamples, confidence, seed);
  return { bins, binning, minBinCount, minParticipation, bootstrapSamples, confidence, seed };
}

/**
 * Options of {@linkcode metaorderSquareRootLaw}: the binned fit's (`fitBinnedSquareRoot`), with the
 * metaorders' own blocks, and a participation floor.
 */
export interface MetaorderLawOptions extends Omit<BootstrapOptions, "blocks"> {
  /** Bins of `|Q|/V`. Default 20. */
  bins?: number;
  /** `"quantile"` (default) or `"log"` bins. */
  binning?: "quantile" | "log";
  /** Fewest metaorders in a bin (smaller bins join a neighbour). Default 2. */
  minBinCount?: number;
  /** Only metaorders with `|Q|/V` at least this (fraction of daily volume). Default 0 (all). */
  minParticipation?: number;
  /** Block bootstrap resamples. Default 500; 0 skips (no interval). */
  bootstrapSamples?: number;
}

/** Result of {@linkcode metaorderSquareRootLaw}: a plain, JSON-serialisable object. */
export interface MetaorderLaw {
  /** Exponent `delta` of `I / sigma_D = Y (|Q|/V)^delta`, dimensionless. */
  delta: number;
  /** Prefactor `Y` (the law's `eta`), dimensionless. */
  eta: number;
  /** Percentile block-bootstrap intervals; null when there is none (see `intervalNote`). */
  deltaInterval: [number, number] | null;
  etaInterval: [number, number] | null;
  /** Why there is no interval (e.g. `"no interval (7 blocks)"`); null when there are intervals. */
  intervalNote: string | null;
  confidence: number;
  /** Weighted R^2 of the bin means in levels. */
  rSquared: number;
  /**
   * The bins: mean `|Q|/V`, mean `I / sigma_D`, its standard error, metaorders per bin; `used` is true for
   * every bin (each bin is fitted, whatever the sign of its mean).
   */
  binTable: {
    participation: number;
    impact: number;
    standardError: number | null;
    count: number;
    used: boolean;
  }[];
  /** Metaorders in the fit, blocks, resampled units (after sliver merging), resamples that could not be fitted. */
  metaorders: number;
  blocks: number;
  units: number;
  failedResamples: number;
  /** False when the fit failed or the estimate or its interval leaves the law's domain (see `warnings`). */
  reliable: boolean;
  /** Why the fit is not reliable, then notes (no interval, failed resamples, merged slivers). */
  warnings: string[];
  /** How the bins were weighted, in words. */
  weighting: string;
  /** Bins whose mean impact is <= 0 (kept in the fit; a null tape has about half). */
  nonPositiveBins: number;
  /**
   * Mean `I / sigma_D` over the metaorders fitted, with its block-bootstrap interval (null without one): the
   * test of whether there is any impact to fit (an interval that covers 0 means no significant impact).
   */
  meanImpact: number;
  meanImpactInterval: [number, number] | null;
  /** Range of `|Q|/V` of the metaorders fitted: the law holds there, outside it is an extrapolation. */
  participationRange: [number, number];
}

/**
 * The square-root law measured on synthetic metaorders with the library's binned fit
 * (`fitBinnedSquareRoot`): metaorders are grouped in `bins` quantile bins of `|Q|/V` (edges from the whole
 * sample), and `mean I / sigma_D = Y (mean |Q|/V)^delta` is fitted by weighted least squares in levels over
 * every bin, each weighted by the inverse variance of its mean (the conditional-average method of Tóth et
 * al. 2011, as in Maitrier et al. 2025). Bins whose mean is <= 0 are kept. Intervals: percentile block
 * bootstrap over the metaorders' blocks (days), which keeps metaorders that overlap in time together; fewer
 * than 10 blocks give no interval. Cost O(m log m) for the bins, then O(bootstrapSamples * blocks * bins).
 *
 * @param metaorders a result of `syntheticMetaorders`.
 * @param options bins, participation floor, bootstrap.
 * @returns delta and Y with intervals, the bin table and the reliability flags; a fit that fails (every
 *   bin mean <= 0, no convergence) is flagged `reliable: false`, not thrown.
 * @throws {RangeError} for a bad option or fewer than two metaorders to fit.
 *
 * @example
 * ```ts
 * import { metaorderSquareRootLaw } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // Hand-made metaorders, two per size, whose impact is exactly 0.8 * sqrt(|Q|/V): delta 0.5, Y 0.8.
 * const participation = Float64Array.from([1e-4, 4e-4, 1e-3, 4e-3, 1e-2, 4e-2].flatMap((q) => [q, q]));
 * const impact = participation.map((q) => 0.8 * Math.sqrt(q));
 * const law = metaorderSquareRootLaw(
 *   { participation, impact, block: new Int32Array(12), averageDailyVolume: new Float64Array(1) },
 *   { bins: 6, bootstrapSamples: 0 },
 * );
 * assert.ok(Math.abs(law.delta - 0.5) < 1e-9 && Math.abs(law.eta - 0.8) < 1e-8);
 * assert.equal(law.deltaInterval, null); // no bootstrap, no interval
 * ```
 */
export function metaorderSquareRootLaw(
  metaorders: Pick<SyntheticMetaorders, "participation" | "impact" | "block" | "averageDailyVolume">,
  options: MetaorderLawOptions = {},
): MetaorderLaw {
  const action = "fit square-root law on metaorders";
  const { bins, binning, minBinCount, minParticipation, bootstrapSamples, confidence, seed } = lawOptions(
    action,
    options,
  );
  const { participation, impact, block, blocks: nb } = lawColumns(action, metaorders);
  const n = participation.length;
  let m = 0;
  const selected = new Int32Array(participation.length);
  for (let i = 0; i < participation.length; i++) {
    if (participation[i]! > 0 && participation[i]! >= minParticipation && Number.isFinite(impact[i]!)) {
      selected[m++] = i;
    }
  }
  if (m < 2) {
    throw new RangeError(
      `Cannot ${action}: fewer than two metaorders to fit (participation > 0 and >= minParticipation = ` +
        `${minParticipation}, finite impact): current count is ${m} of ${n}`,
    );
  }
  const x = new Float64Array(m), y = new Float64Array(m), blockOf = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    const i = selected[j]!;
    x[j] = participation[i]!;
    y[j] = impact[i]!;
    blockOf[j] = block[i]!;
  }
  let qLow = Infinity, qHigh = -Infinity;
  for (let j = 0; j < m; j++) {
    qLow = Math.min(qLow, x[j]!);
    qHigh = Math.max(qHigh, x[j]!);
  }
  // Mean impact per block (count, sum) for its significance.
  const blockCount = new Float64Array(nb), blockSum = new Float64Array(nb);
  for (let j = 0; j < m; j++) {
    blockCount[blockOf[j]!]!++;
    blockSum[blockOf[j]!] = blockSum[blockOf[j]!]! + y[j]!;
  }
  const meanOf = (weights: ArrayLike<number> | null) => {
    let c = 0, sum = 0;
    for (let b = 0; b < nb; b++) {
      const w = weights ? weights[b]! : 1;
      c += w * blockCount[b]!;
      sum += w * blockSum[b]!;
    }
    return c > 0 ? sum / c : NaN;
  };
  let blocksWithData = 0;
  for (let b = 0; b < nb; b++) if (blockCount[b]! > 0) blocksWithData++;
  const means: number[] = [];
  if (bootstrapSamples > 0 && blocksWithData >= MIN_BOOTSTRAP_BLOCKS) {
    const counts = blockBootstrapCounts(nb, { bootstrapSamples, seed });
    for (let r = 0; r < bootstrapSamples; r++) means.push(meanOf(counts.subarray(r * nb, (r + 1) * nb)));
  }
  // Every block of the tape (also one without metaorders, which joins a neighbour as a sliver) is listed.
  const fit = fitBinnedSquareRoot(x, y, {
    bins,
    binning,
    minBinCount,
    block: blockOf,
    blockCount: nb,
    bootstrapSamples,
    confidence,
    seed,
  });
  return {
    delta: fit.delta,
    eta: fit.eta,
    deltaInterval: fit.deltaInterval,
    etaInterval: fit.etaInterval,
    intervalNote: fit.intervalNote,
    confidence,
    rSquared: fit.rSquared,
    binTable: fit.bins.count.map((count, k) => ({
      participation: fit.bins.participation[k]!,
      impact: fit.bins.meanImpact[k]!,
      standardError: fit.bins.standardError[k]!,
      count,
      used: true,
    })),
    metaorders: m,
    blocks: nb,
    units: fit.units,
    failedResamples: fit.failedResamples,
    reliable: fit.reliable,
    warnings: fit.warnings,
    weighting: fit.weighting,
    nonPositiveBins: fit.bins.meanImpact.filter((v) => !(v! > 0)).length,
    meanImpact: meanOf(null),
    meanImpactInterval: means.length > 0 && fit.intervalNote === null
      ? percentileInterval(means, confidence)
      : null,
    participationRange: [qLow, qHigh],
  };
}

/** Options of {@linkcode metaorderImpactPath}. */
export interface MetaorderPathOptions {
  /**
   * Fractions `phi` of the execution, in [0, 1]. Default 0, 0.1, 0.2, ..., 1. `phi = 0` is the price right
   * after the first child: the first child's own impact, which every later point also contains (the path
   * starts from the price before the first child).
   */
  fractions?: readonly number[];
  /** Times after completion, in multiples of the duration. Default 0.25, 0.5, 1, 2. */
  afterMultiples?: readonly number[];
  /** Only metaorders lasting at least this many tape trades. Default 20. */
  minDurationTrades?: number;
  /** Only metaorders with at least this many children. Default 10. */
  minChildren?: number;
  /**
   * Only metaorders whose trader does not trade again (`nextOwnTrade`) before the path's last point: the
   * post-execution path without the run-end artefact (a run ends because that trader's next trade has the
   * other sign, so the shipped path contains the trader's own reversal). Default false.
   */
  netOfRunEnd?: boolean;
  /** Block bootstrap resamples. Default 500; 0 skips. */
  bootstrapSamples?: number;
  /** Interval level. Default 0.95. */
  confidence?: number;
  /** Seed. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
}

/** One point of the average impact path (see {@linkcode metaorderImpactPath}). */
export interface MetaorderPathPoint {
  /** Time since the first child in units of the metaorder's duration: `phi` in (0, 1], then `1 + k`. */
  time: number;
  phase: "first child" | "execution" | "after";
  /**
   * Mean side-adjusted log price change from before the first child, over `sigma_D`; NaN (and so its
   * interval) when no metaorder reaches this time inside its block (`count` 0).
   */
  impact: number;
  /** Percentile block-bootstrap interval of `impact`. */
  interval: [number, number];
  /** `impact` over the mean impact at completion (`phi = 1`); NaN when `impact` is NaN. */
  relativeToPeak: number;
  /** Metaorders averaged (after completion, only those whose horizon stays inside their block). */
  count: number;
}

/**
 * The average price path of metaorders: during execution at fractions `phi` of its duration (the concave
 * profile `I(phi)`, Maitrier et al. 2025; Moro et al. 2009), and after completion at multiples of
 * the duration (the decay towards a permanent level, Bucci et al. 2018). Time is tape time (trades): the
 * price at fraction `phi` is the trade price at index `first + round(phi * (last - first))`, after it at
 * `last + round(k * (last - first))`; metaorders whose horizon leaves their block are left out of that point.
 * Cost O(m * points) plus O(bootstrapSamples * blocks * points).
 *
 * @param metaorders a result of `syntheticMetaorders` on `tape`.
 * @param tape the tape the metaorders were built on.
 * @param options fractions, multiples, minimum duration, bootstrap.
 * @returns one point per fraction, then one per multiple.
 * @throws {RangeError} for a fraction outside (0, 1], a negative multiple, or no metaorder long enough.
 *
 * @example
 * ```ts
 * import { metaorderImpactPath, syntheticMetaorders } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // One trader, one buy run over trades 0..4 (prices 100..104), then sells; sigma_D from 1-minute samples.
 * const prices = Float64Array.from([100, 101, 102, 103, 104, 104, 103, 102, 101, 100]);
 * const tape = {
 *   timestamps: Float64Array.from(prices, (_, i) => i * 60_000), prices, sizes: new Float64Array(10).fill(1),
 *   signs: Int8Array.from([1, 1, 1, 1, 1, -1, -1, -1, -1, -1]), symbol: "TEST", source: "synthetic" as const,
 * };
 * const m = syntheticMetaorders(tape, { traders: 1, volatilitySamplingSeconds: 60 });
 * const path = metaorderImpactPath(m, tape, {
 *   fractions: [0.5, 1], afterMultiples: [1], minDurationTrades: 4, minChildren: 1, bootstrapSamples: 0,
 * });
 * // Buy run: first 0, last 4; phi = 0.5 is trade 2 (102), completion trade 4 (104), one duration later trade 8 (101).
 * // (The sell run 5..9 has its after-point outside the block and is left out there.)
 * const sigma = m.dailyVolatility[0]!;
 * const buyHalf = Math.log(102 / 100) / sigma, sellHalf = -Math.log(102 / 104) / sigma;
 * assert.ok(Math.abs(path[0]!.impact - (buyHalf + sellHalf) / 2) < 1e-12);
 * assert.ok(Math.abs(path[2]!.impact - Math.log(101 / 100) / sigma) < 1e-12);
 * assert.equal(path[2]!.count, 1);
 * ```
 */
export function metaorderImpactPath(
  metaorders: SyntheticMetaorders,
  tape: TradeTape,
  options: MetaorderPathOptions = {},
): MetaorderPathPoint[] {
  const action = "measure metaorder impact path";
  const { netOfRunEnd } = pathSettings(action, options);
  assertTapeOnce(action, tape, 1);
  const record = metaorderRecord(action, metaorders);
  const trades = tape.prices.length;
  const blockStarts = assertColumn(action, record, "blockStarts", {
    index: trades + 1,
    boundName: "tape length + 1",
  });
  const nb = blockStarts.length - 1;
  if (nb < 1 || blockStarts[nb] !== trades) {
    throw new RangeError(
      `Cannot ${action}: blockStarts must end at the tape's length (${trades}), one block or more: current value is ` +
        `[${Array.from(blockStarts).slice(-3).join(", ")}]`,
    );
  }
  const dailyVolatility = assertColumn(action, record, "dailyVolatility", "non-negative", nb);
  const first = assertColumn(action, record, "first", { index: trades, boundName: "tape length" });
  const n = first.length;
  const last = assertColumn(action, record, "last", { index: trades, boundName: "tape length" }, n);
  const sign = assertColumn(action, record, "sign", "sign", n);
  const block = assertColumn(action, record, "block", { index: nb, boundName: "blocks" }, n);
  for (let i = 0; i < n; i++) {
    const b = block[i]!;
    if (!(first[i]! <= last[i]! && first[i]! >= blockStarts[b]! && last[i]! < blockStarts[b + 1]!)) {
      throw new RangeError(
        `Cannot ${action}: metaorder ${i} must lie in its block ${b} (trades ${blockStarts[b]}..${
          blockStarts[b + 1]! - 1
        }) with first <= last: current first[${i}] = ${first[i]}, last[${i}] = ${last[i]}`,
      );
    }
  }
  const children = record["children"] === undefined
    ? undefined
    : assertColumn(action, record, "children", "positive", n);
  const nextOwnTrade = netOfRunEnd ? assertColumn(action, record, "nextOwnTrade", "finite", n) : undefined;
  const columns: MetaorderPathInput = {
    first,
    last,
    sign,
    block,
    blockStarts,
    dailyVolatility,
    ...(children ? { children } : {}),
    ...(nextOwnTrade ? { nextOwnTrade } : {}),
  };
  const accumulator = createImpactPathAccumulator(
    { metaordersOf: (t) => (t === tape ? columns : undefined) },
    options,
    action,
  );
  accumulator.add(tape);
  return accumulator.finish();
}

/** What the impact path reads of one tape's metaorders (the columns of `SyntheticMetaorders` it needs). */
export interface MetaorderPathInput {
  first: ArrayLike<number>;
  last: ArrayLike<number>;
  sign: ArrayLike<number>;
  block: ArrayLike<number>;
  blockStarts: ArrayLike<number>;
  dailyVolatility: ArrayLike<number>;
  /** Children per metaorder; without it `minChildren` selects nothing out. */
  children?: ArrayLike<number>;
  /** Needed with `netOfRunEnd`. */
  nextOwnTrade?: ArrayLike<number>;
}

/** The average impact path as an accumulator, with the count of metaorders on the path so far. */
export interface ImpactPathAccumulator extends TapeAccumulator<MetaorderPathPoint[]> {
  /** Metaorders that entered the path so far (long enough, enough children, in a block with volatility). */
  readonly used: number;
}

/**
 * The average metaorder impact path as an accumulator (see `TapeAccumulator`): each `add(tape)` reads the
 * metaorders `source.metaordersOf(tape)` gives for that tape (a `createSyntheticMetaorderAccumulator` the tape
 * was added to just before) and keeps, per block and point of the path, the count and sum of the side-adjusted price
 * changes; `finish()` gives the path of {@linkcode metaorderImpactPath} over every tape added (which is one
 * `add` and `finish`), with block-bootstrap intervals over all blocks. Memory: `16 * points` bytes a block.
 *
 * @param source where each tape's metaorders come from: `metaordersOf(tape)`, indexed on the tape.
 * @param options fractions, multiples, minimum duration and children, bootstrap (as
 *   {@linkcode metaorderImpactPath}).
 * @param action the action named in error messages (default `"measure metaorder impact path"`).
 * @returns the accumulator; `used` counts the metaorders on the path so far.
 * @throws {RangeError} for a bad option; `add` throws when the source has no metaorders of the tape; `finish`
 *   when no metaorder is long enough (`used` is 0).
 *
 * @example
 * ```ts
 * import { createImpactPathAccumulator, createSyntheticMetaorderAccumulator, metaorderImpactPath, syntheticMetaorders, tapeByDay } from "@lib/tape/mod.ts";
 * import { synthesizeTrades } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const tape = synthesizeTrades({ days: 2, tradesPerDay: 2_000, seed: 5 });
 * const options = { traders: 5, mergeSlivers: false, seed: 1 }, path = { minDurationTrades: 5, bootstrapSamples: 0 };
 * const metaorders = createSyntheticMetaorderAccumulator(options);
 * const impact = createImpactPathAccumulator(metaorders, path);
 * for (const day of tapeByDay(tape)) {
 *   metaorders.add(day); // first the day's metaorders,
 *   impact.add(day); // then their path
 * }
 * const whole = syntheticMetaorders(tape, options);
 * assert.deepEqual(metaorders.finish(), whole);
 * assert.deepEqual(impact.finish(), metaorderImpactPath(whole, tape, path));
 * ```
 */
export function createImpactPathAccumulator(
  source: { metaordersOf(tape: TradeTape): MetaorderPathInput | undefined },
  options: MetaorderPathOptions = {},
  action = "measure metaorder impact path",
): ImpactPathAccumulator {
  const settings = pathSettings(action, options);
  const { times, minDurationTrades, minChildren, netOfRunEnd } = settings;
  assertObject(action, "source", source, "(a synthetic metaorder accumulator)");
  const parts: Float64Array[] = [];
  let used = 0, seen = 0, finished = false;
  const assertOpen = () => {
    if (finished) {
      throw new RangeError(
        `Cannot ${action}: the accumulator must be open: current state is finished (finish() was called; ` +
          `create a new accumulator to measure more tapes)`,
      );
    }
  };
  return {
    get used() {
      return used;
    },
    add(tape: TradeTape): void {
      assertOpen();
      assertTapeOnce(action, tape, 0);
      if (tape.prices.length === 0) return; // no trades, no metaorders
      const m = source.metaordersOf(tape);
      if (m === undefined) {
        throw new RangeError(
          `Cannot ${action}: source.metaordersOf(tape) must give this tape's metaorders (add the tape to the ` +
            `metaorder accumulator first): current value is undefined`,
        );
      }
      const sums = impactPathSums(
        m,
        { blockStarts: m.blockStarts, dailyVolatility: m.dailyVolatility },
        tape.prices,
        times,
        minDurationTrades,
        { minChildren, netOfRunEnd, mids: tape.quotes?.mids },
      );
      parts.push(sums.sums);
      used += sums.used;
      seen += m.first.length;
    },
    finish(): MetaorderPathPoint[] {
      assertOpen();
      finished = true;
      if (used === 0) {
        throw new RangeError(
          `Cannot ${action}: no metaorder lasts at least options.minDurationTrades (${minDurationTrades}) trades ` +
            `with at least options.minChildren (${minChildren}) children${
              netOfRunEnd ? " and no trade of its trader before the horizon" : ""
            }: current count is 0 of ${seen}`,
        );
      }
      return impactPathPoints(concatArrays(parts, Float64Array), times, settings);
    },
  };
}

/**
 * Checks the options of `metaorderImpactPath`, fills in the defaults, and lists the path's times in units of
 * the duration: the fractions, then `1 + k` for each multiple.
 * @throws {TypeError} for a list that is not an array.
 * @throws {RangeError} for a fraction outside (0, 1], no fraction 1, a multiple <= 0 or a bad bootstrap setting.
 */
function pathSettings(
  action: string,
  options: MetaorderPathOptions,
): Required<MetaorderPathOptions> & { times: number[] } {
  assertObject(action, "options", options);
  const {
    fractions = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    afterMultiples = [0.25, 0.5, 1, 2],
    minDurationTrades = 20,
    minChildren = 10,
    netOfRunEnd = false,
    bootstrapSamples = 500,
    confidence = 0.95,
    seed = DEFAULT_SEED,
  } = options;
  assertList(action, "fractions", fractions);
  assertList(action, "afterMultiples", afterMultiples);
  if (fractions.length + afterMultiples.length === 0) {
    throw new RangeError(
      `Cannot ${action}: fractions and afterMultiples must not both be empty: current lengths are 0`,
    );
  }
  fractions.forEach((f, i) => {
    if (!(f >= 0 && f <= 1)) {
      throw new RangeError(`Cannot ${action}: fractions[${i}] must be in [0, 1]: current value is ${f}`);
    }
  });
  afterMultiples.forEach((k, i) => assertPositive(action, `afterMultiples[${i}]`, k));
  if (!fractions.includes(1)) {
    throw new RangeError(
      `Cannot ${action}: fractions must include 1 (completion, the peak that relativeToPeak divides by): ` +
        `current value is [${fractions.join(", ")}]`,
    );
  }
  assertInteger(action, "minDurationTrades", minDurationTrades, 1);
  assertInteger(action, "minChildren", minChildren, 1);
  if (typeof netOfRunEnd !== "boolean") {
    throw new TypeError(`Cannot ${action}: netOfRunEnd must be a boolean: current value is ${netOfRunEnd}`);
  }
  assertBootstrapSettings(action, bootstrapSamples, confidence, seed);
  const times = [...fractions, ...afterMultiples.map((k) => 1 + k)];
  return {
    fractions,
    afterMultiples,
    minDurationTrades,
    minChildren,
    netOfRunEnd,
    bootstrapSamples,
    confidence,
    seed,
    times,
  };
}

/** The path's points from the per-block sums of {@linkcode impactPathSums}, with block-bootstrap intervals. */
function impactPathPoints(
  sums: Float64Array,
  times: readonly number[],
  bootstrap: { bootstrapSamples: number; confidence: number; seed: number },
): MetaorderPathPoint[] {
  const { bootstrapSamples, confidence, seed } = bootstrap;
  const P = times.length, nb = sums.length / (2 * P);
  const means = (weights: ArrayLike<number> | null, out: Float64Array, counts?: Float64Array) => {
    for (let p = 0; p < P; p++) {
      let c = 0, s = 0;
      for (let b = 0; b < nb; b++) {
        const w = weights ? weights[b]! : 1;
        c += w * sums[(b * P + p) * 2]!;
        s += w * sums[(b * P + p) * 2 + 1]!;
      }
      out[p] = c > 0 ? s / c : NaN;
      if (counts) counts[p] = c;
    }
  };
  const point = new Float64Array(P), count = new Float64Array(P);
  means(null, point, count);
  const draws = Array.from({ length: P }, () => [] as number[]);
  let blocksWithData = 0;
  for (let b = 0; b < nb; b++) {
    let c = 0;
    for (let p = 0; p < P; p++) c += sums[(b * P + p) * 2]!;
    if (c > 0) blocksWithData++;
  }
  // Under MIN_BOOTSTRAP_BLOCKS blocks there is no interval: [NaN, NaN].
  if (bootstrapSamples > 0 && blocksWithData >= MIN_BOOTSTRAP_BLOCKS) {
    const resample = blockBootstrapCounts(nb, { bootstrapSamples, seed });
    const tmp = new Float64Array(P);
    for (let r = 0; r < bootstrapSamples; r++) {
      means(resample.subarray(r * nb, (r + 1) * nb), tmp);
      for (let p = 0; p < P; p++) draws[p]!.push(tmp[p]!);
    }
  }
  const peakIndex = times.findIndex((t) => t === 1);
  const peak = peakIndex >= 0 ? point[peakIndex]! : NaN;
  return times.map((time, p) => ({
    time,
    phase: time === 0 ? "first child" : time <= 1 ? "execution" : "after",
    impact: point[p]!,
    interval: draws[p]!.length > 0 ? percentileInterval(draws[p]!, confidence) : [NaN, NaN],
    relativeToPeak: point[p]! / peak,
    count: count[p]!,
  }));
}

/** Options of {@linkcode deltaSensitivity}: the metaorder builder's options and the law fit's. */
export interface DeltaSensitivityOptions extends Omit<SyntheticMetaorderOptions, "traders"> {
  /** Numbers of synthetic traders to try. Default 10, 30, 100, 300, 1000. */
  traderCounts?: readonly number[];
  /** Options of {@linkcode metaorderSquareRootLaw}. */
  law?: MetaorderLawOptions;
}

/** One row of {@linkcode deltaSensitivity}. */
export interface DeltaSensitivityRow {
  traders: number;
  metaorders: number;
  /** Median `|Q|/V` of the metaorders. */
  medianParticipation: number;
  /** Mean number of child trades per metaorder. */
  meanChildren: number;
  delta: number;
  /** Block-bootstrap interval of delta; null when there is none (fewer than 10 blocks, or a failed fit). */
  deltaInterval: [number, number] | null;
  eta: number;
  /** Why the fit failed, if it did (e.g. too few bins with a positive mean); delta is then NaN. */
  error?: string;
}

/**
 * Sensitivity of the measured exponent `delta` to the number `N` of synthetic traders (Maitrier et al. 2025): more traders means shorter, smaller metaorders. Builds the metaorders and fits the law for
 * each `N` with the same seed. Cost: the two steps per `N`.
 *
 * @param tape the trade tape.
 * @param options trader counts, builder options, law options.
 * @returns one row per trader count (a failed fit gives NaN and its reason, so one bad `N` does not hide the rest).
 *
 * @example
 * ```ts
 * import { deltaSensitivity } from "@lib/tape/mod.ts";
 * import { synthesizeTrades } from "@lib/data/synthetic/synthetic_trades.ts";
 * import assert from "node:assert/strict";
 * const tape = synthesizeTrades({ days: 2, tradesPerDay: 20_000, seed: 3 });
 * const rows = deltaSensitivity(tape, { traderCounts: [5, 50], law: { bootstrapSamples: 20 } });
 * assert.deepEqual(rows.map((r) => r.traders), [5, 50]);
 * // More traders: each sees a sparser, less correlated slice of the flow, so its runs are shorter.
 * assert.ok(rows[0]!.meanChildren > rows[1]!.meanChildren);
 * ```
 */
export function deltaSensitivity(
  tape: TradeTape,
  options: DeltaSensitivityOptions = {},
): DeltaSensitivityRow[] {
  const action = "measure delta sensitivity";
  assertObject(action, "options", options);
  const { traderCounts = [10, 30, 100, 300, 1000], law = {}, ...builder } = options;
  assertList(action, "traderCounts", traderCounts);
  if (traderCounts.length === 0) {
    throw new RangeError(`Cannot ${action}: traderCounts must not be empty: current length is 0`);
  }
  traderCounts.forEach((traders, i) => assertInteger(action, `traderCounts[${i}]`, traders, 1));
  // Checked here so that a bad option is an error, not a row whose fit failed.
  lawOptions(action, law, "law");
  return traderCounts.map((traders) => {
    const m = syntheticMetaorders(tape, { ...builder, traders });
    const sorted = Float64Array.from(m.participation).sort();
    const medianParticipation = sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)]! : NaN;
    const meanChildren = m.children.reduce((s, c) => s + c, 0) / Math.max(1, m.children.length);
    try {
      const fit = metaorderSquareRootLaw(m, law);
      return {
        traders,
        metaorders: fit.metaorders,
        medianParticipation,
        meanChildren,
        delta: fit.delta,
        deltaInterval: fit.deltaInterval,
        eta: fit.eta,
      };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return {
        traders,
        metaorders: m.first.length,
        medianParticipation,
        meanChildren,
        delta: NaN,
        deltaInterval: null,
        eta: NaN,
        error: error.message,
      };
    }
  });
}

/**
 * The crossover law on synthetic metaorders: `I / sigma_D = Y x / (1 + x / x_c)^(1 - delta)` with
 * `x = |Q|/V`, linear below the crossover `x_c` and a power law `delta` (fixed, default 1/2) above it (Bucci
 * et al. 2019), fitted by the library's binned fit (`fitBinnedCrossover`) with the metaorders' blocks.
 * A thin adapter: the metaorders' finite impacts with `|Q|/V > 0` go to the fit as they are.
 *
 * @param metaorders a result of `syntheticMetaorders`.
 * @param options the crossover fit's options (bins, delta, bootstrap); blocks are the metaorders'.
 * @returns the fit (`crossover` is `x_c`, null when it runs off the data).
 * @throws {RangeError} for fewer than two metaorders with a finite impact.
 *
 * @example
 * ```ts
 * import { metaorderCrossoverLaw } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const participation = Float64Array.from([1e-5, 1e-4, 1e-3, 1e-2, 1e-1].flatMap((q) => [q, q]));
 * const impact = participation.map((q) => (2 * q) / Math.sqrt(1 + q / 1e-3)); // x_c = 1e-3
 * const fit = metaorderCrossoverLaw(
 *   { participation, impact, block: new Int32Array(10), averageDailyVolume: new Float64Array(1) },
 *   { bins: 5, bootstrapSamples: 0 },
 * );
 * assert.ok(Math.abs(fit.crossover! / 1e-3 - 1) < 1e-6);
 * ```
 */
export function metaorderCrossoverLaw(
  metaorders: Pick<SyntheticMetaorders, "participation" | "impact" | "block" | "averageDailyVolume">,
  options: Omit<BinnedCrossoverOptions, "block" | "blockCount" | "blocks"> = {},
): BinnedSquareRootFit {
  const action = "fit crossover law on metaorders";
  assertObject(action, "options", options);
  const { participation, impact, block, blocks: nb } = lawColumns(action, metaorders);
  const n = participation.length;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (participation[i]! > 0 && Number.isFinite(impact[i]!)) keep.push(i);
  if (keep.length < 2) {
    throw new RangeError(
      `Cannot ${action}: fewer than two metaorders with |Q|/V > 0 and a finite impact: current count is ${keep.length}`,
    );
  }
  return fitBinnedCrossover(
    Float64Array.from(keep, (i) => participation[i]!),
    Float64Array.from(keep, (i) => impact[i]!),
    { ...options, block: Int32Array.from(keep, (i) => block[i]!), blockCount: nb },
  );
}
