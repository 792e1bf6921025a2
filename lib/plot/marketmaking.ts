/**
 * Plot builders for market making: markouts by bucket with their intervals, the effective / realized /
 * impact decomposition, VPIN over volume buckets, and the market maker's P&L split and inventory path.
 * Each returns Observable Plot options for {@linkcode renderFigure}; every spread is in basis points and
 * every P&L in quote currency.
 *
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { MarkoutRow, SpreadDecompositionRow } from "../marketmaking/adverse_selection.ts";
import type { MarketMakerRun } from "../marketmaking/market_maker.ts";
import type { MarketMakerSummary } from "../marketmaking/market_maker_study.ts";
import type { VpinStudy } from "../marketmaking/vpin_study.ts";

const short = (x: number) => Number(x.toPrecision(3)).toString();

/**
 * Mean markout per bucket (dots) with its block-bootstrap interval (rules), one panel per horizon: the
 * `bySize` or `byImbalance` table of `adverseSelectionStudy`.
 *
 * @param rows the table.
 * @param options `variable`: what the buckets are of (axis label); `title`.
 * @returns Plot options.
 * @throws {RangeError} if `rows` is empty.
 *
 * @example
 * ```ts
 * import { markoutBucketPlot, renderFigure } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * const rows = [
 *   { bucket: 0, range: [0, 1] as [number, number], horizon: "1 s", trades: 9, markoutBps: 0.5, interval: [0.2, 0.8] as [number, number], intervalNote: null },
 *   { bucket: 1, range: [1, 2] as [number, number], horizon: "1 s", trades: 9, markoutBps: 1.5, interval: null, intervalNote: "no interval (3 blocks)" },
 * ];
 * assert.match(renderFigure(markoutBucketPlot(rows, { variable: "trade size" })).svg, /trade size/);
 * ```
 */
export function markoutBucketPlot(
  rows: readonly MarkoutRow[],
  { variable = "bucket", title }: { variable?: string; title?: string } = {},
): Plot.PlotOptions {
  if (rows.length === 0) {
    throw new RangeError("Cannot plot markouts by bucket: rows must not be empty: current count is 0");
  }
  const data = rows.map((r) => ({
    bucket: String(r.bucket + 1),
    horizon: r.horizon,
    markout: r.markoutBps,
    low: r.interval?.[0] ?? r.markoutBps,
    high: r.interval?.[1] ?? r.markoutBps,
  }));
  const horizons = [...new Set(rows.map((r) => r.horizon))];
  const ranges = new Map<number, string>();
  for (const r of rows) {
    ranges.set(r.bucket + 1, `${r.bucket + 1} = ${short(r.range[0])} to ${short(r.range[1])}`);
  }
  return {
    ...(title ? { title } : {}),
    marginLeft: 60,
    fx: { label: null, domain: horizons },
    x: { label: `${variable} bucket`, domain: [...ranges.keys()].map(String) },
    y: { label: "mean markout (bps)", labelAnchor: "center", labelArrow: "none", grid: true },
    caption: `Positive: the mid moved the taker's way (the maker's loss); rules: ${
      rows[0]!.intervalNote === null ? "block-bootstrap intervals" : "intervals where stated"
    }. Buckets: ${[...ranges.values()].join("; ")}.`,
    marks: [
      Plot.ruleY([0], { stroke: "#888" }),
      Plot.ruleX(data, {
        fx: "horizon",
        x: "bucket",
        y1: "low",
        y2: "high",
        stroke: "steelblue",
        strokeWidth: 2,
      }),
      Plot.dot(data, { fx: "horizon", x: "bucket", y: "markout", fill: "steelblue", r: 4 }),
    ],
  };
}

/**
 * Effective half-spread, realized half-spread and price impact per horizon (grouped bars) with the
 * interval of the price impact, the break-even half-spread (Huang & Stoll 1996).
 *
 * @param rows `decomposition` of `adverseSelectionStudy`.
 * @param options `title`.
 * @returns Plot options.
 * @throws {RangeError} if `rows` is empty.
 *
 * @example
 * ```ts
 * import { renderFigure, spreadDecompositionPlot } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * const row = { horizon: "1 s", trades: 9, effectiveHalfSpreadBps: 1, realizedHalfSpreadBps: 0.4,
 *   priceImpactBps: 0.6, priceImpactInterval: [0.5, 0.7] as [number, number], realizedInterval: null,
 *   intervalNote: null, sentence: "" };
 * assert.match(renderFigure(spreadDecompositionPlot([row])).svg, /realized half-spread/);
 * ```
 */
