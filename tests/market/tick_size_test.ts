import assert from "node:assert/strict";
import { estimateTickSize } from "@lib/market/mod.ts";
import { estimateTickSize as dataEstimateTickSize } from "@lib/data/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

Deno.test("estimateTickSize on the market face: the data estimator, on trades and on quotes", () => {
  assert.equal(estimateTickSize, dataEstimateTickSize); // one function
  // 0.1 grid written with float error: 0.30000000000000004 - 0.2 etc. round to 0.1 at 6 digits.
  assert.equal(estimateTickSize([0.1 + 0.2, 0.2, 0.5, 0.5]), 0.1);
  // Quotes: the bid moves by 2, but a spread of one tick (0.5) reveals the tick.
  assert.equal(estimateTickSize([100, 102], { otherPrices: [[100.5, 103]], spreads: [0.5, 1] }), 0.5);
  // A change of 1e-12 at price 100 is noise (below 1e-9 of the price): tick 1.
  assert.equal(estimateTickSize([100, 100 + 1e-12, 101]), 1);
  assertThrowsWith(() => estimateTickSize([5, 5]), RangeError, /must change at least once/);
});
