import assert from "node:assert/strict";
import { BTC_HOURLY_VOLUME_PROFILE } from "@lib/data/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("the same seed gives the same metaorders; another seed does not", () => {
  assert.deepEqual(simulateMetaorders(50, { seed: 4 }), simulateMetaorders(50, { seed: 4 }));
  assert.notDeepEqual(simulateMetaorders(50, { seed: 4 }), simulateMetaorders(50, { seed: 5 }));
});

Deno.test("records are consistent: participation, impact, time order, labels", () => {
  const orders = simulateMetaorders(2_000, { seed: 8, minParticipation: 1e-4, maxParticipation: 1e-2 });
  let previous = -Infinity;
  for (const o of orders) {
    assertClose(o.participation, Math.abs(o.size) / o.averageDailyVolume, { rel: 1e-12 });
    assertClose(o.realizedImpact, (o.endPrice - o.arrivalPrice) / o.arrivalPrice, { rel: 1e-9, abs: 1e-15 });
    assert.ok(o.participation >= 1e-4 && o.participation <= 1e-2);
    assert.ok(o.timestamp >= previous);
    previous = o.timestamp;
    assert.equal(o.source, "synthetic");
    assert.ok(o.spread > 0 && o.vwap > 0 && o.executionPrice > 0);
    assertClose(o.durationMinutes, (o.participation / 0.1) * 1440, { rel: 1e-12 });
  }
});

Deno.test("without market noise the mean side-adjusted impact follows the law (mean-one dispersion)", () => {
  // All orders at one participation: mean of side * impact / sigma must be eta * q^delta = 0.8 * 0.1.
  const orders = simulateMetaorders(20_000, {
    seed: 2,
    marketNoise: 0,
    minParticipation: 0.01,
    maxParticipation: 0.01,
    regimeDispersion: 0,
  });
  const mean = orders.reduce((s, o) => s + Math.sign(o.size) * o.realizedImpact / o.dailyVolatility, 0) /
    orders.length;
  // Standard error: 0.08 * sqrt(exp(0.09) - 1) / sqrt(20,000) = 1.7e-4; allow 4 standard errors.
  assertClose(mean, 0.08, { abs: 7e-4 });
});

Deno.test("the hourly volume profile sums to one and peaks at the US open", () => {
  assertClose(BTC_HOURLY_VOLUME_PROFILE.reduce((a, b) => a + b, 0), 1, { abs: 1e-12 });
  const peak = BTC_HOURLY_VOLUME_PROFILE.indexOf(Math.max(...BTC_HOURLY_VOLUME_PROFILE));
  assert.ok(peak >= 13 && peak <= 16, `peak hour ${peak}`);
});

Deno.test("the simulator rejects bad options", () => {
  assertThrowsWith(
    () => simulateMetaorders(0),
    RangeError,
    /count must be an integer >= 1: current value is 0/,
  );
  assertThrowsWith(() => simulateMetaorders(10, { eta: -1 }), RangeError, /eta/);
  assertThrowsWith(
    () => simulateMetaorders(10, { tradingRate: 2 }),
    RangeError,
    /tradingRate must be in \(0, 1\]/,
  );
  assertThrowsWith(
    () => simulateMetaorders(10, { minParticipation: 0.1, maxParticipation: 0.01 }),
    RangeError,
    /maxParticipation must be >= minParticipation/,
  );
  assertThrowsWith(() => simulateMetaorders(10, { seed: 1.5 }), RangeError, /seed/);
  assertThrowsWith(
    () => simulateMetaorders(10, { momentumEffect: 2 }),
    RangeError,
    /momentumEffect must be in \[0, 1\]/,
  );
});

Deno.test("simulateMetaorders refuses start times beyond a valid date and laws that break the prices", () => {
  // 1e300 is finite, but has no UTC hour: every record used to get volumeShare undefined and NaN prices.
  assertThrowsWith(
    () => simulateMetaorders(5, { startTime: 1e300 }),
    RangeError,
    /^Cannot simulate metaorders: startTime must be a UTC time in ms within \+-8\.64e15 .*current value is 1e\+300$/,
  );
  assertThrowsWith(
    () => simulateMetaorders(50, { startTime: 8.64e15 - 3_600_000 }),
    RangeError,
    /would start after the last valid date/,
  );
  // A liquidity effect this strong multiplies impact by (1/24 / share)^1000: Infinity, NaN prices.
  assertThrowsWith(
    () => simulateMetaorders(20, { liquidityEffect: 1000 }),
    RangeError,
    /^Cannot simulate metaorders: metaorder \d+ gets a planted impact .*liquidityEffect = 1000.* must be finite and > 0: current value is/,
  );
  assertThrowsWith(
    () => simulateMetaorders(20, { eta: 1e6 }),
    RangeError,
    /eta = 1000000.* must be finite and > 0/,
  );
  assertThrowsWith(() => simulateMetaorders(5, null as never), TypeError, /options must be an object/);
  // Every record of a sane simulation still has finite, positive prices.
  for (const r of simulateMetaorders(200, { liquidityEffect: 1, momentumEffect: 1 })) {
    for (const p of [r.arrivalPrice, r.executionPrice, r.vwap, r.endPrice]) {
      assert.ok(p > 0 && Number.isFinite(p));
    }
  }
});
