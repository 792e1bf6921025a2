/**
 * Plot builders for optimal execution: holdings trajectories, trade lists and the efficient frontier
 * with its risk-aversion tangents. Each returns Observable Plot options for {@linkcode renderFigure}.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { EfficientFrontier, FrontierMark } from "../execution/frontier.ts";
import type { ScheduleEvaluation } from "../execution/schedules.ts";
import { assertPositive, toFiniteArray } from "../_validate.ts";

/** A labelled holdings trajectory `x_0..x_N` on periods of length `tau`. */
export interface HoldingsSeries {
  /** Legend label, e.g. `"lambda = 1e-6"`. */
  label: string;
  /** Holdings `x_0..x_N` in shares. */
  holdings: ArrayLike<number>;
  /** Period length in time units, > 0. */
  tau: number;
}

function seriesRows(action: string, series: readonly HoldingsSeries[]) {
  return series.map(({ label, holdings, tau }, i) => {
    assertPositive(action, `series[${i}].tau`, tau);
    return { label, tau, x: toFiniteArray(action, `series[${i}].holdings`, holdings) };
  });
}

/**
 * Holdings against time for one or more trajectories (the paper's Figure 2 style: remaining shares
 * `x_j` at `t_j = j tau`).
 *
 * @param series the trajectories, each with a label and its period length.
 * @param options axis labels and a divisor for the holdings axis (e.g. 1e3 with label "thousand shares").
 * @returns Plot options.
 * @throws {RangeError} for a non-finite holding or `tau <= 0`.
 *
 * @example
 * ```ts
 * import { AlmgrenChriss, holdingsTrajectoryPlot, renderFigure } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const model = new AlmgrenChriss({ gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 });
 * const fig = renderFigure(holdingsTrajectoryPlot([{ label: "optimal", holdings: model.trajectory(1e6, 5, 1), tau: 1 }]));
 * assert.ok(fig.svg.includes("<svg"));
 * ```
 */
export function holdingsTrajectoryPlot(
  series: readonly HoldingsSeries[],
  { timeLabel = "time t_j (time units)", holdingsLabel = "holdings x_j (shares)", holdingsScale = 1, title }:
    {
      timeLabel?: string;
      holdingsLabel?: string;
      holdingsScale?: number;
      title?: string;
    } = {},
): Plot.PlotOptions {
  const action = "plot holdings trajectories";
  assertPositive(action, "holdingsScale", holdingsScale);
  const data = seriesRows(action, series).flatMap(({ label, tau, x }) =>
    Array.from(x, (h, j) => ({ label, time: j * tau, holdings: h / holdingsScale }))
  );
  const showDots = series.every((s) => s.holdings.length <= 60);
  return {
    ...(title ? { title } : {}),
    x: { label: timeLabel },
    y: { label: holdingsLabel, grid: true },
    color: { legend: series.length > 1 },
    marks: [
      Plot.ruleY([0]),
      Plot.line(data, { x: "time", y: "holdings", stroke: "label", strokeWidth: 2 }),
      ...(showDots ? [Plot.dot(data, { x: "time", y: "holdings", fill: "label", r: 3 })] : []),
    ],
  };
}

/**
 * Trade lists `n_j = x_{j-1} - x_j` (shares per period) of one or more trajectories: grouped bars for
 * up to 20 periods, step lines beyond.
 *
 * @param series the trajectories (their trade lists are derived from the holdings).
 * @param options axis labels and a divisor for the trade axis.
 * @returns Plot options.
 * @throws {RangeError} for a non-finite holding or `tau <= 0`.
 *
 * @example
 * ```ts
 * import { renderFigure, tradeListPlot, twapSchedule } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const fig = renderFigure(tradeListPlot([{ label: "TWAP", holdings: twapSchedule(100, 4), tau: 1 }]));
 * assert.ok(fig.svg.includes("<svg"));
 * ```
 */
export function tradeListPlot(
  series: readonly HoldingsSeries[],
  { periodLabel = "period j", tradeLabel = "trade n_j (shares)", tradeScale = 1, title }: {
    periodLabel?: string;
    tradeLabel?: string;
    tradeScale?: number;
    title?: string;
  } = {},
): Plot.PlotOptions {
  const action = "plot trade lists";
  assertPositive(action, "tradeScale", tradeScale);
  const rows = seriesRows(action, series);
  const data = rows.flatMap(({ label, tau, x }) =>
    Array.from({ length: Math.max(0, x.length - 1) }, (_, k) => ({
      label,
      period: k + 1,
      start: k * tau,
      trade: (x[k]! - x[k + 1]!) / tradeScale,
    }))
  );
  const bars = rows.every((r) => r.x.length - 1 <= 20);
  const base = {
    ...(title ? { title } : {}),
    y: { label: tradeLabel, grid: true },
    color: { legend: series.length > 1 },
  };
  if (bars) {
    return {
      ...base,
      fx: { label: periodLabel },
      x: { axis: null },
      marks: [Plot.ruleY([0]), Plot.barY(data, { fx: "period", x: "label", y: "trade", fill: "label" })],
    };
  }
  return {
    ...base,
    x: { label: "period start (time units)" },
    marks: [
      Plot.ruleY([0]),
      Plot.line(data, { x: "start", y: "trade", stroke: "label", curve: "step-after", strokeWidth: 1.5 }),
    ],
  };
}

