import assert from "node:assert/strict";
import { permutationImportance } from "../../lib/ml/mod.ts";
import { SeededRandom } from "../../lib/core/random.ts";
import { assertThrowsWith } from "../_assert.ts";

/** y = 3 a + 0.5 b + noise, c unused: a must rank first and c be insignificant. */
function data(n: number, seed: number) {
  const rng = new SeededRandom(seed);
  const X = Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const y = X.map((r) => 3 * r[0]! + 0.5 * r[1]! + 0.1 * rng.normal());
  return { X, y };
}
const truth = (rows: Float64Array[]) => Float64Array.from(rows, (r) => 3 * r[0]! + 0.5 * r[1]!);

Deno.test("permutationImportance ranks the features by how much the model uses them, with block intervals", () => {
  const { X, y } = data(2_000, 1);
  const blocks = Array.from({ length: 2_000 }, (_, i) => Math.floor(i / 100)); // 20 blocks of 100 rows
  const r = permutationImportance(truth, X, y, { names: ["a", "b", "c"], blocks, seed: 3 });
  assert.deepEqual(r.features.map((f) => f.name), ["a", "b", "c"]);
  // Shuffling a feature with unit variance and weight w adds 2 w^2 to the squared error on average.
  assert.ok(Math.abs(r.features[0]!.increase - 18) < 2, `a: ${r.features[0]!.increase}`);
  assert.ok(Math.abs(r.features[1]!.increase - 0.5) < 0.1, `b: ${r.features[1]!.increase}`);
  assert.equal(r.features[2]!.increase, 0);
  assert.equal(r.features[0]!.significant, true);
  assert.equal(r.features[2]!.significant, false);
  assert.equal(r.blocks, 20);
  assert.match(r.description, /over 20 blocks/);
});

Deno.test("permutationImportance: fewer than 10 blocks gives no interval and nothing significant", () => {
  const { X, y } = data(300, 2);
  const r = permutationImportance(truth, X, y, { blocks: X.map((_, i) => i % 3) });
  assert.ok(r.features.every((f) => f.interval === null && !f.significant));
  assert.equal(r.description, "no interval (3 blocks; 10 needed)");
});

Deno.test("permutationImportance is seeded and names bad inputs", () => {
  const { X, y } = data(200, 4);
  assert.deepEqual(
    permutationImportance(truth, X, y, { seed: 9 }),
    permutationImportance(truth, X, y, { seed: 9 }),
  );
  assertThrowsWith(
    () => permutationImportance(truth, X, y.slice(1)),
    TypeError,
    /y must have one value per row/,
  );
  assertThrowsWith(
    () => permutationImportance(truth, [[1, 2], [1]], [1, 2]),
    TypeError,
    /X\[1\] must have 2 values/,
  );
  assertThrowsWith(
    () => permutationImportance(truth, [[1], [NaN]], [1, 2]),
    RangeError,
    /X\[1\]\[0\] must be finite/,
  );
  assertThrowsWith(() => permutationImportance(truth, X, y, { repeats: 0 }), RangeError, /repeats/);
  assertThrowsWith(
    () => permutationImportance(truth, X, y, { names: ["a"] }),
    TypeError,
    /names must have one name per column/,
  );
});
