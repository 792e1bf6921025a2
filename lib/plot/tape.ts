/**
 * Plot builders for impact measured on a trade tape (lib/tape). Each returns Observable Plot options for
 * {@linkcode renderFigure}, so a user can add marks or change scales before rendering.
 *
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { SignCorrelation, SignExponent } from "../tape/sign_correlation.ts";
import type { ResponseFunction } from "../tape/response_function.ts";
import type { AggregateImpact } from "../tape/aggregate_impact.ts";
import type { DeltaSensitivityRow, MetaorderLaw, MetaorderPathPoint } from "../tape/metaorder_impact.ts";
import type { ImpactDecay } from "../tape/impact_decay.ts";
import type { ConditionedImpact } from "../tape/impact_conditioning.ts";
import type { MethodSpread } from "../tape/method_spread.ts";

/**
 * Sign autocorrelation `C(l)` on log-log axes (positive values only), with the fitted power law
 * `c0 * l^-gamma` over its lag range.
 *
 * @param correlation a result of `signCorrelation`.
 * @param exponent a result of `signExponent` on it (optional).
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { renderFigure, signCorrelationPlot, signExponent } from "@lib/mod.ts";
 * import { synthesizeTrades } from "@lib/data/mod.ts";
 * import { signCorrelation } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const c = signCorrelation(synthesizeTrades({ days: 2, tradesPerDay: 20_000 }), { maxLag: 100 });
 * const options = signCorrelationPlot(c, signExponent(c, { bootstrapSamples: 10 }));
 * assert.equal(options.marks?.length, 2);
 * assert.match(renderFigure(options).svg, /sign autocorrelation C\(l\)/);
 * ```
 */
export function signCorrelationPlot(correlation: SignCorrelation, exponent?: SignExponent): Plot.PlotOptions {
  const points = Array.from(correlation.correlation, (c, i) => ({ lag: i + 1, c })).filter((p) => p.c > 0);
  const marks: Plot.Markish[] = [Plot.dot(points, { x: "lag", y: "c", r: 1.5, fill: "#777" })];
  if (exponent) {
    const [from, to] = exponent.lagRange;
    const line = [from, Math.sqrt(from * to), to].map((lag) => ({
      lag,
      c: exponent.prefactor * Math.pow(lag, -exponent.gamma),
    }));
    marks.push(
      Plot.line(line, { x: "lag", y: "c", stroke: "crimson", strokeWidth: 2 }),
    );
  }
  return {
    x: { type: "log", label: "lag l (trades)", tickFormat: "~g" },
    y: { type: "log", label: "sign autocorrelation C(l)", grid: true, tickFormat: "~g" },
    ...(exponent
      ? {
        caption:
          `red: C(l) = ${exponent.prefactor.toFixed(3)} l^-${exponent.gamma.toFixed(3)} fitted on lags ` +
          `${exponent.lagRange[0]}-${exponent.lagRange[1]}; gamma ${
            Math.round(exponent.confidence * 100)
          } % ` +
          `interval [${exponent.gammaInterval[0].toFixed(3)}, ${exponent.gammaInterval[1].toFixed(3)}]`,
      }
      : {}),
    marks,
  };
}

/**
 * Response function `R(l)` in bps (and ticks in the caption) against the lag, log x axis.
 *
 * @param response a result of `responseFunction`.
 * @param options `unit`: `"bps"` (default) or `"ticks"`; `extra`: more labelled curves in the same unit
 *   (e.g. the propagator model's prediction).
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { renderFigure, responseFunction, responsePlot } from "@lib/mod.ts";
 * import { synthesizeTrades } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const r = responseFunction(synthesizeTrades({ days: 1, tradesPerDay: 5_000 }), { maxLag: 50 });
 * assert.match(renderFigure(responsePlot(r)).svg, /R\(l\) \(bps\)/);
 * ```
 */
