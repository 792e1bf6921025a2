import assert from "node:assert/strict";
import { lawComparisonSentence } from "@lib/mod.ts";

const rows = (pairs: [number, number, number][]) =>
  pairs.map(([participation, firstBps, secondBps]) => ({ participation, firstBps, secondBps }));

Deno.test("lawComparisonSentence: both ends, their ratios and the crossing come from the rows", () => {
  const text = lawComparisonSentence(rows([[1e-4, 1.55, 3.2], [1e-3, 4.89, 4.1], [0.01, 15.48, 12.0]]));
  assert.equal(
    text,
    "At 0.01 % of daily volume the Almgren et al. 2005 law gives 3.20 bps against 1.55 bps for the square-root " +
      "law; at 1 %, 12.00 against 15.48 bps (ratio 2.06 and 0.78). It is above the square-root law for small " +
      "orders and below it from 0.1 % of daily volume.",
  );
});

Deno.test("lawComparisonSentence: no crossing says the second law stays on one side", () => {
  const text = lawComparisonSentence(rows([[1e-4, 2, 1], [0.1, 50, 40]]), {
    first: "law A",
    second: "law B",
  });
  assert.match(text, /Over this range law B stays below law A\.$/);
  assert.match(
    lawComparisonSentence(rows([[1e-4, 1, 2], [0.1, 5, 40]])),
    /stays above the square-root law\.$/,
  );
});

Deno.test("lawComparisonSentence: bad rows are refused by name", () => {
  assert.throws(() => lawComparisonSentence(rows([[1e-4, 1, 2]])), /at least 2 rows/);
  assert.throws(
    () => lawComparisonSentence(rows([[1e-3, 1, 2], [1e-4, 1, 2]])),
    /rows\[1\]\.participation must be >/,
  );
  assert.throws(
    () => lawComparisonSentence(rows([[1e-4, 1, NaN], [1e-3, 1, 2]])),
    /rows\[0\]\.secondBps must be a finite number > 0/,
  );
});
