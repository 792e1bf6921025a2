/**
 * Autocorrelation of trade signs and its power-law exponent.
 *
 * Order flow has long memory: the sign of the aggressor (+1 buy, -1 sell) is positively correlated over
 * thousands of trades, `C(l) ~ c0 * l^-gamma` with `0 < gamma < 1` (Bouchaud, Gefen, Potters & Wyart 2004;
 * Lillo & Farmer 2004). Lillo, Mike & Farmer (2005) explain it by the splitting of large metaorders
 * whose lengths are power-law distributed with tail exponent `alpha`: then `gamma = alpha - 1`.
 *
 * @module
 */
import type { TradeTape } from "../data/trade_tape.ts";
import { assertInteger, assertObject, describeValue, toFiniteArray } from "../core/validate.ts";
import { blockBootstrapCounts, type BlockSpec, describeBlocks, percentileInterval } from "./blocks.ts";
import { assertBootstrapSettings, assertLagsFitBlocks, checkBlockSpec } from "./_block_checks.ts";
import { correlationFromSums, SignSums } from "./_sign_sums.ts";
import { assertTapeOnce, laggedSumsUpTo, tapeBlocksOnce, TapeLedger } from "./_accumulation.ts";
import type { TapeAccumulator } from "./tape_accumulator.ts";
import { fitLine } from "../core/ols.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** Options of {@linkcode signCorrelation} and {@linkcode createSignCorrelationAccumulator}. */
export interface SignCorrelationOptions {
  /** Largest lag, in trades, >= 1. Default 1000. */
  maxLag?: number;
  /** Blocks for the bootstrap; lagged pairs never cross a block. Default `"day"`. */
  blocks?: BlockSpec;
}

/** Result of {@linkcode signCorrelation}: the estimate and the per-block sums the bootstrap resamples. */
export interface SignCorrelation {
  /** Lags `1..maxLag`, in trades. */
  lags: Float64Array;
  /** `C(l)` for each lag, dimensionless, in [-1, 1]. */
  correlation: Float64Array;
  /** Mean sign `<eps>` (buy minus sell share of trades). */
  meanSign: number;
  /** Trades in the tape. */
  trades: number;
  /** The blocks used, described (`"UTC days"`). */
  blocksDescription: string;
  /** Block boundaries (see `tapeBlocks`). */
  blockStarts: Int32Array;
  /** Per block: `sum eps_t eps_{t+l}` for `l = 0..maxLag` (block-major). */
  blockProducts: Float64Array;
  /** Per block: sum of signs. */
  blockSignSums: Float64Array;
}

/**
 * Trade-sign autocorrelation `C(l) = <eps_t eps_{t+l}> - <eps>^2` for `l = 1..maxLag` (Bouchaud et al. 2004), the average over all pairs of trades `l` apart inside one block.
 *
 * Cost O(n log maxLag) by FFT overlap-add (10 M trades, 1,000 lags: about a second), no per-trade objects.
 *
 * @param tape the trade tape (signs and timestamps are used).
 * @param options `maxLag` (default 1000), `blocks` (default `"day"`).
 * @returns the correlation and the per-block sums for {@linkcode signExponent}.
 * @throws {TypeError} for a malformed tape.
 * @throws {RangeError} if `maxLag` is not an integer >= 1 or the tape has fewer than `maxLag + 2` trades.
 *
 * @example
 * ```ts
 * import { signCorrelation } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // Hand check, signs + + - - + + - -: mean 0; pairs at lag 1: (+,+) (+,-) (-,-) (-,+) (+,+) (+,-) (-,-) -> 1/7.
 * const signs = Int8Array.from([1, 1, -1, -1, 1, 1, -1, -1]);
 * const tape = {
 *   timestamps: new Float64Array(8), prices: new Float64Array(8).fill(100), sizes: new Float64Array(8).fill(1),
 *   signs, symbol: "TEST", source: "synthetic" as const,
 * };
 * const c = signCorrelation(tape, { maxLag: 2 });
 * assert.ok(Math.abs(c.correlation[0]! - 1 / 7) < 1e-12);
 * assert.ok(Math.abs(c.correlation[1]! + 1) < 1e-12); // lag 2: every pair has opposite signs
 * ```
 */
export function signCorrelation(tape: TradeTape, options: SignCorrelationOptions = {}): SignCorrelation {
  const action = "measure sign correlation";
  const accumulator = createSignCorrelationAccumulator(options, action);
  assertTapeOnce(action, tape, (options.maxLag ?? 1000) + 2);
  accumulator.add(tape);
  return accumulator.finish();
}

