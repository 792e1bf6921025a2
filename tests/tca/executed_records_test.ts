/**
 * executedOrderRecords on a hand-made tape with quotes: records joined to the right parents, markouts aligned
 * with the records when an order is dropped, and the half spread charged once by analyzeTrades for orders
 * whose realised impact is a mid-to-mid move. Expected numbers are worked out by hand in the comments.
 */
import assert from "node:assert/strict";
import {
  almgren2005ImpactPredictor,
  analyzeTrades,
  executedOrderRecords,
  parentOrdersFromFills,
  tradesToTcaFrame,
} from "@lib/mod.ts";
import type { TradeTape } from "@lib/data/trade_tape.ts";
import { assertClose } from "../_assert.ts";

// One trade a minute for 300 minutes at the mid 100 (spread 0.1: bid 99.95, ask 100.05), the mid ticking to
// 100.01 every 4th minute in the hours before the orders (so the trailing volatility is not 0); from minute
// 202 a buy order has lifted the mid to 100.1, which relaxes to 100.05 from minute 240.
const n = 300;
const t = Float64Array.from({ length: n }, (_, i) => i * 60_000);
const wiggle = (i: number) => (i < 100 || (i >= 140 && i < 200)) && i % 4 === 0;
const mid = Float64Array.from(t, (_, i) => (i >= 240 ? 100.05 : i > 201 ? 100.1 : wiggle(i) ? 100.01 : 100));
const tape: TradeTape = {
  timestamps: t,
  prices: Float64Array.from(mid, (m, i) => m + (i % 2 ? 0.05 : -0.05)),
  sizes: new Float64Array(n).fill(1),
  signs: Int8Array.from(t, (_, i) => (i % 2 ? 1 : -1)),
  symbol: "T",
  source: "csv",
  quotes: {
    mids: mid,
    spreads: new Float64Array(n).fill(0.1),
    bidSizes: new Float64Array(n).fill(1),
    askSizes: new Float64Array(n).fill(1),
  },
};
// "early" trades at minute 0 (no trailing window yet: dropped); "flat" buys at the ask at minutes 101 and
// 103 with the mid unmoved; "lift" buys at the ask at minutes 201 and 203 while the mid steps to 100.1.
const fills = {
  orderId: ["early", "flat", "flat", "lift", "lift"],
  timestamp: [0, t[101]!, t[103]!, t[201]!, t[203]!],
  price: [99.95, 100.05, 100.05, 100.05, 100.15],
  size: [1, 1, 1, 1, 1],
  side: [-1, 1, 1, 1, 1],
};
const parents = parentOrdersFromFills(fills, tape, { markoutSeconds: [60, 3_600] });

Deno.test("executedOrderRecords joins each record to its parent and aligns the markouts after a dropped order", () => {
  const { records, markouts, dropped, book, priceReference } = executedOrderRecords(parents, tape);
  assert.equal(dropped, 1); // "early" has no trailing window
  assert.equal(book, true);
  assert.equal(priceReference, "mid");
  assert.deepEqual(records.map((r) => r.orderId), ["flat", "lift"]);
  assert.deepEqual(records.map((r) => r.executionPrice), [100.05, 100.1]); // (100.05 + 100.15) / 2
  assert.deepEqual(records.map((r) => r.spread), [0.1, 0.1]);
  assert.deepEqual(records.map((r) => r.arrivalPrice), [100, 100]);
  assert.deepEqual(records.map((r) => r.block), [0, 0]);
  assertClose(records[1]!.realizedImpact, 0.1 / 100, { rel: 1e-12 }); // mid 100 -> 100.1
  assert.equal(records[0]!.realizedImpact, 0);
  assert.deepEqual(markouts.columns, ["index", "markout1m", "markout60m"]);
  assert.deepEqual(markouts.getColumn("index").toArray(), [0, 1]);
  // The parents' markouts of "flat" and "lift" (positions 1 and 2), not of "early".
  assert.deepEqual(
    markouts.getColumn("markout60m").toArray(),
    [1, 2].map((i) => parents.markouts[1]!.values[i]),
  );
  assert.equal(markouts.getColumn("markout60m").get(0), 0); // flat: mid 100 at its end and an hour later
  assertClose(markouts.getColumn("markout60m").get(1) as number, -0.05 / 100.1, { rel: 1e-12 }); // 100.1 -> 100.05
});

type Row = Record<
  "implementationShortfall" | "spreadCost" | "impactCost" | "timingCost" | "estimatedImpact",
  number
>;

Deno.test("the half spread is charged once: a fill at the ask with the mid unmoved costs the spread part alone", () => {
  const { records } = executedOrderRecords(parents, tape);
  const law = { eta: 1, delta: 0.5 };
  const { results } = analyzeTrades(tradesToTcaFrame(records), { impactLaw: law });
  const [flat, lift] = results.toRecords() as unknown as Row[];
  // flat: executed at the ask 100.05 against the mid 100: IS = 5 bps = spread 0.1 / (2 * 100).
  assertClose(flat!.implementationShortfall, 5e-4, { rel: 1e-12 });
  assertClose(flat!.spreadCost, 5e-4, { rel: 1e-12 });
  // Its realised impact (the target the laws are calibrated on) is the mid's move, 0: no spread in it.
  assert.equal(records[0]!.realizedImpact, 0);
  // lift: IS = 10 bps = the half spread (5 bps) + the mid's average move over its fills (0 then 0.1: 5 bps).
  assertClose(lift!.implementationShortfall, 1e-3, { rel: 1e-12 });
  for (const row of [flat!, lift!]) {
    assertClose(row.spreadCost + row.impactCost + row.timingCost, row.implementationShortfall, {
      abs: 1e-15,
    });
    assertClose(row.impactCost, row.estimatedImpact / 1.5, { rel: 1e-12 }); // 1 / (1 + delta) of the peak
  }
});

Deno.test("almgren2005ImpactPredictor as an extra estimate column of analyzeTrades", () => {
  const { records } = executedOrderRecords(parents, tape);
  const fit = { gamma: 0.3, eta: 0.15, beta: 0.6 };
  const values = almgren2005ImpactPredictor(fit).predictImpact(records);
  const r = records[1]!;
  const q = Math.abs(r.size) / r.averageDailyVolume, days = r.durationMinutes / 1440; // 2 minutes
  assertClose(values[1]!, r.dailyVolatility * (0.3 * q + 0.15 * Math.pow(q / days, 0.6)), { rel: 1e-12 });
  const { results } = analyzeTrades(tradesToTcaFrame(records), {
    estimates: { almgren2005Impact: [values[0]!, NaN] },
  });
  assert.deepEqual(results.getColumn("almgren2005Impact").toArray(), [values[0], null]); // NaN -> null, row kept
  assert.throws(
    () => analyzeTrades(tradesToTcaFrame(records), { estimates: { spreadCost: [0, 0] } }),
    /estimates\.spreadCost must not reuse a column name/,
  );
  assert.throws(
    () => analyzeTrades(tradesToTcaFrame(records), { estimates: { x: [0] } }),
    /estimates\.x must have one value per row \(2\): current length is 1/,
  );
});
