import assert from "node:assert/strict";
import { compareImpactModelsWalkForward, simulateMetaorders } from "@lib/mod.ts";
import { assertClose } from "../_assert.ts";

Deno.test("without noise the calibrated square-root law is exact out of sample and wins every fold", async () => {
  const records = simulateMetaorders(900, { seed: 5, impactNoise: 0, marketNoise: 0, eta: 0.6, delta: 0.5 });
  // Pointwise calibration is exact on noiseless data (binning averages q inside bins, a small bias).
  const result = await compareImpactModelsWalkForward(records, {
    folds: 3,
    squareRootMethod: "pointwise",
    network: { epochs: 3 },
  });
  for (const fit of result.squareRootFits) {
    assertClose(fit.eta, 0.6, { rel: 1e-9 });
    assertClose(fit.delta, 0.5, { rel: 1e-9 });
  }
  const law = result.summary.find((s) => s.model === "square-root law")!;
  assertClose(law.pooledRSquared, 1, { abs: 1e-9 });
  assert.equal(law.foldsWon, 3);
});

Deno.test("every model is scored on the same later test blocks; results are deterministic", async () => {
  const records = simulateMetaorders(800, { seed: 6, liquidityEffect: 1, momentumEffect: 0.5 });
  const options = { folds: 3, network: { epochs: 4, hidden: [8, 4] } };
  const a = await compareImpactModelsWalkForward(records, options);
  const b = await compareImpactModelsWalkForward(records, options);
  assert.deepEqual(a.scores, b.scores);
  assert.deepEqual(a.models, ["constant (training mean)", "square-root law", "linear", "network 6-8-4-1"]);
  assert.equal(a.scores.length, 3 * 4);
  for (const fold of [1, 2, 3]) {
    const rows = a.scores.filter((s) => s.fold === fold);
    assert.equal(new Set(rows.map((r) => `${r.trainSize}/${r.testSize}/${r.testFrom}`)).size, 1);
  }
  // test blocks start after every training time
  const firstTestTime = Math.min(...a.scores.map((s) => s.testFrom));
  const sorted = records.map((r) => r.timestamp).sort((x, y) => x - y);
  assert.equal(firstTestTime, sorted[800 - 3 * 200]);
  assert.equal(a.outOfSample.realizedBps.length, 600);
  for (const model of a.models) assert.equal(a.outOfSample.predictedBps[model]!.length, 600);
  assert.equal(a.histories.length, 3);
  assert.equal(a.lastPredictors.length, 4);
});
