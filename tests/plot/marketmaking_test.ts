import assert from "node:assert/strict";
import {
  marketMakerInventoryPlot,
  marketMakerPnlPlot,
  markoutBucketPlot,
  renderFigure,
  spreadDecompositionPlot,
  vpinPlot,
} from "@lib/plot/mod.ts";
import type { MarkoutRow, SpreadDecompositionRow } from "@lib/marketmaking/mod.ts";
import { assertThrowsWith } from "../_assert.ts";
import { assertSvgSnapshot } from "./_snapshot.ts";

const ROWS: MarkoutRow[] = [0, 1, 2].flatMap((bucket) =>
  ["1 s", "10 s"].map((horizon, h) => ({
    bucket,
    range: [bucket * 0.5 - 1, bucket * 0.5 - 0.5] as [number, number],
    horizon,
    trades: 100,
    markoutBps: (bucket - 1) * (h + 1),
    interval: bucket === 2 && h === 1
      ? null
      : [(bucket - 1) * (h + 1) - 0.3, (bucket - 1) * (h + 1) + 0.3] as [
        number,
        number,
      ],
    intervalNote: bucket === 2 && h === 1 ? "no interval (7 blocks)" : null,
  }))
);

const DECOMPOSITION: SpreadDecompositionRow[] = [["1 s", 0.4], ["10 s", 0.9]].map(([horizon, impact]) => ({
  horizon: horizon as string,
  trades: 100,
  effectiveHalfSpreadBps: 1,
  realizedHalfSpreadBps: 1 - (impact as number),
  priceImpactBps: impact as number,
  priceImpactInterval: [(impact as number) - 0.1, (impact as number) + 0.1],
  realizedInterval: null,
  intervalNote: null,
  sentence: "",
}));

Deno.test("markoutBucketPlot: a dot and an interval per bucket and horizon, one panel per horizon", async () => {
  const options = markoutBucketPlot(ROWS, { variable: "trade size" });
  const dots =
    (options.marks![2] as unknown as { data: { markout: number; low: number; high: number }[] }).data;
  assert.equal(dots.length, 6);
  // The bucket without an interval draws a zero-length rule at its mean.
  assert.deepEqual([dots[5]!.low, dots[5]!.high], [2, 2]);
  await assertSvgSnapshot("marketmaking_markout_buckets", renderFigure(options).svg);
  assertThrowsWith(() => markoutBucketPlot([]), RangeError, /rows must not be empty/);
});

Deno.test("spreadDecompositionPlot: three bars per horizon and the impact's interval", async () => {
  const options = spreadDecompositionPlot(DECOMPOSITION);
  const bars = (options.marks![0] as unknown as { data: { part: string; bps: number }[] }).data;
  assert.equal(bars.length, 6);
  // effective = realized + impact in every horizon of the input, so in the bars.
  assert.ok(Math.abs(bars[0]!.bps - bars[1]!.bps - bars[2]!.bps) < 1e-12);
  await assertSvgSnapshot("marketmaking_spread_decomposition", renderFigure(options).svg);
});

Deno.test("vpinPlot: VPIN line and rescaled next returns, caption with rho", async () => {
  const series = [0, 1, 2, 3, 4, 5].map((k) => ({
    endTime: Date.UTC(2025, 5, 1, 0, 10 * k),
    vpin: 0.3 + 0.05 * (k % 3),
    nextAbsReturn: 1e-4 * (k + 1),
  }));
  const options = vpinPlot({ series, rankCorrelation: 0.25, windowBuckets: 50 });
  // Largest return 6e-4 is drawn at the largest VPIN, 0.4.
  const dots = (options.marks![0] as unknown as { data: { next: number }[] }).data;
  assert.ok(Math.abs(dots[5]!.next - 0.4) < 1e-12);
  assert.match(String(options.caption), /0\.25/);
  await assertSvgSnapshot("marketmaking_vpin", renderFigure(options).svg);
  assertThrowsWith(
    () => vpinPlot({ series: [], rankCorrelation: NaN, windowBuckets: 1 }),
    RangeError,
    /at least one/,
  );
});

Deno.test("marketMakerPnlPlot and marketMakerInventoryPlot render hand-made inputs", async () => {
  const s = (mean: number, sd: number) => ({ mean, sd });
  const summary = [
    {
      policy: "Avellaneda-Stoikov (gamma 0.01)",
      total: s(2, 0.5),
      spreadCapture: s(3, 0.2),
      adverseSelection: s(-0.5, 0.1),
      inventory: s(-0.3, 0.6),
      hedging: s(-0.2, 0.1),
    },
    {
      policy: "symmetric (half-spread 1 ticks)",
      total: s(7, 0.4),
      spreadCapture: s(10, 0.2),
      adverseSelection: s(-2, 0.3),
      inventory: s(-1, 0.2),
      hedging: s(0, 0),
    },
  ];
  const pnl = marketMakerPnlPlot(summary);
  const bars = (pnl.marks![0] as unknown as { data: { policy: string; part: string }[] }).data;
  assert.deepEqual([...new Set(bars.map((b) => b.policy))], ["Avellaneda-Stoikov", "symmetric"]);
  await assertSvgSnapshot("marketmaking_pnl", renderFigure(pnl).svg);
  const path = [0, 60, 120, 180, 240].map((seconds, k) => ({
    seconds,
    inventory: [0, 0.1, 0.3, -0.2, 0][k]!,
    mid: 100,
    pnl: k,
  }));
  await assertSvgSnapshot(
    "marketmaking_inventory",
    renderFigure(marketMakerInventoryPlot(path, { inventoryLimit: 0.5 })).svg,
  );
});
