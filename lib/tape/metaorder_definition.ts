/**
 * The synthetic metaorder definition as types: every choice of the builder (`SyntheticMetaorderOptions`), the
 * record of the choices a result was built with (`MetaorderDefinition`) and the metaorder table itself
 * (`SyntheticMetaorders`). The builder (`syntheticMetaorders`, its accumulator) and its private run kernel
 * both read these, so they live apart from either; `synthetic_metaorders.ts` re-exports them. See the
 * module notes of `synthetic_metaorders.ts` for the definition in words (Maitrier, Loeper & Bouchaud 2025).
 *
 * @module
 */
import type { BlockSpec } from "./blocks.ts";

/** How trades are shared among the synthetic traders. */
export type Participation = "homogeneous" | { powerLaw: number };

/** Which price ends a metaorder (see the module notes of `synthetic_metaorders.ts`). */
export type MetaorderEndPrice = "last-child" | "next-print" | "mid-after" | "next-own-trade";
/** Daily volume `V` of a block: its traded volume as is, or extrapolated to 24 h from its span. */
export type DailyVolumeSource = "actual" | "extrapolated";
/** Daily volatility `sigma_D` of a block: realised (adaptive sampling) or the block's range. */
export type VolatilityEstimator = "realised" | "range";

/** Options of `syntheticMetaorders` and `createSyntheticMetaorderAccumulator`. */
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
  volatilityEstimator?: VolatilityEstimator;
  /** Daily volume. Default `"extrapolated"`. */
  volumeSource?: DailyVolumeSource;
  /** End price of a metaorder. Default `"last-child"`. */
  endPrice?: MetaorderEndPrice;
  /** Only metaorders with `|Q| / V` at least this. Default 0. */
  minParticipation?: number;
  /** Only metaorders lasting at least this many seconds (first to last child). Default 0. */
  minDurationSeconds?: number;
  /**
   * Merge sliver blocks (under 5 % of the longest block's span, or one trade) into a neighbour
   * (`mergeSliverBlocks`), within each tape added to the accumulator (never across two). Default true.
   * `measureTapeDays` keeps every UTC day as a block (false there).
   */
  mergeSlivers?: boolean;
  /** Seed of the trade-to-trader assignment. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
}

/** The metaorder definition a result was built with (see the module notes of `synthetic_metaorders.ts`). */
export interface MetaorderDefinition {
  traders: number;
  participationModel: string;
  minChildren: number;
  endPrice: MetaorderEndPrice;
  volumeSource: DailyVolumeSource;
  volatilityEstimator: VolatilityEstimator;
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
  averageDailyVolume: Float64Array;
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
