/**
 * What VPIN says about the volatility that follows it on a given tape: the rank correlation of VPIN at the
 * end of each volume bucket with the absolute return over the next bucket(s), with a block-bootstrap
 * interval, and a sentence gated on that interval.
 *
 * Easley, López de Prado & O'Hara (2012) relate high VPIN to subsequent short-term volatility (toxicity
 * that forces market makers out). VPIN is unsigned: it says nothing about the direction of the next move,
 * and the relation measured here is a correlation on this tape, not a forecast's out-of-sample accuracy.
 *
 * @module
 */
import {
  assertBlockSpec,
  assertBootstrapSettings,
  assignBlocks,
  blockResampler,
  type BlockSpec,
  bootstrapInterval,
  chooseBlocks,
  describeBlockSpec,
  resamplingUnits,
} from "../core/bootstrap.ts";
import { DEFAULT_SEED } from "../core/random.ts";
import { assertInteger, assertObject } from "../core/validate.ts";
import type { TradeTape } from "../data/trade_tape.ts";
import { spearmanCorrelation } from "./rank_correlation.ts";
import { vpin, type VpinOptions } from "./vpin.ts";

/** Options of {@linkcode vpinStudy}. */
export interface VpinStudyOptions extends VpinOptions {
  /** Buckets ahead over which the absolute log return is taken, integer >= 1. Default 1. */
  aheadBuckets?: number;
  /** Blocks of the bootstrap over bucket end times. Default `chooseBlocks(endTimes, { minBlocks: 20 })`. */
  blocks?: BlockSpec;
  /** Bootstrap resamples, 0 for none. Default 500. */
  bootstrapSamples?: number;
  /** Interval level. Default 0.95. */
  confidence?: number;
  /** Bootstrap seed. Default {@linkcode DEFAULT_SEED}. */
  seed?: number;
}

/** Result of {@linkcode vpinStudy}: plain JSON. */
export interface VpinStudy {
  /** Tape symbol and source. */
  symbol: string;
  source: string;
  /** Volume per bucket, base units; buckets completed; buckets with a VPIN and a next return. */
  bucketVolume: number;
  buckets: number;
  pairs: number;
  /** VPIN window and the buckets ahead. */
  windowBuckets: number;
  aheadBuckets: number;
  /** Mean, 10 % and 90 % quantiles of VPIN. */
  vpinMean: number;
  vpinQuantiles: [number, number];
  /** Spearman correlation of VPIN_j with |ln(P_{j+a} / P_j)|. */
  rankCorrelation: number;
  /** Its block-bootstrap interval, or null. */
  interval: [number, number] | null;
  /** Why no interval; null when there is one. */
  intervalNote: string | null;
  /** How the blocks were cut. */
  blocks: string;
  /** The series, for plots: bucket end time (UTC ms), VPIN, next absolute return (fraction). */
  series: { endTime: number; vpin: number; nextAbsReturn: number }[];
  /** What VPIN predicts on this tape and what it does not, gated on the interval. */
  sentence: string;
}

/**
 * VPIN and its relation to the next buckets' absolute return on a tape, with a block bootstrap of the
 * rank correlation (blocks of consecutive buckets keep the overlap of the VPIN windows inside a block).
 *
 * @param tape the trades.
 * @param options VPIN settings, buckets ahead, bootstrap.
 * @returns the study.
 * @throws {TypeError} / {RangeError} for a bad tape or option (see {@linkcode vpin}).
 *
 * @example
 * ```ts
 * import { vpinStudy } from "@lib/marketmaking/vpin_study.ts";
 * import { simulateBookDay } from "@lib/book/mod.ts";
 * import assert from "node:assert/strict";
 * const { tape } = simulateBookDay({ durationSeconds: 3600, seed: 4 });
 * const study = vpinStudy(tape, { bucketsPerDay: 2400, windowBuckets: 10, barSeconds: 5, bootstrapSamples: 100 });
 * assert.ok(study.pairs > 50);
 * assert.match(study.sentence, /VPIN/);
 * ```
 */
