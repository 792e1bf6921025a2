import assert from "node:assert/strict";
import { averageRanks, spearmanCorrelation } from "@lib/marketmaking/rank_correlation.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("spearmanCorrelation: ties take average ranks (Pearson of ranks, by hand)", () => {
  // x ranks 1, 2.5, 2.5, 4; y ranks 1, 2, 3, 4. Centered: x -1.5, 0, 0, 1.5; y -1.5, -0.5, 0.5, 1.5.
  // sxy = 4.5, sxx = 4.5, syy = 5: rho = 4.5 / sqrt(22.5).
  assert.deepEqual([...averageRanks([1, 5, 5, 9])], [1, 2.5, 2.5, 4]);
  assertClose(spearmanCorrelation([1, 5, 5, 9], [1, 2, 3, 4]), 4.5 / Math.sqrt(22.5), { abs: 1e-12 });
  assert.equal(spearmanCorrelation([1, 2, 3], [3, 2, 1]), -1);
  assert.ok(Number.isNaN(spearmanCorrelation([1, 1, 1], [1, 2, 3])));
  assertThrowsWith(() => spearmanCorrelation([1, 2], [1]), TypeError, /x and y must have the same length/);
});
