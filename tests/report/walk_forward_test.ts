import assert from "node:assert/strict";
import {
  compareImpactModelsWalkForward,
  type ModelSummary,
  simulateMetaorders,
  walkForwardSummaryTable,
  walkForwardVerdict,
} from "@lib/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

/** A hand-built summary row; the numbers not under test are arbitrary. */
const row = (model: string, pooledRmseBps: number, foldsWon = 0, pooledRSquared = 0.01): ModelSummary => ({
  model,
  meanRSquared: pooledRSquared,
  sdRSquared: 0.01,
  pooledRSquared,
  pooledRmseBps,
  pooledMaeBps: pooledRmseBps / 2,
  foldsWon,
});
const folds = (n: number) => Array.from({ length: n }, (_, i) => ({ fold: i + 1 }));

Deno.test("walkForwardVerdict: the law wins when its pooled RMSE is the lowest", () => {
  const result = {
    summary: [
      row("constant (training mean)", 23.682),
      row("square-root law", 23.037, 5, 0.0523),
      row("linear", 23.175),
      row("network 6-32-16-1", 23.282),
    ],
    scores: folds(5),
  };
  // The text of notebook 04's run on the synthetic candles (same numbers, same sentence).
  assert.equal(
    walkForwardVerdict(result),
    "**Best out of sample: square-root law** (pooled RMSE 23.037 bps, pooled R² 0.0523, lowest RMSE in 5 of " +
      "5 folds), ahead of linear by 0.138 bps of RMSE. Neither learned model beats the calibrated square-root " +
      "law out of sample: with two parameters and the physics built in, the law is the better predictor on this data.",
  );
});

Deno.test("walkForwardVerdict: names the learned model that beats the law, and both when both do", () => {
  const one = walkForwardVerdict({
    summary: [row("square-root law", 8.857), row("linear", 9.039), row("network 6-32-16-1", 8.262, 4, 0.456)],
  }, { folds: 5 });
  assert.match(
    one,
    /^\*\*Best out of sample: network 6-32-16-1\*\* \(pooled RMSE 8\.262 bps, pooled R² 0\.4560/,
  );
  assert.match(one, /lowest RMSE in 4 of 5 folds\), ahead of square-root law by 0\.595 bps of RMSE\./);
  assert.match(one, /Network 6-32-16-1 beats the calibrated square-root law out of sample\.$/);
  assert.doesNotMatch(one, /Neither/);

  const both = walkForwardVerdict({
    summary: [row("square-root law", 10), row("linear", 9.5, 1), row("network 6-32-16-1", 9.9, 2)],
    scores: folds(3),
  });
  assert.match(both, /Best out of sample: linear\*\*.*lowest RMSE in 1 of 3 folds/);
  assert.match(both, /ahead of network 6-32-16-1 by 0\.400 bps/);
  assert.match(both, /Linear and network 6-32-16-1 beat the calibrated square-root law out of sample\.$/);
});

Deno.test("walkForwardVerdict: the constant is not a learned model; a custom law label is honoured", () => {
  // The constant has the lowest RMSE: it is the best model but does not count as a learned model beating the law.
  const text = walkForwardVerdict({
    summary: [row("constant (training mean)", 9), row("square-root law", 10), row("linear", 11)],
  }, { folds: 2 });
  assert.match(text, /^\*\*Best out of sample: constant \(training mean\)\*\*/);
  assert.match(text, /The learned model \(linear\) does not beat the calibrated square-root law/);
  const custom = walkForwardVerdict({ summary: [row("law", 1), row("linear", 2)] }, {
    folds: 1,
    lawModel: "law",
  });
  assert.match(custom, /does not beat the calibrated law out of sample/);
});

Deno.test("walkForwardVerdict: rejects a summary it cannot judge", () => {
  const law = row("square-root law", 10);
  assertThrowsWith(
    () => walkForwardVerdict({ summary: [law] }, { folds: 1 }),
    RangeError,
    /at least 2 models/,
  );
  assertThrowsWith(
    () => walkForwardVerdict({ summary: [row("linear", 1), row("network", 2)] }, { folds: 1 }),
    RangeError,
    /must contain the model "square-root law"/,
  );
  assertThrowsWith(
    () => walkForwardVerdict({ summary: [law, row("linear", NaN)] }, { folds: 1 }),
    RangeError,
    /result\.summary\[1\]\.pooledRmseBps must be a finite number: current value is NaN/,
  );
  assertThrowsWith(
    () => walkForwardVerdict({ summary: [law, row("linear", 9)] }),
    TypeError,
    /options\.folds must be given/,
  );
  assertThrowsWith(
    () => walkForwardVerdict({ summary: [law, row("linear", 9)] }, { folds: 0 }),
    RangeError,
    /folds must be a positive integer: current value is 0/,
  );
  assertThrowsWith(
    () => walkForwardVerdict({ summary: undefined as unknown as ModelSummary[] }, { folds: 1 }),
    TypeError,
    /result\.summary must be an array/,
  );
});

Deno.test("walkForwardSummaryTable: one row per model in summary order, formatted, with the caption", () => {
  const summary = [row("square-root law", 23.03749, 5, 0.05234), row("linear", 23.1751, 0, 0.04089)];
  const t = walkForwardSummaryTable({ summary }, { caption: "Out of sample, 5 walk-forward folds" });
  assert.deepEqual(t.headers, [
    "model",
    "mean R² over folds",
    "sd of R²",
    "pooled R²",
    "pooled RMSE (bps)",
    "pooled MAE (bps)",
    "folds with lowest RMSE",
  ]);
  assert.deepEqual(t.rows, [
    ["square-root law", "0.0523", "0.0100", "0.0523", "23.037", "11.519", "5"],
    ["linear", "0.0409", "0.0100", "0.0409", "23.175", "11.588", "0"],
  ]);
  assert.equal(t.toString().split("\n")[0], "Out of sample, 5 walk-forward folds");
  assert.equal(
    walkForwardSummaryTable({ summary }).toString().split("\n")[0]!.trim().startsWith("model"),
    true,
  );
  assertThrowsWith(
    () => walkForwardSummaryTable({ summary: [] }),
    RangeError,
    /at least 1 model: current value has 0/,
  );
});

Deno.test("walkForwardVerdict and walkForwardSummaryTable read a real comparison", async () => {
  const records = simulateMetaorders(600, { seed: 3 });
  const result = await compareImpactModelsWalkForward(records, {
    folds: 2,
    network: { epochs: 3, hidden: [4] },
  });
  const best = [...result.summary].sort((a, b) => a.pooledRmseBps - b.pooledRmseBps)[0]!;
  assert.match(
    walkForwardVerdict(result),
    new RegExp(`^\\*\\*Best out of sample: ${best.model.replace(/[()]/g, "\\$&")}\\*\\*`),
  );
  assert.match(walkForwardVerdict(result), / of 2 folds\)/);
  assert.equal(walkForwardSummaryTable(result).rows.length, 4);
});
