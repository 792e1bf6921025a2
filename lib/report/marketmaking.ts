/**
 * Prose written from the market maker study: each policy's P&L split and its hedging cost against the
 * square-root law, gated on the spread across seeds.
 *
 * @module
 */
import { assertObject } from "../core/validate.ts";
import type { MarketMakerStudy } from "../marketmaking/market_maker_study.ts";

const sig = (x: number, digits = 2) => Number(x.toPrecision(digits)).toLocaleString("en-US");

/**
 * What the market maker study shows, one sentence per policy, written from its numbers: the mean total
 * P&L across seeds and whether it is more than two standard errors (`sd / sqrt(seeds)`) from 0; the P&L
 * part that cost most; the hedges' cost against the square-root law's prediction when the study was
 * given a law (a hedge is one market order, not a metaorder, so the law is a reference, not the expected
 * cost). Always says the results come from the simulated order book.
 *
 * @param study a `marketMakerStudy` result.
 * @returns the paragraph (Markdown).
 * @throws {TypeError} for a study without a summary array.
 *
 * @example
 * ```ts
 * import { marketMakerConclusions } from "@lib/report/mod.ts";
 * import assert from "node:assert/strict";
 * const part = (mean: number, sd: number) => ({ mean, sd });
 * const row = {
 *   policy: "symmetric", seeds: 4, total: part(2, 1), spreadCapture: part(5, 1), adverseSelection: part(-2, 0.5),
 *   inventory: part(-0.5, 1), hedging: part(-0.5, 0.1), totalBps: part(0.01, 0), fills: part(100, 5),
 *   meanAbsInventory: part(0.1, 0), meanQuotedSpreadTicks: part(2, 0), hedgeCostBps: 0.03,
 *   hedgePredictedBps: 0.01, hedges: 12,
 * };
 * const text = marketMakerConclusions({ label: "simulated order book", summary: [row] });
 * assert.match(text, /^In the simulated order book/);
 * assert.match(text, /2 USDT per session, more than two standard errors \(1\) above 0/); // 2 > 2 * 1 / sqrt(4)
 * assert.match(text, /adverse selection \(-2 USDT\)/);
 * assert.match(text, /3 times the law's 0\.01 bps/);
 * ```
 */
export function marketMakerConclusions(study: Pick<MarketMakerStudy, "label" | "summary">): string {
  const action = "write market maker conclusions";
  assertObject(action, "study", study);
  if (!Array.isArray(study.summary)) {
    throw new TypeError(
      `Cannot ${action}: study.summary must be an array: current value is ${study.summary}`,
    );
  }
  const sentences = study.summary.map((s) => {
    const se = s.total.sd / Math.sqrt(s.seeds);
    const verdict = s.seeds < 2
      ? "one seed, so no standard error"
      : Math.abs(s.total.mean) > 2 * se
      ? `more than two standard errors (${sig(2 * se)}) ${s.total.mean > 0 ? "above" : "below"} 0`
      : `within two standard errors (${sig(2 * se)}) of 0, not distinguishable from breaking even`;
    const losses = [["adverse selection", s.adverseSelection.mean], ["inventory", s.inventory.mean], [
      "hedging",
      s.hedging.mean,
    ]] as const;
    const worst = losses.reduce((a, b) => (b[1] < a[1] ? b : a));
    const hedge = s.hedges === 0
      ? "It never hedged."
      : s.hedgePredictedBps === null || !(s.hedgePredictedBps > 0)
      ? `Its ${s.hedges} hedges cost ${sig(s.hedgeCostBps)} bps (no law given to compare).`
      : `Its ${s.hedges} hedges cost ${sig(s.hedgeCostBps)} bps, ${
        sig(s.hedgeCostBps / s.hedgePredictedBps)
      } times the law's ${sig(s.hedgePredictedBps)} bps (one market order each, so the law is a reference).`;
    return `**${s.policy}**: ${
      sig(s.total.mean)
    } USDT per session, ${verdict} over ${s.seeds} seeds; spread ` +
      `capture ${sig(s.spreadCapture.mean)} USDT, its largest cost was ${worst[0]} (${
        sig(worst[1])
      } USDT). ${hedge}`;
  });
  return `In the ${study.label} (a simulation, not a finding about markets): ${sentences.join(" ")}`;
}