export function responsePlot(
  response: ResponseFunction,
  { unit = "bps", extra = [] }: {
    unit?: "bps" | "ticks";
    extra?: readonly { label: string; values: ArrayLike<number> }[];
  } = {},
): Plot.PlotOptions {
  const values = unit === "bps" ? response.bps : response.ticks;
  const measured = `measured (${response.priceSource})`;
  const data = [
    ...Array.from(values, (r, i) => ({ lag: i + 1, r, curve: measured })),
    ...extra.flatMap(({ label, values }) => Array.from(values, (r, i) => ({ lag: i + 1, r, curve: label }))),
  ];
  return {
    x: { type: "log", label: "lag l (trades)", tickFormat: "~g" },
    y: { label: `response R(l) (${unit})`, grid: true },
    color: { legend: extra.length > 0, domain: [measured, ...extra.map((e) => e.label)] },
    caption:
      `tick size ${response.tickSize} (${response.tickSizeSource}); ${
        response.trades.toLocaleString("en-US")
      } ` +
      `trades in ${response.blocks} ${response.blocksDescription}`,
    marks: [Plot.ruleY([0]), Plot.line(data, { x: "lag", y: "r", stroke: "curve", strokeWidth: 2 })],
  };
}

/**
 * Aggregate impact: mean rescaled return `r / sigma_T` against rescaled imbalance `dV / V_T`, one curve per
 * window length (Patzelt & Bouchaud 2018).
 *
 * @param aggregate a result of `aggregateImpact`.
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { aggregateImpact, aggregateImpactPlot, renderFigure } from "@lib/mod.ts";
 * import { synthesizeTrades } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const a = aggregateImpact(synthesizeTrades({ days: 2, tradesPerDay: 5_000 }), { windows: [10, 100], bootstrapSamples: 0 });
 * assert.match(renderFigure(aggregateImpactPlot(a)).svg, /T = 100 trades/);
 * ```
 */
export function aggregateImpactPlot(aggregate: AggregateImpact): Plot.PlotOptions {
  const label = (w: { window: number; unit: string }) => `T = ${w.window} ${w.unit}`;
  const data = aggregate.windows.flatMap((w) =>
    w.bins.imbalance.map((x, i) => ({ x, y: w.bins.response[i]!, window: label(w) }))
  );
  return {
    x: { label: "signed volume / mean window volume, dV / V_T", grid: true },
    y: { label: "mean return / window volatility, R / sigma_T", grid: true },
    color: { legend: true, domain: aggregate.windows.map(label) },
    marks: [
      Plot.ruleX([0]),
      Plot.ruleY([0]),
      Plot.line(data, { x: "x", y: "y", stroke: "window", strokeWidth: 1.5 }),
      Plot.dot(data, { x: "x", y: "y", fill: "window", r: 3 }),
    ],
  };
}

/**
 * The square-root law on synthetic metaorders: bin means of `I / sigma_D` against `|Q|/V` on log-log axes,
 * the fitted law, and the slope-1/2 reference through the middle bin.
 *
 * @param law a result of `metaorderSquareRootLaw`.
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { metaorderLawPlot, renderFigure } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const binTable = [1e-4, 1e-3, 1e-2].map((q) => ({
 *   participation: q, impact: Math.sqrt(q), standardError: 0.01, count: 10, used: true,
 * }));
 * const law = {
 *   delta: 0.5, eta: 1, deltaInterval: [0.4, 0.6] as [number, number], etaInterval: [0.9, 1.1] as [number, number],
 *   confidence: 0.95, rSquared: 1, binTable, metaorders: 30, blocks: 3, failedResamples: 0,
 *   intervalNote: null, units: 3, reliable: true, warnings: [], weighting: "1 / se^2",
 *   nonPositiveBins: 0, meanImpact: 0.01, meanImpactInterval: [0.005, 0.015] as [number, number],
 *   participationRange: [1e-4, 1e-2] as [number, number],
 * };
 * assert.match(renderFigure(metaorderLawPlot(law)).svg, /mean impact \/ daily volatility/);
 * ```
 */
