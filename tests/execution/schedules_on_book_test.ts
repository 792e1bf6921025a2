import assert from "node:assert/strict";
import { childScheduleFromHoldings, shortfallComparison } from "@lib/execution/mod.ts";
import type { ScheduleEvaluation } from "@lib/execution/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("childScheduleFromHoldings: each period's trade split evenly, sizes sum to the order", () => {
  const s = childScheduleFromHoldings([9, 6, 6, 0], { side: 1, periodSeconds: 30, childSeconds: 10 });
  assert.equal(s.side, 1);
  assert.deepEqual(Array.from(s.times), [0, 10, 20, 60, 70, 80]); // the empty second period sends nothing
  assert.deepEqual(Array.from(s.sizes), [1, 1, 1, 2, 2, 2]);
  const one = childScheduleFromHoldings([4, 1, 0], { side: -1, periodSeconds: 60 });
  assert.deepEqual(Array.from(one.times), [0, 60]);
  assert.deepEqual(Array.from(one.sizes), [3, 1]);
  assertThrowsWith(
    () => childScheduleFromHoldings([1], { side: 1, periodSeconds: 1 }),
    TypeError,
    /holdings/,
  );
  assertThrowsWith(
    () => childScheduleFromHoldings([1, 0], { side: 1, periodSeconds: 0 }),
    RangeError,
    /periodSeconds/,
  );
});

Deno.test("shortfallComparison: mean, sd, SE and type-7 quantiles of the realised shortfalls, in bps", () => {
  const priced: ScheduleEvaluation[] = [
    {
      name: "a",
      steps: 2,
      expectedCost: 1,
      variance: 1,
      standardDeviation: 1,
      utility: 1,
      expectedCostBps: 3,
      standardDeviationBps: 2,
    },
  ];
  // Realised 1..5 bps (and a NaN seed with no fill, skipped): mean 3, sd sqrt(2.5), q05 = 1 + 0.2 = 1.2 (type 7).
  const realised = { shortfalls: [new Float64Array([5e-4, 1e-4, NaN, 3e-4, 2e-4, 4e-4])] };
  const [row] = shortfallComparison(priced, realised, { lawShortfall: 2e-4, extrapolation: true });
  assertClose(row!.realisedMeanBps, 3, { abs: 1e-12 });
  assertClose(row!.realisedSdBps, Math.sqrt(2.5), { abs: 1e-12 });
  assertClose(row!.standardErrorBps, Math.sqrt(2.5 / 5), { abs: 1e-12 });
  assertClose(row!.q05Bps, 1.2, { abs: 1e-12 });
  assertClose(row!.medianBps, 3, { abs: 1e-12 });
  assertClose(row!.q95Bps, 4.8, { abs: 1e-12 });
  assert.equal(row!.seeds, 5);
  assert.equal(row!.extrapolation, true);
  assertClose(row!.lawBps, 2, { abs: 1e-12 });
  assert.equal(row!.expectedBps, 3);
  assertThrowsWith(
    () => shortfallComparison(priced, { shortfalls: [] }, { lawShortfall: 0, extrapolation: false }),
    TypeError,
    /one entry per schedule/,
  );
});
