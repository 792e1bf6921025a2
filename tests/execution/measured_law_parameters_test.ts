import assert from "node:assert/strict";
import { almgrenChrissFromMeasuredLaw, almgrenChrissFromSquareRoot } from "@lib/execution/mod.ts";
import type { MeasuredLaw } from "@lib/tape/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const law: MeasuredLaw = {
  eta: 0.8,
  delta: 0.6,
  dailyVolatility: 0.02,
  averageDailyVolume: 1e4,
  deltaInterval: [0.5, 0.7],
  etaInterval: [0.6, 1],
  intervalNote: null,
  participationRange: [1e-5, 1e-3],
  metaorders: 300,
  blocks: 300,
  definition: { source: "executed orders", description: "hand-made", fit: "binned" },
  venue: "simulated",
  symbol: "BTCUSDT",
  dates: ["2025-06-02", "2025-06-02"],
  synthetic: true,
};
const market = { price: 60_000, dailyVolatility: 0.02, spread: 0.2, averageDailyVolume: 2e4, feeRate: 1e-4 };

Deno.test("almgrenChrissFromMeasuredLaw: the square-root conversion, the law kept, Q/V against today's volume", () => {
  const options = { market, orderSize: 10, durationDays: 1 / 144, timeUnitDays: 1 / 1440 };
  const p = almgrenChrissFromMeasuredLaw(law, options);
  const q = almgrenChrissFromSquareRoot(law, options);
  for (const k of ["gamma", "eta", "epsilon", "sigma"] as const) assert.equal(p[k], q[k]);
  assert.equal(p.law, law);
  assert.equal(p.orderParticipation, 10 / 2e4); // market volume, not the law's
  assert.equal(p.extrapolation, false);
  // law's shortfall: (half spread + fee) / price + (1 / 1.6) * 0.02 * 0.8 * (5e-4)^0.6, computed by hand
  const expected = (0.1 + 1e-4 * 60_000) / 60_000 + (1 / 1.6) * 0.02 * 0.8 * Math.pow(5e-4, 0.6);
  assertClose(p.lawShortfall, expected, { rel: 1e-12 });
});

Deno.test("almgrenChrissFromMeasuredLaw: flags sizes outside the measured range on both sides", () => {
  const at = (orderSize: number) =>
    almgrenChrissFromMeasuredLaw(law, { market, orderSize, durationDays: 1 }).extrapolation;
  assert.equal(at(0.1), true); // 5e-6 < 1e-5
  assert.equal(at(20), false); // 1e-3, the edge, is inside
  assert.equal(at(40), true); // 2e-3
});

Deno.test("almgrenChrissFromMeasuredLaw: rejects a missing law", () => {
  assertThrowsWith(
    () =>
      almgrenChrissFromMeasuredLaw(null as unknown as MeasuredLaw, { market, orderSize: 1, durationDays: 1 }),
    TypeError,
    /law/,
  );
});