export function metaorderLawPlot(law: MetaorderLaw): Plot.PlotOptions {
  // A log axis shows only the bins whose mean is > 0; the fit used every bin.
  const used = law.binTable.filter((b) => b.used && b.impact > 0);
  const xs = used.map((b) => b.participation);
  const lo = Math.min(...xs), hi = Math.max(...xs);
  const grid = Array.from({ length: 30 }, (_, i) => lo * Math.pow(hi / lo, i / 29));
  const middle = used[Math.floor(used.length / 2)]!;
  const lines = [
    ...grid.map((q) => ({
      q,
      impact: law.eta * Math.pow(q, law.delta),
      curve: `fit: delta = ${law.delta.toFixed(3)} ${
        law.deltaInterval
          ? `[${law.deltaInterval[0].toFixed(3)}, ${law.deltaInterval[1].toFixed(3)}]`
          : `(${law.intervalNote ?? "no interval"})`
      }`,
    })),
    ...grid.map((q) => ({
      q,
      impact: middle.impact * Math.sqrt(q / middle.participation),
      curve: "slope 1/2 (square root)",
    })),
  ];
  return {
    x: { type: "log", label: "metaorder size / daily volume, |Q|/V", tickFormat: "~g" },
    y: { type: "log", label: "mean impact / daily volatility, I / sigma_D", grid: true, tickFormat: "~g" },
    color: { legend: true },
    marks: [
      Plot.dot(used, { x: "participation", y: "impact", r: 4, fill: "#555" }),
      Plot.line(lines, { x: "q", y: "impact", stroke: "curve", strokeWidth: 2 }),
    ],
  };
}

/**
 * The average metaorder price path with its bootstrap band: `phase: "execution"` draws the profile `I(phi)`
 * against the fraction of execution with the linear build-up for reference; `"after"` draws the decay
 * after completion (time in units of the duration, 1 = completion), both relative to the impact at
 * completion.
 *
 * @param path a result of `metaorderImpactPath`.
 * @param options `phase` (default `"execution"`).
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { metaorderPathPlot, renderFigure } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const path = [0.5, 1, 2].map((time) => ({
 *   time, phase: time <= 1 ? "execution" as const : "after" as const, impact: Math.sqrt(time),
 *   interval: [0.9, 1.1] as [number, number], relativeToPeak: Math.sqrt(time), count: 5,
 * }));
 * assert.match(renderFigure(metaorderPathPlot(path)).svg, /fraction of execution/);
 * assert.match(renderFigure(metaorderPathPlot(path, { phase: "after" })).svg, /time since the first child/);
 * ```
 */
export function metaorderPathPlot(
  path: readonly MetaorderPathPoint[],
  { phase = "execution" }: { phase?: "execution" | "after" } = {},
): Plot.PlotOptions {
  const peak = path.find((p) => p.time === 1)?.impact ?? NaN;
  const rows = path
    .filter((p) => (phase === "execution" ? p.phase === "execution" : p.time >= 1))
    .map((p) => ({
      time: p.time,
      rel: p.relativeToPeak,
      lo: p.interval[0] / peak,
      hi: p.interval[1] / peak,
    }));
  const withOrigin = phase === "execution" ? [{ time: 0, rel: 0, lo: 0, hi: 0 }, ...rows] : rows;
  return {
    x: {
      label: phase === "execution"
        ? "fraction of execution, phi"
        : "time since the first child (metaorder durations; 1 = completion)",
    },
    y: { label: "mean impact / impact at completion", grid: true },
    marks: [
      Plot.ruleY([0]),
      ...(phase === "execution"
        ? [Plot.line([{ time: 0, rel: 0 }, { time: 1, rel: 1 }], {
          x: "time",
          y: "rel",
          stroke: "#aaa",
          strokeDasharray: "4 3",
        })]
        : [Plot.ruleY([1], { stroke: "#aaa", strokeDasharray: "4 3" })]),
      Plot.areaY(withOrigin, { x: "time", y1: "lo", y2: "hi", fill: "steelblue", fillOpacity: 0.2 }),
      Plot.line(withOrigin, { x: "time", y: "rel", stroke: "steelblue", strokeWidth: 2, marker: "circle" }),
    ],
  };
}

