import assert from "node:assert/strict";
import { tapeVolumeBins } from "@lib/market/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

Deno.test("tapeVolumeBins: sums sizes per window, half-open, from fromMs; trades outside are ignored", () => {
  const tape = { timestamps: [1000, 1999, 2000, 4500, 9000], sizes: [1, 2, 4, 8, 16] };
  assert.deepEqual(Array.from(tapeVolumeBins(tape, { binSeconds: 1, bins: 4 })), [3, 4, 0, 8]); // from the first trade
  assert.deepEqual(Array.from(tapeVolumeBins(tape, { binSeconds: 2, bins: 2, fromMs: 2000 })), [4, 8]);
  assertThrowsWith(() => tapeVolumeBins(tape, { binSeconds: 0, bins: 1 }), RangeError, /binSeconds/);
  assertThrowsWith(() => tapeVolumeBins(tape, { binSeconds: 1, bins: 0 }), RangeError, /bins/);
});
