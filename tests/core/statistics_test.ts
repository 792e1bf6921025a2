import assert from "node:assert/strict";
import { mean, quantileSorted, sampleStandardDeviation } from "@lib/core/mod.ts";
import { assertClose } from "../_assert.ts";

Deno.test("type-7 quantiles match numpy's default (linear) on a small sample", () => {
  // numpy.quantile([1, 2, 4, 8, 16], [0.05, 0.25, 0.5, 0.9, 1]) = [1.2, 2, 4, 12.8, 16]
  const x = [1, 2, 4, 8, 16];
  assertClose(quantileSorted(x, 0.05), 1.2, { rel: 1e-15 });
  assert.equal(quantileSorted(x, 0.25), 2);
  assert.equal(quantileSorted(x, 0.5), 4);
  assertClose(quantileSorted(Float64Array.from(x), 0.9), 12.8, { rel: 1e-15 });
  assert.equal(quantileSorted(x, 1), 16);
  assert.ok(Number.isNaN(quantileSorted([], 0.5)));
});

Deno.test("mean and sample standard deviation (divisor n - 1) against closed forms", () => {
  assert.equal(mean([2, 4, 9]), 5);
  assert.ok(Number.isNaN(mean([])));
  // deviations -3, -1, 4: sum of squares 26, over n - 1 = 2
  assertClose(sampleStandardDeviation([2, 4, 9]), Math.sqrt(13), { rel: 1e-15 });
  assert.equal(sampleStandardDeviation([3]), 0);
});
