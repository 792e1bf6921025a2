import assert from "node:assert/strict";
import { calibrationSensitivity } from "@lib/mod.ts";

Deno.test("sensitivity study: error shrinks with sample size, and noise-free fits cover the truth", () => {
  const rows = calibrationSensitivity({
    sampleSizes: [200, 3_200],
    marketNoiseLevels: [0],
    repetitions: 8,
    bootstrapSamples: 100,
    method: "pointwise",
  });
  assert.equal(rows.length, 2);
  assert.ok(rows[1]!.deltaRmse < rows[0]!.deltaRmse / 2, JSON.stringify(rows));
  assert.ok(rows[1]!.deltaCoverage >= 0.75);
  assert.equal(rows[0]!.failures, 0);
});
