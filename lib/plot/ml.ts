/**
 * Plot builders for the learned impact models: feature distributions, learning curves, predicted
 * against realised impact, and residuals by participation bucket. Each returns Observable Plot options
 * for {@linkcode renderFigure}.
 *
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { TrainingHistory } from "../ml/network.ts";
import { toFiniteArray } from "../core/validate.ts";

/**
 * Histograms of standardised features, one panel per feature (shared z-score axis, so shapes compare:
 * skew, tails, discreteness; heights relative to each panel's tallest bar, so a binary feature does not
 * flatten the others). Each panel's label gives the raw mean and standard deviation.
 *
 * @param rows feature rows (e.g. `impactFeatures(records)`).
 * @param names column names, one per column.
 * @param options `bins` per panel (default 40), `width` (default 640).
 * @returns Plot options.
 * @throws {TypeError} if a row's width differs from `names.length`; {@link RangeError} for NaN or no rows.
 *
 * @example
 * ```ts
 * import { featureDistributionPlot, renderFigure } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const fig = renderFigure(featureDistributionPlot([[1, 2], [2, 2], [3, 5]], ["a", "b"]));
 * assert.match(fig.svg, /<svg/);
 * ```
 */
export function featureDistributionPlot(
  rows: ArrayLike<ArrayLike<number>>,
  names: readonly string[],
  { bins = 40, width = 640 }: { bins?: number; width?: number } = {},
): Plot.PlotOptions {
  const action = "plot feature distributions";
  if (!rows || rows.length === 0) {
    throw new RangeError(`Cannot ${action}: rows is empty: current length is 0`);
  }
  const p = names.length;
  const columns = names.map((_, j) =>
    toFiniteArray(
      action,
      `column ${j}`,
      Array.from(rows, (r, i) => {
        if (r?.length !== p) {
          throw new TypeError(
            `Cannot ${action}: rows[${i}] must have ${p} columns: current length is ${r?.length}`,
          );
        }
        return r[j]!;
      }),
    )
  );
  const labels: string[] = [];
  const data: { feature: string; x1: number; x2: number; height: number }[] = [];
  const lo = -4, hi = 4, step = (hi - lo) / bins;
  columns.forEach((col, j) => {
    const n = col.length;
    const mean = col.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1;
    const label = `${names[j]} (mean ${Number(mean.toPrecision(3))}, sd ${Number(sd.toPrecision(3))})`;
    labels.push(label);
    const counts = new Float64Array(bins);
    for (let i = 0; i < n; i++) {
      const z = (col[i]! - mean) / sd;
      counts[Math.min(bins - 1, Math.max(0, Math.floor((z - lo) / step)))]! += 1;
    }
    const peak = Math.max(...counts);
    counts.forEach((c, b) =>
      data.push({ feature: label, x1: lo + b * step, x2: lo + (b + 1) * step, height: c / peak })
    );
  });
  return {
    width,
    height: 90 * p + 40,
    marginLeft: 40,
    x: { label: "standardised value (z-score; beyond +-4 piled at the edges)", domain: [lo, hi] },
    y: { label: "count / panel peak", ticks: 2, domain: [0, 1.25] },
    fy: { label: null, axis: null, domain: labels },
    marks: [
      Plot.rectY(data, { x1: "x1", x2: "x2", y: "height", fy: "feature", fill: "steelblue", inset: 0.5 }),
      Plot.text(labels, {
        fy: (d: string) => d,
        text: (d: string) => d,
        frameAnchor: "top-left",
        dx: 4,
        dy: 2,
      }),
      Plot.ruleY([0]),
    ],
  };
}

/**
 * Learning curves: mean squared training and validation error against epoch, with a dashed rule at the
 * epoch whose weights were kept.
 *
 * @param history what `ImpactNetwork.fit` returned.
 * @param options `title`, `lossUnit` for the axis label (default `"bps^2"`), `logY` (default false).
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { learningCurvePlot, renderFigure } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const history = { trainLoss: [3, 2, 1], validationLoss: [3.5, 2.5, 2.6], bestEpoch: 2, stoppedEarly: false };
 * assert.match(renderFigure(learningCurvePlot(history)).svg, /<svg/);
 * ```
 */