/** Options of {@linkcode efficientFrontierPlot}. */
export interface EfficientFrontierPlotOptions {
  /** Schedules (e.g. from `evaluateSchedules`) to place on the same axes. */
  schedules?: readonly Pick<ScheduleEvaluation, "name" | "expectedCost" | "variance">[];
  /** Draw the tangent of slope `-lambda` at every mark with `lambda > 0`. Default true. */
  tangents?: boolean;
  /** Divisor of the cost axis (e.g. 1e6 for "$ millions"). Default 1. */
  costScale?: number;
  /** Divisor of the variance axis (e.g. 1e12 for "$^2 x 1e12"). Default 1. */
  varianceScale?: number;
  /** Cost axis label. Default "expected cost E[x] (currency)". */
  costLabel?: string;
  /** Variance axis label. Default "variance V[x] (currency^2)". */
  varianceLabel?: string;
  /** Figure title. */
  title?: string;
}

/**
 * The efficient frontier in the (V, E) plane, as in Almgren & Chriss (2000, Figure 1): the curve of
 * optimal strategies, its two ends (linear strategy, immediate liquidation), the marked strategies with
 * their tangent lines of slope `-lambda` (where the utility `E + lambda V` touches the frontier), and
 * optionally other schedules, which lie on or above the curve.
 *
 * @param frontier a result of `efficientFrontier`.
 * @param options schedules to overlay, tangents, axis scales and labels.
 * @returns Plot options.
 * @throws {RangeError} if a scale is not > 0.
 *
 * @example
 * ```ts
 * import { efficientFrontier, efficientFrontierPlot, renderFigure } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const paper = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 };
 * const frontier = efficientFrontier(paper, { shares: 1e6, steps: 5, tau: 1 });
 * const fig = renderFigure(efficientFrontierPlot(frontier, { costScale: 1e6, varianceScale: 1e12 }));
 * assert.ok(fig.svg.includes("<svg"));
 * ```
 */
export function efficientFrontierPlot(
  frontier: EfficientFrontier,
  {
    schedules = [],
    tangents = true,
    costScale = 1,
    varianceScale = 1,
    costLabel = "expected cost E[x] (currency)",
    varianceLabel = "variance V[x] (currency^2)",
    title,
  }: EfficientFrontierPlotOptions = {},
): Plot.PlotOptions {
  const action = "plot efficient frontier";
  assertPositive(action, "costScale", costScale);
  assertPositive(action, "varianceScale", varianceScale);
  const at = (p: { variance: number; expectedCost: number }) => ({
    v: p.variance / varianceScale,
    e: p.expectedCost / costScale,
  });
  const curve = [...frontier.points, frontier.minimumVariance]
    .filter((p) => p.lambda === null || p.lambda >= 0)
    .sort((a, b) => a.variance - b.variance)
    .map(at);
  const ends: FrontierMark[] = [frontier.linear, frontier.minimumVariance];
  const labelled = [...ends, ...frontier.marks].map((m) => ({ ...at(m), label: m.label }));
  const allV = [...curve, ...labelled].map((p) => p.v);
  const span = Math.max(...allV) - Math.min(0, ...allV);
  const tangentLines = tangents
    ? frontier.marks.filter((m) => m.lambda !== null && m.lambda > 0).map((m) => {
      const { v, e } = at(m);
      // E = E* - lambda (V - V*): in scaled units the slope is -lambda * varianceScale / costScale.
      const slope = (-(m.lambda as number) * varianceScale) / costScale;
      const half = 0.3 * span;
      return { x1: v - half, y1: e - slope * half, x2: v + half, y2: e + slope * half, label: m.label };
    })
    : [];
  const scheduleDots = schedules.map((s) => ({ ...at(s), label: s.name }));
  return {
    ...(title ? { title } : {}),
    x: { label: varianceLabel, grid: true },
    y: { label: costLabel, grid: true },
    clip: true,
    marks: [
      Plot.line(curve, { x: "v", y: "e", stroke: "steelblue", strokeWidth: 2 }),
      Plot.link(tangentLines, {
        x1: "x1",
        y1: "y1",
        x2: "x2",
        y2: "y2",
        stroke: "#888",
        strokeDasharray: "4,3",
      }),
      Plot.dot(labelled, { x: "v", y: "e", fill: "steelblue", r: 4 }),
      Plot.text(labelled, { x: "v", y: "e", text: "label", dx: 6, dy: -8, textAnchor: "start" }),
      Plot.dot(scheduleDots, { x: "v", y: "e", stroke: "darkorange", symbol: "diamond", r: 5 }),
      Plot.text(scheduleDots, {
        x: "v",
        y: "e",
        text: "label",
        dx: 6,
        dy: 10,
        textAnchor: "start",
        fill: "darkorange",
      }),
    ],
  };
}
