import assert from "node:assert/strict";
import { StandardScaler } from "@lib/mod.ts";
import { SeededRandom } from "@lib/core/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

function randomRows(n: number, seed: number): number[][] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, () => [1e6 + rng.normal(), 5 * rng.normal() - 3, rng.uniform()]);
}

Deno.test("fitTransform gives columns of mean 0 and population sd 1, even with a large offset", () => {
  const z = new StandardScaler().fitTransform(randomRows(500, 1));
  for (let j = 0; j < 3; j++) {
    const col = z.map((r) => r[j]!);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
    // Column 0 sits at 1e6 with sd 1: subtracting the mean loses about eps * 1e6 = 2e-10 per value.
    assertClose(mean, 0, { abs: 1e-8 });
    assertClose(sd, 1, { abs: 1e-8 });
  }
});

Deno.test("the scaler fitted on training rows leaves test rows unstandardised by their own statistics", () => {
  const train = randomRows(200, 2), test = randomRows(50, 3).map((r) => r.map((v) => v + 10));
  const scaler = new StandardScaler().fit(train);
  const { means, scales } = scaler.toJSON();
  const z = scaler.transform(test);
  z.forEach((row, i) =>
    row.forEach((v, j) => assertClose(v, (test[i]![j]! - means[j]!) / scales[j]!, { abs: 1e-12 }))
  );
});

Deno.test("a constant column maps to 0 instead of NaN", () => {
  const z = new StandardScaler().fitTransform([[1, 7], [2, 7], [3, 7]]);
  assert.deepEqual(z.map((r) => r[1]), [0, 0, 0]);
});

Deno.test("a column constant up to rounding (a repeated 0.01) is treated as constant, not scaled by 1e-18", () => {
  const scaler = new StandardScaler().fit(Array.from({ length: 1335 }, (_, i) => [i, 0.01]));
  assert.equal(scaler.toJSON().scales[1], 1);
  assert.ok(Math.abs(scaler.transform([[0, 0.01]])[0]![1]!) < 1e-12);
  assertClose(scaler.transform([[0, 0.5]])[0]![1]!, 0.49, { abs: 1e-12 });
});

Deno.test("JSON round trip is exact", () => {
  const scaler = new StandardScaler().fit(randomRows(100, 4));
  const copy = StandardScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
  assert.deepEqual(copy.toJSON(), scaler.toJSON());
  const rows = randomRows(10, 5);
  assert.deepEqual(copy.transform(rows), scaler.transform(rows));
});

Deno.test("bad input gets clear errors", () => {
  assertThrowsWith(() => new StandardScaler().fit([]), RangeError, /X is empty/);
  assertThrowsWith(
    () => new StandardScaler().fit([[1, 2], [3]]),
    TypeError,
    /X\[1\] must have 2 columns \(as X\[0\]\): current length is 1/,
  );
  assertThrowsWith(
    () => new StandardScaler().fit([[1, NaN]]),
    RangeError,
    /X\[0\]\[1\] must be a finite number: current value is NaN/,
  );
  assertThrowsWith(() => new StandardScaler().transform([[1]]), Error, /not fitted/);
  const scaler = new StandardScaler().fit([[1, 2], [2, 3]]);
  assertThrowsWith(
    () => scaler.transform([[1, 2, 3]]),
    TypeError,
    /X\[0\] must have 2 columns: current length is 3/,
  );
  assertThrowsWith(
    () => StandardScaler.fromJSON({ means: [0], scales: [0] }),
    RangeError,
    /scales\[0\] must be finite and > 0/,
  );
});

Deno.test("StandardScaler refuses a column whose standard deviation or mean overflows", () => {
  // sd of [1e200, -1e200] is 1e200, but its square overflows: the scale used to fall back to 1 silently.
  assertThrowsWith(
    () => new StandardScaler().fit([[1, 1e200], [2, -1e200]]),
    RangeError,
    /^Cannot fit standard scaler: the standard deviation of column 1 of X overflows double precision .*current value is Infinity$/,
  );
  assertThrowsWith(
    () => new StandardScaler().fit([[1e308], [1e308]]),
    RangeError,
    /the mean of column 0 of X overflows double precision/,
  );
  // Large but representable values still scale.
  const scaled = new StandardScaler().fitTransform([[1e150], [-1e150]]);
  assert.deepEqual(scaled.map((r) => r[0]), [1, -1]);
});
