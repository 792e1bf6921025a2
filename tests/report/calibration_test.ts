import assert from "node:assert/strict";
import { calibrateSquareRoot, calibrationTable, simulateMetaorders } from "@lib/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

Deno.test("calibration table: the truth, then each fit with its intervals, counts and R², to 3 decimals", () => {
  const orders = simulateMetaorders(600, { seed: 8 });
  const observations = { sizes: orders.map((o) => o.size), impacts: orders.map((o) => o.realizedImpact) };
  const scale = { volatility: 0.03, averageDailyVolume: 100_000, bootstrapSamples: 30, confidence: 0.9 };
  const pointwise = calibrateSquareRoot(observations, scale);
  const binned = calibrateSquareRoot(observations, { ...scale, method: "binned", bins: 10 });
  const t = calibrationTable([pointwise, binned], {
    truth: { eta: 0.8, delta: 0.5, orders: 600 },
    caption: "fits",
  });
  assert.deepEqual(t.headers, [
    "fit",
    "eta",
    "eta 90 % CI",
    "delta",
    "delta 90 % CI",
    "orders used",
    "orders dropped",
    "R^2 (log space)",
  ]);
  assert.deepEqual(t.rows[0], ["truth", "0.800", "", "0.500", "", "600", "0", ""]);
  const [, p, b] = t.rows as [string[], string[], string[]];
  assert.equal(p[0], "pointwise");
  assert.equal(b[0], "binned");
  assert.equal(p[2], `[${pointwise.etaInterval[0].toFixed(3)}, ${pointwise.etaInterval[1].toFixed(3)}]`);
  assert.equal(b[3], binned.delta.toFixed(3));
  assert.equal(Number(p[5]!.replace(/,/g, "")) + Number(p[6]!.replace(/,/g, "")), 600);
  assert.match(t.toString(), /^fits\n/);
  assertThrowsWith(() => calibrationTable([]), RangeError, /fits must not be empty/);
});
