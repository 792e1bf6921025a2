import assert from "node:assert/strict";
import { assertInteger, assertPositive, assertSameLength, toFiniteArray } from "@lib/core/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

Deno.test("boundary checks name the action, the argument, the index and the value", () => {
  assertThrowsWith(
    () => assertPositive("fit", "volume", -1),
    RangeError,
    /^Cannot fit: volume must be finite and > 0: current value is -1$/,
  );
  assertThrowsWith(
    () => assertInteger("fit", "bins", 1.5, 2),
    RangeError,
    /bins must be an integer >= 2: current value is 1.5/,
  );
  assertThrowsWith(
    () => toFiniteArray("fit", "sizes", [1, NaN]),
    RangeError,
    /sizes\[1\] must be a finite number: current value is NaN/,
  );
  assertThrowsWith(
    () => toFiniteArray("fit", "sizes", 3 as unknown as number[]),
    TypeError,
    /sizes must be an array/,
  );
  assertThrowsWith(
    () => assertSameLength("fit", "a", [1], "b", [1, 2]),
    TypeError,
    /current lengths are 1 and 2/,
  );
  assert.deepEqual(toFiniteArray("fit", "x", [1, 2]), Float64Array.of(1, 2));
});
