/**
 * Plot builders for impact laws and their calibration. Each returns Observable Plot options (data plus
 * marks) for {@linkcode renderFigure}, so a user can add marks or change scales before rendering.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { SquareRootCalibration, SquareRootParameters } from "../impact/square_root.ts";
import { assertPositive } from "../_validate.ts";

/** A named impact law to draw. */
export interface LabelledLaw {
  label: string;
  law: Pick<SquareRootParameters, "eta" | "delta" | "volatility">;
}

/** Log-spaced grid of `points` values from `from` to `to` (both > 0). */
export function logGrid(from: number, to: number, points: number): number[] {
  assertPositive("build log grid", "from", from);
  assertPositive("build log grid", "to", to);
  const a = Math.log(from), b = Math.log(to);
  return Array.from({ length: points }, (_, i) => Math.exp(a + ((b - a) * i) / Math.max(1, points - 1)));
}

/**
 * Impact (bps) against participation `|Q|/V` (% of daily volume) for one or more laws.
 *
 * @param laws the laws, each with a label for the colour legend.
 * @param options participation range as fractions (default 1e-4 to 0.1), `logX` (default true).
 * @returns Plot options.
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
      impactBps: law.volatility * law.eta * Math.pow(q, law.delta) * 1e4,
    }))
  );
  return {
    x: { type: logX ? "log" : "linear", label: "participation |Q|/V (% of daily volume)" },
    y: { label: "expected impact (bps)", grid: true },
    color: { legend: laws.length > 1 },
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
 */
export function calibrationPlot(
  calibration: SquareRootCalibration,
  { truth, title }: { truth?: { eta: number; delta: number }; title?: string } = {},
): Plot.PlotOptions {
  const { fitPoints, bootstrap, confidence } = calibration;
  const points = fitPoints.x.map((x, i) => ({ q: Math.exp(x), impact: Math.exp(fitPoints.y[i]!) }));
  const qs = points.map((p) => p.q);
  const grid = logGrid(Math.min(...qs), Math.max(...qs), 60);
  const alpha = (1 - confidence) / 2;
  const band = grid.map((q) => {
    const draws = bootstrap.eta.map((eta, b) => eta * Math.pow(q, bootstrap.delta[b]!)).sort((a, b) => a - b);
    const at = (p: number) =>
      draws.length ? draws[Math.min(draws.length - 1, Math.floor(p * draws.length))]! : NaN;
    return { q, low: at(alpha), high: at(1 - alpha) };
  });
  const lines = [
    ...grid.map((q) => ({
      q,
      impact: calibration.eta * Math.pow(q, calibration.delta),
      law: `fit: eta=${calibration.eta.toFixed(2)}, delta=${calibration.delta.toFixed(3)}`,
    })),
    ...(truth
      ? grid.map((q) => ({
        q,
        impact: truth.eta * Math.pow(q, truth.delta),
        law: `truth: eta=${truth.eta}, delta=${truth.delta}`,
      }))
      : []),
  ];
  return {
    ...(title ? { title } : {}),
    x: { type: "log", label: "participation |Q|/V (fraction of daily volume)" },
    y: {
      type: "log",
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
