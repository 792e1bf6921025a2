import assert from "node:assert/strict";
import { executionOnBookTakeaways } from "@lib/report/mod.ts";
import type { ShortfallComparisonRow } from "@lib/execution/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

// Typed-in rows: law 1 bp for both; E[x] 1 and 2 bps; realised means 1.05 and 3 bps with SE 0.05.
const row = (
  name: string,
  expectedBps: number,
  realisedMeanBps: number,
  extra: Partial<ShortfallComparisonRow> = {},
) => ({
  name,
  lawBps: 1,
  extrapolation: false,
  expectedBps,
  standardDeviationBps: 1,
  realisedMeanBps,
  standardErrorBps: 0.05,
  realisedSdBps: 0.5,
  q05Bps: 0,
  medianBps: realisedMeanBps,
  q95Bps: 2,
  seeds: 100,
  ...extra,
});

Deno.test("executionOnBookTakeaways: counts predictions inside mean +- z SE, per model", () => {
  const text = executionOnBookTakeaways([row("a", 1, 1.05), row("b", 2, 3)], {
    venue: "simulated",
    synthetic: true,
  });
  // law: |1 - 1.05| = 0.05 <= 0.098 inside; |1 - 3| below. E: a inside, b 2 < 3 below.
  assert.match(text, /The measured law: 1 of 2 schedules' predictions lie inside .* \(0 above, 1 below\)/);
  assert.match(text, /Almgren-Chriss E\[x\]: 1 of 2 .* \(0 above, 1 below\)/);
  assert.match(text, /cheapest schedule by E\[x\], a, is also the cheapest realised/);
  assert.match(text, /0\.50 to 0\.50/); // realised sd 0.5 over sqrt V 1
  assert.match(text, /inside the law's measured range/);
  assert.match(text, /SIMULATED market/);
});

Deno.test("executionOnBookTakeaways: a different cheapest schedule is called only beyond z SE", () => {
  // E says a is cheapest; realised b is cheaper by 0.05 bps with SE 0.05 each: not distinguishable at 1.96.
  const close = executionOnBookTakeaways([row("a", 1, 1.1), row("b", 2, 1.05)], {
    venue: "simulated",
    synthetic: true,
  });
  assert.match(close, /not distinguishable at 1\.96 SE/);
  const far = executionOnBookTakeaways([row("a", 1, 2), row("b", 2, 1)], {
    venue: "bybit",
    synthetic: false,
  });
  assert.match(far, /b is cheaper realised .*beyond 1\.96 SE/);
  assert.doesNotMatch(far, /SIMULATED/);
  const flagged = executionOnBookTakeaways([row("a", 1, 1, { extrapolation: true })], {
    venue: "bybit",
    synthetic: false,
  });
  assert.match(flagged, /EXTRAPOLATION/);
  assertThrowsWith(() => executionOnBookTakeaways([], { venue: "x", synthetic: false }), TypeError, /rows/);
});

Deno.test("executionOnBookTakeaways: a second law is judged like the first, with its own range", () => {
  // Typed-in: the desk's law predicts 3 bps for both schedules; realised 1.05 and 3 (SE 0.05): b inside, a below.
  const text = executionOnBookTakeaways([row("a", 1, 1.05), row("b", 2, 3)], {
    venue: "simulated",
    synthetic: true,
  }, {
    otherLaws: [{ name: "the desk's own law", lawBps: 3, extrapolation: true }],
  });
  assert.match(
    text,
    /The desk's own law: 1 of 2 schedules' predictions lie inside .* \(1 above, 0 below\); realised\/predicted from 0\.35 to 1\.00/,
  );
  assert.match(
    text,
    /For the desk's own law, the order's Q\/V is outside its measured range: an EXTRAPOLATION/,
  );
  assert.match(text, /The measured law: 1 of 2/);
  assertThrowsWith(
    () =>
      executionOnBookTakeaways([row("a", 1, 1)], { venue: "simulated", synthetic: true }, {
        otherLaws: [{ name: "desk", lawBps: NaN, extrapolation: false }],
      }),
    TypeError,
    /otherLaws\[0\] must be/,
  );
});
