/**
 * Plot builders for the simulated order book: its mean depth profile, its spread distribution, and a few
 * seconds of quotes and trades. Each returns Observable Plot options for {@linkcode renderFigure}; the
 * title says the book is simulated.
 *
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { toFiniteArray } from "../core/validate.ts";

/**
 * Mean resting size against distance from the best, bids to the left (negative distances) and asks to
 * the right: the book's average shape (Bouchaud, Mézard & Potters 2002).
 *
 * @param profile `distanceTicks` (0, 1, ...) and mean `bidDepth` / `askDepth` (base units) per distance,
 *   as `bookDepthProfile` returns.
 * @param options `unit` of the sizes (default `"BTC"`).
 * @returns Plot options.
 * @throws {RangeError} for a non-finite depth.
 *
 * @example
 * ```ts
 * import { bookDepthPlot, renderFigure } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const fig = renderFigure(bookDepthPlot({ distanceTicks: [0, 1], bidDepth: [0.2, 0.5], askDepth: [0.3, 0.6] }));
 * assert.match(fig.svg, /^<svg/);
 * ```
 */
export function bookDepthPlot(
  profile: { distanceTicks: ArrayLike<number>; bidDepth: ArrayLike<number>; askDepth: ArrayLike<number> },
  { unit = "BTC" }: { unit?: string } = {},
): Plot.PlotOptions {
  const action = "plot the book's depth profile";
  const bid = toFiniteArray(action, "profile.bidDepth", profile.bidDepth);
  const ask = toFiniteArray(action, "profile.askDepth", profile.askDepth);
  const rows = Array.from(profile.distanceTicks, (d, i) => [
    { distance: -(d + 1), depth: bid[i]!, side: "bid" },
    { distance: d + 1, depth: ask[i]!, side: "ask" },
  ]).flat();
  return {
    title: "Mean depth by distance from the best (simulated order book)",
    x: { label: "ticks from the best (bids negative, asks positive)" },
    y: { label: `mean resting size (${unit})`, grid: true },
    color: { legend: true, domain: ["bid", "ask"] },
    marks: [
      Plot.rectY(rows, {
        x1: (r) => r.distance - 0.45,
        x2: (r) => r.distance + 0.45,
        y: "depth",
        fill: "side",
      }),
      Plot.ruleY([0]),
    ],
  };
}

/**
 * Share of time the spread spends at each width in ticks (samples on a regular clock).
 *
 * @param spreadTicks sampled spreads, ticks (non-finite values skipped).
 * @returns Plot options.
 *
 * @example
 * ```ts
 * import { renderFigure, spreadDistributionPlot } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * assert.match(renderFigure(spreadDistributionPlot([1, 1, 2, 3])).svg, /^<svg/);
 * ```
 */
export function spreadDistributionPlot(spreadTicks: ArrayLike<number>): Plot.PlotOptions {
  const counts = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < spreadTicks.length; i++) {
    const s = spreadTicks[i]!;
    if (Number.isFinite(s)) [counts.set(s, (counts.get(s) ?? 0) + 1), n++];
  }
  const rows = [...counts].sort((a, b) => a[0] - b[0]).map(([ticks, c]) => ({ ticks, share: c / n }));
  return {
    title: "Spread distribution (simulated order book)",
    x: { label: "spread (ticks)", type: "band" },
    y: { label: "share of time", grid: true, percent: true },
    marks: [Plot.barY(rows, { x: "ticks", y: "share", fill: "steelblue" }), Plot.ruleY([0])],
  };
}

/**
 * A few seconds of the book: best bid and ask as step lines and each trade as a dot coloured by the side
 * of its aggressor.
 *
 * @param quotes `timestamps` (UTC ms), `bidPrices`, `askPrices`.
 * @param trades `timestamps` (UTC ms), `prices`, `signs` (+1 buyer-initiated, -1 seller-initiated).
 * @param options `fromMs` (default the first quote) and `seconds` shown (default 10).
 * @returns Plot options; time on the x axis in seconds from `fromMs`.
 *
 * @example
 * ```ts
 * import { bookWindowPlot, renderFigure } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const q = { timestamps: [0, 1000, 2000], bidPrices: [99.9, 99.8, 99.9], askPrices: [100, 100, 100.1] };
 * const t = { timestamps: [500, 1500], prices: [100, 99.8], signs: [1, -1] };
 * assert.match(renderFigure(bookWindowPlot(q, t, { seconds: 3 })).svg, /^<svg/);
 * ```
 */
export function bookWindowPlot(
  quotes: { timestamps: ArrayLike<number>; bidPrices: ArrayLike<number>; askPrices: ArrayLike<number> },
  trades: { timestamps: ArrayLike<number>; prices: ArrayLike<number>; signs: ArrayLike<number> },
  { fromMs = quotes.timestamps[0] ?? 0, seconds = 10 }: { fromMs?: number; seconds?: number } = {},
): Plot.PlotOptions {
  const to = fromMs + seconds * 1000, t = (ms: number) => (ms - fromMs) / 1000;
  const q: { t: number; price: number; side: string }[] = [];
  for (let i = 0; i < quotes.timestamps.length; i++) {
    const ms = quotes.timestamps[i]!;
    const next = Math.min(quotes.timestamps[i + 1] ?? to, to);
    if (next < fromMs || ms > to) continue;
    for (
      const [side, p] of [["best bid", quotes.bidPrices[i]!], ["best ask", quotes.askPrices[i]!]] as const
    ) {
      q.push({ t: t(Math.max(ms, fromMs)), price: p, side });
    }
  }
  const d: { t: number; price: number; side: string }[] = [];
  for (let i = 0; i < trades.timestamps.length; i++) {
    const ms = trades.timestamps[i]!;
    if (ms >= fromMs && ms <= to) {
      d.push({ t: t(ms), price: trades.prices[i]!, side: trades.signs[i]! > 0 ? "buy trade" : "sell trade" });
    }
  }
  return {
    title: `${seconds} seconds of the simulated order book`,
    x: { label: "seconds", domain: [0, seconds] },
    y: { label: "price", grid: true },
    color: { legend: true, domain: ["best bid", "best ask", "buy trade", "sell trade"] },
    marks: [
      Plot.line(q, { x: "t", y: "price", stroke: "side", curve: "step-after" }),
      Plot.dot(d, { x: "t", y: "price", fill: "side", r: 2.5 }),
    ],
  };
}
