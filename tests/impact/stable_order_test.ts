import assert from "node:assert/strict";
import fc from "fast-check";
import { SeededRandom } from "@lib/mod.ts";
import { stableOrderByKey } from "../../lib/impact/_stable_order.ts";

/** The reference: V8's stable comparison sort, what calibrateSquareRoot used before the radix sort. */
const byComparator = (indices: Int32Array, keys: Float64Array) =>
  Int32Array.from(indices).sort((a, b) => keys[a]! - keys[b]!);

Deno.test("stableOrderByKey gives the comparator sort's order: ties in input order, -0 equal to 0", () => {
  const keys = Float64Array.from([
    3,
    -0,
    0,
    -1e-310, // subnormal
    1e-310,
    -2.5,
    3,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    0,
    -0,
    -2.5,
    Infinity,
    -Infinity,
    1,
  ]);
  const indices = Int32Array.from({ length: keys.length }, (_, i) => i);
  assert.deepEqual(
    Array.from(stableOrderByKey(indices, keys)),
    [13, 8, 5, 11, 3, 1, 2, 9, 10, 4, 14, 0, 6, 7, 12],
  );
  assert.deepEqual(stableOrderByKey(indices, keys), byComparator(indices, keys));
  // A subset, not in index order: equal keys keep the subset's order.
  const subset = Int32Array.from([10, 2, 6, 1, 0, 9]);
  assert.deepEqual(Array.from(stableOrderByKey(subset, keys)), [10, 2, 1, 9, 6, 0]);
  assert.deepEqual(stableOrderByKey(new Int32Array(0), keys).length, 0);
  assert.deepEqual(Array.from(stableOrderByKey(Int32Array.from([6]), keys)), [6]);
  assert.deepEqual(Array.from(subset), [10, 2, 6, 1, 0, 9]); // input untouched
});

Deno.test("stableOrderByKey equals the comparator sort on 200,000 logs with and without ties", () => {
  const rng = new SeededRandom(8);
  const n = 200_000;
  for (const ties of [false, true]) {
    // ln(|Q|/V) as calibrateSquareRoot sorts it; with ties, sizes on a coarse grid share their logarithm.
    const keys = Float64Array.from(
      { length: n },
      () => Math.log(ties ? (1 + rng.int(50)) / 10 : Math.exp(12 * rng.uniform() - 6)),
    );
    const indices = Int32Array.from({ length: n }, (_, i) => i).filter(() => rng.uniform() < 0.9);
    assert.deepEqual(stableOrderByKey(indices, keys), byComparator(indices, keys), `ties ${ties}`);
  }
});

Deno.test("stableOrderByKey equals the comparator sort for any doubles (property)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0, 1, -1)), { maxLength: 300 }),
      (values) => {
        const keys = Float64Array.from(values);
        const indices = Int32Array.from({ length: keys.length }, (_, i) => keys.length - 1 - i);
        assert.deepEqual(stableOrderByKey(indices, keys), byComparator(indices, keys));
      },
    ),
  );
});
