/**
 * Almgren-Chriss holdings sent to the simulated order book, and what the book made them pay set against
 * what the cost models predicted: the check that a law priced a schedule as the market would.
 *
 * @module
 */
import type { ChildSchedule, ScheduleShortfalls } from "../book/execute.ts";
import type { ScheduleEvaluation } from "./schedules.ts";
import { mean, quantileSorted } from "../core/statistics.ts";
import { toBps } from "../core/units.ts";
import { assertEach, assertObject, toFiniteArray } from "../core/validate.ts";

/**
 * Child market orders for holdings `x_0..x_N`: period `j`'s trade `n_j = x_{j-1} - x_j` is split into
 * equal children every `childSeconds` from `(j - 1) periodSeconds` (at least one child per period).
 *
 * @param holdings holdings `x_0..x_N`, base units, non-increasing in absolute value (a sale or a purchase).
 * @param options `side` (+1 buy, -1 sell), `periodSeconds` (> 0), `childSeconds` (> 0, default `periodSeconds`).
 * @returns a schedule for `executeOnBook` / `scheduleShortfalls` (zero trades dropped).
 * @throws {TypeError} for fewer than 2 holdings.
 * @throws {RangeError} for a non-finite holding or a non-positive period.
 *
 * @example
 * ```ts
 * import { childScheduleFromHoldings } from "@lib/execution/mod.ts";
 * import assert from "node:assert/strict";
 * const s = childScheduleFromHoldings([10, 4, 0], { side: -1, periodSeconds: 60, childSeconds: 30 });
 * assert.deepEqual(Array.from(s.times), [0, 30, 60, 90]);
 * assert.deepEqual(Array.from(s.sizes), [3, 3, 2, 2]);
 * ```
 */
export function childScheduleFromHoldings(
  holdings: ArrayLike<number>,
  options: { side: 1 | -1; periodSeconds: number; childSeconds?: number },
): ChildSchedule {
  const action = "build child orders from holdings";
  assertObject(action, "options", options);
  const x = toFiniteArray(action, "holdings", holdings);
  if (x.length < 2) {
    throw new TypeError(`Cannot ${action}: holdings must have >= 2 entries: current length is ${x.length}`);
  }
  const { side, periodSeconds, childSeconds = periodSeconds } = options;
  assertEach(action, "positive", { periodSeconds, childSeconds });
  const perPeriod = Math.max(1, Math.round(periodSeconds / childSeconds));
  const times: number[] = [], sizes: number[] = [];
  for (let j = 1; j < x.length; j++) {
    const trade = Math.abs(x[j - 1]! - x[j]!) / perPeriod;
    for (let k = 0; k < perPeriod && trade > 0; k++) {
      times.push((j - 1) * periodSeconds + k * childSeconds);
      sizes.push(trade);
    }
  }
  return { side, times, sizes };
}

/** One row of {@linkcode shortfallComparison}, every cost in bps of the arrival price. */
export interface ShortfallComparisonRow {
  name: string;
  /** The law's prediction (the same for every schedule of one order) and whether it is extrapolated. */
  lawBps: number;
  extrapolation: boolean;
  /** Almgren-Chriss expected cost and standard deviation. */
  expectedBps: number;
  standardDeviationBps: number;
  /** Realised over the seeds: mean, its standard error, standard deviation, 5 %, 50 % and 95 % quantiles. */
  realisedMeanBps: number;
  standardErrorBps: number;
  realisedSdBps: number;
  q05Bps: number;
  medianBps: number;
  q95Bps: number;
  /** Seeds with a fill. */
  seeds: number;
}

/**
 * Predicted against realised implementation shortfall per schedule: the law's prediction and the
 * Almgren-Chriss `E[x]` and `sqrt V[x]` (in bps of the notional) next to the mean, standard deviation and
 * quantiles (type 7) of the shortfalls the book realised over the seeds.
 *
 * @param priced `evaluateSchedules` rows with `price` given (bps present), one per schedule, same order.
 * @param realised `scheduleShortfalls` of the same schedules.
 * @param law `lawShortfall` (fraction) and `extrapolation` from `almgrenChrissFromMeasuredLaw`.
 * @returns one row per schedule.
 * @throws {TypeError} when the schedule counts differ or a row has no bps.
 *
 * @example
 * ```ts
 * import { shortfallComparison } from "@lib/execution/mod.ts";
 * import assert from "node:assert/strict";
 * const priced = [{ name: "TWAP", steps: 2, expectedCost: 1, variance: 1, standardDeviation: 1, utility: 1, expectedCostBps: 2, standardDeviationBps: 1 }];
 * const realised = { shortfalls: [new Float64Array([1e-4, 2e-4, 3e-4])] };
 * const [row] = shortfallComparison(priced, realised, { lawShortfall: 1.5e-4, extrapolation: false });
 * assert.ok(Math.abs(row!.realisedMeanBps - 2) < 1e-12 && Math.abs(row!.medianBps - 2) < 1e-12);
 * assert.ok(Math.abs(row!.lawBps - 1.5) < 1e-12);
 * ```
 */
export function shortfallComparison(
  priced: readonly ScheduleEvaluation[],
  realised: Pick<ScheduleShortfalls, "shortfalls">,
  law: { lawShortfall: number; extrapolation: boolean },
): ShortfallComparisonRow[] {
  const action = "compare predicted and realised shortfalls";
  if (!Array.isArray(priced) || priced.length !== realised?.shortfalls?.length) {
    throw new TypeError(
      `Cannot ${action}: priced and realised.shortfalls must have one entry per schedule: current lengths are ${priced?.length} and ${realised?.shortfalls?.length}`,
    );
  }
  return priced.map((row, k) => {
    if (row.expectedCostBps === undefined || row.standardDeviationBps === undefined) {
      throw new TypeError(`Cannot ${action}: priced[${k}] must have bps (evaluateSchedules with price)`);
    }
    const s = Float64Array.from(realised.shortfalls[k]!).filter(Number.isFinite).sort();
    const m = mean(s);
    const sd = Math.sqrt(s.reduce((a, v) => a + (v - m) ** 2, 0) / Math.max(1, s.length - 1));
    return {
      name: row.name,
      lawBps: toBps(law.lawShortfall),
      extrapolation: law.extrapolation,
      expectedBps: row.expectedCostBps,
      standardDeviationBps: row.standardDeviationBps,
      realisedMeanBps: toBps(m),
      standardErrorBps: toBps(sd / Math.sqrt(s.length)),
      realisedSdBps: toBps(sd),
      q05Bps: toBps(quantileSorted(s, 0.05)),
      medianBps: toBps(quantileSorted(s, 0.5)),
      q95Bps: toBps(quantileSorted(s, 0.95)),
      seeds: s.length,
    };
  });
}
