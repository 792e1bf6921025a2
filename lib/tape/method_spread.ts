/**
 * How much the measured square-root exponent depends on choices nobody sees: the number `N` of synthetic
 * traders, the seed of the trade-to-trader assignment and the end-price definition. The block bootstrap
 * measures the sampling error of one definition; this grid measures the spread between definitions, and a
 * delta statement needs both.
 *
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import { assertTradeTape } from "../data/trade_tape.ts";
import { assertInteger, assertObject } from "../core/validate.ts";
import { assertList } from "./_metaorders.ts";
import { END_PRICES, metaorderColumns, metaorderImpacts, metaorderSettings } from "./_metaorder_runs.ts";
import { SeededRandom } from "../core/random.ts";
import {
  type MetaorderEndPrice,
  type SyntheticMetaorderOptions,
  type SyntheticMetaorders,
  syntheticMetaorders,
} from "./synthetic_metaorders.ts";
import { type MetaorderLawOptions, metaorderSquareRootLaw } from "./metaorder_impact.ts";

/** Options of {@linkcode methodSpread}. */
export interface MethodSpreadOptions
  extends Omit<SyntheticMetaorderOptions, "traders" | "seed" | "endPrice"> {
  /** Numbers of synthetic traders. Default 4, 10, 40, 100. */
  traderCounts?: readonly number[];
  /** Assignment seeds. Default 1, 2, 3. */
  seeds?: readonly number[];
  /**
   * End-price definitions. Default `"last-child"`, `"next-print"`, `"next-own-trade"` (and `"mid-after"`
   * when the tape has quotes).
   */
  endPrices?: readonly MetaorderEndPrice[];
  /** Options of the law fit. Default: 100 bootstrap resamples. */
  law?: MetaorderLawOptions;
}

/** One cell of the grid. */
export interface MethodSpreadCell {
  traders: number;
  seed: number;
  endPrice: MetaorderEndPrice;
  metaorders: number;
  delta: number;
  deltaInterval: [number, number] | null;
  eta: number;
  /** Bins with a mean impact <= 0 (kept in the fit). */
  nonPositiveBins: number;
  /** Why the fit failed, if it did; delta is then NaN. */
  error?: string;
}

/** Result of {@linkcode methodSpread}. */
export interface MethodSpread {
  cells: MethodSpreadCell[];
  /** Smallest and largest delta over the grid (finite cells). */
  deltaRange: [number, number];
  /** Per end-price definition: the smallest and largest delta over `N` and seeds. */
  byEndPrice: { endPrice: MetaorderEndPrice; deltaRange: [number, number]; cells: number }[];
  /** Per `N`: the smallest and largest delta over seeds and end prices. */
  byTraders: { traders: number; deltaRange: [number, number] }[];
  priceReference: "mid" | "trade";
}

/**
 * The metaorders `syntheticMetaorders(tape, options)` gives, built on the blocks and daily scales of an
 * earlier build on the same tape with the same block and scale options (`shared`): only the trader draw,
 * the runs and their impacts depend on `traders` and `seed`. The options are checked as the builder checks
 * them (same messages).
 */
function runsOn(
  tape: TradeTape,
  shared: SyntheticMetaorders,
  options: SyntheticMetaorderOptions,
): SyntheticMetaorders {
  const settings = metaorderSettings("build synthetic metaorders", options);
  const columns = metaorderColumns(
    tape,
    shared.blockStarts,
    { averageDailyVolume: shared.averageDailyVolume, dailyVolatility: shared.dailyVolatility },
    new SeededRandom(settings.seed),
    {
      traders: settings.traders,
      cumulative: settings.cumulative,
      minChildren: settings.minChildren,
      endPrice: settings.endPrice,
      minParticipation: settings.minParticipation,
      minDurationSeconds: settings.minDurationSeconds,
    },
  );
  return {
    ...shared,
    ...columns,
    traders: settings.traders,
    participationModel: settings.participationModel,
    definition: {
      ...shared.definition,
      traders: settings.traders,
      participationModel: settings.participationModel,
      endPrice: settings.endPrice,
      seed: settings.seed,
    },
  };
}

const range = (values: number[]): [number, number] =>
  values.length > 0 ? [Math.min(...values), Math.max(...values)] : [NaN, NaN];

