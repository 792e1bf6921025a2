import assert from "node:assert/strict";
import { analyzeTrade, createImpactPredictor, type ImpactPredictor, LinearImpactModel } from "@lib/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { squareRootImpactPredictor } from "@lib/ml/mod.ts";

Deno.test("the law and a learned model are both ImpactPredictors, and TCA takes either", () => {
  const trades = simulateMetaorders(3, { seed: 9 });
  const model = LinearImpactModel.fromJSON({ coefficients: [100], intercept: 0, ridge: 0 });
  const predictors: ImpactPredictor[] = [
    squareRootImpactPredictor({ eta: 0.8, delta: 0.5 }),
    createImpactPredictor(model, { featureSpec: { features: ["sqrtParticipation"] }, label: "linear" }),
  ];
  for (const predictor of predictors) {
    const expected = predictor.predictImpact(trades);
    assert.equal(expected.length, 3);
    assert.equal(analyzeTrade(trades[1]!, { predictor }).predictedImpact, expected[1]);
  }
  assert.deepEqual(predictors.map((p) => p.label), ["square-root law", "linear"]);
});
