/**
 * Prose written from the portfolio area's results: the rebalancing study and the capacity curve, each
 * claim gated on the Sharpe ratios' standard errors.
 *
 * @module
 */
import { assertInteger, assertObject } from "../core/validate.ts";
import type { CapacityCurve } from "../portfolio/capacity.ts";
import { crossingCapital } from "../portfolio/capacity.ts";
import { sharpeStandardError } from "../portfolio/sharpe_error.ts";
import type { RebalancingStudy } from "../portfolio/study.ts";

/** "On this SYNTHETIC universe (not market data)" or "On these recorded candles", from a data description. */
function dataPhrase(description: string): string {
  return /SYNTHETIC/i.test(description)
    ? "On this synthetic universe (generated data, not a finding about markets)"
    : "On this sample of recorded candles";
}

const sig = (x: number, digits = 2) => Number(x.toPrecision(digits)).toLocaleString("en-US");
const usdt = (x: number) => `${x.toExponential(1).replace("e+", "e")} USDT`;

/**
 * What the rebalancing study shows, in sentences written from its numbers: the impact-aware optimiser's
 * turnover and cost relative to the cost-free one, and its net Sharpe gain judged against the standard
 * error of a Sharpe ratio over the study's days ({@linkcode sharpeStandardError}, Lo 2002). The gain is
 * called a gain only when it exceeds two standard errors of a difference of two independent estimates
 * (`2 sqrt(2) SE`); both strategies run on the same days, so this overstates the error of the difference
 * and the test is conservative.
 *
 * @param study a `rebalancingStudy` result.
 * @returns the paragraph (Markdown), starting with what the data is.
 * @throws {TypeError} for a study without rows.
 *
 * @example
 * ```ts
 * import { rebalancingConclusions } from "@lib/report/mod.ts";
 * import type { StudyRow } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const row = { grossReturn: 0, netReturn: 0, impactShare: 0.5, leverage: 1, costPerTurnoverBps: 20 };
 * const study = {
 *   data: "SYNTHETIC universe", impactModel: "law", capital: 1e8, days: 730, series: [],
 *   rows: [
 *     { ...row, strategy: "cost-free" as const, grossSharpe: 1.5, netSharpe: -2, costPerYear: 1, turnover: 0.8 },
 *     { ...row, strategy: "impact-aware" as const, grossSharpe: 1.1, netSharpe: 0.5, costPerYear: 0.25, turnover: 0.32 },
 *   ] as [StudyRow, StudyRow],
 *   turnoverRatio: 0.4, costRatio: 0.25, netSharpeGain: 2.5,
 * };
 * const text = rebalancingConclusions(study);
 * assert.match(text, /^On this synthetic universe/);
 * assert.match(text, /0\.4 times the turnover/);
 * assert.match(text, /more than two standard errors/); // 2.5 > 2 sqrt(2) * 0.72
 * ```
 */
export function rebalancingConclusions(
  study: Pick<
    RebalancingStudy,
    "data" | "capital" | "days" | "rows" | "turnoverRatio" | "costRatio" | "netSharpeGain"
  >,
): string {
  const action = "write rebalancing conclusions";
  assertObject(action, "study", study);
  if (!Array.isArray(study.rows) || study.rows.length !== 2) {
    throw new TypeError(`Cannot ${action}: study.rows must hold two rows: current value is ${study.rows}`);
  }
  assertInteger(action, "study.days", study.days, 2);
  const [free, aware] = study.rows;
  const se = Math.max(
    sharpeStandardError(free.netSharpe, study.days),
    sharpeStandardError(aware.netSharpe, study.days),
  );
  const threshold = 2 * Math.SQRT2 * se;
  const gain = study.netSharpeGain;
  const verdict = Math.abs(gain) > threshold
    ? `more than two standard errors of the difference (${sig(threshold)}), so the ${
      gain > 0 ? "impact-aware" : "cost-free"
    } optimiser is ahead beyond sampling noise`
    : `within two standard errors of the difference (${
      sig(threshold)
    }), so the two are not distinguishable here`;
  return `${dataPhrase(study.data)}, at a capital of ${usdt(study.capital)} over ${study.days} days, the ` +
    `impact-aware optimiser trades ${
      sig(study.turnoverRatio)
    } times the turnover of the cost-free one and pays ` +
    `${
      sig(study.costRatio)
    } times its trading cost: it rebalances more smoothly. Its gross Sharpe ratio is ` +
    `${sig(aware.grossSharpe)} against ${
      sig(free.grossSharpe)
    } (it gives up some forecast to save cost), its net ` +
    `Sharpe ratio ${sig(aware.netSharpe)} against ${
      sig(free.netSharpe)
    }. A Sharpe ratio over ${study.days} days ` +
    `has a standard error of about ${sig(se)} (Lo 2002); the net gain of ${sig(gain)} is ${verdict}.`;
}

