/**
 * The tick size of prices quoted on a grid, estimated from the prices themselves: the library's one
 * estimator, used for trade tapes (`tape/response_function.ts`, `tape/tape_days.ts`) and quote series
 * (`data/quoted_spread.ts`).
 *
 * @module
 */
import { assertObject, toFiniteArray } from "../core/validate.ts";

/** Options of {@linkcode estimateTickSize}. */
export interface TickSizeOptions {
  /** More price series on the same grid (e.g. the asks beside the bids): their consecutive changes count too. */
  otherPrices?: readonly ArrayLike<number>[];
  /** Differences that are themselves steps on the grid (e.g. each quote's ask - bid), quote units. */
  spreads?: ArrayLike<number>;
  /** What to return when no price changes: `"throw"` (default) a RangeError, `"nan"` NaN. */
  ifNone?: "throw" | "nan";
}

/**
 * Tick size estimated from prices on a grid: the smallest positive step among the consecutive changes of
 * `prices` (and of each series in `otherPrices`) and the values of `spreads`, rounded to 6 significant
 * digits. Prices sit on the tick grid, and on a liquid tape or quote series some consecutive prices differ
 * by one tick, or the spread is one tick. Steps below 1e-9 of the price level are floating-point noise and
 * ignored. An overestimate if no step of one tick occurs; meaningless for prices off the grid (e.g. VWAPs).
 * Cost O(n).
 *
 * @param prices prices, quote per base unit, finite.
 * @param options other series, spreads, and what to do when nothing changes.
 * @returns the tick size, quote per base unit (NaN with `ifNone: "nan"` when no step is found).
 * @throws {RangeError} for a non-finite price, or (default) if no price changes.
 *
 * @example
 * ```ts
 * import { estimateTickSize } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(estimateTickSize([100, 100.3, 100.1, 100.1, 100.4]), 0.2);
 * // Quotes: bids move by 1, but the spread is 0.5 at times.
 * assert.equal(estimateTickSize([100, 101, 101], { otherPrices: [[101, 102, 101.5]], spreads: [1, 1, 0.5] }), 0.5);
 * assert.ok(Number.isNaN(estimateTickSize([5, 5], { ifNone: "nan" })));
 * ```
 */
export function estimateTickSize(prices: ArrayLike<number>, options: TickSizeOptions = {}): number {
  const action = "estimate tick size";
  assertObject(action, "options", options);
  const { otherPrices = [], spreads, ifNone = "throw" } = options;
  const series = [finiteValues(action, "prices", prices)];
  otherPrices.forEach((p, k) => series.push(finiteValues(action, `otherPrices[${k}]`, p)));
  let smallest = Infinity, count = 0;
  for (const p of series) {
    count += p.length;
    for (let i = 1; i < p.length; i++) {
      const d = Math.abs(p[i]! - p[i - 1]!);
      if (d > 1e-9 * Math.abs(p[i]!) && d < smallest) smallest = d;
    }
  }
  if (spreads !== undefined) {
    const s = toFiniteArray(action, "spreads", spreads);
    const level = series[0]!;
    for (let i = 0; i < s.length; i++) {
      const d = Math.abs(s[i]!);
      const floor = i < level.length ? 1e-9 * Math.abs(level[i]!) : 0;
      if (d > floor && d < smallest) smallest = d;
    }
  }
  if (!Number.isFinite(smallest)) {
    if (ifNone === "nan") return NaN;
    throw new RangeError(
      `Cannot ${action}: prices must change at least once: current count of changes is 0 of ${count}`,
    );
  }
  return Number(smallest.toPrecision(6));
}

/**
 * `values` as a Float64Array of finite numbers: a Float64Array is checked and read in place (a tape's
 * price column holds millions of values, and this function only reads them), anything else is copied.
 */
function finiteValues(action: string, name: string, values: ArrayLike<number>): Float64Array {
  if (values instanceof Float64Array) {
    let ok = true;
    for (let i = 0; i < values.length && ok; i++) ok = Number.isFinite(values[i]!);
    if (ok) return values;
  }
  return toFiniteArray(action, name, values); // copies, or names the first bad value
}