export function learningCurvePlot(
  history: TrainingHistory,
  { title, lossUnit = "bps^2", logY = false }: { title?: string; lossUnit?: string; logY?: boolean } = {},
): Plot.PlotOptions {
  const data = [
    ...history.trainLoss.map((loss, i) => ({ epoch: i + 1, loss, set: "train" })),
    ...history.validationLoss.map((loss, i) => ({ epoch: i + 1, loss, set: "validation" })),
  ];
  return {
    ...(title ? { title } : {}),
    x: { label: "epoch" },
    marginLeft: 60,
    y: {
      type: logY ? "log" : "linear",
      label: `mean squared error (${lossUnit})`,
      grid: true,
      // d3's "~g" on a log scale writes 640 as "6.4e+2"; plain digits read better.
      tickFormat: (d: number) => d.toLocaleString("en-US", { maximumSignificantDigits: 3 }),
    },
    color: { legend: true, domain: ["train", "validation"], range: ["steelblue", "darkorange"] },
    marks: [
      Plot.line(data, { x: "epoch", y: "loss", stroke: "set", strokeWidth: 2 }),
      ...(history.bestEpoch > 0
        ? [Plot.ruleX([history.bestEpoch], { stroke: "#888", strokeDasharray: "4,3" })]
        : []),
    ],
  };
}

/** Mean and standard error of `y` in equal-count bins of `x` (sorted by `x`). */
function binnedMeans(x: ArrayLike<number>, y: ArrayLike<number>, bins: number) {
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const out: { x: number; y: number; low: number; high: number; n: number }[] = [];
  const n = order.length;
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins), to = Math.floor(((b + 1) * n) / bins);
    const m = to - from;
    if (m < 1) continue;
    let sx = 0, sy = 0, syy = 0;
    for (let k = from; k < to; k++) {
      sx += x[order[k]!]!;
      sy += y[order[k]!]!;
      syy += y[order[k]!]! ** 2;
    }
    const my = sy / m;
    const se = m > 1 ? Math.sqrt(Math.max(0, syy / m - my * my) / (m - 1)) : 0;
    out.push({ x: sx / m, y: my, low: my - 2 * se, high: my + 2 * se, n: m });
  }
  return out;
}

/** Out-of-sample predictions to plot: realised impact and each model's prediction, bps. */
export interface PredictionSet {
  /** Realised side-adjusted impact, bps. */
  realizedBps: ArrayLike<number>;
  /** Predicted side-adjusted impact per model label, bps. */
  predictedBps: Readonly<Record<string, ArrayLike<number>>>;
}

function checkSet(
  action: string,
  set: PredictionSet,
): { realized: Float64Array; models: [string, Float64Array][] } {
  const realized = toFiniteArray(action, "realizedBps", set.realizedBps);
  const models = Object.entries(set.predictedBps).map(([label, values]): [string, Float64Array] => {
    const v = toFiniteArray(action, `predictedBps["${label}"]`, values);
    if (v.length !== realized.length) {
      throw new TypeError(
        `Cannot ${action}: predictedBps["${label}"] must have one value per realised impact (${realized.length}): current length is ${v.length}`,
      );
    }
    return [label, v];
  });
  return { realized, models };
}

/**
 * Calibration of predictions: mean realised impact against mean predicted impact in equal-count bins of
 * each model's prediction, with +-2 standard-error bars and the diagonal. A well-calibrated model's
 * points lie on the diagonal; a flat row of points means the model ranks orders no better than chance.
 * (Single orders are too noisy to show: market moves during execution dwarf impact.)
 *
 * @param set realised and predicted impact, bps.
 * @param options `bins` per model (default 10).
 * @returns Plot options.
 * @throws {TypeError} for mismatched lengths; {@link RangeError} for NaN.
 *
 * @example
 * ```ts
 * import { renderFigure } from "@lib/mod.ts";
 * import { predictedVsRealizedPlot } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * const plot = predictedVsRealizedPlot({ realizedBps: [1, 2, 3, 4], predictedBps: { law: [1, 2, 2, 5] } }, { bins: 2 });
 * assert.match(renderFigure(plot).svg, /<svg/);
 * ```
 */