export function vpinStudy(tape: TradeTape, options: VpinStudyOptions = {}): VpinStudy {
  const action = "study VPIN";
  assertObject(action, "options", options);
  const {
    aheadBuckets = 1,
    bootstrapSamples = 500,
    confidence = 0.95,
    seed = DEFAULT_SEED,
    blocks: blocksOption,
    ...vpinOptions
  } = options;
  assertInteger(action, "aheadBuckets", aheadBuckets, 1);
  assertBootstrapSettings(action, bootstrapSamples, confidence, seed);
  const v = vpin(tape, vpinOptions);
  const m = v.vpin.length;
  const x: number[] = [], y: number[] = [], times: number[] = [];
  for (let j = 0; j + aheadBuckets < m; j++) {
    if (!Number.isFinite(v.vpin[j]!)) continue;
    x.push(v.vpin[j]!);
    y.push(Math.abs(Math.log(v.endPrices[j + aheadBuckets]! / v.endPrices[j]!)));
    times.push(v.endTimes[j]!);
  }
  const pairs = x.length;
  const endTimes = Float64Array.from(times);
  const blocks = blocksOption ?? chooseBlocks(endTimes, { minBlocks: 20 });
  assertBlockSpec(action, blocks);
  const rho = spearmanCorrelation(x, y);
  let interval: [number, number] | null = null;
  let intervalNote: string | null = "no interval (fewer than 3 pairs)";
  if (pairs >= 3) {
    const { block, count } = assignBlocks(endTimes, blocks);
    const members: number[][] = Array.from({ length: count }, () => []);
    for (let i = 0; i < pairs; i++) members[block[i]!]!.push(i);
    const units = resamplingUnits(members.map((b) => b.length));
    const draws = new Float64Array(bootstrapSamples);
    if (bootstrapSamples > 0) {
      const resample = blockResampler(units, seed);
      const weights = new Int32Array(count);
      for (let r = 0; r < bootstrapSamples; r++) {
        resample(weights);
        const bx: number[] = [], by: number[] = [];
        for (let b = 0; b < count; b++) {
          for (let w = 0; w < weights[b]!; w++) {
            for (const i of members[b]!) {
              bx.push(x[i]!);
              by.push(y[i]!);
            }
          }
        }
        draws[r] = spearmanCorrelation(bx, by);
      }
    }
    ({ interval, intervalNote } = bootstrapInterval(draws, units.units, confidence));
  }
  const sorted = Float64Array.from(x).sort();
  const q = (f: number) =>
    sorted.length > 0 ? sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))]! : NaN;
  let vpinMean = 0;
  for (const a of x) vpinMean += a / pairs;
  return {
    symbol: tape.symbol,
    source: tape.source,
    bucketVolume: v.bucketVolume,
    buckets: m,
    pairs,
    windowBuckets: v.windowBuckets,
    aheadBuckets,
    vpinMean: pairs > 0 ? vpinMean : NaN,
    vpinQuantiles: [q(0.1), q(0.9)],
    rankCorrelation: rho,
    interval,
    intervalNote,
    blocks: describeBlockSpec(blocks, "buckets"),
    series: x.map((a, i) => ({ endTime: times[i]!, vpin: a, nextAbsReturn: y[i]! })),
    sentence: pairs < 3
      ? `Too few volume buckets (${m}) for a VPIN window of ${v.windowBuckets} and ${aheadBuckets} bucket${
        aheadBuckets === 1 ? "" : "s"
      } ahead: no statement about VPIN on this tape (raise bucketsPerDay or pass a longer tape).`
      : vpinSentence(rho, interval, intervalNote, aheadBuckets, pairs, confidence),
  };
}

const fmt = (x: number) => Number(x.toPrecision(3)).toString();

function vpinSentence(
  rho: number,
  interval: [number, number] | null,
  note: string | null,
  ahead: number,
  pairs: number,
  confidence: number,
): string {
  const next = ahead === 1 ? "the next volume bucket" : `the next ${ahead} volume buckets`;
  const never = "VPIN is unsigned and says nothing about the direction of the next move.";
  if (interval === null) {
    return `VPIN vs the absolute return over ${next}: rank correlation ${
      fmt(rho)
    } on ${pairs} buckets, ${note}: ` +
      `no statement about what VPIN predicts on this tape. ${never}`;
  }
  const iv = `${Math.round(confidence * 100)} % interval [${fmt(interval[0])}, ${fmt(interval[1])}]`;
  if (interval[0] > 0) {
    return `On this tape, higher VPIN goes with larger absolute returns over ${next} (rank correlation ${
      fmt(rho)
    }, ${iv}, ${pairs} buckets): it ranks the coming volatility in volume time. ${never}`;
  }
  if (interval[1] < 0) {
    return `On this tape, higher VPIN goes with smaller absolute returns over ${next} (rank correlation ${
      fmt(rho)
    }, ${iv}, ${pairs} buckets), the opposite of the toxicity reading. ${never}`;
  }
  return `No significant relation between VPIN and the absolute return over ${next} on this tape (rank ` +
    `correlation ${
      fmt(rho)
    }, ${iv} contains 0, ${pairs} buckets): VPIN does not predict volatility here. ${never}`;
}
