import assert from "node:assert/strict";
import {
  calibrationVersusComplexity,
  compareImpactModelsWalkForward,
  walkForwardNoiseSentence,
  walkForwardSummaryTable,
  walkForwardVerdict,
} from "@lib/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import type { ModelSummary } from "@lib/ml/mod.ts";
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
  assert.equal(walkForwardSummaryTable(result).rows.length, 5);
});

/** A Diebold-Mariano result with the fields the verdict reads; the others are arbitrary but consistent. */
const dm = (pValue: number, meanLossDifference: number) => ({
  statistic: meanLossDifference < 0 ? -1.2 : 1.2,
  pValue,
  distribution: "student-t" as const,
  degreesOfFreedom: 1599,
  meanLossDifference,
  meanLossA: 530,
  meanLossB: 530 - meanLossDifference,
  lossUnit: "bps^2",
  varianceOfMean: 4,
  kernel: "truncated" as const,
  loss: "squared" as const,
  horizon: 4,
  correction: "hln" as const,
  n: 1600,
  folds: 5,
});

Deno.test("walkForwardVerdict with a paired test: no winner when the test does not reject", () => {
  const result = {
    summary: [
      row("square-root law", 23.037, 3),
      row("linear", 23.055, 1),
      row("network 6-32-16-1", 23.04, 1),
    ],
    scores: folds(5),
  };
  const test = { result: dm(0.31, -0.8), modelA: "square-root law", modelB: "network 6-32-16-1" };
  const text = walkForwardVerdict(result, { test });
  assert.match(text, /^\*\*Lowest pooled RMSE: square-root law\*\* \(23\.037 bps/);
  assert.match(text, /ahead of network 6-32-16-1 by 0\.003 bps\./);
  assert.match(text, /pooled over 5 folds with horizon h = 4 orders/);
  assert.match(
    text,
    /orders: no significant difference at 5 % between square-root law and network 6-32-16-1/,
  );
  assert.match(text, /p = 0\.3100, n = 1600, h = 4/);
  assert.match(text, /do not show that either predicts better on this data \(at 5 %\)\.$/);
  assert.doesNotMatch(text, /Best out of sample|beats/);
});

Deno.test("walkForwardVerdict with a paired test: names the more accurate model only when it rejects", () => {
  const result = {
    summary: [row("square-root law", 23.5), row("network 6-32-16-1", 23.0, 5)],
    scores: folds(5),
  };
  const networkBetter = walkForwardVerdict(result, {
    test: { result: dm(0.001, 23.5 ** 2 - 23 ** 2), modelA: "square-root law", modelB: "network 6-32-16-1" },
  });
  assert.match(networkBetter, /network 6-32-16-1 is more accurate than square-root law at 5 %/);
  assert.match(networkBetter, /On this data, network 6-32-16-1 predicts better out of sample \(at 5 %\)\.$/);
  // the same p-value above a stricter level is not significant
  const strict = walkForwardVerdict(result, {
    test: { result: dm(0.001, 1), modelA: "square-root law", modelB: "network 6-32-16-1", level: 0.0005 },
  });
  assert.match(strict, /no significant difference at 0\.05 %/);
  assert.throws(
    () =>
      walkForwardVerdict(result, { test: { result: dm(0.5, 1), modelA: "square-root law", modelB: "tree" } }),
    /test models must be in result.summary: current value is "tree"/,
  );
});

Deno.test("walkForwardVerdict: the Almgren et al. 2005 law is a law, not a learned model", () => {
  const text = walkForwardVerdict({
    summary: [row("square-root law", 10, 1), row("Almgren et al. 2005", 9, 2), row("linear", 11)],
  }, { folds: 3 });
  assert.match(text, /The learned model \(linear\) does not beat the calibrated square-root law/);
});

Deno.test("walkForwardNoiseSentence: the best R² and the RMSE range come from the summary", () => {
  const s = walkForwardNoiseSentence({
    summary: [row("constant (training mean)", 23.682, 0, -0.004), row("square-root law", 23.037, 5, 0.0523)],
  });
  // 1 - 0.0523 = 94.77 % unexplained; 23.682 - 23.037 = 0.645 bps = 2.72 % of 23.682
  assert.match(s, /is 0\.0523 \(square-root law\): 94\.8 % of the variance/);
  assert.match(s, /within 0\.645 bps of each other \(2\.7 % of the largest\)\.$/);
  // a negative best R² leaves all the variance unexplained
  assert.match(
    walkForwardNoiseSentence({ summary: [row("a", 2, 0, -0.1), row("b", 3, 0, -0.2)] }),
    /100\.0 %/,
  );
});

Deno.test("calibrationVersusComplexity holds only when calibration wins and complexity does not", () => {
  const wins = { pValue: 0.001, statistic: -3 },
    loses = { pValue: 0.001, statistic: 3 },
    none = { pValue: 0.3, statistic: -1 };
  assert.match(calibrationVersusComplexity(wins, none), /^holds on these orders/);
  assert.match(
    calibrationVersusComplexity(wins, { pValue: 0.001, statistic: 2 }),
    /complexity wins significantly/,
  );
  assert.match(calibrationVersusComplexity(loses, none), /calibration does not win significantly/);
  assert.match(calibrationVersusComplexity(none, none), /^does not hold/);
  assert.throws(() => calibrationVersusComplexity(wins, none, 1), /level must be in \(0, 1\)/);
});
