/**
 * Plot builders for impact laws and their calibration. Each returns Observable Plot options (data plus
 * marks) for {@linkcode renderFigure}, so a user can add marks or change scales before rendering.
 *
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { calibrationBand } from "../impact/calibration_band.ts";
import type { SquareRootCalibration } from "../impact/square_root_calibration.ts";
import type { SquareRootParameters } from "../impact/square_root.ts";
import type { ImpactPathPoint } from "../impact/path.ts";
import { assertInteger, assertPositive } from "../core/validate.ts";
import { squareRootImpact } from "../core/impact_law.ts";
import { toBps } from "../core/units.ts";

/** A named impact law to draw. */
export interface LabelledLaw {
  label: string;
  law: Pick<SquareRootParameters, "eta" | "delta" | "dailyVolatility">;
}

/** Log-spaced grid of `points` values from `from` to `to` (both > 0). */
function logGrid(from: number, to: number, points: number): number[] {
  assertPositive("build log grid", "from", from);
  assertPositive("build log grid", "to", to);
  assertInteger("build log grid", "points", points, 1);
  if (points > 1e7) {
    throw new RangeError(`Cannot build log grid: points must be <= 1e7: current value is ${points}`);
  }
  const a = Math.log(from), b = Math.log(to);
  return Array.from({ length: points }, (_, i) => Math.exp(a + ((b - a) * i) / Math.max(1, points - 1)));
}

/**
 * Impact (bps) against participation `|Q|/V` (% of daily volume) for one or more laws.
 *
 * @param laws the laws, each with a label for the colour legend.
 * @param options participation range as fractions (default 1e-4 to 0.1), `logX` (default true).
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { impactCurvePlot, renderFigure } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const options = impactCurvePlot([{ label: "sqrt", law: { eta: 1, delta: 0.5, dailyVolatility: 0.02 } }]);
 * assert.equal(options.marks?.length, 1);
 * assert.match(renderFigure(options).svg, /expected impact \(bps\)/);
 * ```
 */
export function impactCurvePlot(
  laws: readonly LabelledLaw[],
  { minParticipation = 1e-4, maxParticipation = 0.1, logX = true, points = 200 }: {
    minParticipation?: number;
    maxParticipation?: number;
    logX?: boolean;
    points?: number;
  } = {},
): Plot.PlotOptions {
  const grid = logGrid(minParticipation, maxParticipation, points);
  const data = laws.flatMap(({ label, law }) =>
    grid.map((q) => ({
      law: label,
      participationPct: q * 100,
      impactBps: toBps(squareRootImpact(law, law.dailyVolatility, q)),
    }))
  );
  return {
    x: { type: logX ? "log" : "linear", label: "participation |Q|/V (% of daily volume)", tickFormat: "~g" },
    y: { label: "expected impact (bps)", grid: true, tickFormat: "~g" },
    color: { legend: laws.length > 1, domain: laws.map((l) => l.label) },
    marks: [Plot.line(data, { x: "participationPct", y: "impactBps", stroke: "law", strokeWidth: 2 })],
  };
}

/**
 * Log-log calibration figure: each fitted point (observation or bin mean) as `|Q|/V` against impact in
 * units of daily volatility, the fitted law, its bootstrap confidence band and, when known, the true law.
 *
 * @param calibration a result of `calibrateSquareRoot`.
 * @param options `truth` to overlay the law that generated the data.
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { calibrateSquareRoot, calibrationPlot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const fit = calibrateSquareRoot({ sizes: [1, 4, 9], impacts: [0.01, 0.02, 0.03] }, {
 *   dailyVolatility: 1,
 *   averageDailyVolume: 100,
 *   bootstrapSamples: 20,
 * });
 * assert.equal(calibrationPlot(fit, { truth: { eta: 0.1, delta: 0.5 } }).marks?.length, 3);
 * ```
 */
