/**
 * Prose and tables of a walk-forward comparison of impact models (`compareImpactModelsWalkForward`):
 * the verdict paragraph and the summary table, written from the comparison's numbers.
 *
 * @module
 */
import { type DieboldMarianoResult, dieboldMarianoVerdict } from "../ml/diebold_mariano.ts";
import { COMPARISON_MODELS, type FoldScore, type ModelSummary } from "../ml/evaluate.ts";
import { type Table, table } from "./display.ts";
import { fixed } from "./format.ts";

/** The part of a `WalkForwardComparison` the verdict and the summary table read. */
export interface WalkForwardSummaryInput {
  /** Scores per model over all folds. */
  summary: readonly ModelSummary[];
  /** Scores per fold (only `fold` is read, to count the folds). */
  scores?: readonly Pick<FoldScore, "fold">[];
}

/** Options of {@linkcode walkForwardVerdict}. */
export interface WalkForwardVerdictOptions {
  /** Number of walk-forward folds, for "lowest RMSE in k of n folds". Default: the distinct folds of `result.scores`. */
  folds?: number;
  /** Label of the square-root law in `result.summary`. Default `COMPARISON_MODELS.squareRoot`. */
  lawModel?: string;
  /**
   * The paired test behind the verdict (`walkForwardDieboldMariano` of two models of the comparison). When
   * given, the verdict names a better model only if the test rejects equal accuracy at `level`, and says
   * "no significant difference" otherwise.
   */
  test?: WalkForwardTest;
}

/** A paired test of two models of a walk-forward comparison, for {@linkcode walkForwardVerdict}. */
export interface WalkForwardTest {
  /** The Diebold-Mariano result of model A against model B (squared errors, pooled over folds). */
  result: DieboldMarianoResult;
  /** Label of model A (the first errors). */
  modelA: string;
  /** Label of model B. */
  modelB: string;
  /** Significance level, in (0, 1). Default 0.05. */
  level?: number;
}

const fixed3 = (v: number) => v.toFixed(3);

function validatedSummary(
  result: WalkForwardSummaryInput,
  action: string,
  minModels: number,
): readonly ModelSummary[] {
  const summary = (result as Partial<WalkForwardSummaryInput> | null | undefined)?.summary;
  if (!Array.isArray(summary)) {
    throw new TypeError(
      `Cannot ${action}: result.summary must be an array of model summaries: current value is ${summary}`,
    );
  }
  if (summary.length < minModels) {
    throw new RangeError(
      `Cannot ${action}: result.summary must have at least ${minModels} model${
        minModels > 1 ? "s" : ""
      }: current value has ${summary.length}`,
    );
  }
  summary.forEach((s: ModelSummary, i: number) => {
    for (const key of ["pooledRmseBps", "pooledRSquared"] as const) {
      if (typeof s?.[key] !== "number" || !Number.isFinite(s[key])) {
        throw new RangeError(
          `Cannot ${action}: result.summary[${i}].${key} must be a finite number: current value is ${
            s?.[key]
          }`,
        );
      }
    }
  });
  return summary;
}

