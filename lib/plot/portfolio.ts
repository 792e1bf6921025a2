/**
 * Plot builders for the portfolio studies: the capacity curve and the rebalancing study's daily series.
 * Each returns Observable Plot options for {@linkcode renderFigure}.
 *
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { CapacityCurve } from "../portfolio/capacity.ts";
import type { RebalancingStudy } from "../portfolio/study.ts";

/** Legend labels of the two optimisers. */
const STRATEGY_LABEL = {
  "cost-free": "cost-free optimiser",
  "impact-aware": "impact-aware optimiser",
} as const;

/**
 * Net Sharpe ratio against capital (log axis) for both optimisers, with each strategy's half-reference line
 * (dashed) and the capital at which its net Sharpe halves (a vertical rule, when reached in the grid).
 *
 * @param curve a result of `capacityCurve`.
 * @param options `title`; `showGross` adds the gross Sharpe ratios as thin lines. Default false.
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { capacityCurvePlot, renderFigure } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * const row = { grossReturn: 0, netReturn: 0, costPerYear: 0, turnover: 0, costPerTurnoverBps: 0, impactShare: 0, leverage: 1 };
 * const curve = { data: "SYNTHETIC", impactModel: "square-root law", points: [
 *   { ...row, capital: 1e4, strategy: "cost-free" as const, grossSharpe: 2, netSharpe: 1.5 },
 *   { ...row, capital: 1e9, strategy: "cost-free" as const, grossSharpe: 2, netSharpe: -1 },
 * ], halfSharpe: [{ strategy: "cost-free" as const, referenceSharpe: 1.5, capital: 1e7 }] };
 * assert.ok(renderFigure(capacityCurvePlot(curve)).svg.includes("<svg"));
 * ```
 */
export function capacityCurvePlot(
  curve: CapacityCurve,
  { title, showGross = false }: { title?: string; showGross?: boolean } = {},
): Plot.PlotOptions {
  const data = curve.points.map((p) => ({
    capital: p.capital,
    label: STRATEGY_LABEL[p.strategy],
    net: p.netSharpe,
    gross: p.grossSharpe,
  }));
  const halves = curve.halfSharpe.filter((h) => h.referenceSharpe > 0).map((h) => ({
    label: STRATEGY_LABEL[h.strategy],
    half: h.referenceSharpe / 2,
    capital: h.capital,
  }));
  return {
    ...(title ? { title } : {}),
    marginLeft: 50,
    x: { type: "log", label: "capital (USDT, log scale)" },
    y: { label: "net Sharpe ratio (annualised)", grid: true },
    color: { legend: true, domain: Object.values(STRATEGY_LABEL) },
    marks: [
      Plot.ruleY([0]),
      ...(showGross
        ? [Plot.line(data, { x: "capital", y: "gross", stroke: "label", strokeWidth: 1, strokeOpacity: 0.5 })]
        : []),
      Plot.line(data, { x: "capital", y: "net", stroke: "label", strokeWidth: 2 }),
      Plot.dot(data, { x: "capital", y: "net", fill: "label", r: 3 }),
      Plot.ruleY(halves, { y: "half", stroke: "label", strokeDasharray: "4,3" }),
      Plot.ruleX(halves.filter((h) => h.capital !== null), {
        x: "capital",
        stroke: "label",
        strokeDasharray: "2,2",
      }),
    ],
  };
}

/**
 * The rebalancing study's daily series for both optimisers: one-way turnover per day (`"turnover"`) or the
 * cumulative net return (`"cumulative"`, fraction of capital, with the gross return as thin lines).
 *
 * @param study a result of `rebalancingStudy`.
 * @param options `show` (default `"turnover"`) and `title`.
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { rebalancingStudyPlot, renderFigure } from "@lib/plot/mod.ts";
 * import { rebalancingStudy, syntheticUniverse } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const study = rebalancingStudy(syntheticUniverse({ assets: 4, days: 90 }), { capital: 1e7 });
 * assert.ok(renderFigure(rebalancingStudyPlot(study, { show: "cumulative" })).svg.includes("<svg"));
 * ```
 */
export function rebalancingStudyPlot(
  study: RebalancingStudy,
  { show = "turnover", title }: { show?: "turnover" | "cumulative"; title?: string } = {},
): Plot.PlotOptions {
  const data = study.series.map((d) => ({ ...d, date: new Date(d.time), label: STRATEGY_LABEL[d.strategy] }));
  const frame = {
    ...(title ? { title } : {}),
    marginLeft: 50,
    x: { type: "utc" as const, label: "day" },
    color: { legend: true, domain: Object.values(STRATEGY_LABEL) },
  };
  if (show === "cumulative") {
    return {
      ...frame,
      y: { label: "cumulative return (fraction of capital)", grid: true },
      marks: [
        Plot.ruleY([0]),
        Plot.line(data, {
          x: "date",
          y: "cumulativeGross",
          stroke: "label",
          strokeWidth: 1,
          strokeOpacity: 0.5,
        }),
        Plot.line(data, { x: "date", y: "cumulativeNet", stroke: "label", strokeWidth: 2 }),
      ],
    };
  }
  return {
    ...frame,
    y: { label: "one-way turnover per day (fraction of capital)", grid: true },
    marks: [
      Plot.ruleY([0]),
      Plot.line(data, { x: "date", y: "turnover", stroke: "label", strokeWidth: 1.2 }),
    ],
  };
}
