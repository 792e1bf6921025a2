/**
 * Plot builders for optimal execution: holdings trajectories, trade lists and the efficient frontier
 * with its risk-aversion tangents. Each returns Observable Plot options for {@linkcode renderFigure}.
 *
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { EfficientFrontier } from "../execution/frontier.ts";
import type { ScheduleEvaluation } from "../execution/schedules.ts";
import { assertPositive, toFiniteArray } from "../core/validate.ts";

/** A labelled holdings trajectory `x_0..x_N` on periods of length `tau`. */
export interface HoldingsSeries {
  /** Legend label, e.g. `"lambda = 1e-6"`. */
  label: string;
  /** Holdings `x_0..x_N` in shares. */
  holdings: ArrayLike<number>;
  /** Period length in time units, > 0. */
  tau: number;
}

/**
 * What both holdings plots read: the divisor of their value axis (`scaleName`, > 0), then each series'
 * period length (> 0) and holdings (finite), in that order.
 * @throws {RangeError} naming the scale, or the series and its `tau` or holding.
 */
function holdingsSeriesRows(
  action: string,
  series: readonly HoldingsSeries[],
  scale: { name: string; value: number },
): { label: string; tau: number; x: Float64Array }[] {
  assertPositive(action, scale.name, scale.value);
  return series.map(({ label, holdings, tau }, i) => {
    assertPositive(action, `series[${i}].tau`, tau);
    return { label, tau, x: toFiniteArray(action, `series[${i}].holdings`, holdings) };
  });
}

/**
 * The frame both holdings plots share: the title (when given), a 60 px left margin for share counts, the
 * value axis with its grid, and a colour legend of the series' labels when there are several.
 */
