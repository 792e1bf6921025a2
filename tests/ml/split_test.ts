import assert from "node:assert/strict";
import fc from "fast-check";
import { chronologicalSplit } from "@lib/mod.ts";
import { walkForwardFolds } from "@lib/ml/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

const times = fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 12, maxLength: 200 });

Deno.test("property: a chronological split never tests on a time earlier than a training time", () => {
  fc.assert(
    fc.property(times, fc.double({ min: 0.1, max: 0.5, noNaN: true }), (t, fraction) => {
      const { train, test } = chronologicalSplit(t, { testFraction: fraction });
      const lastTrain = Math.max(...Array.from(train, (i) => t[i]!));
      const firstTest = Math.min(...Array.from(test, (i) => t[i]!));
      assert.ok(lastTrain <= firstTest);
      assert.equal(train.length + test.length, t.length);
      assert.equal(new Set([...train, ...test]).size, t.length);
    }),
  );
});

Deno.test("property: walk-forward folds have no look-ahead, contiguous disjoint test blocks and expanding windows", () => {
  fc.assert(
    fc.property(times, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 }), (t, folds, gap) => {
      // Only inputs that leave a training row before the first gap (others are rejected by design, see below).
      fc.pre(t.length - folds * Math.floor(t.length / (folds + 1)) - gap >= 1);
      const splits = walkForwardFolds(t, { folds, gap });
      assert.equal(splits.length, folds);
      const sorted = Array.from(t.keys()).sort((a, b) => t[a]! - t[b]! || a - b);
      const seen = new Set<number>();
      splits.forEach(({ train, test }, k) => {
        const lastTrain = Math.max(...Array.from(train, (i) => t[i]!));
        const firstTest = Math.min(...Array.from(test, (i) => t[i]!));
        assert.ok(lastTrain <= firstTest);
        // train is a prefix of time order; the gap rows sit between train and test
        assert.deepEqual(Array.from(train), sorted.slice(0, train.length));
        assert.equal(sorted.indexOf(test[0]!) - train.length, gap);
        for (const i of test) {
          assert.ok(!seen.has(i));
          seen.add(i);
        }
        if (k > 0) assert.ok(train.length > splits[k - 1]!.train.length);
      });
      // the last block ends with the latest row
      assert.equal(splits.at(-1)!.test.at(-1), sorted.at(-1));
    }),
  );
});

Deno.test("maxTrainSize gives a rolling window of the most recent rows", () => {
  const t = Array.from({ length: 12 }, (_, i) => i);
  const splits = walkForwardFolds(t, { folds: 3, testSize: 2, maxTrainSize: 4 });
  assert.deepEqual(splits.map((s) => Array.from(s.train)), [[2, 3, 4, 5], [4, 5, 6, 7], [6, 7, 8, 9]]);
  assert.deepEqual(splits.map((s) => Array.from(s.test)), [[6, 7], [8, 9], [10, 11]]);
});

Deno.test("bad options get clear errors", () => {
  assertThrowsWith(
    () => chronologicalSplit([1, 2, 3], { testFraction: 1 }),
    RangeError,
    /testFraction must be in \(0, 1\)/,
  );
  assertThrowsWith(() => chronologicalSplit([1, 2], { testFraction: 0.1 }), RangeError, /empty set/);
  assertThrowsWith(
    () => chronologicalSplit([1, NaN, 3]),
    RangeError,
    /timestamps\[1\] must be a finite number/,
  );
  assertThrowsWith(
    () => walkForwardFolds([1, 2, 3], { folds: 0 }),
    RangeError,
    /folds must be an integer >= 1/,
  );
  assertThrowsWith(
    () => walkForwardFolds([1, 2, 3], { folds: 5 }),
    RangeError,
    /testSize must be an integer >= 1/,
  );
  assertThrowsWith(() => walkForwardFolds([1, 2, 3, 4], { folds: 2, gap: 2 }), RangeError, /too few/);
  assertThrowsWith(() => walkForwardFolds([1, 2, 3], { gap: -1 }), RangeError, /gap must be an integer >= 0/);
});