export function calibrationPlot(
  calibration: SquareRootCalibration,
  { truth, title }: { truth?: { eta: number; delta: number }; title?: string } = {},
): Plot.PlotOptions {
  const { fitPoints } = calibration;
  const points = fitPoints.x.map((x, i) => ({ q: Math.exp(x), impact: Math.exp(fitPoints.y[i]!) }));
  const qs = points.map((p) => p.q);
  const grid = logGrid(Math.min(...qs), Math.max(...qs), 60);
  const band = calibrationBand(calibration, grid).map((b) => ({
    q: b.participation,
    low: b.low,
    high: b.high,
  }));
  const lines = [
    ...grid.map((q) => ({
      q,
      impact: squareRootImpact(calibration, 1, q),
      law: `fit: eta=${calibration.eta.toFixed(2)}, delta=${calibration.delta.toFixed(3)}`,
    })),
    ...(truth
      ? grid.map((q) => ({
        q,
        impact: squareRootImpact(truth, 1, q),
        law: `truth: eta=${truth.eta}, delta=${truth.delta}`,
      }))
      : []),
  ];
  return {
    ...(title ? { title } : {}),
    x: { type: "log", label: "participation |Q|/V (fraction of daily volume)", tickFormat: "~g" },
    y: {
      type: "log",
      tickFormat: "~g",
      label: calibration.method === "binned" ? "mean impact / sigma (bin means)" : "impact / sigma",
      grid: true,
    },
    color: { legend: true },
    marks: [
      Plot.dot(points, {
        x: "q",
        y: "impact",
        r: calibration.method === "binned" ? 4 : 1.5,
        fill: "#999",
        fillOpacity: 0.6,
      }),
      Plot.areaY(band.filter((b) => b.low > 0), {
        x: "q",
        y1: "low",
        y2: "high",
        fill: "steelblue",
        fillOpacity: 0.2,
      }),
      Plot.line(lines, { x: "q", y: "impact", stroke: "law", strokeWidth: 2 }),
    ],
  };
}

/**
 * Expected price path of metaorders (build-up, then relaxation), impact in bps against time in units of
 * the execution time.
 *
 * @param paths labelled outputs of `impactPath`.
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { impactPath, impactPathPlot, SquareRootModel } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const law = new SquareRootModel({ eta: 1, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1e6 });
 * assert.equal(impactPathPlot([{ label: "1,000", points: impactPath(law, 1_000) }]).marks?.length, 4);
 * ```
 */
export function impactPathPlot(
  paths: readonly { label: string; points: readonly ImpactPathPoint[] }[],
): Plot.PlotOptions {
  const data = paths.flatMap(({ label, points }) =>
    points.map((p) => ({ order: label, time: p.time, impactBps: toBps(p.impact) }))
  );
  return {
    x: { label: "time since the first trade (units of the execution time T)" },
    y: { label: "expected price change from arrival (bps)", grid: true },
    color: { legend: paths.length > 1, domain: paths.map((p) => p.label) },
    marks: [
      Plot.ruleX([1], { stroke: "#888", strokeDasharray: "4 3" }),
      Plot.text([{ x: 1, label: "metaorder completes" }], {
        x: "x",
        text: "label",
        frameAnchor: "top",
        dx: 60,
      }),
      Plot.line(data, { x: "time", y: "impactBps", stroke: "order", strokeWidth: 2 }),
      Plot.ruleY([0]),
    ],
  };
}

/**
 * The peak-impact notional `|I(Q)| * midPrice * |Q|` (quote currency) against order size: the whole order
 * valued at the impact it has caused by completion. It is not what the order pays: trading at a constant
 * rate, the impact builds up as `(t/T)^delta` and the order pays on average `|I(Q)| / (1 + delta)` per unit,
 * 1.5 times less for `delta = 1/2` (Farmer, Gerig, Lillo & Waelbroeck 2013). Both grow like `|Q|^(1+delta)`.
 *
 * @param law the law.
 * @param midPrice mid price, quote per base unit.
 * @param options participation range (fractions of daily volume).
 * @returns Plot options: peak-impact notional in quote currency against size, on log-log axes.
 *
 * @example
 * ```ts
 * import { costCurvePlot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const law = { eta: 1, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1e6 };
 * assert.equal(costCurvePlot(law, 100).marks?.length, 1);
 * assert.throws(() => costCurvePlot(law, 0), RangeError);
 * ```
 */
