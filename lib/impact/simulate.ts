/**
 * A seeded simulator of metaorders whose impact follows a known square-root law plus realistic noise.
 *
 * It exists so that calibration and the learning models have real work to do on data whose truth is
 * known: the recorded impact mixes the law with (i) multiplicative order-to-order dispersion and
 * (ii) the market's own diffusion during execution, which in real data is several times larger than
 * the impact of a single metaorder (Tóth et al. 2011, Sec. III; Bacry et al. 2015, Sec. 3).
 *
 * @module
 */
import { DEFAULT_SEED, SeededRandom } from "../core/random.ts";
import {
  assertEach,
  assertInteger,
  assertObject,
  assertTimestamp,
  MAX_TIMESTAMP_MS,
} from "../core/validate.ts";
import type { MetaorderRecord } from "../core/trade.ts";
import { BPS_PER_FRACTION } from "../core/units.ts";
import { BTC_HOURLY_VOLUME_PROFILE } from "../data/synthetic/volume_profile.ts";
import {
  assertSimulatedPrices,
  metaorderRecord,
  plantedImpact,
  resolveMetaorderLaw,
} from "./_metaorder_law.ts";

/** Options of {@linkcode simulateMetaorders}. Every default is documented with its unit. */
export interface SimulationOptions {
  /** True prefactor of the law, dimensionless. Default 0.8. */
  eta?: number;
  /** True exponent. Default 0.5. */
  delta?: number;
  /** Typical daily volatility, fraction per day. Default 0.03 (BTC's order of magnitude). */
  dailyVolatility?: number;
  /** Typical average daily volume, base units per day. Default 100,000 (BTCUSDT perpetual's order, in BTC). */
  averageDailyVolume?: number;
  /** Typical mid price, quote per base unit. Default 60,000. */
  midPrice?: number;
  /** Typical quoted spread, basis points of the mid. Default 0.2 bps (one tick on BTCUSDT perpetual). */
  spreadBps?: number;
  /** Smallest participation `|Q|/V`. Default 1e-5. */
  minParticipation?: number;
  /** Largest participation `|Q|/V`. Default 1e-2. Sizes are log-uniform in between. */
  maxParticipation?: number;
  /** Share of market volume the order takes while it trades (POV rate), in (0, 1]. Default 0.1. */
  tradingRate?: number;
  /** Log-standard deviation of the mean-one multiplicative dispersion of impact across orders. Default 0.3. */
  impactNoise?: number;
  /** Multiplier on the market's diffusion `sigma * sqrt(T)` during execution; 0 removes it. Default 1. */
  marketNoise?: number;
  /**
   * Dispersion of each order's volatility and daily volume around the typical values (log-standard
   * deviation). Default 0.25.
   */
  regimeDispersion?: number;
  /**
   * Exponent of a liquidity effect: impact is multiplied by `(1/24 / volumeShare)^liquidityEffect`, so
   * orders in thin hours move the price more. Default 0 (the pure law).
   */
  liquidityEffect?: number;
  /**
   * Strength of a momentum effect: impact is multiplied by `1 + momentumEffect * tanh(side * momentum /
   * hourly sigma)`, so orders chasing the trend pay more. In [0, 1], so impact keeps its sign. Default 0
   * (the pure law).
   */
  momentumEffect?: number;
  /** First start time, UTC ms. Default 2025-01-01T00:00:00Z. */
  startTime?: number;
  /** Instrument name written into the records. Default `"BTCUSDT"`. */
  symbol?: string;
  /** Seed. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
}

/**
 * Simulates `count` metaorders whose expected impact follows `sigma * sign(Q) * eta * (|Q|/V)^delta`.
 *
 * For each order: a start time (exponential gaps, mean one hour), a volatility and daily volume drawn
 * log-normally around the typical values, a side (fair coin), a participation `q` log-uniform in
 * `[minParticipation, maxParticipation]`, a duration `T = q / tradingRate` days, and:
 *
 * - impact `I = sigma * eta * q^delta * exp(s Z1 - s^2/2) * effects` (mean-one dispersion `s = impactNoise`);
 * - market move `M = marketNoise * sigma * sqrt(T) * Z2` (Brownian motion over the execution);
 * - end price `arrival * (1 + side * I + M)`;
 * - execution price `arrival * (1 + side * (spread/2/arrival + I/(1+delta)) + A)` where the average impact
 *   of a concave path `t^delta` is `I/(1+delta)` and `A` is the time average of the Brownian path
 *   (covariance `T/2` with `M`, variance `T/3`);
 * - market VWAP: the time-averaged mid path plus a small independent error.
 *
 * Cost: O(count). Deterministic for a given seed.
 *
 * @param count number of metaorders, integer >= 1.
 * @param options the truth and the noise; see {@linkcode SimulationOptions}.
 * @returns records sorted by timestamp, all with `source: "synthetic"`.
 * @throws {TypeError} for null options or an option of another type than number.
 * @throws {RangeError} for a count < 1, an option outside its domain, a `startTime` beyond a valid date, or
 *   a law (with its effects) so strong that a simulated price is not finite and > 0.
 *
 * @example
 * ```ts
 * import { simulateMetaorders } from "@lib/impact/mod.ts";
 * import assert from "node:assert/strict";
 * const orders = simulateMetaorders(100, { seed: 3 });
 * assert.equal(orders.length, 100);
 * assert.deepEqual(orders, simulateMetaorders(100, { seed: 3 }));
 * ```
 */
export function simulateMetaorders(count: number, options: SimulationOptions = {}): MetaorderRecord[] {
  assertObject("simulate metaorders", "options", options);
  const {
    dailyVolatility = 0.03,
    averageDailyVolume = 100_000,
    midPrice = 60_000,
    spreadBps = 0.2,
    marketNoise = 1,
    regimeDispersion = 0.25,
    startTime = Date.UTC(2025, 0, 1),
    symbol = "BTCUSDT",
    seed = DEFAULT_SEED,
  } = options;
  const action = "simulate metaorders";
  const law = resolveMetaorderLaw(action, count, options);
  assertEach(action, "positive", { dailyVolatility, averageDailyVolume, midPrice });
  assertEach(action, "non-negative", { spreadBps, marketNoise, regimeDispersion });
  assertTimestamp(action, "startTime", startTime);
  assertInteger(action, "seed", seed, -(2 ** 31));

  const rng = new SeededRandom(seed);
  const hourMs = 3_600_000;
  const lnMin = Math.log(law.minParticipation), lnMax = Math.log(law.maxParticipation);
  const records: MetaorderRecord[] = new Array(count);
  let t = startTime;
  for (let k = 0; k < count; k++) {
    t += Math.round(-Math.log(1 - rng.uniform()) * hourMs);
    if (t > MAX_TIMESTAMP_MS) {
      throw new RangeError(
        `Cannot ${action}: metaorder ${k} would start after the last valid date (8.64e15 ms): ` +
          `startTime must leave room for ${count} orders about an hour apart: current value is ${startTime}`,
      );
    }
    const sigma = dailyVolatility *
      Math.exp(regimeDispersion * rng.normal() - (regimeDispersion * regimeDispersion) / 2);
    const adv = averageDailyVolume *
      Math.exp(regimeDispersion * rng.normal() - (regimeDispersion * regimeDispersion) / 2);
    const side = rng.uniform() < 0.5 ? -1 : 1;
    const q = Math.exp(lnMin + (lnMax - lnMin) * rng.uniform());
    const days = q / law.tradingRate;
    const hour = new Date(t).getUTCHours();
    const volumeShare = BTC_HOURLY_VOLUME_PROFILE[hour]!;
    const hourlySigma = sigma / Math.sqrt(24);
    const momentum = hourlySigma * rng.normal();
    const arrival = midPrice * Math.exp(0.1 * rng.normal());
    const spread = arrival * (spreadBps / BPS_PER_FRACTION) * Math.exp(0.3 * rng.normal());

    const z1 = rng.normal();
    const impact = plantedImpact(law, { sigma, q, side, momentum, volumeShare, z: z1 });
    const z2 = rng.normal(), z3 = rng.normal();
    const diffusion = marketNoise * sigma * Math.sqrt(days);
    const endMove = diffusion * z2;
    const averageMove = diffusion * (z2 / 2 + z3 / Math.sqrt(12));
    const endPrice = arrival * (1 + side * impact + endMove);
    const pathAverage = arrival * (1 + side * impact / (1 + law.delta) + averageMove);
    const executionPrice = pathAverage + side * spread / 2;
    const vwap = pathAverage * (1 + 0.05 * diffusion * rng.normal());

    records[k] = metaorderRecord(
      { timestamp: t, symbol, side, participation: q, durationMinutes: days * 1440, source: "synthetic" },
      { averageDailyVolume: adv, dailyVolatility: sigma, momentum, volumeShare },
      { arrivalPrice: arrival, executionPrice, vwap, endPrice, spread },
    );
    assertSimulatedPrices(action, k, records[k]!, impact, {
      ...law,
      dailyVolatility,
      averageDailyVolume,
      midPrice,
      spreadBps,
      marketNoise,
      regimeDispersion,
    });
  }
  return records;
}
