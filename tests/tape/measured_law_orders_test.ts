import assert from "node:assert/strict";
import { calibrateSquareRoot } from "@lib/impact/mod.ts";
import { describeMeasuredLaw, isExtrapolation, measuredLawFromOrders } from "@lib/tape/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

// Hand-made orders on the exact law I = sigma * 0.5 * (Q/V)^0.5 (sigma 0.02, V 1e4), over two UTC days.
const qs = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3];
const records = qs.map((q, i) => ({
  size: (i % 2 ? -1 : 1) * q * 1e4,
  averageDailyVolume: 1e4,
  dailyVolatility: i < 3 ? 0.01 : 0.03,
  timestamp: Date.UTC(2025, 5, 2 + (i >= 3 ? 1 : 0), i),
  realizedImpact: (i % 2 ? -1 : 1) * 0.02 * 0.5 * Math.sqrt(q),
}));
const fit = calibrateSquareRoot(
  { sizes: records.map((r) => r.size), impacts: records.map((r) => r.realizedImpact) },
  { dailyVolatility: 0.02, averageDailyVolume: 1e4, bootstrapSamples: 0 },
);
const provenance = { source: "simulated", symbol: "BTCUSDT", description: "hand-made TWAPs" };

Deno.test("measuredLawFromOrders: range, means, dates and definition from the records", () => {
  const law = measuredLawFromOrders(fit, records, provenance);
  // Exact law: the binned fit recovers delta = 0.5 and Y = 0.5 (closed form of the data above).
  assertClose(law.delta, 0.5, { abs: 1e-9 });
  assertClose(law.eta, 0.5, { rel: 1e-9 });
  assert.deepEqual(law.participationRange, [1e-5, 3e-3]);
  assertClose(law.dailyVolatility, 0.02, { abs: 1e-15 }); // mean of three 0.01 and three 0.03
  assert.equal(law.averageDailyVolume, 1e4);
  assert.deepEqual(law.dates, ["2025-06-02", "2025-06-03"]);
  assert.equal(law.metaorders, 6);
  assert.equal(law.synthetic, true);
  assert.equal(law.definition.source, "executed orders");
  assert.equal(isExtrapolation(law, 5e-3), true);
  assert.equal(isExtrapolation(law, 1e-3), false);
});

Deno.test("describeMeasuredLaw: an executed-orders law names its orders and its simulated venue", () => {
  const text = describeMeasuredLaw(measuredLawFromOrders(fit, records, provenance), [1e-4, 1e-2]);
  assert.match(text, /6 executed parent orders: hand-made TWAPs/);
  assert.match(text, /2025-06-02 to 2025-06-03/);
  assert.match(text, /1e-2 it is an extrapolation/);
  assert.match(text, /SIMULATED market/);
  const real = describeMeasuredLaw(measuredLawFromOrders(fit, records, { ...provenance, source: "bybit" }));
  assert.doesNotMatch(real, /SIMULATED|SYNTHETIC/);
});

Deno.test("measuredLawFromOrders: rejects no records and a record without volume", () => {
  assertThrowsWith(
    () => measuredLawFromOrders(fit, [], provenance),
    TypeError,
    /records must be a non-empty array/,
  );
  assertThrowsWith(
    () => measuredLawFromOrders(fit, [{ ...records[0]!, averageDailyVolume: 0 }], provenance),
    RangeError,
    /records\[0\]\.averageDailyVolume/,
  );
});
