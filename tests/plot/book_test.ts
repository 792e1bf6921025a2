/**
 * SVG snapshots of the simulated book's plot builders and of the predicted-against-realised shortfall plot,
 * each drawn from small typed-in inputs (never a simulation), so a snapshot changes only when the figure does.
 * `UPDATE_SNAPSHOTS=1 deno test --allow-all tests/plot/` rewrites them (review the diff).
 */
import assert from "node:assert/strict";
import {
  bookDepthPlot,
  bookWindowPlot,
  renderFigure,
  shortfallComparisonPlot,
  spreadDistributionPlot,
} from "@lib/mod.ts";
import { assertSvgSnapshot } from "./_snapshot.ts";

const snapshot = async (name: string, options: Parameters<typeof renderFigure>[0]) => {
  const svg = renderFigure(options).svg;
  assert.match(svg, /^<svg xmlns=/);
  await assertSvgSnapshot(name, svg);
};

Deno.test("snapshot: bookDepthPlot", async () => {
  // Depth rising from 0.2 BTC at the best to 0.6 BTC four ticks away, asks a little deeper.
  const profile = {
    distanceTicks: [0, 1, 2, 3, 4],
    bidDepth: [0.2, 0.35, 0.45, 0.55, 0.6],
    askDepth: [0.25, 0.4, 0.5, 0.55, 0.6],
  };
  await snapshot("book_depth", bookDepthPlot(profile));
});

Deno.test("snapshot: spreadDistributionPlot", async () => {
  // Half the time one tick, then 2, 3 and 4 ticks: shares 0.5, 0.3, 0.1, 0.1.
  await snapshot("spread_distribution", spreadDistributionPlot([1, 1, 1, 1, 1, 2, 2, 2, 3, 4, NaN]));
});

Deno.test("snapshot: bookWindowPlot", async () => {
  const quotes = {
    timestamps: [0, 1000, 2500, 4000],
    bidPrices: [99.9, 99.8, 99.9, 100],
    askPrices: [100, 100, 100.1, 100.2],
  };
  const trades = {
    timestamps: [500, 1200, 3000, 4500, 9000],
    prices: [100, 99.8, 100.1, 100, 101],
    signs: [1, -1, 1, -1, 1],
  };
  await snapshot("book_window", bookWindowPlot(quotes, trades, { seconds: 5 }));
});

Deno.test("snapshot: shortfallComparisonPlot", async () => {
  const rows = [
    {
      name: "fast",
      lawBps: 0.3,
      expectedBps: 0.55,
      realisedMeanBps: 0.17,
      medianBps: 0.16,
      q05Bps: -0.07,
      q95Bps: 0.43,
    },
    {
      name: "TWAP",
      lawBps: 0.3,
      expectedBps: 0.28,
      realisedMeanBps: 0.21,
      medianBps: 0.24,
      q05Bps: -0.32,
      q95Bps: 0.75,
    },
  ];
  await snapshot("shortfall_comparison", shortfallComparisonPlot(rows));
});
