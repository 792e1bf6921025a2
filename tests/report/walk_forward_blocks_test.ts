import assert from "node:assert/strict";
import { assertThrowsWith } from "../_assert.ts";
import { walkForwardBlocks } from "../../lib/report/walk_forward_blocks.ts";

Deno.test("walkForwardBlocks states each fold once, in fold order, with the end's date only when it differs", () => {
  const at = (d: number, h: number, m = 0) => Date.UTC(2024, 7, d, h, m);
  // Scores out of fold order, two models per fold: the sentence must follow the fold numbers.
  const scores = [
    { fold: 2, trainSize: 1_500, testSize: 20, testFrom: at(8, 23, 58), testTo: at(9, 0, 4) },
    { fold: 1, trainSize: 1_000, testSize: 500, testFrom: at(8, 23, 54), testTo: at(8, 23, 58) },
    { fold: 2, trainSize: 1_500, testSize: 20, testFrom: at(8, 23, 58), testTo: at(9, 0, 4) },
  ];
  assert.equal(
    walkForwardBlocks({ scores }),
    "Test blocks (UTC): 1. 2024-08-08 23:54 to 23:58, 500 rows after 1,000 training rows; " +
      "2. 2024-08-08 23:58 to 2024-08-09 00:04, 20 rows after 1,500 training rows.",
  );
});

Deno.test("walkForwardBlocks rejects a result without scores", () => {
  assertThrowsWith(
    () => walkForwardBlocks({ scores: [] }),
    TypeError,
    /result.scores must be a non-empty array.*an empty array/,
  );
  assertThrowsWith(() => walkForwardBlocks(null as never), TypeError, /current value is undefined/);
});
