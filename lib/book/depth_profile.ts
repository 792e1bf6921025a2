/**
 * The simulated book's average shape: mean resting size at each distance from the best on either side,
 * and the spread, sampled on a regular clock (time-weighted, unlike a per-trade average).
 *
 * @module
 */
import { assertEach, assertInteger, assertObject } from "../core/validate.ts";
import { type BookParameters, SIMULATED_BOOK_LABEL } from "./parameters.ts";
import { BookSimulator } from "./simulator.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** Result of {@linkcode bookDepthProfile}. */
export interface BookDepthProfile {
  /** `"simulated order book"`. */
  label: string;
  /** Distance from the own side's best, ticks: 0, 1, ..., `levels - 1`. */
  distanceTicks: Int32Array;
  /** Mean resting size at that distance, base units, bid and ask side (0 where the level is empty). */
  bidDepth: Float64Array;
  askDepth: Float64Array;
  /** The spread at each sample, ticks. */
  spreadTicks: Float64Array;
  tickSize: number;
}

/**
 * Samples the simulated book every `stepSeconds` after a warm-up and averages the resting size at each
 * distance (in ticks) from the best of its side (Bouchaud, Mézard & Potters 2002 measure the same profile
 * on real books). Cost: the book events of `warmupSeconds + samples * stepSeconds` plus `samples * levels`.
 *
 * @param options `seed` (default {@linkcode DEFAULT_SEED}), book `parameters`, `warmupSeconds` (default 120), `samples` (default
 *   600), `stepSeconds` (default 1), `levels` (ticks from the best, default 20).
 * @returns the profile, per side, and the sampled spreads in ticks.
 * @throws {RangeError} for a bad option.
 *
 * @example
 * ```ts
 * import { bookDepthProfile } from "@lib/book/mod.ts";
 * import assert from "node:assert/strict";
 * const p = bookDepthProfile({ seed: 2, samples: 50, levels: 8 });
 * assert.equal(p.bidDepth.length, 8);
 * assert.ok(p.spreadTicks.every((s) => s >= 1));
 * assert.ok(p.bidDepth[7]! > 0 && p.askDepth[7]! > 0);
 * ```
 */
export function bookDepthProfile(
  options: {
    seed?: number;
    parameters?: Partial<BookParameters>;
    warmupSeconds?: number;
    samples?: number;
    stepSeconds?: number;
    levels?: number;
  } = {},
): BookDepthProfile {
  const action = "measure the book's depth profile";
  assertObject(action, "options", options);
  const {
    seed = DEFAULT_SEED,
    parameters = {},
    warmupSeconds = 120,
    samples = 600,
    stepSeconds = 1,
    levels = 20,
  } = options;
  assertEach(action, "positive", { warmupSeconds, stepSeconds });
  assertInteger(action, "samples", samples, 1);
  assertInteger(action, "levels", levels, 1);
  const sim = new BookSimulator(parameters, { seed, recordTape: false, recordQuotes: "none" });
  const tick = sim.parameters.tickSize;
  const bidDepth = new Float64Array(levels), askDepth = new Float64Array(levels);
  const spreadTicks = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    sim.advance(warmupSeconds + s * stepSeconds);
    const snap = sim.book.snapshot(levels);
    spreadTicks[s] = Math.round((snap.askPrices[0]! - snap.bidPrices[0]!) / tick);
    for (let i = 0; i < snap.bidPrices.length; i++) {
      const d = Math.round((snap.bidPrices[0]! - snap.bidPrices[i]!) / tick);
      if (d < levels) bidDepth[d] = bidDepth[d]! + snap.bidSizes[i]! / samples;
    }
    for (let i = 0; i < snap.askPrices.length; i++) {
      const d = Math.round((snap.askPrices[i]! - snap.askPrices[0]!) / tick);
      if (d < levels) askDepth[d] = askDepth[d]! + snap.askSizes[i]! / samples;
    }
  }
  return {
    label: SIMULATED_BOOK_LABEL,
    distanceTicks: Int32Array.from({ length: levels }, (_, i) => i),
    bidDepth,
    askDepth,
    spreadTicks,
    tickSize: tick,
  };
}
