/**
 * Traded volume of a tape in bins of equal time: an expected volume profile for VWAP and POV schedules
 * read from a past session (Madhavan 2002 on VWAP).
 *
 * @module
 */
import { assertInteger, assertObject, assertPositive } from "../core/validate.ts";

/**
 * Volume traded in each of `bins` consecutive windows of `binSeconds` from `fromMs`: `v_k = sum size_i`
 * over trades with `fromMs + k binSeconds <= t_i < fromMs + (k + 1) binSeconds`. Cost O(trades).
 *
 * @param tape `timestamps` (UTC ms, sorted) and `sizes` (base units).
 * @param options `binSeconds` (> 0), `bins` (integer >= 1), `fromMs` (default the first trade).
 * @returns base units per bin.
 * @throws {RangeError} for a bad option.
 *
 * @example
 * ```ts
 * import { tapeVolumeBins } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const v = tapeVolumeBins({ timestamps: [0, 500, 1500, 2500], sizes: [1, 2, 3, 4] }, { binSeconds: 1, bins: 2 });
 * assert.deepEqual(Array.from(v), [3, 3]);
 * ```
 */
export function tapeVolumeBins(
  tape: { timestamps: ArrayLike<number>; sizes: ArrayLike<number> },
  options: { binSeconds: number; bins: number; fromMs?: number },
): Float64Array {
  const action = "bin a tape's volume";
  assertObject(action, "tape", tape);
  assertObject(action, "options", options);
  const { binSeconds, bins, fromMs = tape.timestamps[0] ?? 0 } = options;
  assertPositive(action, "binSeconds", binSeconds);
  assertInteger(action, "bins", bins, 1);
  const out = new Float64Array(bins);
  for (let i = 0; i < tape.timestamps.length; i++) {
    const k = Math.floor((tape.timestamps[i]! - fromMs) / (binSeconds * 1000));
    if (k >= 0 && k < bins) out[k] = out[k]! + tape.sizes[i]!;
  }
  return out;
}