/**
 * The verdict of a walk-forward comparison, in one Markdown paragraph written from its numbers: the model
 * with the lowest pooled out-of-sample RMSE (with its pooled R² and the folds it won), its margin over the
 * runner-up, and whether any learned model (every model other than the two laws, `COMPARISON_MODELS.
 * squareRoot` and `.almgren2005`, and the constant `COMPARISON_MODELS.constant`) beats the calibrated
 * square-root law on pooled RMSE.
 *
 * With `options.test` (a paired Diebold-Mariano test of two of the models) the paragraph instead reports the
 * lowest pooled RMSE as a ranking only, then the test's sentence (`dieboldMarianoVerdict`: mean squared
 * errors, statistic, p-value, n and horizon), and names a better model only when the test rejects equal
 * accuracy at `level`; otherwise it says the data show no significant difference between the two.
 *
 * "Beats" means a strictly lower pooled RMSE (bps of side-adjusted impact) over all test blocks, the
 * criterion of time-series cross-validation (Hyndman & Athanasopoulos 2021, *Forecasting: Principles and
 * Practice*, 3rd ed., Sec. 5.10). RMSE is printed to 0.001 bps, R² to 4 decimals. Cost O(models log models).
 *
 * @param result a `WalkForwardComparison` (only `summary`, and `scores` to count folds, are read).
 * @param options `folds` (default: the distinct folds in `result.scores`), `lawModel` (the law's label,
 *   default `"square-root law"`) and `test` (the paired test; see above).
 * @returns the verdict as Markdown (show it with `markdown(...)`).
 * @throws {TypeError} if `result.summary` is not an array, or `folds` is not given and `result.scores` is
 *   missing.
 * @throws {RangeError} if there are fewer than two models, a pooled RMSE or R² is not finite, the law (or a
 *   tested model) is not in the summary, `folds` is not a positive integer, or the test's `level` is not in
 *   (0, 1).
 *
 * @example
 * ```ts
 * import { walkForwardVerdict } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const row = (model: string, pooledRmseBps: number, foldsWon: number) => ({
 *   model, pooledRmseBps, foldsWon, pooledRSquared: 0.05, pooledMaeBps: 10, meanRSquared: 0.05, sdRSquared: 0.01,
 * });
 * const result = { summary: [row("square-root law", 20, 1), row("linear", 19.5, 2)] };
 * const text = walkForwardVerdict(result, { folds: 3 });
 * assert.match(text, /^\*\*Best out of sample: linear\*\* \(pooled RMSE 19\.500 bps/);
 * assert.match(text, /lowest RMSE in 2 of 3 folds/);
 * assert.match(text, /Linear beats the calibrated square-root law out of sample\.$/);
 * // With a paired test that does not reject: no winner is named.
 * const test = {
 *   modelA: "square-root law", modelB: "linear",
 *   result: { statistic: 0.8, pValue: 0.42, distribution: "student-t", degreesOfFreedom: 299, meanLossDifference: 19,
 *     meanLossA: 400, meanLossB: 381, lossUnit: "bps^2", varianceOfMean: 560, kernel: "truncated", loss: "squared",
 *     horizon: 3, correction: "hln", n: 300, folds: 3 },
 * } as const;
 * const tested = walkForwardVerdict(result, { folds: 3, test });
 * assert.match(tested, /^\*\*Lowest pooled RMSE: linear\*\* \(/);
 * assert.match(tested, /h = 3 orders: no significant difference at 5 % between square-root law and linear/);
 * assert.match(tested, /do not show that either predicts better/);
 * ```
 */
export function walkForwardVerdict(
  result: WalkForwardSummaryInput,
  options: WalkForwardVerdictOptions = {},
): string {
  const action = "write the walk-forward verdict";
  const summary = validatedSummary(result, action, 2);
  const { lawModel = COMPARISON_MODELS.squareRoot } = options;
  let folds = options.folds;
  if (folds === undefined) {
    if (!Array.isArray(result.scores)) {
      throw new TypeError(
        `Cannot ${action}: options.folds must be given when result.scores is missing: current value is ${result.scores}`,
      );
    }
    folds = new Set(result.scores.map((s) => s.fold)).size;
  }
  if (!Number.isInteger(folds) || folds < 1) {
    throw new RangeError(`Cannot ${action}: folds must be a positive integer: current value is ${folds}`);
  }
  const law = summary.find((s) => s.model === lawModel);
  if (!law) {
    throw new RangeError(
      `Cannot ${action}: result.summary must contain the model "${lawModel}": current models are ${
        summary.map((s) => s.model).join(", ")
      }`,
    );
  }
  const [best, second] = [...summary].sort((a, b) => a.pooledRmseBps - b.pooledRmseBps) as [
    ModelSummary,
    ModelSummary,
  ];
  const learned = summary.filter((s) =>
    s.model !== lawModel && s.model !== COMPARISON_MODELS.constant &&
    s.model !== COMPARISON_MODELS.almgren2005
  );
  if (options.test !== undefined) return testedVerdict(summary, folds, options.test, action);
  const beatLaw = learned.filter((s) => s.pooledRmseBps < law.pooledRmseBps).map((s) => s.model);
  const head =
    `**Best out of sample: ${best.model}** (pooled RMSE ${fixed3(best.pooledRmseBps)} bps, pooled R² ` +
    `${best.pooledRSquared.toFixed(4)}, lowest RMSE in ${best.foldsWon} of ${folds} folds), ahead of ` +
    `${second.model} by ${fixed3(second.pooledRmseBps - best.pooledRmseBps)} bps of RMSE. `;
  if (beatLaw.length === 0) {
    const subject = learned.length === 2
      ? "Neither learned model beats"
      : learned.length === 1
      ? `The learned model (${learned[0]!.model}) does not beat`
      : "No learned model beats";
    return head + `${subject} the calibrated ${lawModel} out of sample: with two parameters and ` +
      `the physics built in, the law is the better predictor on this data.`;
  }
  const winners = beatLaw.join(" and ");
  return head +
    `${winners.charAt(0).toUpperCase()}${winners.slice(1)} ${beatLaw.length > 1 ? "beat" : "beats"} ` +
    `the calibrated ${lawModel} out of sample.`;
}

