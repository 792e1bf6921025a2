import assert from "node:assert/strict";
import { compareImpactModelsWalkForward, overlappingOrders, walkForwardDieboldMariano } from "@lib/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { dieboldMariano } from "@lib/ml/mod.ts";
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
  assert.deepEqual(a.models, [
    "constant (training mean)",
    "square-root law",
    "Almgren et al. 2005",
    "linear",
    "network 6-8-4-1",
  ]);
  assert.equal(a.scores.length, 3 * 5);
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
  assert.equal(a.lastPredictors.length, 5);
  assert.equal(a.almgren2005Fits.length, 3);
});

Deno.test("the Almgren et al. 2005 law is calibrated per fold and left out when records have no durations", async () => {
  const records = simulateMetaorders(600, { seed: 8 });
  const withDurations = await compareImpactModelsWalkForward(records, { folds: 2, network: { epochs: 2 } });
  for (const fit of withDurations.almgren2005Fits) {
    assert.equal(fit.beta, 0.6);
    assert.ok(fit.gamma >= 0 && fit.eta >= 0 && fit.gamma + fit.eta > 0);
  }
  // Its predictions are the closed form sigma (gamma q + eta (q / T)^0.6) with the last fold's coefficients.
  const last = withDurations.almgren2005Fits.at(-1)!;
  const lastFold = withDurations.outOfSample.fold.map((f, i) => [f, i] as const).filter(([f]) => f === 2);
  const [, k] = lastFold[0]!;
  const r = records[withDurations.outOfSample.index[k]!]!;
  const q = Math.abs(r.size) / r.averageDailyVolume;
  const expected = r.dailyVolatility *
    (last.gamma * q + last.eta * Math.pow(q / (r.durationMinutes / 1440), 0.6)) * 1e4;
  assertClose(withDurations.outOfSample.predictedBps["Almgren et al. 2005"]![k]!, expected, { rel: 1e-12 });

  const noDurations = records.map(({ durationMinutes: _, ...rest }) => rest);
  const without = await compareImpactModelsWalkForward(noDurations, { folds: 2, network: { epochs: 2 } });
  assert.ok(!without.models.includes("Almgren et al. 2005"));
  assert.deepEqual(without.almgren2005Fits, []);
});

Deno.test("walkForwardDieboldMariano pools the errors over folds and equals dieboldMariano on them", async () => {
  const records = simulateMetaorders(600, { seed: 9 });
  const c = await compareImpactModelsWalkForward(records, { folds: 3, network: { epochs: 2 } });
  const errors = (m: string) =>
    c.outOfSample.realizedBps.map((y, i) => y - c.outOfSample.predictedBps[m]![i]!);
  const expected = dieboldMariano(errors("square-root law"), errors("linear"), {
    horizon: 3,
    folds: c.outOfSample.fold,
    unit: "bps",
  });
  assert.deepEqual(walkForwardDieboldMariano(c, ["square-root law", "linear"], { horizon: 3 }), expected);
  assert.equal(expected.folds, 3);
  assert.throws(
    () => walkForwardDieboldMariano(c, ["square-root law", "tree"]),
    /must contain the model "tree"/,
  );
});

Deno.test("overlappingOrders counts later orders starting before each one ends", () => {
  const m = 60_000;
  // unsorted input; [0, 30) contains the starts 10 and 20; [10, 11) none; [20, 25) none
  const r = overlappingOrders([
    { timestamp: 20 * m, durationMinutes: 5 },
    { timestamp: 0, durationMinutes: 30 },
    { timestamp: 10 * m, durationMinutes: 1 },
  ]);
  assert.deepEqual(r, { mean: 2 / 3, max: 2, horizon: 2 });
  assert.deepEqual(overlappingOrders([]), { mean: 0, max: 0, horizon: 1 });
  // an order ending exactly when the next starts does not overlap it
  assert.equal(
    overlappingOrders([{ timestamp: 0, durationMinutes: 1 }, { timestamp: m, durationMinutes: 1 }]).max,
    0,
  );
  assert.throws(() => overlappingOrders([{ timestamp: 0, durationMinutes: -1 }]), /durationMinutes must be/);
});
