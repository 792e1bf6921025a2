/**
 * Plot builders for transaction cost analysis: metric distributions, estimated and predicted impact
 * against realized shortfall, breakdowns by group, and markout curves. Each returns Observable Plot
 * options for {@linkcode renderFigure}; every cost is shown in basis points.
 *
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { TcaGroupSummary, TcaMetricStats } from "../tca/summary.ts";
import type { TcaBin } from "../tca/binned_means.ts";
import { tcaMetricLabel, tcaMetricScale, tcaMetricUnit } from "../tca/metric_labels.ts";
import { quantileSorted } from "../core/statistics.ts";
import { BPS_PER_FRACTION, toBps } from "../core/units.ts";
import { assertInteger } from "../core/validate.ts";

/** A labelled sample for {@linkcode tcaDistributionPlot}, in fractions (e.g. a results column). */
export interface TcaDistributionSeries {
  /** Legend label, e.g. `"implementation shortfall"`. */
  label: string;
  /** Values, fractions of a price (shown times `scale`). Non-finite values are skipped. */
  values: ArrayLike<number>;
}

/** Sorted finite copy of `values` times `scale`. */
function sortedScaled(values: ArrayLike<number>, scale: number): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[n++] = v * scale;
  }
  return out.subarray(0, n).sort();
}

/**
 * Distributions of several cost metrics on one axis: the share of trades per bin of equal width
 * (a frequency polygon per metric), in basis points. The x range is the pooled `clip` quantiles of all
 * series, so a few outliers do not flatten the picture; the caption says how many values fall outside.
 *
 * @param series the metrics, each `{ label, values }` in fractions.
 * @param options `scale` (default 1e4, fractions to bps), `unit` label (default `"bps"`), `bins` (default
 *   80), `clip` quantiles (default `[0.01, 0.99]`), `title`.
 * @returns Plot options.
 * @throws {RangeError} if `bins` is not an integer >= 2 or no series has a finite value.
 *
 * @example
 * ```ts
 * import { renderFigure, tcaDistributionPlot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const fig = renderFigure(tcaDistributionPlot([{ label: "shortfall", values: [0.001, 0.002, 0.0015] }]));
 * assert.match(fig.svg, /share of trades per bin/);
 * ```
 */
export function tcaDistributionPlot(
  series: readonly TcaDistributionSeries[],
  { scale = BPS_PER_FRACTION, unit = "bps", bins = 80, clip = [0.01, 0.99], title }: {
    scale?: number;
    unit?: string;
    bins?: number;
    clip?: readonly [number, number];
    title?: string;
  } = {},
): Plot.PlotOptions {
  const action = "build TCA distribution plot";
  assertInteger(action, "bins", bins, 2);
  const sorted = series.map((s) => sortedScaled(s.values, scale));
  const usable = sorted.filter((s) => s.length > 0);
  if (usable.length === 0) {
    throw new RangeError(`Cannot ${action}: no series has a finite value: current count is 0`);
  }
  const lo = Math.min(...usable.map((s) => quantileSorted(s, clip[0])));
  const hi = Math.max(...usable.map((s) => quantileSorted(s, clip[1])));
  const width = hi > lo ? (hi - lo) / bins : 1;
  let outside = 0, total = 0;
  const data = series.flatMap((s, j) => {
    const values = sorted[j]!;
    const counts = new Float64Array(bins);
    for (let i = 0; i < values.length; i++) {
      const k = Math.floor((values[i]! - lo) / width);
      if (k >= 0 && k < bins) counts[k]!++;
      else if (values[i] === hi) counts[bins - 1]!++;
      else outside++;
    }
    total += values.length;
    return Array.from(counts, (c, k) => ({
      metric: s.label,
      value: lo + (k + 0.5) * width,
      share: values.length > 0 ? (c / values.length) * 100 : 0,
    }));
  });
  return {
    ...(title ? { title } : {}),
    caption: `x range: pooled ${ordinal(clip[0] * 100)} to ${ordinal(clip[1] * 100)} percentiles; ${
      outside.toLocaleString("en-US")
    } of ${total.toLocaleString("en-US")} values outside`,
    x: { label: `${unit} (side-adjusted; positive = cost)` },
    y: { label: "share of trades per bin (%)", grid: true },
    color: { legend: series.length > 1, domain: series.map((s) => s.label) },
    marks: [
      Plot.ruleX([0], { stroke: "#888" }),
      Plot.line(data, { x: "value", y: "share", stroke: "metric", strokeWidth: 1.5, curve: "step" }),
    ],
  };
}

