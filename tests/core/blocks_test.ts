import assert from "node:assert/strict";
import { assignTimeBlocks, describeTimeBlocks } from "@lib/core/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

const DAY = 86_400_000;

Deno.test("assignTimeBlocks: UTC days, windows from the first time and runs of a count, on unsorted times", () => {
  const t = [2 * DAY + 5, 10, DAY - 1, 5 * DAY, DAY];
  // Days 2, 0, 0, 5, 1 -> dense numbers in time order: 2, 0, 0, 3, 1 (day 3 and 4 are empty).
  assert.deepEqual([...assignTimeBlocks(t, "day").block], [2, 0, 0, 3, 1]);
  assert.equal(assignTimeBlocks(t, "day").count, 4);
  // 1.5-day windows from t = 10: [10, 1.5d+10) holds 10, DAY-1, DAY; then 2d+5; then 5d.
  assert.deepEqual([...assignTimeBlocks(t, { ms: 1.5 * DAY }).block], [1, 0, 0, 2, 0]);
  // Runs of two in time order: (10, DAY-1), (DAY, 2d+5), (5d).
  const byCount = assignTimeBlocks(t, { count: 2 });
  assert.deepEqual([...byCount.block], [1, 0, 0, 2, 1]);
  assert.equal(byCount.count, 3);
  // Ties keep input order.
  assert.deepEqual([...assignTimeBlocks([7, 7, 7], { count: 2 }).block], [0, 0, 1]);
  assert.equal(assignTimeBlocks([], "day").count, 0);
  assert.equal(describeTimeBlocks({ count: 50 }), "blocks of 50 observations");
  assertThrowsWith(() => assignTimeBlocks(t, { ms: 0 }), RangeError, /block\.ms must be finite and > 0/);
  assertThrowsWith(
    () => assignTimeBlocks(t, { count: 1.5 }),
    RangeError,
    /block\.count must be an integer >= 1/,
  );
  assertThrowsWith(
    () => assignTimeBlocks(t, "week" as never),
    RangeError,
    /block must be "day", \{ ms \} or \{ count \}/,
  );
});