export function predictedVsRealizedPlot(
  set: PredictionSet,
  { bins = 10 }: { bins?: number } = {},
): Plot.PlotOptions {
  const { realized, models } = checkSet("plot predicted against realised impact", set);
  const data = models.flatMap(([model, predicted]) =>
    binnedMeans(predicted, realized, bins).map((b) => ({ model, ...b }))
  );
  const lo = Math.min(...data.map((d) => Math.min(d.x, d.low))),
    hi = Math.max(...data.map((d) => Math.max(d.x, d.high)));
  return {
    x: { label: "predicted impact, bin mean (bps)", grid: true },
    y: { label: "realised impact, bin mean +- 2 SE (bps)", grid: true },
    color: { legend: true },
    marks: [
      Plot.line([{ v: lo }, { v: hi }], { x: "v", y: "v", stroke: "#aaa", strokeDasharray: "4,3" }),
      Plot.ruleX(data, { x: "x", y1: "low", y2: "high", stroke: "model", strokeOpacity: 0.6 }),
      Plot.dot(data, { x: "x", y: "y", fill: "model", r: 3.5 }),
    ],
  };
}

/**
 * Mean residual (realised minus predicted impact, bps) in equal-count buckets of participation `|Q|/V`,
 * per model, with +-2 standard-error bars. A model that gets the size dependence right stays near zero
 * in every bucket.
 *
 * @param participation participation of each order, fraction of daily volume (> 0).
 * @param set realised and predicted impact, bps, one per order.
 * @param options `buckets` (default 10).
 * @returns Plot options.
 * @throws {TypeError} for mismatched lengths; {@link RangeError} for NaN.
 *
 * @example
 * ```ts
 * import { renderFigure } from "@lib/mod.ts";
 * import { residualsByParticipationPlot } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * const plot = residualsByParticipationPlot([1e-4, 1e-3, 1e-2, 2e-2], { realizedBps: [1, 2, 3, 4], predictedBps: { law: [1, 2, 2, 5] } }, { buckets: 2 });
 * assert.match(renderFigure(plot).svg, /<svg/);
 * ```
 */
export function residualsByParticipationPlot(
  participation: ArrayLike<number>,
  set: PredictionSet,
  { buckets = 10 }: { buckets?: number } = {},
): Plot.PlotOptions {
  const action = "plot residuals by participation";
  const { realized, models } = checkSet(action, set);
  const q = toFiniteArray(action, "participation", participation);
  if (q.length !== realized.length) {
    throw new TypeError(
      `Cannot ${action}: participation must have one value per realised impact (${realized.length}): current length is ${q.length}`,
    );
  }
  const data = models.flatMap(([model, predicted]) =>
    binnedMeans(q, realized.map((r, i) => r - predicted[i]!), buckets).map((b) => ({
      model,
      participationPct: b.x * 100,
      residual: b.y,
      low: b.low,
      high: b.high,
    }))
  );
  return {
    x: { type: "log", label: "participation |Q|/V, bucket mean (% of daily volume)", tickFormat: "~g" },
    y: { label: "mean residual, realised - predicted +- 2 SE (bps)", grid: true },
    color: { legend: true },
    marks: [
      Plot.ruleY([0], { stroke: "#888" }),
      Plot.ruleX(data, { x: "participationPct", y1: "low", y2: "high", stroke: "model", strokeOpacity: 0.5 }),
      Plot.line(data, { x: "participationPct", y: "residual", stroke: "model" }),
      Plot.dot(data, { x: "participationPct", y: "residual", fill: "model", r: 3 }),
    ],
  };
}