/**
 * The sign autocorrelation `C(l)` as an accumulator (see `TapeAccumulator`): each `add(tape)` keeps the
 * tape's per-block sums `sum eps_t eps_{t+l}` (`l = 0..maxLag`, by FFT) and sums of signs, and `finish()`
 * gives `C(l) = <eps_t eps_{t+l}> - <eps>^2` over every block added (Bouchaud et al. 2004), the result of
 * {@linkcode signCorrelation} on the tapes joined (which is one `add` and `finish`). Blocks never span two
 * adds. Memory: `8 * (maxLag + 2)` bytes a block.
 *
 * @param options `maxLag` (default 1000), `blocks` (default `"day"`).
 * @param action the action named in error messages (default `"measure sign correlation"`), for a caller
 *   that measures under its own name.
 * @returns the accumulator.
 * @throws {RangeError} for a bad option; `add` throws for a malformed tape, `finish` for fewer than
 *   `maxLag + 2` trades or a `maxLag` not below the longest block's trade count.
 *
 * @example
 * ```ts
 * import { createSignCorrelationAccumulator } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const day = 86_400_000;
 * const tape = (start: number, signs: number[]) => ({
 *   timestamps: Float64Array.from(signs, (_, i) => start + i), prices: new Float64Array(signs.length).fill(100),
 *   sizes: new Float64Array(signs.length).fill(1), signs: Int8Array.from(signs), symbol: "T", source: "csv" as const,
 * });
 * const c = createSignCorrelationAccumulator({ maxLag: 1 });
 * c.add(tape(0, [1, 1, -1, -1])); // pairs at lag 1: + - + -> 1 - 1 + 1 = 1
 * c.add(tape(day, [1, -1, 1])); // a new UTC day, a new block: - - -> -2
 * const result = c.finish();
 * // Mean sign 1/7; C(1) = (1 - 2) / 5 pairs - (1/7)^2.
 * assert.ok(Math.abs(result.correlation[0]! - (-1 / 5 - 1 / 49)) < 1e-12);
 * assert.deepEqual([...result.blockStarts], [0, 4, 7]);
 * ```
 */
export function createSignCorrelationAccumulator(
  options: SignCorrelationOptions = {},
  action = "measure sign correlation",
): TapeAccumulator<SignCorrelation> {
  assertObject(action, "options", options);
  const { maxLag = 1000, blocks = "day" } = options;
  assertInteger(action, "maxLag", maxLag, 1);
  checkBlockSpec(action, blocks);
  const description = describeBlocks(blocks);
  const ledger = new TapeLedger(action);
  const sums = new SignSums(maxLag);
  return {
    add(tape: TradeTape): void {
      if (!ledger.admit(tape)) return;
      const starts = tapeBlocksOnce(tape, blocks);
      const [products] = laggedSumsUpTo(tape.signs, [tape.signs], maxLag, starts);
      sums.add(tape.signs, starts, products!);
      ledger.record(starts);
    },
    finish(): SignCorrelation {
      ledger.close();
      ledger.assertTrades(maxLag + 2);
      const blockStarts = ledger.blockStarts();
      assertLagsFitBlocks(action, blockStarts, maxLag, description);
      return sums.result(blockStarts, ledger.trades, description);
    },
  };
}

