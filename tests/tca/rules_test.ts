/**
 * The rules the per-trade and vectorized analyses share (lib/tca/_rules.ts): the metrics both compute,
 * in the order both check them for overflow.
 */
import assert from "node:assert/strict";
import { analyzeTrade, analyzeTrades, type TradeRecord, tradesToTcaFrame } from "@lib/mod.ts";
import { COMPUTED_METRICS } from "@lib/tca/_rules.ts";

const TRADE: TradeRecord = {
  size: 10,
  executionPrice: 100.1,
  arrivalPrice: 100,
  vwap: 100,
  spread: 0.02,
  averageDailyVolume: 1000,
  dailyVolatility: 0.02,
};
const LAW = { eta: 0.8, delta: 0.5 };

Deno.test("COMPUTED_METRICS is every metric analyzeTrade computes, in the result's order", () => {
  const keys = Object.keys(analyzeTrade(TRADE, { impactLaw: LAW })).filter((k) => k !== "side");
  assert.deepEqual([...COMPUTED_METRICS].sort(), keys.sort());
  assert.equal(COMPUTED_METRICS.length, 7);
  assert.ok(!(COMPUTED_METRICS as readonly string[]).includes("predictedImpact"));
  const columns = analyzeTrades(tradesToTcaFrame([TRADE]), { impactLaw: LAW }).results.columns;
  for (const metric of COMPUTED_METRICS) assert.ok(columns.includes(metric), metric);
});

Deno.test("both analyses name the first overflowing metric of COMPUTED_METRICS", () => {
  // participation and implementationShortfall (and timingCost) all overflow: the first listed is named.
  const extreme = {
    ...TRADE,
    size: 1e300,
    averageDailyVolume: 1e-300,
    executionPrice: 1e300,
    arrivalPrice: 1e-300,
  };
  const named = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return COMPUTED_METRICS.find((m) => new RegExp(`: ${m} `).test((e as Error).message));
    }
    return undefined;
  };
  assert.equal(named(() => analyzeTrade(extreme)), "participation");
  assert.equal(named(() => analyzeTrades(tradesToTcaFrame([TRADE, extreme]))), "participation");
  // Only later metrics overflow: implementationShortfall comes before timingCost.
  const late = { ...TRADE, executionPrice: 1e300, arrivalPrice: 1e-300 };
  assert.equal(named(() => analyzeTrade(late)), "implementationShortfall");
  assert.equal(named(() => analyzeTrades(tradesToTcaFrame([late]))), "implementationShortfall");
});
