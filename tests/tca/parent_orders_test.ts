import assert from "node:assert/strict";
import { parentOrdersFromFills } from "../../lib/tca/mod.ts";
import type { TradeTape } from "../../lib/data/trade_tape.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

// A hand-made tape with quotes: a buy parent order fills at trades 1 and 2 (1 s and 2 s), pushing the mid
// from 100 to 100.3; afterwards the mid relaxes to 100.2 then 100.1.
const tape: TradeTape = {
  timestamps: Float64Array.from([0, 1_000, 2_000, 3_000, 13_000, 62_000]),
  prices: Float64Array.from([99.95, 100.05, 100.25, 100.3, 100.15, 100.05]),
  sizes: Float64Array.from([1, 2, 3, 1, 1, 1]),
  signs: Int8Array.from([-1, 1, 1, 1, -1, -1]),
  symbol: "T",
  source: "csv",
  quotes: {
    mids: Float64Array.from([100, 100, 100.1, 100.3, 100.2, 100.1]),
    spreads: Float64Array.from([0.1, 0.1, 0.1, 0.1, 0.1, 0.1]),
    bidSizes: new Float64Array(6).fill(1),
    askSizes: new Float64Array(6).fill(1),
  },
};
const fills = {
  orderId: ["p1", "p1", "s1"],
  timestamp: [1_000, 2_000, 13_000],
  price: [100.05, 100.25, 100.15],
  size: [2, 3, 1],
  side: [1, 1, -1],
};

Deno.test("parentOrdersFromFills: benchmarks by hand from the tape's quotes and trades", () => {
  const { orders, markouts, priceReference } = parentOrdersFromFills(fills, tape, {
    markoutSeconds: [1, 10],
  });
  assert.equal(priceReference, "mid");
  const p1 = orders[0]!;
  assert.equal(p1.orderId, "p1");
  assert.equal(p1.size, 5);
  assert.equal(p1.fills, 2);
  assertClose(p1.executionPrice, (2 * 100.05 + 3 * 100.25) / 5, { rel: 1e-14 });
  assert.equal(p1.arrivalPrice, 100); // the quote before the first fill's trade
  assert.equal(p1.spread, 0.1);
  assertClose(p1.vwap, (2 * 100.05 + 3 * 100.25) / 5, { rel: 1e-14 }); // the tape in [1 s, 2 s] is the fills
  assert.equal(p1.endPrice, 100.3); // the quote after the last fill
  assertClose(p1.durationMinutes, 1 / 60, { rel: 1e-14 });
  // Markouts after 2 s: +1 s -> the quote before the trade at 3 s = 100.3 (0); +10 s -> quote at 13 s = 100.2.
  assert.equal(markouts[0]!.values[0], 0);
  assertClose(markouts[1]!.values[0]!, (100.2 - 100.3) / 100.3, { rel: 1e-12 });
  // The sell: arrival 100.2, end 100.1 (quote before the trade at 62 s); +10 s -> 100.1: 0; past the tape: null.
  assert.equal(orders[1]!.size, -1);
  assert.equal(markouts[1]!.values[1], 0);
  assert.equal(parentOrdersFromFills(fills, tape, { markoutSeconds: [100] }).markouts[0]!.values[1], null);
});

Deno.test("parentOrdersFromFills without quotes reads trade prices", () => {
  const { quotes: _, ...bare } = tape;
  const r = parentOrdersFromFills(fills, bare);
  assert.equal(r.priceReference, "trade");
  assert.equal(r.orders[0]!.arrivalPrice, 99.95);
  assert.equal(r.orders[0]!.spread, 0);
});

Deno.test("parentOrdersFromFills names every bad fill", () => {
  assertThrowsWith(
    () => parentOrdersFromFills({ ...fills, price: [1, 0, 1] }, tape),
    RangeError,
    /fills.price\[1\] must be finite and > 0/,
  );
  assertThrowsWith(
    () => parentOrdersFromFills({ ...fills, side: [1, -1, -1] }, tape),
    RangeError,
    /parent order p1 must have one side/,
  );
  assertThrowsWith(
    () => parentOrdersFromFills({ ...fills, timestamp: [1_000, 2_000, 99_000] }, tape),
    RangeError,
    /timestamp\[2\] must lie within the tape/,
  );
  assertThrowsWith(
    () => parentOrdersFromFills({ ...fills, size: [1] }, tape),
    TypeError,
    /fills.size must have one entry per fill/,
  );
  assertThrowsWith(
    () => parentOrdersFromFills(fills, tape, { markoutSeconds: [0] }),
    RangeError,
    /markoutSeconds\[0\]/,
  );
});
