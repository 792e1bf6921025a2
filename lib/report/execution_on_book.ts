/**
 * Takeaways of schedules priced by a measured law and then executed in the simulated order book, written
 * from the numbers: each sentence is gated on the standard error of the realised mean over the seeds.
 *
 * @module
 */
import type { ShortfallComparisonRow } from "../execution/schedules_on_book.ts";
import type { MeasuredLaw } from "../tape/measured_law.ts";

/** `"inside"` when `predicted` is within `z` standard errors of the realised mean, else `"above"`/`"below"`. */
function against(predicted: number, row: ShortfallComparisonRow, z: number): "inside" | "above" | "below" {
  const gap = predicted - row.realisedMeanBps;
  return Math.abs(gap) <= z * row.standardErrorBps ? "inside" : gap > 0 ? "above" : "below";
}

/** A second law's prediction of the same order (one value for every schedule, as the law's own is). */
export interface OtherLawPrediction {
  /** How the bullets name it, e.g. `"the desk's own law"`. */
  name: string;
  /** Its predicted shortfall, bps. */
  lawBps: number;
  /** Whether the order's Q/V is outside the range that law was measured on. */
  extrapolation: boolean;
}

/**
 * Markdown bullets on predicted against realised shortfall:
 *
 * - per cost model (the law, Almgren-Chriss `E[x]`), how many schedules' predictions fall inside the
 *   realised mean's interval `mean +- z SE` (`SE = sd / sqrt(seeds)`), and the typical ratio realised/predicted;
 * - whether the cheapest schedule by `E[x]` is also the cheapest realised, said only when the two realised
 *   means differ by more than `z` combined standard errors (else "not distinguishable");
 * - the realised spread against `sqrt V[x]`;
 * - the extrapolation flag, and that every number comes from the simulated book.
 *
 * @param rows `shortfallComparison` rows.
 * @param law the measured law (its venue says whether the market was simulated).
 * @param options `z` (default 1.96); `otherLaws`, further laws' predictions judged the same way.
 * @returns Markdown text.
 * @throws {TypeError} for no rows.
 *
 * @example
 * ```ts
 * import { executionOnBookTakeaways } from "@lib/report/mod.ts";
 * import assert from "node:assert/strict";
 * const row = (name: string, mean: number) => ({ name, lawBps: 1, extrapolation: false, expectedBps: 1, standardDeviationBps: 0.5,
 *   realisedMeanBps: mean, standardErrorBps: 0.05, realisedSdBps: 0.5, q05Bps: 0, medianBps: mean, q95Bps: 2, seeds: 100 });
 * const text = executionOnBookTakeaways([row("TWAP", 1.02), row("fast", 3)], { venue: "simulated", synthetic: true });
 * assert.match(text, /1 of 2 schedules/);
 * assert.match(text, /SIMULATED/);
 * const desk = { name: "the desk's own law", lawBps: 3, extrapolation: true };
 * assert.match(executionOnBookTakeaways([row("TWAP", 1.02)], { venue: "simulated", synthetic: true }, { otherLaws: [desk] }),
 *   /The desk's own law: 0 of 1 schedules.*EXTRAPOLATION/s);
 * ```
 */
export function executionOnBookTakeaways(
  rows: readonly ShortfallComparisonRow[],
  law: Pick<MeasuredLaw, "venue" | "synthetic">,
  { z = 1.96, otherLaws = [] }: { z?: number; otherLaws?: readonly OtherLawPrediction[] } = {},
): string {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new TypeError(
      `Cannot write execution takeaways: rows must be a non-empty array: current value is ${rows}`,
    );
  }
  if (!Array.isArray(otherLaws)) {
    throw new TypeError(
      `Cannot write execution takeaways: otherLaws must be an array: current value is ${otherLaws}`,
    );
  }
  otherLaws.forEach((o, k) => {
    if (
      typeof o?.name !== "string" || !(Number.isFinite(o.lawBps) && o.lawBps > 0) ||
      typeof o.extrapolation !== "boolean"
    ) {
      throw new TypeError(
        `Cannot write execution takeaways: otherLaws[${k}] must be { name: string, lawBps: finite > 0, ` +
          `extrapolation: boolean }: current value is ${JSON.stringify(o)}`,
      );
    }
  });
  const f = (v: number) => v.toFixed(2);
  const lines: string[] = [];
  const models: [string, (r: ShortfallComparisonRow) => number][] = [
    ["the measured law", (r) => r.lawBps],
    ...otherLaws.map((o): [string, (r: ShortfallComparisonRow) => number] => [o.name, () => o.lawBps]),
    ["Almgren-Chriss E[x]", (r) => r.expectedBps],
  ];
  for (const [what, predicted] of models) {
    const verdicts = rows.map((r) => against(predicted(r), r, z));
    const inside = verdicts.filter((v) => v === "inside").length;
    const ratios = rows.map((r) => r.realisedMeanBps / predicted(r)).sort((a, b) => a - b);
    const above = verdicts.filter((v) => v === "above").length;
    lines.push(
      `- ${what[0]!.toUpperCase()}${
        what.slice(1)
      }: ${inside} of ${rows.length} schedules' predictions lie inside the realised mean +- ${z} SE ` +
        `(${above} above, ${rows.length - inside - above} below); realised/predicted from ${
          f(ratios[0]!)
        } to ` +
        `${f(ratios.at(-1)!)}.`,
    );
  }
  const byE = rows.reduce((a, b) => (b.expectedBps < a.expectedBps ? b : a));
  const realised = rows.reduce((a, b) => (b.realisedMeanBps < a.realisedMeanBps ? b : a));
  const se = Math.hypot(byE.standardErrorBps, realised.standardErrorBps);
  lines.push(
    byE === realised
      ? `- The cheapest schedule by E[x], ${byE.name}, is also the cheapest realised (${
        f(byE.realisedMeanBps)
      } bps).`
      : realised.realisedMeanBps + z * se < byE.realisedMeanBps
      ? `- The cheapest schedule by E[x] is ${byE.name}, but ${realised.name} is cheaper realised ` +
        `(${f(realised.realisedMeanBps)} against ${f(byE.realisedMeanBps)} bps, beyond ${z} SE).`
      : `- The cheapest by E[x] (${byE.name}) and the cheapest realised (${realised.name}) are not distinguishable ` +
        `at ${z} SE (${f(byE.realisedMeanBps)} and ${f(realised.realisedMeanBps)} bps).`,
  );
  const risk = rows.map((r) => r.realisedSdBps / r.standardDeviationBps).sort((a, b) => a - b);
  lines.push(`- Realised standard deviation over sqrt V[x]: ${f(risk[0]!)} to ${f(risk.at(-1)!)}.`);
  lines.push(
    rows.some((r) => r.extrapolation)
      ? "- The order's Q/V is outside the law's measured range: its costs are an EXTRAPOLATION."
      : "- The order's Q/V is inside the law's measured range.",
  );
  for (const o of otherLaws) {
    lines.push(
      `- For ${o.name}, the order's Q/V is ${
        o.extrapolation ? "outside its measured range: an EXTRAPOLATION" : "inside its measured range"
      }.`,
    );
  }
  if (law.synthetic) {
    lines.push(
      `- Every number comes from a ${law.venue.toUpperCase()} market: a property of the model, not a market fact.`,
    );
  }
  return lines.join("\n");
}
