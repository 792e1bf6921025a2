import assert from "node:assert/strict";
import { pick } from "@lib/mod.ts";
import { concatArrays, GrowingArray } from "@lib/core/arrays.ts";
import { assertThrowsWith } from "../_assert.ts";

Deno.test("pick returns the values at the positions, in the positions' order", () => {
  assert.deepEqual(pick([10, 20, 30, 40], Int32Array.of(3, 1, 1)), [40, 20, 20]);
  assert.deepEqual(pick(Float64Array.of(1.5, 2.5), []), []);
  assertThrowsWith(
    () => pick([1, 2], [2]),
    RangeError,
    /index\[0\] must be an integer in \[0, 2\): current value is 2/,
  );
  assertThrowsWith(
    () => pick([1, 2], [0.5]),
    RangeError,
    /index\[0\] must be an integer in \[0, 2\): current value is 0\.5/,
  );
  assertThrowsWith(() => pick(null as never, [0]), TypeError, /^Cannot pick values: values must be an array/);
});

Deno.test("concatArrays joins typed arrays in order, of the parts' type", () => {
  const joined = concatArrays(
    [Float64Array.of(1.5), new Float64Array(0), Float64Array.of(2, 3)],
    Float64Array,
  );
  assert.ok(joined instanceof Float64Array);
  assert.deepEqual([...joined], [1.5, 2, 3]);
  const bytes = concatArrays([Uint8Array.of(255), Uint8Array.of(0, 7)], Uint8Array);
  assert.deepEqual(bytes, Uint8Array.of(255, 0, 7));
  assert.deepEqual(concatArrays([], Int8Array), new Int8Array(0));
});

Deno.test("GrowingArray appends in place, or keeps parts when the reservation is refused: the same values", () => {
  const grown = new GrowingArray(Float64Array, 1_000);
  const fallback = new GrowingArray(Float64Array, 2 ** 60); // beyond any engine's maxByteLength: parts
  for (const part of [Float64Array.of(1.5, 2), Float64Array.of(), Float64Array.of(-0, NaN, 7)]) {
    grown.push(part);
    fallback.push(part);
  }
  assert.equal(grown.length, 5);
  assert.deepEqual(grown.toArray(), Float64Array.of(1.5, 2, -0, NaN, 7));
  assert.deepEqual(fallback.toArray(), grown.toArray());
  assert.equal(grown.toArray().buffer.resizable, true); // grown in place: no join copy
  assert.equal(fallback.toArray().buffer.resizable, false);
  // Parts are copied: changing one afterwards does not change the array.
  const part = Int32Array.of(4, 5), ints = new GrowingArray(Int32Array, 10);
  ints.push(part);
  part[0] = 99;
  assert.deepEqual([...ints.toArray()], [4, 5]);
  const small = new GrowingArray(Int8Array, 3);
  small.push(Int8Array.of(1, 2));
  assertThrowsWith(
    () => small.push(Int8Array.of(3, 4)),
    RangeError,
    /length must be <= 3: current value is 4/,
  );
});
