/**
 * The tick size of an instrument estimated from prices on its grid.
 *
 * @module
 */
import { toFiniteArray } from "../core/validate.ts";

/**
 * Tick size estimated from prices on the tick grid: the smallest positive change between consecutive
 * values, rounded to 6 significant digits. Trade prices and quotes sit on the grid, so every change is a
 * whole number of ticks, and on a liquid series some consecutive values differ by one tick. Changes below
 * 1e-9 of the price are floating-point noise and ignored. For quotes, pass bids and asks interleaved
 * (`bid_0, ask_0, bid_1, ask_1, ...`): each spread is then a change too. An overestimate if no two
 * consecutive values are one tick apart; meaningless for prices off the grid (VWAPs, mids of odd spreads).
 * Cost: O(n).
 *
 * @param prices prices on the grid, quote currency per base unit, in time order.
 * @returns the tick size, quote currency per base unit.
 * @throws {RangeError} if a price is not finite, or all prices are equal (no change to measure).
 *
 * @example
 * ```ts
 * import { estimateTickSize } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(estimateTickSize([100, 100.3, 100.1, 100.1, 100.4]), 0.2);
 * ```
 */
export function estimateTickSize(prices: ArrayLike<number>): number {
  prices = toFiniteArray("estimate tick size", "prices", prices);
  let smallest = Infinity;
  for (let i = 1; i < prices.length; i++) {
    const d = Math.abs(prices[i]! - prices[i - 1]!);
    if (d > 1e-9 * Math.abs(prices[i]!) && d < smallest) smallest = d;
  }
  if (!Number.isFinite(smallest)) {
    throw new RangeError(
      `Cannot estimate tick size: prices must change at least once: current count of changes is 0 of ${prices.length}`,
    );
  }
  return Number(smallest.toPrecision(6));
}
