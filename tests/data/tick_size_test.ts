import assert from "node:assert/strict";
import { estimateTickSize } from "@lib/data/mod.ts";
import { estimateTickSize as tapeEstimateTickSize } from "@lib/tape/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

Deno.test("estimateTickSize: the smallest step of trades, of bids and asks, or of the spread", () => {
  // Trades on a 0.1 grid: the smallest change is one tick.
  assert.equal(estimateTickSize([60000.1, 60000.2, 60000.4]), 0.1);
  // Floating-point noise below 1e-9 of the price is not a step.
  assert.equal(estimateTickSize([0.1 + 0.2, 0.3, 0.5]), 0.2);
  // Quotes: bids and asks move by 1; the spread is 0.5 once, which is the tick.
  assert.equal(estimateTickSize([100, 101, 102], { otherPrices: [[101, 102, 103]], spreads: [1, 1, 1] }), 1);
  assert.equal(
    estimateTickSize([100, 101, 102], { otherPrices: [[101, 102, 102.5]], spreads: [1, 1, 0.5] }),
    0.5,
  );
  assert.ok(Number.isNaN(estimateTickSize([5, 5, 5], { ifNone: "nan" })));
  assertThrowsWith(() => estimateTickSize([5, 5, 5]), RangeError, /prices must change at least once/);
  assertThrowsWith(() => estimateTickSize([5, NaN]), RangeError, /prices\[1\]/);
  // One function, on both faces.
  assert.equal(tapeEstimateTickSize, estimateTickSize);
});