/** Options of {@linkcode signExponent}. */
export interface SignExponentOptions {
  /** Smallest lag of the fit, trades. Default 10 (short lags carry the bid-ask and splitting microstructure). */
  minLag?: number;
  /** Largest lag of the fit, trades. Default the largest measured lag. */
  maxLag?: number;
  /** Block bootstrap resamples. Default 500; 0 skips the interval. */
  bootstrapSamples?: number;
  /** Interval level in (0, 1). Default 0.95. */
  confidence?: number;
  /** Seed of the resampling. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
}

/** Result of {@linkcode signExponent}: a plain, JSON-serialisable object. */
export interface SignExponent {
  /** Exponent of `C(l) ~ c0 * l^-gamma`, dimensionless. */
  gamma: number;
  /** Prefactor `c0` (the fitted `C(1)`), dimensionless. */
  prefactor: number;
  /** Percentile block-bootstrap interval for `gamma`. */
  gammaInterval: [number, number];
  confidence: number;
  /** R^2 of the log-log fit. */
  rSquared: number;
  /** Lag range of the fit, trades. */
  lagRange: [number, number];
  /** Lags that entered the fit (only `C(l) > 0` can be logged). */
  lagsUsed: number;
  /** Blocks resampled and their description. */
  blocks: number;
  blocksDescription: string;
  /** Bootstrap resamples without enough positive lags to fit. */
  failedResamples: number;
}

/** OLS of ln C(l) on ln l over [from, to] where C > 0: returns gamma = -slope. */
function fitExponent(correlation: Float64Array, from: number, to: number) {
  const lnL: number[] = [], lnC: number[] = [];
  for (let l = from; l <= to; l++) {
    const c = correlation[l - 1]!;
    if (c > 0) {
      lnL.push(Math.log(l));
      lnC.push(Math.log(c));
    }
  }
  const fit = fitLine(lnL, lnC);
  return { gamma: -fit.slope, prefactor: Math.exp(fit.intercept), rSquared: fit.rSquared, used: fit.n };
}

/**
 * Power-law exponent `gamma` of the sign autocorrelation, `C(l) ~ c0 * l^-gamma`, by OLS of `ln C(l)` on
 * `ln l` over the lags `[minLag, maxLag]` where `C(l) > 0` (Lillo & Farmer 2004; Bouchaud et al. 2004), with a percentile interval from a block bootstrap of the per-block sums (blocks as in the
 * measurement; see `tapeBlocks`). Cost O(bootstrapSamples * blocks * maxLag).
 *
 * @param correlation a result of {@linkcode signCorrelation}.
 * @param options lag range, bootstrap resamples, confidence, seed.
 * @returns gamma, its interval and the fit's diagnostics.
 * @throws {RangeError} if the lag range is empty or outside the measured lags, or fewer than two lags in it
 *   have `C(l) > 0`.
 *
 * @example
 * ```ts
 * import { signExponent } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * // A measured correlation that is exactly 0.3 * l^-0.5, one block: the fit returns gamma = 0.5.
 * const correlation = Float64Array.from({ length: 100 }, (_, i) => 0.3 * (i + 1) ** -0.5);
 * const sc = {
 *   lags: Float64Array.from({ length: 100 }, (_, i) => i + 1), correlation, meanSign: 0, trades: 1000,
 *   blocksDescription: "one block", blockStarts: Int32Array.from([0, 1000]),
 *   blockProducts: new Float64Array(101), blockSignSums: new Float64Array(1),
 * };
 * const fit = signExponent(sc, { minLag: 1, bootstrapSamples: 0 });
 * assert.ok(Math.abs(fit.gamma - 0.5) < 1e-12 && Math.abs(fit.prefactor - 0.3) < 1e-12);
 * ```
 */
export function signExponent(correlation: SignCorrelation, options: SignExponentOptions = {}): SignExponent {
  const action = "fit sign-correlation exponent";
  assertObject(action, "correlation", correlation, "(a signCorrelation result)");
  assertObject(action, "options", options);
  const values = toFiniteArray(action, "correlation", correlation.correlation);
  const measured = values.length;
  const { minLag = 10, maxLag = measured, bootstrapSamples = 500, confidence = 0.95, seed = DEFAULT_SEED } =
    options;
  assertInteger(action, "minLag", minLag, 1);
  if (minLag + 1 > measured) {
    throw new RangeError(
      `Cannot ${action}: minLag must be < the largest measured lag (${measured}): current value is ${minLag}`,
    );
  }
  assertBootstrapSettings(action, bootstrapSamples, confidence, seed);
  const starts0 = correlation.blockStarts;
  if (!(starts0 instanceof Int32Array) || starts0.length < 2) {
    throw new TypeError(
      `Cannot ${action}: correlation.blockStarts must be an Int32Array of block starts: current value is ${
        describeValue(starts0)
      }`,
    );
  }
  const lagsPlusOne = measured + 1, blockCount = starts0.length - 1;
  for (const name of ["blockProducts", "blockSignSums"] as const) {
    const column = correlation[name];
    if (!(column instanceof Float64Array)) {
      throw new TypeError(
        `Cannot ${action}: correlation.${name} must be a Float64Array: current value is ${
          describeValue(column)
        }`,
      );
    }
    const expected = name === "blockProducts" ? blockCount * lagsPlusOne : blockCount;
    if (column.length !== expected) {
      throw new TypeError(
        `Cannot ${action}: correlation.${name} must have ${expected} values (blocks and lags of correlation): ` +
          `current length is ${column.length}`,
      );
    }
  }
  assertInteger(action, "maxLag", maxLag, minLag + 1);
  if (maxLag > measured) {
    throw new RangeError(
      `Cannot ${action}: maxLag must be <= the largest measured lag (${measured}): current value is ${maxLag}`,
    );
  }
  const base = fitExponent(values, minLag, maxLag);
  if (base.used < 2 || !Number.isFinite(base.gamma)) {
    throw new RangeError(
      `Cannot ${action}: fewer than two lags in [minLag, maxLag] = [${minLag}, ${maxLag}] have C(l) > 0 in ` +
        `correlation: current count is ${base.used}`,
    );
  }
  const starts = correlation.blockStarts, nb = starts.length - 1, lags = measured + 1;
  const draws: number[] = [];
  let failed = 0;
  if (bootstrapSamples > 0) {
    const counts = blockBootstrapCounts(nb, { bootstrapSamples, seed });
    for (let r = 0; r < bootstrapSamples; r++) {
      const weights = counts.subarray(r * nb, (r + 1) * nb);
      const c = correlationFromSums(
        correlation.blockProducts,
        correlation.blockSignSums,
        starts,
        weights,
        lags,
      );
      const f = fitExponent(c, minLag, maxLag);
      if (f.used < 2 || !Number.isFinite(f.gamma)) failed++;
      else draws.push(f.gamma);
    }
  }
  return {
    gamma: base.gamma,
    prefactor: base.prefactor,
    gammaInterval: draws.length > 0 ? percentileInterval(draws, confidence) : [base.gamma, base.gamma],
    confidence,
    rSquared: base.rSquared,
    lagRange: [minLag, maxLag],
    lagsUsed: base.used,
    blocks: nb,
    blocksDescription: correlation.blocksDescription,
    failedResamples: failed,
  };
}
