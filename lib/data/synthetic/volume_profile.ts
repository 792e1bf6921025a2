/**
 * A typical intraday volume profile, the default of the synthetic market and of the self-contained
 * metaorder simulator.
 *
 * @module
 */

/**
 * A 24-hour UTC volume profile shaped like BTCUSDT perpetual's (share of daily volume per hour, sums to 1):
 * quiet Asian late evening, a rise into the European morning, a peak at the US open (13:30-16:00 UTC).
 * Shape chosen by eye from Bybit 1-minute volume averaged over June 2025; used by the synthetic market and the
 * self-contained metaorder simulator.
 *
 * @example
 * ```ts
 * import { BTC_HOURLY_VOLUME_PROFILE } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(BTC_HOURLY_VOLUME_PROFILE.length, 24);
 * assert.ok(Math.abs(BTC_HOURLY_VOLUME_PROFILE.reduce((a, b) => a + b, 0) - 1) < 1e-12);
 * ```
 */
export const BTC_HOURLY_VOLUME_PROFILE: readonly number[] = (() => {
  const raw = [
    3.9,
    3.6,
    3.3,
    3.1,
    2.9,
    2.8,
    2.9,
    3.2,
    3.7,
    4.0,
    4.0,
    4.0,
    4.3,
    5.2,
    6.6,
    6.9,
    6.1,
    5.3,
    4.7,
    4.4,
    4.4,
    4.2,
    3.8,
    3.7,
  ];
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / total);
})();
