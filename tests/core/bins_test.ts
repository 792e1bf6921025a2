import assert from "node:assert/strict";
import fc from "fast-check";
import { logBins, quantileBins } from "@lib/core/bins.ts";
import { SeededRandom } from "@lib/core/random.ts";

/** The straightforward definition: edges are the sorted values at ranks floor(k m / bins); bin = edges <= v. */
function sortedQuantileBins(values: Float64Array, bins: number): Int32Array {
  const m = values.length, sorted = Float64Array.from(values).sort();
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) edges.push(sorted[Math.floor((k * m) / bins)]!);
  return Int32Array.from(values, (v) => edges.filter((e) => e <= v).length);
}

Deno.test("quantileBins (edges by quickselect) equals the bins of a full sort, ties included", () => {
  // Values drawn from a few levels (ties at and across edges) or continuous, up to 2,000 of them so the
  // selection partitions (parts of more than 64 values) and recurses on both sides.
  const values = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 2000, size: "max" }),
    fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 2000, size: "max" }),
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 50 }),
  ).map((a) => Float64Array.from(a));
  fc.assert(
    fc.property(values, fc.integer({ min: 1, max: 40 }), (v, bins) => {
      assert.deepEqual(quantileBins(v, bins), sortedQuantileBins(v, bins));
    }),
    { numRuns: 300, seed: 11 },
  );
  // A large seeded sample with a tenth of its values tied at one level, in tape order.
  const rng = new SeededRandom(5);
  const big = Float64Array.from(
    { length: 200_000 },
    () => rng.uniform() < 0.1 ? 0.5 : Math.exp(3 * rng.normal()),
  );
  assert.deepEqual(quantileBins(big, 20), sortedQuantileBins(big, 20));
  // Already sorted and reversed inputs (the worst cases of a naive pivot).
  const sorted = Float64Array.from({ length: 50_000 }, (_, i) => i);
  assert.deepEqual(quantileBins(sorted, 7), sortedQuantileBins(sorted, 7));
  assert.deepEqual(quantileBins(sorted.reverse(), 7), sortedQuantileBins(sorted, 7));
});

Deno.test("logBins: equal widths in ln x, the largest value in the last bin", () => {
  // ln x from 0 to ln 1000 in 3 bins: edges at 10 and 100 (exp of 1/3 and 2/3 of the range).
  assert.deepEqual([...logBins(Float64Array.of(1, 9.99, 10.01, 99, 101, 1000), 3)], [0, 0, 1, 1, 2, 2]);
});
