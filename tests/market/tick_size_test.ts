import assert from "node:assert/strict";
import { estimateTickSize } from "@lib/market/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

Deno.test("estimateTickSize: smallest change on the grid, float noise ignored", () => {
  // 0.1 grid written with float error: 0.30000000000000004 - 0.2 etc. round to 0.1 at 6 digits.
  assert.equal(estimateTickSize([0.1 + 0.2, 0.2, 0.5, 0.5]), 0.1);
  // Interleaved bid/ask: spreads of one tick (0.5) reveal the tick though the bid moves by 2.
  assert.equal(estimateTickSize([100, 100.5, 102, 102.5]), 0.5);
  // A change of 1e-12 at price 100 is noise (below 1e-9 of the price): tick 1.
  assert.equal(estimateTickSize([100, 100 + 1e-12, 101]), 1);
  assertThrowsWith(() => estimateTickSize([5, 5]), RangeError, /must change at least once/);
  assertThrowsWith(() => estimateTickSize([5, NaN]), RangeError, /prices\[1\]/);
});
