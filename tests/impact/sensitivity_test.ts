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
  // Both parameters' coverages are shares of the fitted repetitions.
  for (const r of rows) {
    assert.equal(r.fits + r.failures, 8);
    assert.ok(Number.isInteger(r.etaCoverage * r.fits) && Number.isInteger(r.deltaCoverage * r.fits));
    assert.ok(r.unreliable >= 0 && r.unreliable <= r.fits);
  }
  assert.ok(rows[1]!.etaCoverage >= 0.75, JSON.stringify(rows[1]));
});