export function costCurvePlot(
  law: SquareRootParameters,
  midPrice: number,
  { minParticipation = 1e-4, maxParticipation = 0.1 }: {
    minParticipation?: number;
    maxParticipation?: number;
  } = {},
): Plot.PlotOptions {
  assertPositive("build cost plot", "midPrice", midPrice);
  const data = logGrid(minParticipation, maxParticipation, 100).map((q) => {
    const size = q * law.averageDailyVolume;
    const impact = squareRootImpact(law, law.dailyVolatility, q);
    return { size, costQuote: impact * midPrice * size };
  });
  return {
    x: { type: "log", label: "order size |Q| (base units)", tickFormat: "~g" },
    y: {
      type: "log",
      label: "peak-impact notional |I|·P·|Q| (quote currency)",
      grid: true,
      tickFormat: "~s",
    },
    marks: [Plot.line(data, { x: "size", y: "costQuote", strokeWidth: 2 })],
  };
}

/**
 * Side-adjusted realised impact (bps) of each metaorder against its participation, with the law's mean
 * curve when given: shows how much of each order's price move is market noise.
 *
 * @param orders records with `size`, `participation` and `realizedImpact` (signed fraction).
 * @param options `law` (eta, delta, volatility) to overlay, `maxPoints` to thin large samples (default 4000,
 *   every k-th record).
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { impactScatterPlot } from "@lib/mod.ts";
 * import { simulateMetaorders } from "@lib/impact/mod.ts";
 * import assert from "node:assert/strict";
 * const law = { eta: 0.8, delta: 0.5, dailyVolatility: 0.03 };
 * assert.equal(impactScatterPlot(simulateMetaorders(50), { law }).marks?.length, 3);
 * ```
 */
export function impactScatterPlot(
  orders: readonly { size: number; participation: number; realizedImpact: number }[],
  { law, maxPoints = 4000 }: {
    law?: Pick<SquareRootParameters, "eta" | "delta" | "dailyVolatility">;
    maxPoints?: number;
  } = {},
): Plot.PlotOptions {
  const step = Math.max(1, Math.ceil(orders.length / maxPoints));
  const points = orders.filter((_, i) => i % step === 0).map((o) => ({
    q: o.participation,
    impactBps: toBps(Math.sign(o.size) * o.realizedImpact),
  }));
  const qs = points.map((p) => p.q);
  const curve = law
    ? logGrid(Math.min(...qs), Math.max(...qs), 80).map((q) => ({
      q,
      impactBps: toBps(squareRootImpact(law, law.dailyVolatility, q)),
    }))
    : [];
  return {
    x: { type: "log", label: "participation |Q|/V (fraction of daily volume)", tickFormat: "~g" },
    y: { label: "side-adjusted realised impact (bps)", grid: true },
    marks: [
      Plot.dot(points, { x: "q", y: "impactBps", r: 1.2, fill: "#888", fillOpacity: 0.5 }),
      Plot.ruleY([0]),
      ...(law ? [Plot.line(curve, { x: "q", y: "impactBps", stroke: "crimson", strokeWidth: 2.5 })] : []),
    ],
  };
}

/**
 * Root mean squared error of the fitted exponent against sample size, one line per market-noise level.
 *
 * @param rows output of `calibrationSensitivity`.
 * @returns Plot options (log-log).
 *
 * @example
 * ```ts
 * import { sensitivityPlot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const rows = [{ sampleSize: 100, marketNoise: 0, deltaRmse: 0.02 }, { sampleSize: 400, marketNoise: 0, deltaRmse: 0.01 }];
 * assert.equal(sensitivityPlot(rows).marks?.length, 2);
 * ```
 */
export function sensitivityPlot(
  rows: readonly { sampleSize: number; marketNoise: number; deltaRmse: number }[],
): Plot.PlotOptions {
  const data = rows.filter((r) => Number.isFinite(r.deltaRmse)).map((r) => ({
    ...r,
    noise: `market noise x${r.marketNoise}`,
  }));
  return {
    x: { type: "log", label: "metaorders in the sample", tickFormat: "~g" },
    y: { type: "log", label: "RMSE of the fitted delta", grid: true, tickFormat: "~g" },
    color: { legend: true, domain: [...new Set(data.map((d) => d.noise))] },
    marks: [
      Plot.line(data, { x: "sampleSize", y: "deltaRmse", stroke: "noise", strokeWidth: 2 }),
      Plot.dot(data, { x: "sampleSize", y: "deltaRmse", fill: "noise" }),
    ],
  };
}