function holdingsFrame(
  series: readonly HoldingsSeries[],
  valueLabel: string,
  title: string | undefined,
): Plot.PlotOptions {
  return {
    ...(title ? { title } : {}),
    marginLeft: 60,
    y: { label: valueLabel, grid: true },
    color: { legend: series.length > 1, domain: series.map((s) => s.label) },
  };
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
  const rows = holdingsSeriesRows("plot holdings trajectories", series, {
    name: "holdingsScale",
    value: holdingsScale,
  });
  const data = rows.flatMap(({ label, tau, x }) =>
    Array.from(x, (h, j) => ({ label, time: j * tau, holdings: h / holdingsScale }))
  );
  const showDots = series.every((s) => s.holdings.length <= 60);
  return {
    ...holdingsFrame(series, holdingsLabel, title),
    x: { label: timeLabel },
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
  const rows = holdingsSeriesRows("plot trade lists", series, { name: "tradeScale", value: tradeScale });
  const data = rows.flatMap(({ label, tau, x }) =>
    Array.from({ length: Math.max(0, x.length - 1) }, (_, k) => ({
      label,
      period: k + 1,
      start: k * tau,
      trade: (x[k]! - x[k + 1]!) / tradeScale,
    }))
  );
  const bars = rows.every((r) => r.x.length - 1 <= 20);
  const base = holdingsFrame(series, tradeLabel, title);
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
  /**
   * Horizontal axis: `"variance"` (default, the paper's Figure 1, where the iso-utility lines
   * `E + lambda V = const` are straight tangents of slope `-lambda`) or `"standardDeviation"` (easier
   * to read in currency or bps; the same iso-utility curves are then parabolas `E = U - lambda sd^2`).
   */
  xAxis?: "variance" | "standardDeviation";
  /** Draw the iso-utility tangent at every mark with `lambda > 0`. Default true. */
  tangents?: boolean;
  /** Divisor of the cost axis (e.g. 1e6 for "$ millions", or the notional / 1e4 for bps). Default 1. */
  costScale?: number;
  /**
   * Divisor of the horizontal axis: of the variance (e.g. 1e12) or of the standard deviation (e.g. the
   * notional / 1e4 for bps), depending on `xAxis`. Default 1.
   */
  riskScale?: number;
  /** Cost axis label. Default "expected cost E[x] (currency)". */
  costLabel?: string;
  /** Horizontal axis label. Default "variance V[x] (currency^2)" or "standard deviation sqrt V[x] (currency)". */
  riskLabel?: string;
  /** Figure title. */
  title?: string;
}

/**
 * The efficient frontier, as in Almgren & Chriss (2000, Figure 1): the curve of optimal strategies in
 * the (V, E) plane (or (sqrt V, E)), its two ends (linear strategy, immediate liquidation), the marked
 * strategies with their iso-utility tangents `E + lambda V = const` (slope `-lambda` against `V`: where
 * the utility touches the frontier), and optionally other schedules (diamonds, named in the colour
 * legend), which lie on or above the curve.
 * Points with `lambda < 0` (risk-seeking) are drawn as the curve's continuation beyond the linear
 * strategy. Axes start at 0 and end just past the largest point, so tangents are clipped to the frame.
 *
 * @param frontier a result of `efficientFrontier`.
 * @param options schedules to overlay, axis choice, tangents, scales and labels.
 * @returns Plot options.
 * @throws {RangeError} if a scale is not > 0.
 *
 * @example
 * ```ts
 * import { efficientFrontier, efficientFrontierPlot, renderFigure } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const paper = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 };
 * const frontier = efficientFrontier(paper, { shares: 1e6, steps: 5, tau: 1 });
 * const fig = renderFigure(efficientFrontierPlot(frontier, { costScale: 1e6, riskScale: 1e12 }));
 * assert.ok(fig.svg.includes("<svg"));
 * ```
 */
export function efficientFrontierPlot(
  frontier: EfficientFrontier,
  {
    schedules = [],
    xAxis = "variance",
    tangents = true,
    costScale = 1,
    riskScale = 1,
    costLabel = "expected cost E[x] (currency)",
    riskLabel,
    title,
  }: EfficientFrontierPlotOptions = {},
): Plot.PlotOptions {
  const action = "plot efficient frontier";
  assertPositive(action, "costScale", costScale);
  assertPositive(action, "riskScale", riskScale);
  const bySd = xAxis === "standardDeviation";
  const risk = (variance: number) => (bySd ? Math.sqrt(variance) : variance) / riskScale;
  const at = (p: { variance: number; expectedCost: number }) => ({
    r: risk(p.variance),
    e: p.expectedCost / costScale,
  });
  // Marks lie on the curve too (a risk-seeking mark extends it past the linear strategy).
  const curve = [...frontier.points, ...frontier.marks, frontier.minimumVariance]
    .sort((a, b) => a.variance - b.variance)
    .map(at);
  // An end that coincides with a mark (e.g. a mark at lambda = 0) keeps only the mark's label.
  const ends = [frontier.linear, frontier.minimumVariance].filter((end) =>
    !frontier.marks.some((m) => m.lambda === end.lambda)
  );
  const labelled = [...ends, ...frontier.marks].map((m) => ({ ...at(m), label: m.label }));
  const scheduleDots = schedules.map((s) => ({ ...at(s), label: s.name }));
  const everything = [...curve, ...labelled, ...scheduleDots];
  const rMax = Math.max(...everything.map((p) => p.r)) * 1.12;
  const eMax = Math.max(...everything.map((p) => p.e)) * 1.08;
  // Iso-utility curves E = E* - lambda (V - V*), sampled across the frame, in the chosen axis.
  const isoUtility = tangents
    ? frontier.marks.filter((m) => m.lambda !== null && m.lambda > 0).flatMap((m) => {
      const lambda = m.lambda as number;
      return Array.from({ length: 81 }, (_, k) => {
        const r = (rMax * k) / 80;
        const variance = bySd ? (r * riskScale) ** 2 : r * riskScale;
        return { r, e: (m.expectedCost - lambda * (variance - m.variance)) / costScale, label: m.label };
      });
    })
    : [];
  const right = (p: { r: number }) => p.r > 0.8 * rMax;
  return {
    ...(title ? { title } : {}),
    marginLeft: 60,
    marginRight: 20,
    x: {
      label: riskLabel ?? (bySd ? "standard deviation sqrt V[x] (currency)" : "variance V[x] (currency^2)"),
      grid: true,
      domain: [0, rMax],
    },
    y: { label: costLabel, grid: true, domain: [0, eMax] },
    // Schedules are told apart by colour (a legend), not by text, which would collide near the curve.
    color: { legend: scheduleDots.length > 0, domain: scheduleDots.map((p) => p.label) },
    clip: true,
    marks: [
      Plot.line(isoUtility, { x: "r", y: "e", z: "label", stroke: "#888", strokeDasharray: "4,3" }),
      Plot.line(curve, { x: "r", y: "e", stroke: "steelblue", strokeWidth: 2 }),
      Plot.dot(labelled, { x: "r", y: "e", fill: "steelblue", r: 4 }),
      Plot.text(labelled.filter((p) => !right(p)), {
        x: "r",
        y: "e",
        text: "label",
        dx: 6,
        dy: -10,
        textAnchor: "start",
      }),
      Plot.text(labelled.filter(right), {
        x: "r",
        y: "e",
        text: "label",
        dx: -6,
        dy: -10,
        textAnchor: "end",
      }),
      Plot.dot(scheduleDots, { x: "r", y: "e", stroke: "label", symbol: "diamond", r: 6, strokeWidth: 2 }),
    ],
  };
}

/** The three markers of {@linkcode shortfallComparisonPlot}, in legend order. */
const SHORTFALL_MARKS = ["realised mean", "law's prediction", "Almgren-Chriss E[x]"];

/**
 * Predicted against realised implementation shortfall per schedule: the realised 5-95 % range (a rule),
 * median (a tick) and mean (a dot), with the law's prediction (triangle) and the Almgren-Chriss expected
 * cost (square) on the same axis, in bps.
 *
 * @param rows `shortfallComparison` rows (or hand-made rows with those fields).
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { renderFigure, shortfallComparisonPlot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const row = { name: "TWAP", lawBps: 1, expectedBps: 1.2, realisedMeanBps: 1.5, medianBps: 1.4, q05Bps: 0.5, q95Bps: 2.5 };
 * assert.match(renderFigure(shortfallComparisonPlot([row])).svg, /^<svg/);
 * ```
 */
export function shortfallComparisonPlot(
  rows: readonly {
    name: string;
    lawBps: number;
    expectedBps: number;
    realisedMeanBps: number;
    medianBps: number;
    q05Bps: number;
    q95Bps: number;
  }[],
): Plot.PlotOptions {
  const points = rows.flatMap((r) => [
    { name: r.name, bps: r.realisedMeanBps, what: "realised mean" },
    { name: r.name, bps: r.lawBps, what: "law's prediction" },
    { name: r.name, bps: r.expectedBps, what: "Almgren-Chriss E[x]" },
  ]);
  return {
    marginLeft: 150,
    x: { label: "implementation shortfall (bps)", grid: true },
    y: { label: null, domain: rows.map((r) => r.name) },
    symbol: { domain: SHORTFALL_MARKS, range: ["circle", "triangle", "square"] },
    color: { legend: true, domain: SHORTFALL_MARKS },
    marks: [
      Plot.ruleY(rows, { y: "name", x1: "q05Bps", x2: "q95Bps", stroke: "#999", strokeWidth: 2 }),
      Plot.tickX(rows, { y: "name", x: "medianBps", stroke: "#555" }),
      Plot.dot(points, { y: "name", x: "bps", symbol: "what", stroke: "what", r: 5 }),
    ],
  };
}
