import assert from "node:assert/strict";
import { assertThrowsWith } from "../_assert.ts";
import { impactTrainingRecords } from "../../lib/tca/impact_training_records.ts";
import { executedOrders, parentOrdersFromFills } from "../../lib/tca/parent_orders.ts";
import { executeOrdersInBook } from "../../lib/execution/orders_in_book.ts";
import { randomParentOrders } from "../../lib/execution/parent_order_plans.ts";
import { tapeMetaorderRecords } from "../../lib/ml/tape_records.ts";
import { BOOK_IMPACT_FEATURES, TAPE_IMPACT_FEATURES } from "../../lib/ml/features.ts";
import { mergeSameTimeFills } from "../../lib/tape/merge_fills.ts";
import { syntheticMetaorders } from "../../lib/tape/synthetic_metaorders.ts";
import { SeededRandom } from "../../lib/core/random.ts";
import type { TradeTape } from "../../lib/data/trade_tape.ts";

/**
 * A seeded real-looking tape: `n` trades 2 s apart from 2025-06-02 00:00 UTC, a random-walk mid, each trade
 * at the mid plus its side times half a 0.1 spread; every third trade repeats the previous one's time and
 * side (a taker sweeping two levels). With `quotes`, the mid, spread and level-1 sizes in force before it.
 */
function tape(n: number, quotes: boolean, seed = 1): TradeTape {
  const rng = new SeededRandom(seed);
  const timestamps = new Float64Array(n), prices = new Float64Array(n), sizes = new Float64Array(n);
  const signs = new Int8Array(n), mids = new Float64Array(n), spreads = new Float64Array(n).fill(0.1);
  const bidSizes = new Float64Array(n), askSizes = new Float64Array(n);
  let mid = 100, time = Date.UTC(2025, 5, 2);
  for (let i = 0; i < n; i++) {
    const sweep = i % 3 === 2;
    if (!sweep) time += 2_000;
    timestamps[i] = time;
    signs[i] = sweep ? signs[i - 1]! : (rng.uniform() < 0.5 ? 1 : -1);
    mid *= 1 + 2e-4 * (rng.uniform() - 0.5) + 5e-5 * signs[i]!;
    mids[i] = mid;
    prices[i] = mid + signs[i]! * 0.05;
    sizes[i] = 0.5 + rng.uniform();
    bidSizes[i] = 1 + rng.uniform();
    askSizes[i] = 1 + rng.uniform();
  }
  const t: TradeTape = { timestamps, prices, sizes, signs, symbol: "T", source: "csv" };
  return quotes ? { ...t, quotes: { mids, spreads, bidSizes, askSizes } } : t;
}

Deno.test("a real tape with quotes gives synthetic metaorders on mids with the book features", () => {
  const market = { tape: tape(6_000, true), simulated: false, label: "T (test)" };
  const definition = { traders: 20, seed: 5 };
  const r = impactTrainingRecords(market, { metaorders: definition });
  // Expected: the same pipeline called step by step (merge, metaorders, records).
  const merged = mergeSameTimeFills(market.tape);
  const direct = tapeMetaorderRecords(merged, syntheticMetaorders(merged, definition));
  assert.equal(r.kind, "synthetic-metaorders-with-quotes");
  assert.equal(r.priceReference, "mid");
  assert.equal(r.book, true);
  assert.equal(r.simulated, false);
  assert.deepEqual(r.features, BOOK_IMPACT_FEATURES);
  assert.ok(r.records.length > 200, `only ${r.records.length} records`);
  assert.deepEqual(r.records, direct.records);
  assert.equal(r.dropped, direct.dropped);
  assert.equal(r.tape.prices.length, 4_000); // 6,000 prints, every third merged into the one before
  assert.ok(r.records.every((x) => Number.isFinite(x.depthImbalance)));
  assert.match(r.description, /synthetic metaorders .* from the real T \(test\) tape/);
  assert.match(r.description, /6,000 prints merged into 4,000 trades/);
  assert.match(r.description, /change of the mid/);
});

Deno.test("a real tape without quotes drops the book features and says so", () => {
  const r = impactTrainingRecords({ tape: tape(6_000, false), simulated: false, label: "T" }, {
    metaorders: { traders: 20, seed: 5 },
  });
  assert.equal(r.kind, "synthetic-metaorders-trades-only");
  assert.equal(r.priceReference, "trade");
  assert.deepEqual(r.features, TAPE_IMPACT_FEATURES);
  assert.ok(!r.features.includes("depthImbalance"));
  assert.ok(r.records.every((x) => Number.isNaN(x.depthImbalance) && x.spread === 0));
  assert.match(
    r.description,
    /No quotes: the book features \(spread, depth imbalance and order-flow imbalance\) are dropped/,
  );
  assert.match(r.label, /trades only/);
});

Deno.test("mergeFills false keeps every print as a trade", () => {
  const market = { tape: tape(3_000, false), simulated: false, label: "T" };
  const kept = impactTrainingRecords(market, { mergeFills: false, metaorders: { traders: 10, seed: 2 } });
  assert.equal(kept.tape.prices.length, 3_000);
  const direct = tapeMetaorderRecords(
    market.tape,
    syntheticMetaorders(market.tape, { traders: 10, seed: 2 }),
  );
  assert.deepEqual(kept.records, direct.records);
});

Deno.test("a simulated market executes the desk's parent orders in the book and ignores its tape", () => {
  const desk = {
    count: 6,
    spacingSeconds: 120,
    participation: [1e-4, 5e-4],
    minutes: [1, 2],
    seed: 3,
  } as const;
  const book = { seed: 4, warmupSeconds: 60, afterSeconds: 60 };
  // The market's tape is a stand-in: the orders need their own run of the book.
  const r = impactTrainingRecords({ tape: tape(100, true), simulated: true, label: "simulated order book" }, {
    desk,
    book,
  });
  // Expected: the same pipeline called step by step.
  const run = executeOrdersInBook(randomParentOrders({ ...desk, averageDailyVolume: 50_000 }), book);
  const parents = parentOrdersFromFills(run.fills, run.tape);
  const direct = tapeMetaorderRecords(run.tape, executedOrders(parents, run.tape));
  assert.equal(r.kind, "simulated-book-orders");
  assert.equal(r.simulated, true);
  assert.deepEqual(r.features, BOOK_IMPACT_FEATURES);
  assert.equal(r.records.length, direct.records.length);
  assert.ok(r.records.length >= 4, `only ${r.records.length} records`);
  assert.deepEqual(r.records, direct.records);
  assert.equal(r.tape.prices.length, run.tape.prices.length);
  assert.match(r.description, /executed as TWAP children in the simulated order book \(seed 4\)/);
  assert.match(r.description, /tests the method, says nothing about markets/);
});

Deno.test("impactTrainingRecords rejects a malformed market or options", () => {
  const t = tape(100, false);
  assertThrowsWith(
    () => impactTrainingRecords(null as never),
    TypeError,
    /market must be an object: current value is null/,
  );
  assertThrowsWith(
    () => impactTrainingRecords({ tape: t, simulated: "no" as never, label: "T" }),
    TypeError,
    /market.simulated must be a boolean: current value is the string "no"/,
  );
  assertThrowsWith(
    () => impactTrainingRecords({ tape: t, simulated: false, label: "T" }, { mergeFills: 1 as never }),
    TypeError,
    /options.mergeFills must be a boolean/,
  );
  assertThrowsWith(
    () => impactTrainingRecords({ tape: t, simulated: false, label: "T" }, { metaorders: { traders: 0 } }),
    RangeError,
    /traders/,
  );
});