/**
 * Mean realized cost against mean impact estimate in equal-count bins (from `tcaBinnedMeans`), one
 * series per estimate (e.g. the square-root law and a trained network), with +-2 standard-error bars and
 * the line `y = x` that a calibrated estimate of the cost would follow.
 *
 * @param series `{ label, bins }` per estimate; `bins` in fractions.
 * @param options axis labels (`xLabel`, `yLabel`) and `title`.
 * @returns Plot options, both axes in bps.
 *
 * @example
 * ```ts
 * import { renderFigure, tcaImpactComparisonPlot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const bins = [{ bin: 0, count: 9, x: 0.001, y: 0.0008, yStdError: 0.0001 }];
 * const fig = renderFigure(tcaImpactComparisonPlot([{ label: "law", bins }]));
 * assert.match(fig.svg, /y = x/);
 * ```
 */
export function tcaImpactComparisonPlot(
  series: readonly { label: string; bins: readonly TcaBin[] }[],
  {
    xLabel = "mean estimated impact in the bin (bps)",
    yLabel = "mean implementation shortfall (bps)",
    title,
  }: {
    xLabel?: string;
    yLabel?: string;
    title?: string;
  } = {},
): Plot.PlotOptions {
  const data = series.flatMap(({ label, bins }) =>
    bins.map((b) => ({
      estimate: label,
      x: toBps(b.x),
      y: toBps(b.y),
      low: toBps(b.y - 2 * b.yStdError),
      high: toBps(b.y + 2 * b.yStdError),
    }))
  );
  const xs = data.map((d) => d.x);
  const diagonal = xs.length > 0 ? [Math.min(0, ...xs), Math.max(...xs)] : [0, 1];
  return {
    ...(title ? { title } : {}),
    x: { label: xLabel, grid: true },
    y: { label: yLabel, grid: true },
    color: { legend: true, domain: [...series.map((s) => s.label), "y = x"] },
    marks: [
      Plot.line(diagonal.map((v) => ({ x: v, y: v, estimate: "y = x" })), {
        x: "x",
        y: "y",
        stroke: "estimate",
        strokeDasharray: "4 3",
      }),
      Plot.ruleX(data, { x: "x", y1: "low", y2: "high", stroke: "estimate", strokeOpacity: 0.6 }),
      Plot.line(data, { x: "x", y: "y", stroke: "estimate", strokeWidth: 1.5 }),
      Plot.dot(data, { x: "x", y: "y", fill: "estimate", r: 3 }),
    ],
  };
}

/**
 * A breakdown as grouped bars: for each group (participation bucket, side or hour), the chosen
 * statistic of each metric in its display unit (bps; % for participation), with +-2 standard-error bars
 * when the statistic is the mean.
 *
 * @param groups `summary.byParticipation`, `summary.bySide` or `summary.byHour`, in display order.
 * @param options `metrics` (default `["implementationShortfall"]`), `stat` (default `"mean"`), `groupLabel`
 *   (the x-axis title, default `"group"`), `title`.
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { renderFigure, tcaBreakdownPlot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const s = { count: 4, mean: 0.001, std: 0.0002, median: 0.001, p5: 0.0007, p95: 0.0013 };
 * const groups = [{ group: "buy", key: 1, count: 4, metrics: { implementationShortfall: s } }];
 * assert.match(renderFigure(tcaBreakdownPlot(groups, { groupLabel: "side" })).svg, /mean \(bps\)/);
 * ```
 */
export function tcaBreakdownPlot(
  groups: readonly TcaGroupSummary[],
  { metrics = ["implementationShortfall"], stat = "mean", groupLabel = "group", title }: {
    metrics?: readonly string[];
    stat?: "mean" | "median";
    groupLabel?: string;
    title?: string;
  } = {},
): Plot.PlotOptions {
  const units = new Set(metrics.map(tcaMetricUnit));
  const data = groups.flatMap((g) =>
    metrics.flatMap((metric) => {
      const s = g.metrics[metric];
      if (!s) return [];
      const k = tcaMetricScale(metric);
      const se = stat === "mean" && s.std !== null ? (2 * s.std) / Math.sqrt(s.count) : 0;
      return [{
        group: g.group,
        metric: tcaMetricLabel(metric),
        value: s[stat] * k,
        low: (s[stat] - se) * k,
        high: (s[stat] + se) * k,
      }];
    })
  );
  return {
    ...(title ? { title } : {}),
    // Many groups (24 hours): turn the labels so they do not run into each other.
    ...(groups.length > 12 ? { marginBottom: 60 } : {}),
    fx: {
      label: groupLabel,
      domain: groups.map((g) => g.group),
      padding: 0.1,
      ...(groups.length > 12 ? { tickRotate: -45 } : {}),
    },
    x: { axis: null, domain: metrics.map(tcaMetricLabel) },
    y: { label: `${stat} (${[...units].join(", ")})`, grid: true },
    color: { legend: true, domain: metrics.map(tcaMetricLabel) },
    marks: [
      Plot.barY(data, { fx: "group", x: "metric", y: "value", fill: "metric" }),
      ...(stat === "mean"
        ? [Plot.ruleX(data, { fx: "group", x: "metric", y1: "low", y2: "high", stroke: "#333" })]
        : []),
      Plot.ruleY([0]),
    ],
  };
}

