/**
 * The walk-forward test blocks of a comparison of impact models, stated in time: which span of the data each
 * fold tested on and how many rows trained it.
 *
 * @module
 */
import type { FoldScore } from "../ml/evaluate.ts";

/** The part of a `WalkForwardComparison` {@linkcode walkForwardBlocks} reads. */
export interface WalkForwardBlocksInput {
  /** Scores per fold and model (every model of a fold shares its block). */
  scores: readonly Pick<FoldScore, "fold" | "trainSize" | "testSize" | "testFrom" | "testTo">[];
}

const minute = (t: number) => new Date(t).toISOString().slice(0, 16).replace("T", " ");

/**
 * One sentence listing the test blocks of a walk-forward comparison in time order: for fold `k`, the UTC
 * span of its test rows (first to last arrival; the end's date is left out when it is the start's), the
 * rows tested and the rows of the training window before it. Every model of a fold shares its block, so the
 * first score of each fold is read.
 *
 * @param result a `compareImpactModelsWalkForward` result (its `scores`).
 * @returns e.g. `"Test blocks (UTC): 1. 2019-10-01 04:00 to 07:59, 120 rows after 100 training rows; 2. ..."`.
 * @throws {TypeError} if `result.scores` is not a non-empty array.
 *
 * @example
 * ```ts
 * import { walkForwardBlocks } from "@lib/report/walk_forward_blocks.ts";
 * import assert from "node:assert/strict";
 * const at = (h: number) => Date.UTC(2019, 9, 1, h);
 * const scores = [
 *   { fold: 1, trainSize: 100, testSize: 50, testFrom: at(4), testTo: at(8) },
 *   { fold: 1, trainSize: 100, testSize: 50, testFrom: at(4), testTo: at(8) }, // a second model
 *   { fold: 2, trainSize: 150, testSize: 50, testFrom: at(8), testTo: at(12) },
 * ];
 * assert.equal(
 *   walkForwardBlocks({ scores }),
 *   "Test blocks (UTC): 1. 2019-10-01 04:00 to 08:00, 50 rows after 100 training rows; " +
 *     "2. 2019-10-01 08:00 to 12:00, 50 rows after 150 training rows.",
 * );
 * ```
 */
export function walkForwardBlocks(result: WalkForwardBlocksInput): string {
  const scores = (result as Partial<WalkForwardBlocksInput> | null | undefined)?.scores;
  if (!Array.isArray(scores) || scores.length === 0) {
    throw new TypeError(
      `Cannot state walk-forward blocks: result.scores must be a non-empty array of fold scores: current value is ${
        Array.isArray(scores) ? "an empty array" : String(scores)
      }`,
    );
  }
  const folds = new Map<number, WalkForwardBlocksInput["scores"][number]>();
  for (const s of scores) if (!folds.has(s.fold)) folds.set(s.fold, s);
  const parts = [...folds.values()].sort((a, b) => a.fold - b.fold).map((s) => {
    const from = minute(s.testFrom), to = minute(s.testTo);
    const end = to.slice(0, 10) === from.slice(0, 10) ? to.slice(11) : to;
    return `${s.fold}. ${from} to ${end}, ${s.testSize.toLocaleString("en-US")} rows after ` +
      `${s.trainSize.toLocaleString("en-US")} training rows`;
  });
  return `Test blocks (UTC): ${parts.join("; ")}.`;
}