/**
 * Sensitivity of the measured exponent to the number of synthetic traders: delta with its interval against
 * `N` (log axis), with the square-root value 1/2 for reference.
 *
 * @param rows a result of `deltaSensitivity`.
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { renderFigure } from "@lib/mod.ts";
 * import { deltaSensitivityPlot } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * const rows = [10, 100].map((traders) => ({
 *   traders, metaorders: 100, medianParticipation: 1e-4, meanChildren: 3, delta: 0.5,
 *   deltaInterval: [0.4, 0.6] as [number, number], eta: 1,
 * }));
 * assert.match(renderFigure(deltaSensitivityPlot(rows)).svg, /synthetic traders N/);
 * ```
 */
export function deltaSensitivityPlot(rows: readonly DeltaSensitivityRow[]): Plot.PlotOptions {
  const data = rows.filter((r) => Number.isFinite(r.delta)).map((r) => ({
    traders: r.traders,
    delta: r.delta,
    lo: r.deltaInterval?.[0] ?? NaN,
    hi: r.deltaInterval?.[1] ?? NaN,
  }));
  return {
    x: { type: "log", label: "synthetic traders N", tickFormat: "~g" },
    y: { label: "measured exponent delta", grid: true },
    marks: [
      Plot.ruleY([0.5], { stroke: "#aaa", strokeDasharray: "4 3" }),
      Plot.ruleX(data, { x: "traders", y1: "lo", y2: "hi", stroke: "steelblue", strokeWidth: 2 }),
      Plot.dot(data, { x: "traders", y: "delta", fill: "steelblue", r: 4 }),
    ],
  };
}

/**
 * The method spread of delta: every cell of the grid (N x seed x end price) as a dot against `N` (log axis),
 * coloured by end-price definition and jittered apart, beside the square-root value 1/2 and, when given,
 * the main fit's delta with its bootstrap interval (a grey band), so the two uncertainties of delta are seen
 * side by side.
 *
 * @param spread a result of `methodSpread`.
 * @param main the main fit (`metaorderSquareRootLaw`): its `delta` and `deltaInterval` (optional).
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { renderFigure } from "@lib/mod.ts";
 * import { methodSpreadPlot } from "@lib/plot/tape.ts";
 * import assert from "node:assert/strict";
 * const cell = (traders: number, endPrice: "last-child" | "next-print", delta: number) => ({
 *   traders, seed: 1, endPrice, metaorders: 100, delta, deltaInterval: null, eta: 1, nonPositiveBins: 0,
 * });
 * const spread = {
 *   cells: [cell(4, "last-child", 0.5), cell(40, "next-print", 0.6)], deltaRange: [0.5, 0.6] as [number, number],
 *   byEndPrice: [], byTraders: [], priceReference: "mid" as const,
 * };
 * const options = methodSpreadPlot(spread, { delta: 0.55, deltaInterval: [0.45, 0.65] });
 * assert.equal(options.marks?.length, 4);
 * assert.match(renderFigure(options).svg, /end price/);
 * ```
 */
export function methodSpreadPlot(
  spread: MethodSpread,
  main?: { delta: number; deltaInterval: [number, number] | null },
): Plot.PlotOptions {
  const ends = [...new Set(spread.cells.map((c) => c.endPrice))];
  // Cells of one N sit side by side: a factor 1.08 per end price on the log axis.
  const data = spread.cells.filter((c) => Number.isFinite(c.delta)).map((c) => ({
    x: c.traders * 1.08 ** (ends.indexOf(c.endPrice) - (ends.length - 1) / 2),
    delta: c.delta,
    endPrice: c.endPrice,
  }));
  const band = main?.deltaInterval ? [{ lo: main.deltaInterval[0], hi: main.deltaInterval[1] }] : [];
  return {
    x: { type: "log", label: "synthetic traders N", tickFormat: "~g" },
    y: { label: `measured exponent delta (${spread.priceReference} prices)`, grid: true },
    color: { legend: true, domain: ends, label: "end price" },
    marks: [
      Plot.rectY(band, { y1: "lo", y2: "hi", fill: "#ccc", fillOpacity: 0.5 }),
      Plot.ruleY(main ? [main.delta] : [], { stroke: "#666" }),
      Plot.ruleY([0.5], { stroke: "#aaa", strokeDasharray: "4 3" }),
      Plot.dot(data, { x: "x", y: "delta", fill: "endPrice", r: 3.5 }),
    ],
    caption: `${data.length} cells (N x seed x end price); grey: the main fit's delta and its bootstrap ` +
      `interval; dashed: 1/2`,
  };
}