/**
 * The markout curve in a set of metric statistics: horizons (minutes) and statistics of every
 * `markout<h>m` metric, by increasing horizon; other metrics are ignored.
 *
 * @param metrics `summary.metrics` or a group's `metrics`.
 * @returns `{ horizonMinutes, stats }` per markout metric.
 *
 * @example
 * ```ts
 * import { tcaMarkoutCurve } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * const s = { count: 2, mean: 0, std: 0, median: 0, p5: 0, p95: 0 };
 * assert.deepEqual(tcaMarkoutCurve({ markout60m: s, markout5m: s }).map((p) => p.horizonMinutes), [5, 60]);
 * ```
 */
export function tcaMarkoutCurve(
  metrics: Record<string, TcaMetricStats>,
): { horizonMinutes: number; stats: TcaMetricStats }[] {
  return Object.entries(metrics)
    .map(([name, stats]) => ({ match: /^markout(.+)m$/.exec(name), stats }))
    .filter((e) => e.match !== null && Number.isFinite(Number(e.match[1])))
    .map((e) => ({ horizonMinutes: Number(e.match![1]), stats: e.stats }))
    .sort((a, b) => a.horizonMinutes - b.horizonMinutes);
}

/**
 * Mean side-adjusted markout (bps) against the horizon after the trade (minutes, log scale), with a
 * +-2 standard-error band, one line per series (e.g. all trades, buys, sells or participation buckets).
 * Positive = the price kept moving in the trade's direction.
 *
 * @param series `{ label, metrics }` where `metrics` holds `markout<h>m` statistics (`summary.metrics` or
 *   a group's `metrics`).
 * @param options `title`.
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { renderFigure, tcaMarkoutPlot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const s = (mean: number) => ({ count: 50, mean, std: 0.001, median: mean, p5: 0, p95: 0 });
 * const fig = renderFigure(tcaMarkoutPlot([{ label: "all", metrics: { markout1m: s(1e-4), markout5m: s(2e-4) } }]));
 * assert.match(fig.svg, /minutes after the end of the trade/);
 * ```
 */
export function tcaMarkoutPlot(
  series: readonly { label: string; metrics: Record<string, TcaMetricStats> }[],
  { title }: { title?: string } = {},
): Plot.PlotOptions {
  const data = series.flatMap(({ label, metrics }) =>
    tcaMarkoutCurve(metrics).map(({ horizonMinutes, stats }) => {
      const se = stats.std === null ? 0 : stats.std / Math.sqrt(stats.count);
      return {
        series: label,
        horizon: horizonMinutes,
        mean: toBps(stats.mean),
        low: toBps(stats.mean - 2 * se),
        high: toBps(stats.mean + 2 * se),
      };
    })
  );
  return {
    ...(title ? { title } : {}),
    x: { type: "log", label: "minutes after the end of the trade", ticks: data.map((d) => d.horizon) },
    y: { label: "mean markout (bps, + = price moved in the trade's direction)", grid: true },
    color: { legend: series.length > 1, domain: series.map((s) => s.label) },
    marks: [
      Plot.ruleY([0], { stroke: "#888" }),
      Plot.areaY(data, { x: "horizon", y1: "low", y2: "high", fill: "series", fillOpacity: 0.15 }),
      Plot.line(data, { x: "horizon", y: "mean", stroke: "series", strokeWidth: 2, marker: "dot" }),
    ],
  };
}

/** English ordinal of a percentile: 1st, 2nd, 3rd, 5th, 11th, 99th. */
function ordinal(n: number): string {
  const k = Math.round(n);
  const teen = k % 100 >= 11 && k % 100 <= 13;
  const suffix = teen ? "th" : k % 10 === 1 ? "st" : k % 10 === 2 ? "nd" : k % 10 === 3 ? "rd" : "th";
  return `${k}${suffix}`;
}