export function spreadDecompositionPlot(
  rows: readonly SpreadDecompositionRow[],
  { title }: { title?: string } = {},
): Plot.PlotOptions {
  if (rows.length === 0) {
    throw new RangeError("Cannot plot spread decomposition: rows must not be empty: current count is 0");
  }
  const parts = ["effective half-spread", "realized half-spread", "price impact"];
  const data = rows.flatMap((r) => [
    { horizon: r.horizon, part: parts[0]!, bps: r.effectiveHalfSpreadBps },
    { horizon: r.horizon, part: parts[1]!, bps: r.realizedHalfSpreadBps },
    { horizon: r.horizon, part: parts[2]!, bps: r.priceImpactBps },
  ]);
  const intervals = rows.filter((r) => r.priceImpactInterval !== null).map((r) => ({
    horizon: r.horizon,
    part: parts[2]!,
    low: r.priceImpactInterval![0],
    high: r.priceImpactInterval![1],
  }));
  return {
    ...(title ? { title } : {}),
    fx: { label: "horizon", domain: rows.map((r) => r.horizon) },
    x: { axis: null, domain: parts },
    y: { label: "bps of the mid (mean per trade)", grid: true },
    color: { legend: true, domain: parts },
    marks: [
      Plot.barY(data, { fx: "horizon", x: "part", y: "bps", fill: "part" }),
      Plot.ruleX(intervals, { fx: "horizon", x: "part", y1: "low", y2: "high", stroke: "black" }),
      Plot.ruleY([0], { stroke: "#888" }),
    ],
  };
}

/**
 * VPIN at the end of each volume bucket over time (line), with the absolute return over the following
 * bucket(s) as grey dots rescaled to VPIN's range (the factor is in the caption).
 *
 * @param study a `vpinStudy` result.
 * @param options `title`.
 * @returns Plot options.
 * @throws {RangeError} if the study has no VPIN values.
 *
 * @example
 * ```ts
 * import { renderFigure, vpinPlot } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * const series = [0, 1, 2, 3].map((k) => ({ endTime: Date.UTC(2025, 0, 1, 0, k), vpin: 0.2 + 0.1 * k, nextAbsReturn: 1e-4 * k }));
 * const fig = renderFigure(vpinPlot({ series, rankCorrelation: 1, windowBuckets: 2 } as never));
 * assert.match(fig.svg, /VPIN/);
 * ```
 */
export function vpinPlot(
  study: Pick<VpinStudy, "series" | "rankCorrelation" | "windowBuckets">,
  { title }: { title?: string } = {},
): Plot.PlotOptions {
  const series = study.series;
  if (series.length === 0) {
    throw new RangeError("Cannot plot VPIN: study.series must hold at least one bucket: current count is 0");
  }
  let vMax = 0, rMax = 0;
  for (const s of series) {
    vMax = Math.max(vMax, s.vpin);
    rMax = Math.max(rMax, s.nextAbsReturn);
  }
  const scale = rMax > 0 ? vMax / rMax : 0;
  const data = series.map((s) => ({
    time: new Date(s.endTime),
    vpin: s.vpin,
    next: s.nextAbsReturn * scale,
  }));
  return {
    ...(title ? { title } : {}),
    x: { type: "utc", label: "end of volume bucket (UTC)" },
    y: { label: `VPIN (${study.windowBuckets} buckets); dots: next |return| scaled`, grid: true },
    caption: `Rank correlation of VPIN with the next bucket's |return|: ${short(study.rankCorrelation)}. ` +
      `Dots: |return| times ${short(scale)} (largest ${short(rMax * 1e4)} bps).`,
    marks: [
      Plot.dot(data, { x: "time", y: "next", r: 1.5, fill: "#aaa" }),
      Plot.line(data, { x: "time", y: "vpin", stroke: "steelblue", strokeWidth: 1.5 }),
    ],
  };
}