/**
 * The post-execution path twice: every metaorder (the shipped definition, which contains the trader's own
 * reversal) and net of that run-end artefact, each over its own completion value, with the net path's
 * interval band.
 *
 * @param decay a result of `impactDecay`.
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { renderFigure } from "@lib/mod.ts";
 * import { impactDecayPlot } from "@lib/plot/tape.ts";
 * import { impactDecay, permanentImpactTape, syntheticMetaorders } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const tape = permanentImpactTape({ days: 10, tradesPerDay: 5_000 });
 * const decay = impactDecay(syntheticMetaorders(tape, { traders: 4 }), tape, {
 *   minChildren: 2, minDurationTrades: 4, bootstrapSamples: 20,
 * });
 * assert.match(renderFigure(impactDecayPlot(decay)).svg, /net of the run-end artefact/);
 * ```
 */
export function impactDecayPlot(decay: ImpactDecay): Plot.PlotOptions {
  const rows = (path: readonly MetaorderPathPoint[], definition: string) => {
    const peak = path.find((p) => p.time === 1)?.impact ?? NaN;
    return path.filter((p) => p.time >= 1).map((p) => ({
      time: p.time,
      rel: p.impact / peak,
      lo: p.interval[0] / peak,
      hi: p.interval[1] / peak,
      definition,
    }));
  };
  const net = rows(decay.net, "net of the run-end artefact");
  const all = [...rows(decay.shipped, "every metaorder (run ends at the trader's reversal)"), ...net];
  return {
    x: { label: "time since the first child (metaorder durations; 1 = completion)" },
    y: { label: "mean impact / impact at completion", grid: true },
    color: { legend: true },
    marks: [
      Plot.ruleY([1], { stroke: "#aaa", strokeDasharray: "4 3" }),
      Plot.areaY(net.filter((r) => Number.isFinite(r.lo)), {
        x: "time",
        y1: "lo",
        y2: "hi",
        fill: "steelblue",
        fillOpacity: 0.15,
      }),
      Plot.line(all, { x: "time", y: "rel", stroke: "definition", marker: "circle" }),
    ],
  };
}

/**
 * Impact by tercile of duration or participation rate: the prefactor `Y` at delta = 1/2 per group with its
 * interval.
 *
 * @param table a result of `conditionedImpact`.
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { renderFigure } from "@lib/mod.ts";
 * import { conditionedImpactPlot } from "@lib/plot/tape.ts";
 * import { conditionedImpact, permanentImpactTape, syntheticMetaorders } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const m = syntheticMetaorders(permanentImpactTape({ days: 10, tradesPerDay: 5_000 }), { traders: 10 });
 * const svg = renderFigure(conditionedImpactPlot(conditionedImpact(m, { bootstrapSamples: 20 }))).svg;
 * assert.match(svg, /Y at delta = 1\/2/);
 * ```
 */
export function conditionedImpactPlot(table: ConditionedImpact): Plot.PlotOptions {
  const unit = table.by === "durationSeconds" ? "duration (s)" : "participation rate";
  const rows = table.rows.map((r) => ({
    group: `${r.range[0].toPrecision(2)}-${r.range[1].toPrecision(2)}`,
    y: r.prefactor,
    lo: r.prefactorInterval[0],
    hi: r.prefactorInterval[1],
  }));
  return {
    x: { label: `${unit} tercile`, domain: rows.map((r) => r.group) },
    y: { label: "Y at delta = 1/2", grid: true, zero: true },
    marks: [
      Plot.ruleX(rows.filter((r) => Number.isFinite(r.lo)), {
        x: "group",
        y1: "lo",
        y2: "hi",
        stroke: "steelblue",
      }),
      Plot.dot(rows, { x: "group", y: "y", fill: "steelblue", r: 4 }),
    ],
  };
}
