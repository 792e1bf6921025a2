/**
 * Units shared by every area. Costs and impacts are fractions of a price everywhere in the library
 * (0.001 = 0.1 %); basis points are a display unit, and "bps" always means `fraction * 10,000`.
 *
 * @module
 */

/** Basis points per unit fraction: 1 bp = 1e-4 of a price. */
export const BPS_PER_FRACTION = 10_000;

/** Milliseconds in a day (UTC days have no leap seconds in Unix time). */
export const MS_PER_DAY = 86_400_000;

/** Milliseconds in an hour. */
export const MS_PER_HOUR = 3_600_000;

/**
 * Converts a fraction of a price to basis points: `bps = fraction * 10,000`.
 *
 * @param fraction a fraction (0.001 = 0.1 %).
 * @returns basis points (0.001 gives 10).
 *
 * @example
 * ```ts
 * import { toBps } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(toBps(0.001), 10);
 * ```
 */
export function toBps(fraction: number): number {
  return fraction * BPS_PER_FRACTION;
}
