/**
 * Units shared by every area, and the glossary: one name for each of the chapter's quantities, used for
 * options, fields, columns and error messages alike. Costs and impacts are fractions of a price everywhere in
 * the library (0.001 = 0.1 %); basis points are a display unit, and "bps" always means `fraction * 10,000`.
 * A unit that is not the glossary's is in the name (`durationSeconds`, `spreadBps`, `participationPct`).
 *
 * | name | meaning | unit |
 * | --- | --- | --- |
 * | `size` | `Q`: an order's signed size, > 0 buy, < 0 sell | base units |
 * | `dailyVolatility` | `sigma`: standard deviation of the daily log price change (realised, or the paper's) | fraction of the price per day (0.02 = 2 %/day) |
 * | `averageDailyVolume` | `V`: the daily volume an order's size is measured against (a trailing mean, or a block's own volume extrapolated to a day; each source says which) | base units per day |
 * | `participation` | `q = \|Q\| / V`: an order's size over the daily volume, the square-root law's variable | fraction of a day's volume |
 * | `participationRate` | an order's share of the market's volume while it executes (a POV target; `\|Q\|` over the volume traded meanwhile) | fraction, in (0, 1] |
 * | `durationMinutes`, `durationSeconds`, `durationDays` | an order's execution time, arrival (first child) to end (last child) | the unit in the name |
 * | `eta`, `delta` | the square-root law's prefactor `Y` and exponent: `I = dailyVolatility * eta * participation^delta` | dimensionless; `delta` in (0, 2] |
 * | `realizedImpact` | signed price change from arrival to end, `(endPrice - arrivalPrice) / arrivalPrice` | fraction of the price |
 * | `spread` | quoted bid-ask spread | quote currency per base unit |
 * | `halfSpread` | half the relative spread, the cost of crossing it once | fraction of the price |
 * | `bootstrapSamples` | bootstrap resamples of an interval; 0 skips the bootstrap (no interval) | count |
 * | `confidence` | level of a percentile interval | in (0, 1), default 0.95 |
 * | `blocks` | option: the block spec of a block bootstrap, `"day" \| { seconds } \| { count }`; in a result: the number of blocks resampled | spec; count |
 * | `block` | the block index of each observation (`Int32Array`) | index |
 * | `seed` | integer seed of the seeded stream (`SeededRandom`); every default is `DEFAULT_SEED` (lib/core/random.ts) | integer |
 * | `volatilityEstimator`, `volumeSource` | how a tape block's `dailyVolatility` and `averageDailyVolume` are measured (`"realised" \| "range"`, `"extrapolated" \| "actual"`) | choice |
 * | `annualVolatility` | standard deviation of a backtest's net returns, annualised | fraction per year |
 *
 * Greek letters name a paper's own symbol where it is the clearest name, documented where used: `sigma` in
 * Almgren-Chriss is the price volatility in currency per share per sqrt(time unit); `gamma`, `epsilon`,
 * `lambda` and `kappa` are the paper's.
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
