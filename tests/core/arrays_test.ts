import assert from "node:assert/strict";
import { pick } from "@lib/mod.ts";
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
