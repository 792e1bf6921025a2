import assert from "node:assert/strict";
import {
  createImpactPredictor,
  impactFeatures,
  ImpactNetwork,
  LinearImpactModel,
  SquareRootModel,
  StandardScaler,
} from "@lib/mod.ts";
import type { MetaorderFeaturesInput } from "@lib/core/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { squareRootImpactPredictor } from "@lib/ml/mod.ts";
import { assertAllClose, assertClose, assertThrowsWith } from "../_assert.ts";

const records = simulateMetaorders(300, { seed: 21 });

Deno.test("createImpactPredictor = features, then scaler, then model, then bps to fraction", () => {
  const X = impactFeatures(records);
  const scaler = new StandardScaler().fit(X);
  const net = new ImpactNetwork({ inputs: 6, hidden: [8, 4], seed: 2 });
  const predictor = createImpactPredictor(net, { scaler });
  const manual = net.predict(scaler.transform(X)).map((bps) => bps / 1e4);
  assertAllClose(predictor.predictImpact(records), manual, { abs: 1e-18 });
  // Called again (reusing its buffer) and one trade at a time, it gives the same numbers.
  assertAllClose(predictor.predictImpact(records.slice(0, 3)), manual.slice(0, 3), { abs: 1e-18 });
  assertClose(predictor.predictImpact([records[5]!])[0]!, manual[5]!, { abs: 1e-18 });
});

Deno.test("a target transform maps standardised model output back to bps", () => {
  const model = LinearImpactModel.fromJSON({ coefficients: [0], intercept: 2, ridge: 0 });
  const predictor = createImpactPredictor(model, {
    featureSpec: { features: ["side"] },
    target: { offset: 5, scale: 10 },
  });
  assertClose(predictor.predictImpact([records[0]!])[0]!, (5 + 10 * 2) / 1e4, { abs: 1e-18 });
});

Deno.test("the input type is a structural subset of MetaorderRecord; missing optional fields use defaults", () => {
  const model = new LinearImpactModel().fit(
    impactFeatures(records),
    records.map((r) => r.realizedImpact * 1e4),
  );
  const predictor = createImpactPredictor(model);
  const bare: MetaorderFeaturesInput = {
    size: 10,
    arrivalPrice: 60_000,
    spread: 1,
    averageDailyVolume: 100_000,
    dailyVolatility: 0.03,
  };
  assert.deepEqual(
    predictor.predictImpact([bare]),
    predictor.predictImpact([{ ...bare, momentum: 0, volumeShare: 1 / 24, timestamp: 0 }]),
  );
});

Deno.test("squareRootImpactPredictor is the side-adjusted square-root law with each trade's sigma and V", () => {
  const law = squareRootImpactPredictor({ eta: 0.8, delta: 0.5 });
  const predicted = law.predictImpact(records);
  records.forEach((r, i) => {
    const model = new SquareRootModel({
      eta: 0.8,
      delta: 0.5,
      dailyVolatility: r.dailyVolatility,
      averageDailyVolume: r.averageDailyVolume,
    });
    assertClose(predicted[i]!, Math.sign(r.size) * model.impact(r.size), { rel: 1e-14 });
    assert.ok(predicted[i]! > 0);
  });
});

Deno.test("mismatched widths and bad laws get clear errors", () => {
  const model = LinearImpactModel.fromJSON({ coefficients: [1, 2], intercept: 0, ridge: 0 });
  assertThrowsWith(
    () => createImpactPredictor(model),
    TypeError,
    /model takes 2 inputs but featureSpec has 6 features/,
  );
  const scaler = new StandardScaler().fit([[1], [2]]);
  assertThrowsWith(
    () => createImpactPredictor(model, { scaler, featureSpec: { features: ["side", "dailyVolatility"] } }),
    TypeError,
    /scaler has 1 columns/,
  );
  assertThrowsWith(
    () =>
      createImpactPredictor(model, {
        featureSpec: { features: ["side", "dailyVolatility"] },
        target: { offset: 0, scale: 0 },
      }),
    RangeError,
    /target.scale must be finite and > 0/,
  );
  const ok = createImpactPredictor(model, { featureSpec: { features: ["side", "dailyVolatility"] } });
  assertThrowsWith(() => ok.predictImpact([{ ...records[0]!, size: 0 }]), RangeError, /records\[0\]\.size/);
  assertThrowsWith(
    () => squareRootImpactPredictor({ eta: 0, delta: 0.5 }),
    RangeError,
    /eta must be finite and > 0/,
  );
  assertThrowsWith(
    () => squareRootImpactPredictor({ eta: 1, delta: 3 }),
    RangeError,
    /delta must be in \(0, 2\]/,
  );
});