/** Options of {@linkcode capacityConclusions}. */
export interface CapacityConclusionOptions {
  /** Days each backtest of the curve traded (for the Sharpe ratios' standard error), integer >= 2. */
  days: number;
  /** Periods per year of the Sharpe ratios. Default 365. */
  periodsPerYear?: number;
}

/**
 * The capacity curve in sentences: for each strategy, its net Sharpe ratio at the smallest capital, the
 * capital at which it halves, and how uncertain that capital is. The uncertainty is the range of capitals
 * at which the curve crosses half its reference plus and minus one standard error of a Sharpe ratio
 * ({@linkcode sharpeStandardError} over `days`): a band, not a confidence interval. When the reference is
 * within two standard errors of 0, the sentence adds that the curve's level, and so the halving capital,
 * cannot be told from noise on the sample.
 *
 * @param curve a `capacityCurve` result.
 * @param options the days the backtests traded.
 * @returns the paragraph (Markdown), starting with what the data is.
 * @throws {RangeError} for `days` not an integer >= 2.
 *
 * @example
 * ```ts
 * import { capacityConclusions } from "@lib/report/mod.ts";
 * import assert from "node:assert/strict";
 * const row = { grossSharpe: 1, grossReturn: 0, netReturn: 0, costPerYear: 0, turnover: 0, costPerTurnoverBps: 0, impactShare: 0, leverage: 1 };
 * const points = [1e4, 1e6, 1e8].flatMap((capital, i) => [
 *   { ...row, capital, strategy: "cost-free" as const, netSharpe: [3, 2, -1][i]! },
 *   { ...row, capital, strategy: "impact-aware" as const, netSharpe: [3, 2.9, 2.8][i]! },
 * ]);
 * const curve = { data: "SYNTHETIC universe", impactModel: "law", points, halfSharpe: [] };
 * const text = capacityConclusions(curve, { days: 1460 });
 * assert.match(text, /cost-free optimiser's net Sharpe ratio halves \(from 3\) at about 2\.2e6 USDT/);
 * assert.match(text, /impact-aware optimiser's net Sharpe ratio stays above half/);
 * ```
 */
export function capacityConclusions(
  curve: Pick<CapacityCurve, "data" | "points">,
  options: CapacityConclusionOptions,
): string {
  const action = "write capacity conclusions";
  assertObject(action, "curve", curve);
  assertObject(action, "options", options, "{ days }");
  assertInteger(action, "options.days", options.days, 2);
  const perYear = options.periodsPerYear ?? 365;
  const sentences = (["cost-free", "impact-aware"] as const).map((strategy) => {
    const pts = curve.points.filter((p) => p.strategy === strategy);
    if (pts.length < 2) return `The ${strategy} optimiser has fewer than two capitals on the curve.`;
    const capitals = pts.map((p) => p.capital), sharpe = pts.map((p) => p.netSharpe);
    const reference = sharpe[0]!, se = sharpeStandardError(reference, options.days, perYear);
    const top = usdt(capitals.at(-1)!);
    if (!(reference > 0)) {
      return `The ${strategy} optimiser's net Sharpe ratio at ${usdt(capitals[0]!)} (${
        sig(reference)
      }) is not ` +
        `above 0, so it has no capital at which it halves.`;
    }
    const noise = reference > 2 * se
      ? ""
      : ` Its reference is itself within two standard errors (${sig(se)}) of 0, ` +
        `so the level of this curve, and the capital where it halves, cannot be told from noise on this sample.`;
    const half = crossingCapital(capitals, sharpe, reference / 2);
    if (half === null) {
      return `The ${strategy} optimiser's net Sharpe ratio stays above half its reference (${
        sig(reference)
      }) up to ` +
        `${top}, the end of the grid, so its capacity is beyond the capitals tested.${noise}`;
    }
    // Half plus one standard error at or above the reference is crossed at the grid's start.
    const low = reference / 2 + se >= reference
      ? null
      : crossingCapital(capitals, sharpe, reference / 2 + se);
    const high = crossingCapital(capitals, sharpe, reference / 2 - se);
    return `The ${strategy} optimiser's net Sharpe ratio halves (from ${sig(reference)}) at about ${
      usdt(half)
    }; ` +
      `moving the half by one standard error (${sig(se)}) moves that capital to between ` +
      `${low === null ? `the grid's start (${usdt(capitals[0]!)})` : usdt(low)} and ${
        high === null ? `beyond ${top}` : usdt(high)
      }.${noise}`;
  });
  return `${dataPhrase(curve.data)}, over ${options.days} days per backtest: ${
    sentences.join(" ")
  } The Sharpe ` +
    `ratios at different capitals are measured on the same days, so the shape of the curve is much more ` +
    `certain than its level.`;
}