/**
 * The market maker's P&L split across seeds: the mean of each part (bars) with +-1 standard deviation
 * across seeds (rules), one panel per policy.
 *
 * @param summary `summary` of `marketMakerStudy`.
 * @param options `title`, `unit` (axis label, default "quote currency").
 * @returns Plot options.
 * @throws {RangeError} if `summary` is empty.
 *
 * @example
 * ```ts
 * import { marketMakerPnlPlot, renderFigure } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * const s = (mean: number) => ({ mean, sd: 0.1 });
 * const row = { policy: "symmetric", seeds: 2, total: s(1), spreadCapture: s(2), adverseSelection: s(-0.5),
 *   inventory: s(-0.3), hedging: s(-0.2) };
 * assert.match(renderFigure(marketMakerPnlPlot([row as never])).svg, /spread capture/);
 * ```
 */
export function marketMakerPnlPlot(
  summary: readonly Pick<
    MarketMakerSummary,
    "policy" | "total" | "spreadCapture" | "adverseSelection" | "inventory" | "hedging"
  >[],
  { title, unit = "quote currency" }: { title?: string; unit?: string } = {},
): Plot.PlotOptions {
  if (summary.length === 0) {
    throw new RangeError("Cannot plot market maker P&L: summary must not be empty: current count is 0");
  }
  const parts = [
    ["spread capture", "spreadCapture"],
    ["adverse selection", "adverseSelection"],
    ["inventory", "inventory"],
    ["hedging", "hedging"],
    ["total", "total"],
  ] as const;
  const data = summary.flatMap((s) =>
    parts.map(([label, key]) => ({
      policy: s.policy.replace(/ \(.*$/, ""),
      part: label,
      mean: s[key].mean,
      low: s[key].mean - (Number.isFinite(s[key].sd) ? s[key].sd : 0),
      high: s[key].mean + (Number.isFinite(s[key].sd) ? s[key].sd : 0),
    }))
  );
  const domain = parts.map(([label]) => label);
  return {
    ...(title ? { title } : {}),
    fx: { label: null },
    x: { domain, axis: null },
    y: { label: `P&L (${unit}), mean +- 1 sd across seeds`, grid: true },
    color: { domain, legend: true },
    marks: [
      Plot.barY(data, { fx: "policy", x: "part", y: "mean", fill: "part" }),
      Plot.ruleX(data, { fx: "policy", x: "part", y1: "low", y2: "high", stroke: "black" }),
      Plot.ruleY([0], { stroke: "#888" }),
    ],
  };
}

/**
 * The market maker's inventory (steps) over the session, with the inventory limit as dashed rules.
 *
 * @param path `path` of a `runMarketMaker` run.
 * @param options `inventoryLimit` to draw, `title`.
 * @returns Plot options.
 * @throws {RangeError} if `path` is empty.
 *
 * @example
 * ```ts
 * import { marketMakerInventoryPlot, renderFigure } from "@lib/plot/mod.ts";
 * import assert from "node:assert/strict";
 * const path = [0, 60, 120].map((seconds, k) => ({ seconds, inventory: k * 0.05, mid: 100, pnl: k }));
 * assert.match(renderFigure(marketMakerInventoryPlot(path, { inventoryLimit: 0.5 })).svg, /inventory/);
 * ```
 */
export function marketMakerInventoryPlot(
  path: MarketMakerRun["path"],
  { inventoryLimit, title }: { inventoryLimit?: number; title?: string } = {},
): Plot.PlotOptions {
  if (path.length === 0) {
    throw new RangeError("Cannot plot market maker inventory: path must not be empty: current count is 0");
  }
  const data = path.map((p) => ({ minutes: p.seconds / 60, inventory: p.inventory }));
  return {
    ...(title ? { title } : {}),
    x: { label: "minutes into the session" },
    y: { label: "inventory (base units)", grid: true },
    marks: [
      Plot.ruleY([0], { stroke: "#888" }),
      ...(inventoryLimit === undefined
        ? []
        : [Plot.ruleY([-inventoryLimit, inventoryLimit], { stroke: "firebrick", strokeDasharray: "4 3" })]),
      Plot.line(data, { x: "minutes", y: "inventory", curve: "step-after", stroke: "steelblue" }),
    ],
  };
}