function testedVerdict(
  summary: readonly ModelSummary[],
  folds: number,
  test: WalkForwardTest,
  action: string,
): string {
  const { result, modelA, modelB, level = 0.05 } = test;
  for (const model of [modelA, modelB]) {
    if (!summary.some((s) => s.model === model)) {
      throw new RangeError(
        `Cannot ${action}: test models must be in result.summary: current value is "${model}"`,
      );
    }
  }
  const [best, second] = [...summary].sort((a, b) => a.pooledRmseBps - b.pooledRmseBps) as [
    ModelSummary,
    ModelSummary,
  ];
  const head = `**Lowest pooled RMSE: ${best.model}** (${fixed3(best.pooledRmseBps)} bps, pooled R² ` +
    `${best.pooledRSquared.toFixed(4)}, lowest RMSE in ${best.foldsWon} of ${folds} folds), ahead of ` +
    `${second.model} by ${fixed3(second.pooledRmseBps - best.pooledRmseBps)} bps. `;
  const pooled = `Paired Diebold-Mariano test on squared out-of-sample errors, pooled over ${result.folds} ` +
    `fold${result.folds === 1 ? "" : "s"} with horizon h = ${result.horizon} orders: `;
  const verdict = dieboldMarianoVerdict(result, { nameA: modelA, nameB: modelB, level });
  const sentence = verdict.startsWith("No significant") ? "n" + verdict.slice(1) : verdict;
  const pct = `${Number((level * 100).toPrecision(3))} %`;
  if (!(result.pValue < level)) {
    return head + pooled + sentence +
      ` The out-of-sample errors of ${modelA} and ${modelB} do not show that ` +
      `either predicts better on this data (at ${pct}).`;
  }
  const better = result.meanLossDifference < 0 ? modelA : modelB;
  return head + pooled + sentence + ` On this data, ${better} predicts better out of sample (at ${pct}).`;
}

/**
 * The summary table of a walk-forward comparison, one row per model: mean and sample standard deviation of
 * the folds' R², pooled out-of-sample R², RMSE and MAE (bps of side-adjusted impact), and the folds on which
 * the model had the lowest RMSE. R² to 4 decimals, errors to 0.001 bps.
 *
 * @param result a `WalkForwardComparison` (only `summary` is read).
 * @param options `caption` (default none): say the data and the number of folds and test orders.
 * @returns a `table(...)` displayable (HTML in Jupyter, aligned text from `toString()`).
 * @throws {TypeError} if `result.summary` is not an array.
 * @throws {RangeError} if it is empty or a pooled RMSE or R² is not finite.
 *
 * @example
 * ```ts
 * import { walkForwardSummaryTable } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const summary = [{
 *   model: "square-root law", meanRSquared: 0.05, sdRSquared: 0.02, pooledRSquared: 0.0523,
 *   pooledRmseBps: 23.0374, pooledMaeBps: 13.3441, foldsWon: 5,
 * }];
 * const t = walkForwardSummaryTable({ summary }, { caption: "Out of sample, 5 folds" });
 * assert.deepEqual(t.rows[0], ["square-root law", "0.0500", "0.0200", "0.0523", "23.037", "13.344", "5"]);
 * assert.match(t.toString(), /^Out of sample, 5 folds\n/);
 * ```
 */
export function walkForwardSummaryTable(
  result: WalkForwardSummaryInput,
  options: { caption?: string } = {},
): Table {
  const summary = validatedSummary(result, "build the walk-forward summary table", 1);
  const r2 = fixed(4), err = fixed(3);
  return table(summary, {
    columns: [
      { key: "model" },
      { key: "meanRSquared", label: "mean R² over folds", format: r2 },
      { key: "sdRSquared", label: "sd of R²", format: r2 },
      { key: "pooledRSquared", label: "pooled R²", format: r2 },
      { key: "pooledRmseBps", label: "pooled RMSE (bps)", format: err },
      { key: "pooledMaeBps", label: "pooled MAE (bps)", format: err },
      { key: "foldsWon", label: "folds with lowest RMSE" },
    ],
    ...(options.caption === undefined ? {} : { caption: options.caption }),
  });
}

