/**
 * The pipeline run where the answer is known, as part of the method: on the tape with its signs shuffled
 * (no impact), and on a market with purely permanent linear impact (delta = 1, no decay). A measurement on
 * the real tape is only read as a finding when both come out as they must. The shuffle is run twice: within
 * blocks, and over the whole tape; the verdict (`clean`) reads the tape-wide one, because a within-block
 * shuffle keeps each block's net sign, which carries the block-scale impact (see `shuffleSignsWithinBlocks`).
 *
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import { assertTradeTape } from "../data/trade_tape.ts";
import { assertObject } from "../core/validate.ts";
import { type SyntheticMetaorderOptions, syntheticMetaorders } from "./synthetic_metaorders.ts";
import { type MetaorderLaw, type MetaorderLawOptions, metaorderSquareRootLaw } from "./metaorder_impact.ts";
import { type ImpactDecay, impactDecay } from "./impact_decay.ts";
import {
  permanentImpactTape,
  type PermanentImpactTapeOptions,
  shuffleSignsWithinBlocks,
} from "./placebo_tapes.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** Options of {@linkcode tapePlacebos}. */
export interface TapePlaceboOptions {
  /** Metaorder options, as for the real tape (their `blocks` also cut the shuffle). */
  metaorders?: SyntheticMetaorderOptions;
  /** Law fit options. */
  law?: MetaorderLawOptions;
  /** The permanent-impact market. Default 20 days of 20,000 trades, seed {@linkcode DEFAULT_SEED}. */
  permanent?: PermanentImpactTapeOptions;
  /** Seed of the sign shuffle. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  shuffleSeed?: number;
}

/** Result of {@linkcode tapePlacebos}. */
export interface TapePlacebos {
  /** The same, with signs shuffled inside each block (keeps each block's net sign). */
  shuffledWithinBlocks: { law: MetaorderLaw | null; error?: string; verdict: string };
  /** Signs shuffled over the whole tape: the null the verdict reads. */
  shuffled: {
    /** The law fitted on the shuffled tape, or why it could not be fitted. */
    law: MetaorderLaw | null;
    error?: string;
    /** `"no significant impact"` (as it must be), `"significant impact"` (the method finds impact in a null), or `"no interval (k blocks)"`. */
    verdict: string;
  };
  permanent: {
    law: MetaorderLaw | null;
    error?: string;
    /** `"compatible with delta = 1"`, `"not compatible with delta = 1"` or `"no interval (...)"`. */
    lawVerdict: string;
    decay: ImpactDecay | null;
    /** The decay verdict net of the run-end artefact: `"no decay"` as it must be. */
    decayVerdict: string;
  };
  /** True when the shuffled tape shows no significant impact and the permanent market's law covers delta = 1. */
  clean: boolean;
}

/**
 * Runs metaorders and the law on the tape with signs shuffled within blocks, and metaorders, the law and the
 * decay net of the run-end artefact on a seeded permanent-impact market (labelled synthetic). Cost: two
 * metaorder builds and fits, and two paths on the permanent market.
 *
 * @param tape the real tape.
 * @param options metaorder and law options, the permanent market, the shuffle seed.
 * @returns the verdicts, each gated on its interval.
 *
 * @example
 * ```ts
 * import { permanentImpactTape, tapePlacebos } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // A seeded (synthetic) market as "the tape"; a 95 % interval misses the truth 1 time in 20, whatever the seed.
 * const tape = permanentImpactTape({ days: 10, tradesPerDay: 10_000, seed: 1 });
 * const placebo = tapePlacebos(tape, {
 *   metaorders: { traders: 10 }, law: { bootstrapSamples: 200 }, shuffleSeed: 1,
 *   permanent: { days: 20, tradesPerDay: 20_000, seed: 1 },
 * });
 * assert.equal(placebo.shuffled.verdict, "no significant impact");
 * assert.equal(placebo.permanent.decayVerdict, "no decay");
 * ```
 */
export function tapePlacebos(tape: TradeTape, options: TapePlaceboOptions = {}): TapePlacebos {
  const action = "run tape placebos";
  assertObject(action, "options", options);
  assertTradeTape(action, tape, 2);
  const { metaorders = {}, law = {}, permanent = {}, shuffleSeed = DEFAULT_SEED } = options;
  const fit = (t: TradeTape, extra: SyntheticMetaorderOptions = {}) => {
    const m = syntheticMetaorders(t, { ...metaorders, ...extra });
    try {
      return { m, law: metaorderSquareRootLaw(m, law) };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return { m, law: null, error: error.message };
    }
  };
  // Shuffled signs: the mean impact must be 0 within its interval.
  const verdictOf = (r: { law: MetaorderLaw | null; error?: string }) => {
    if (!r.law) return `no fit (${r.error})`;
    if (r.law.meanImpactInterval === null) return r.law.intervalNote ?? "no interval";
    const [lo, hi] = r.law.meanImpactInterval;
    return lo <= 0 && 0 <= hi ? "no significant impact" : "significant impact";
  };
  const blockOption = metaorders.blocks ? { blocks: metaorders.blocks } : {};
  const withinBlocks = fit(shuffleSignsWithinBlocks(tape, { ...blockOption, seed: shuffleSeed }));
  const shuffled = fit(shuffleSignsWithinBlocks(tape, { ...blockOption, within: "tape", seed: shuffleSeed }));
  const shuffledVerdict = verdictOf(shuffled);
  // Permanent linear impact, its own days as blocks.
  const market = permanentImpactTape({ days: 20, tradesPerDay: 20_000, ...permanent });
  const { blocks: _blocks, ...withoutBlocks } = metaorders;
  const m2 = syntheticMetaorders(market, withoutBlocks);
  let permanentLaw: MetaorderLaw | null = null, permanentError: string | undefined;
  try {
    permanentLaw = metaorderSquareRootLaw(m2, law);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    permanentError = error.message;
  }
  let lawVerdict: string;
  if (!permanentLaw) lawVerdict = `no fit (${permanentError})`;
  else if (permanentLaw.deltaInterval === null) lawVerdict = permanentLaw.intervalNote ?? "no interval";
  else {
    const [lo, hi] = permanentLaw.deltaInterval;
    lawVerdict = lo <= 1 && 1 <= hi ? "compatible with delta = 1" : "not compatible with delta = 1";
  }
  let decay: ImpactDecay | null = null, decayVerdict: string;
  try {
    decay = impactDecay(m2, market, { minChildren: 2, minDurationTrades: 4, bootstrapSamples: 200 });
    decayVerdict = decay.verdict;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    decayVerdict = `no path (${error.message})`;
  }
  return {
    shuffledWithinBlocks: {
      law: withinBlocks.law,
      ...(withinBlocks.error ? { error: withinBlocks.error } : {}),
      verdict: verdictOf(withinBlocks),
    },
    shuffled: {
      law: shuffled.law,
      ...(shuffled.error ? { error: shuffled.error } : {}),
      verdict: shuffledVerdict,
    },
    permanent: {
      law: permanentLaw,
      ...(permanentError ? { error: permanentError } : {}),
      lawVerdict,
      decay,
      decayVerdict,
    },
    clean: shuffledVerdict === "no significant impact" && lawVerdict === "compatible with delta = 1",
  };
}
