/**
 * Speed of the learned impact models. Training throughput in samples per second is
 * `10,000 / (time per iteration)` for the "one epoch" benches; compare with scikit-learn's MLPRegressor
 * (same shape, Adam, batch 32) as described in the README.
 */
import {
  createImpactPredictor,
  impactFeatures,
  ImpactNetwork,
  impactTargetBps,
  LinearImpactModel,
  StandardScaler,
} from "@lib/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { squareRootImpactPredictor } from "@lib/ml/mod.ts";

const records = simulateMetaorders(10_000, { seed: 1, liquidityEffect: 1, momentumEffect: 0.5 });
const scaler = new StandardScaler().fit(impactFeatures(records));
const X = scaler.transform(impactFeatures(records));
const y = impactTargetBps(records); // bps: mean ~7, sd ~37
const yMean = y.reduce((a, b) => a + b, 0) / y.length;
const ySd = Math.sqrt(y.reduce((a, b) => a + (b - yMean) ** 2, 0) / y.length);
const yStandardised = y.map((v) => (v - yMean) / ySd);

const adam = new ImpactNetwork({ inputs: 6, hidden: [32, 16], seed: 1 });
const sgd = new ImpactNetwork({ inputs: 6, hidden: [32, 16], seed: 1, optimizer: "sgd" });
const linear = new LinearImpactModel().fit(X, y);
const network = new ImpactNetwork({ inputs: 6, hidden: [32, 16], seed: 1 });
network.fit(X, y, { epochs: 5, batchSize: 32 });

const lawPredictor = squareRootImpactPredictor({ eta: 0.8, delta: 0.5 });
const linearPredictor = createImpactPredictor(linear, { scaler });
const networkPredictor = createImpactPredictor(network, { scaler });
const trade = [records[123]!];
const row = Float64Array.from(X[123]!);

Deno.bench("train 6-32-16-1 Adam, batch 32: one epoch of 10,000 samples", { group: "training" }, () => {
  adam.fit(X, y, { epochs: 1, batchSize: 32 });
});
// Plain SGD at its default step (1e-2) on a target in bps (sd ~37) kills most second-layer ReLUs, and dead
// units are skipped in backpropagation, which would flatter its speed: time it on a standardised target.
Deno.bench("train 6-32-16-1 SGD, batch 32: one epoch of 10,000 samples (standardised target)", {
  group: "training",
}, () => {
  sgd.fit(X, yStandardised, { epochs: 1, batchSize: 32 });
});
Deno.bench("fit linear model (QR): 10,000 samples x 6 features", { group: "training" }, () => {
  new LinearImpactModel().fit(X, y);
});

Deno.bench("predict one trade: square-root law (predictor)", { group: "latency" }, () => {
  lawPredictor.predictImpact(trade);
});
Deno.bench("predict one trade: linear model (features + scaler + model)", { group: "latency" }, () => {
  linearPredictor.predictImpact(trade);
});
Deno.bench("predict one trade: network 6-32-16-1 (features + scaler + model)", { group: "latency" }, () => {
  networkPredictor.predictImpact(trade);
});
Deno.bench("predict one standardised row: network 6-32-16-1 (predictMatrix)", { group: "latency" }, () => {
  network.predictMatrix(row, 1);
});
Deno.bench("predict one standardised row: linear model (predictMatrix)", { group: "latency" }, () => {
  linear.predictMatrix(row, 1);
});
