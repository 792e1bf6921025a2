/**
 * Descriptive statistics shared by the areas: the mean and sample standard deviation come from
 * simple-statistics; the quantile is simple-statistics' type-7 `quantileSorted` behind a guard for
 * typed arrays and empty input.
 *
 * @module
 */
import {
  mean as ssMean,
  quantileSorted as ssQuantileSorted,
  sampleStandardDeviation as ssSampleStandardDeviation,
} from "npm:simple-statistics@7.12.1";

/**
 * Arithmetic mean (simple-statistics' `mean`, with a compensated sum). NaN for no values.
 *
 * @param values the numbers.
 * @returns their mean.
 *
 * @example
 * ```ts
 * import { mean } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(mean([1, 2, 3, 6]), 3);
 * ```
 */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  return ssMean(values as number[]);
}

/**
 * Sample standard deviation, divisor `n - 1` (Bessel's correction; simple-statistics'
 * `sampleStandardDeviation`). 0 for fewer than two values (no spread can be measured), where
 * simple-statistics would throw.
 *
 * @param values the numbers.
 * @returns their sample standard deviation, in their unit.
 *
 * @example
 * ```ts
 * import { sampleStandardDeviation } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(sampleStandardDeviation([1, 2, 3, 4]) - Math.sqrt(5 / 3)) < 1e-15);
 * assert.equal(sampleStandardDeviation([7]), 0);
 * ```
 */
export function sampleStandardDeviation(values: ArrayLike<number>): number {
  if (values.length < 2) return 0;
  return ssSampleStandardDeviation(values as number[]);
}

/**
 * The p-quantile of values sorted ascending, by linear interpolation between order statistics
 * (Hyndman & Fan 1996, type 7; numpy's and R's default): position `h = (n - 1) p`, value
 * `x[floor h] + (h - floor h) (x[ceil h] - x[floor h])`. simple-statistics' `quantileSorted` computes
 * exactly this; the wrapper accepts typed arrays and returns NaN for no values instead of throwing.
 * Cost: O(1).
 *
 * @param sorted values sorted ascending.
 * @param p probability in [0, 1].
 * @returns the quantile.
 *
 * @example
 * ```ts
 * import { quantileSorted } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(quantileSorted([1, 2, 3, 4, 5], 0.25), 2);
 * assert.equal(quantileSorted(Float64Array.of(0, 10), 0.05), 0.5);
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return ssQuantileSorted(sorted as number[], p);
}
