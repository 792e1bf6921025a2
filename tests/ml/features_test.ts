import assert from "node:assert/strict";
import fc from "fast-check";
import { impactFeatures, impactTargetBps } from "@lib/mod.ts";
import type { MetaorderFeaturesInput } from "@lib/core/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { DEFAULT_IMPACT_FEATURES, IMPACT_FEATURE_NAMES } from "@lib/ml/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const TRADE: MetaorderFeaturesInput = {
  size: -250,
  arrivalPrice: 50_000,
  spread: 2.5,
  averageDailyVolume: 100_000,
  dailyVolatility: 0.024,
  momentum: 0.001,
  volumeShare: 0.06,
  durationMinutes: 30,
  executionParticipation: 0.05,
  depthImbalance: -0.25,
  orderFlowImbalance: 1.5,
  timestamp: Date.UTC(2025, 5, 4, 6), // a Wednesday, 06:00 UTC
};

Deno.test("every feature matches its formula (computed independently by hand)", () => {
  const [row] = impactFeatures([TRADE], { features: IMPACT_FEATURE_NAMES });
  const q = 250 / 100_000, hourly = 0.024 / Math.sqrt(24);
  const expected = [
    q,
    Math.log(q),
    Math.sqrt(q),
    (2.5 / 50_000) * 1e4,
    0.024,
    -1,
    0.06,
    0.001 / hourly,
    -0.001 / hourly,
    Math.log(31),
    Math.log(0.05),
    -0.25,
    1.5,
    1, // sin of a quarter day
    Math.cos(Math.PI / 2),
    2, // Monday 0, Tuesday 1, Wednesday 2
  ];
  expected.forEach((v, j) => assertClose(row![j]!, v, { rel: 1e-14, abs: 1e-15 }, IMPACT_FEATURE_NAMES[j]!));
});

Deno.test("a tape feature without its field is named, not defaulted", () => {
  const { depthImbalance: _d, ...bare } = TRADE;
  assertThrowsWith(
    () => impactFeatures([bare], { features: ["depthImbalance"] }),
    RangeError,
    /records\[0\]\.depthImbalance must be a finite number \(this feature needs it\): current value is undefined/,
  );
});

Deno.test("the default spec has the six issue features in a fixed order", () => {
  assert.deepEqual(DEFAULT_IMPACT_FEATURES, [
    "logParticipation",
    "relativeSpreadBps",
    "dailyVolatility",
    "side",
    "volumeShare",
    "trendMomentum",
  ]);
  assert.equal(impactFeatures([TRADE])[0]!.length, 6);
});

Deno.test("missing optional fields take the documented defaults: momentum 0, volumeShare 1/24", () => {
  const { momentum: _m, volumeShare: _v, ...bare } = TRADE;
  const explicit = { ...bare, momentum: 0, volumeShare: 1 / 24 };
  assert.deepEqual(impactFeatures([bare]), impactFeatures([explicit]));
});

Deno.test("a MetaorderRecord passes as is and gives one finite row per record", () => {
  const records = simulateMetaorders(50, { seed: 4 });
  const rows = impactFeatures(records);
  assert.equal(rows.length, 50);
  rows.forEach((r, i) => {
    assert.ok(r.every(Number.isFinite));
    assertClose(Math.exp(r[0]!), records[i]!.participation, { rel: 1e-12 });
  });
});

Deno.test("property: side and trend momentum flip together with the order's side, other features do not", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1, max: 1e4, noNaN: true }),
      fc.double({ min: -0.01, max: 0.01, noNaN: true }),
      (size, momentum) => {
        const buy = impactFeatures([{ ...TRADE, size, momentum }])[0]!;
        const sell = impactFeatures([{ ...TRADE, size: -size, momentum }])[0]!;
        assert.equal(buy[3], 1);
        assert.equal(sell[3], -1);
        assert.ok(buy[5] === -sell[5]!); // === treats -0 and 0 alike
        for (const j of [0, 1, 2, 4]) assert.equal(buy[j], sell[j]);
      },
    ),
  );
});

Deno.test("the target is side-adjusted impact in bps: positive when the price moved against the order", () => {
  const y = impactTargetBps([{ size: 5, realizedImpact: 0.0012 }, { size: -5, realizedImpact: -0.0012 }]);
  assertClose(y[0]!, 12, { rel: 1e-14 });
  assertClose(y[1]!, 12, { rel: 1e-14 });
});

Deno.test("bad records get errors that name the record and field", () => {
  assertThrowsWith(
    () => impactFeatures([TRADE, { ...TRADE, size: 0 }]),
    RangeError,
    /records\[1\]\.size must be finite and nonzero/,
  );
  assertThrowsWith(
    () => impactFeatures([{ ...TRADE, spread: -1 }]),
    RangeError,
    /records\[0\]\.spread must be finite and >= 0: current value is -1/,
  );
  assertThrowsWith(
    () => impactFeatures([{ ...TRADE, dailyVolatility: NaN }]),
    RangeError,
    /dailyVolatility must be finite and > 0/,
  );
  assertThrowsWith(
    () => impactFeatures([{ ...TRADE, volumeShare: 0 }]),
    RangeError,
    /volumeShare must be in \(0, 1\]/,
  );
  assertThrowsWith(
    () => impactFeatures([{ ...TRADE, momentum: Infinity }]),
    RangeError,
    /momentum must be a finite number/,
  );
  assertThrowsWith(() => impactFeatures(null as never), TypeError, /records must be an array/);
  assertThrowsWith(() => impactFeatures([TRADE], { features: [] }), TypeError, /non-empty array/);
  assertThrowsWith(
    () => impactFeatures([TRADE], { features: ["size" as never] }),
    RangeError,
    /features\[0\] must be one of .*: current value is size/,
  );
  assertThrowsWith(
    () => impactTargetBps([{ size: 1, realizedImpact: NaN }]),
    RangeError,
    /records\[0\]\.realizedImpact/,
  );
});