/**
 * One sentence on how much of the variance of single orders any model explains out of sample, written from a
 * walk-forward summary: the highest pooled R² (and its model), the share of variance left unexplained by
 * every model, and the range of the models' pooled RMSEs in bps and as a share of the largest. R² to 4
 * decimals, shares to 0.1 %, RMSE to 0.001 bps. Cost O(models).
 *
 * @param result a `WalkForwardComparison` (only `summary` is read).
 * @returns the sentence (Markdown-safe).
 * @throws {TypeError} if `result.summary` is not an array.
 * @throws {RangeError} if it has fewer than two models or a pooled RMSE or R² is not finite.
 *
 * @example
 * ```ts
 * import { walkForwardNoiseSentence } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const row = (model: string, pooledRmseBps: number, pooledRSquared: number) => ({
 *   model, pooledRmseBps, pooledRSquared, pooledMaeBps: 10, meanRSquared: 0, sdRSquared: 0, foldsWon: 0,
 * });
 * const s = walkForwardNoiseSentence({ summary: [row("law", 23, 0.05), row("linear", 23.5, 0.01)] });
 * assert.equal(s, "The highest pooled out-of-sample R² of any model is 0.0500 (law): 95.0 % of the variance " +
 *   "of single orders' impact is left unexplained by every model, and the models' pooled RMSEs lie within " +
 *   "0.500 bps of each other (2.1 % of the largest).");
 * ```
 */
export function walkForwardNoiseSentence(result: WalkForwardSummaryInput): string {
  const summary = validatedSummary(result, "write the walk-forward noise sentence", 2);
  const best = [...summary].sort((a, b) => b.pooledRSquared - a.pooledRSquared)[0]!;
  const rmses = summary.map((s) => s.pooledRmseBps);
  const hi = Math.max(...rmses), lo = Math.min(...rmses);
  const unexplained = best.pooledRSquared >= 1 ? 0 : (1 - Math.max(best.pooledRSquared, 0)) * 100;
  return `The highest pooled out-of-sample R² of any model is ${best.pooledRSquared.toFixed(4)} ` +
    `(${best.model}): ${unexplained.toFixed(1)} % of the variance of single orders' impact is left ` +
    `unexplained by every model, and the models' pooled RMSEs lie within ${fixed3(hi - lo)} bps of each ` +
    `other (${(((hi - lo) / hi) * 100).toFixed(1)} % of the largest).`;
}

/**
 * The chapter's takeaway "calibration matters more than model complexity" as a tested statement, written from two
 * paired Diebold-Mariano tests on the same out-of-sample rows: `calibration` compares the calibrated law (model A)
 * with an uncalibrated one (model B), `complexity` the calibrated law (A) with the best learned model (B). It holds
 * only when calibration wins significantly (the calibrated law's errors are smaller, `statistic < 0`,
 * `p < level`) and complexity does not (no significantly smaller errors for the learned model, `statistic > 0`).
 *
 * @param calibration the test of the calibrated law against the uncalibrated one.
 * @param complexity the test of the calibrated law against the best learned model.
 * @param level significance level, in (0, 1). Default 0.05.
 * @returns one sentence saying whether the statement holds on this data, and why.
 *
 * @example
 * ```ts
 * import { calibrationVersusComplexity } from "@lib/report/walk_forward.ts";
 * import assert from "node:assert/strict";
 * const calibration = { pValue: 0.001, statistic: -3.2 }, complexity = { pValue: 0.4, statistic: 0.8 };
 * assert.match(calibrationVersusComplexity(calibration, complexity), /^holds on these orders/);
 * assert.match(calibrationVersusComplexity({ pValue: 0.2, statistic: -1 }, complexity), /^does not hold/);
 * ```
 */
export function calibrationVersusComplexity(
  calibration: Pick<DieboldMarianoResult, "pValue" | "statistic">,
  complexity: Pick<DieboldMarianoResult, "pValue" | "statistic">,
  level = 0.05,
): string {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(
      `Cannot state calibration against complexity: level must be in (0, 1): current value is ${level}`,
    );
  }
  const calibrationWins = calibration.pValue < level && calibration.statistic < 0;
  const complexityWins = complexity.pValue < level && complexity.statistic > 0;
  return calibrationWins && !complexityWins
    ? "holds on these orders: calibrating the law beats the textbook law significantly, and no learned model beats " +
      "the calibrated law significantly."
    : `does not hold as a tested statement on these orders: calibration ${
      calibrationWins ? "wins" : "does not win significantly"
    }, and complexity ${complexityWins ? "wins significantly" : "does not win significantly"}.`;
}
