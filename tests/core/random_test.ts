import assert from "node:assert/strict";
import { SeededRandom } from "@lib/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("the same seed replays the same stream", () => {
  const a = new SeededRandom(123), b = new SeededRandom(123);
  for (let i = 0; i < 100; i++) assert.equal(a.uniform(), b.uniform());
  assert.notEqual(new SeededRandom(1).uniform(), new SeededRandom(2).uniform());
});

Deno.test("normal draws have mean 0 and variance 1 (100,000 draws, 5 standard errors)", () => {
  const rng = new SeededRandom(7);
  let s = 0, s2 = 0;
  const n = 100_000;
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    s += z;
    s2 += z * z;
  }
  assertClose(s / n, 0, { abs: 5 / Math.sqrt(n) });
  assertClose(s2 / n, 1, { abs: 5 * Math.sqrt(2 / n) });
});

Deno.test("Student-t draws are rescaled to unit variance", () => {
  const rng = new SeededRandom(9);
  let s2 = 0;
  const n = 50_000;
  for (let i = 0; i < n; i++) s2 += rng.studentT(8) ** 2;
  assertClose(s2 / n, 1, { abs: 0.05 });
  assertThrowsWith(() => rng.studentT(2), RangeError, /degreesOfFreedom must be > 2/);
});

Deno.test("uniform is in [0, 1), int in [0, n), shuffle is a permutation", () => {
  const rng = new SeededRandom(3);
  for (let i = 0; i < 10_000; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    const k = rng.int(7);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 7);
  }
  const arr = Array.from({ length: 50 }, (_, i) => i);
  const shuffled = rng.shuffle(arr.slice());
  assert.deepEqual(shuffled.slice().sort((a, b) => a - b), arr);
  assert.notDeepEqual(shuffled, arr);
  assertThrowsWith(() => new SeededRandom(0.5), RangeError, /seed must be an integer: current value is 0.5/);
});

Deno.test("seeds beyond 32 bits give their own streams; 32-bit seeds keep theirs", () => {
  const draws = (seed: number) => {
    const rng = new SeededRandom(seed);
    return [rng.uniform(), rng.uniform(), rng.uniform()];
  };
  // 2^32 used to be truncated to seed 0, and 2^32 + 5 to seed 5.
  assert.notDeepEqual(draws(2 ** 32), draws(0));
  assert.notDeepEqual(draws(2 ** 32 + 5), draws(5));
  assert.notDeepEqual(draws(-(2 ** 32)), draws(0));
  assert.notDeepEqual(draws(2 ** 33), draws(2 ** 32));
  assert.deepEqual(draws(2 ** 40 + 3), draws(2 ** 40 + 3));
  assert.deepEqual(draws(Number.MAX_SAFE_INTEGER), draws(Number.MAX_SAFE_INTEGER));
  // The 32-bit streams are pure-rand's xoroshiro128+ seeded with the integer (first draw of seed 42).
  const fresh = new SeededRandom(42).uniform();
  assert.equal(draws(42)[0], fresh);
  for (const u of [...draws(2 ** 32), ...draws(-(2 ** 50))]) assert.ok(u >= 0 && u < 1);
});