/**
 * The square-root exponent over a grid of `N` x seeds x end-price definitions, with its min/max overall,
 * per definition and per `N`. Cost: one build of the runs per (N, seed), on blocks and daily scales cut
 * once, and one law fit per cell (O(n) each).
 *
 * @param tape the trade tape (mids are used when it has quotes).
 * @param options the grid and the builder's other options.
 * @returns every cell and the spreads.
 *
 * @example
 * ```ts
 * import { methodSpread, permanentImpactTape } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const tape = permanentImpactTape({ days: 2, tradesPerDay: 20_000, seed: 2 });
 * const spread = methodSpread(tape, { traderCounts: [4, 10], seeds: [1], law: { bootstrapSamples: 0 } });
 * assert.equal(spread.cells.length, 2 * 1 * 3);
 * assert.ok(spread.deltaRange[0] <= spread.deltaRange[1]);
 * ```
 */
export function methodSpread(tape: TradeTape, options: MethodSpreadOptions = {}): MethodSpread {
  const action = "measure the method spread of delta";
  assertObject(action, "options", options);
  assertTradeTape(action, tape, 2);
  const defaultEnds: MetaorderEndPrice[] = tape.quotes
    ? ["last-child", "next-print", "next-own-trade", "mid-after"]
    : ["last-child", "next-print", "next-own-trade"];
  const {
    traderCounts = [4, 10, 40, 100],
    seeds = [1, 2, 3],
    endPrices = defaultEnds,
    law = { bootstrapSamples: 100 },
    ...builder
  } = options;
  assertList(action, "traderCounts", traderCounts);
  assertList(action, "seeds", seeds);
  assertList(action, "endPrices", endPrices);
  traderCounts.forEach((v, i) => assertInteger(action, `traderCounts[${i}]`, v, 1));
  seeds.forEach((v, i) => assertInteger(action, `seeds[${i}]`, v, -(2 ** 31)));
  endPrices.forEach((v, i) => {
    if (!END_PRICES.includes(v)) {
      throw new RangeError(
        `Cannot ${action}: endPrices[${i}] must be one of ${END_PRICES.join(", ")}: current value is ${v}`,
      );
    }
  });
  if (traderCounts.length * seeds.length * endPrices.length === 0) {
    throw new RangeError(`Cannot ${action}: traderCounts, seeds and endPrices must not be empty`);
  }
  const cells: MethodSpreadCell[] = [];
  let first: SyntheticMetaorders | undefined;
  for (const traders of traderCounts) {
    for (const seed of seeds) {
      // One set of runs per (N, seed); each end price only changes the impact column. The first build
      // checks the tape and the options and cuts the blocks with their daily scales; the others reuse them.
      const cell = { ...builder, traders, seed, endPrice: endPrices[0]! };
      const runs = first === undefined
        ? (first = syntheticMetaorders(tape, cell))
        : runsOn(tape, first, cell);
      for (const endPrice of endPrices) {
        const m = endPrice === endPrices[0] ? runs : {
          ...runs,
          impact: metaorderImpacts(tape, runs.blockStarts, runs.dailyVolatility, runs, endPrice),
        };
        try {
          const fit = metaorderSquareRootLaw(m, law);
          cells.push({
            traders,
            seed,
            endPrice,
            metaorders: fit.metaorders,
            delta: fit.delta,
            deltaInterval: fit.deltaInterval,
            eta: fit.eta,
            nonPositiveBins: fit.nonPositiveBins,
          });
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          cells.push({
            traders,
            seed,
            endPrice,
            metaorders: m.first.length,
            delta: NaN,
            deltaInterval: null,
            eta: NaN,
            nonPositiveBins: NaN,
            error: error.message,
          });
        }
      }
    }
  }
  const finite = (list: MethodSpreadCell[]) =>
    list.filter((c) => Number.isFinite(c.delta)).map((c) => c.delta);
  return {
    cells,
    deltaRange: range(finite(cells)),
    byEndPrice: endPrices.map((endPrice) => {
      const sub = cells.filter((c) => c.endPrice === endPrice);
      return { endPrice, deltaRange: range(finite(sub)), cells: sub.length };
    }),
    byTraders: traderCounts.map((traders) => ({
      traders,
      deltaRange: range(finite(cells.filter((c) => c.traders === traders))),
    })),
    priceReference: tape.quotes ? "mid" : "trade",
  };
}
