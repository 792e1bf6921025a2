import assert from "node:assert/strict";
import { measureCallLatency } from "@lib/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

// Timing values depend on the machine: these tests check the bookkeeping, never the speed.
Deno.test("calls fn warmup + repeats * iterations times and returns ordered, finite, non-negative times", () => {
  let calls = 0;
  const latency = measureCallLatency(() => calls++, { iterations: 50, repeats: 4, warmup: 5 });
  assert.equal(calls, 5 + 4 * 50);
  assert.equal(latency.iterations, 50);
  assert.equal(latency.repeats, 4);
  assert.ok(Number.isFinite(latency.medianMicroseconds) && latency.minMicroseconds >= 0);
  assert.ok(latency.minMicroseconds <= latency.medianMicroseconds);
});

Deno.test("bad options get clear errors", () => {
  assertThrowsWith(
    () => measureCallLatency(() => 0, { iterations: 0 }),
    RangeError,
    /iterations must be an integer >= 1/,
  );
  assertThrowsWith(
    () => measureCallLatency(() => 0, { warmup: -1 }),
    RangeError,
    /warmup must be an integer >= 0/,
  );
  assertThrowsWith(() => measureCallLatency(1 as never), TypeError, /fn must be a function/);
});
