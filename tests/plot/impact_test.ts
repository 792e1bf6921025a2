import assert from "node:assert/strict";
import {
  calibrateSquareRoot,
  calibrationPlot,
  costCurvePlot,
  impactCurvePlot,
  impactPath,
  impactPathPlot,
  impactScatterPlot,
  renderFigure,
  sensitivityPlot,
  SquareRootModel,
} from "@lib/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { assertSvgSnapshot } from "./_snapshot.ts";

Deno.test("impact curves match their snapshot: two laws, a legend, log participation", async () => {
  const svg = renderFigure(
    impactCurvePlot([
      { label: "a", law: { eta: 1, delta: 0.5, dailyVolatility: 0.02 } },
      { label: "b", law: { eta: 1, delta: 1, dailyVolatility: 0.02 } },
    ]),
  ).svg;
  await assertSvgSnapshot("impact_curve", svg);
});

Deno.test("calibrationPlot draws every fitted point, the fit, the truth and the band", () => {
  const orders = simulateMetaorders(400, { seed: 1 });
  const fit = calibrateSquareRoot(
    { sizes: orders.map((o) => o.size), impacts: orders.map((o) => o.realizedImpact) },
    { dailyVolatility: 0.03, averageDailyVolume: 100_000, method: "binned", bins: 10, bootstrapSamples: 50 },
  );
  const svg = renderFigure(calibrationPlot(fit, { truth: { eta: 0.8, delta: 0.5 } })).svg;
  assert.equal((svg.match(/<circle/g) ?? []).length, fit.fitPoints.x.length);
  assert.match(svg, /truth: eta=0.8/);
  assert.match(svg, /fit: eta=/);
});

/**
 * Hand-made metaorders for the snapshots: 40 sizes growing by 20 % from 100, impact on the law
 * `0.03 * 0.8 * sqrt(|Q| / 100,000)` times a fixed wiggle `1 + 0.3 sin(i)`, every third one a sale. Typed-in
 * numbers, not a simulation, so a snapshot changes only when the figure does.
 */
const handMade = Array.from({ length: 40 }, (_, i) => {
  const size = 100 * Math.pow(1.2, i) * (i % 3 === 2 ? -1 : 1);
  const participation = Math.abs(size) / 100_000;
  return {
    size,
    participation,
    realizedImpact: Math.sign(size) * 0.024 * Math.sqrt(participation) * (1 + 0.3 * Math.sin(i)),
  };
});

Deno.test("calibration, path, cost, scatter and sensitivity figures match their snapshots", async () => {
  const orders = handMade;
  const fit = calibrateSquareRoot(
    { sizes: orders.map((o) => o.size), impacts: orders.map((o) => o.realizedImpact) },
    {
      dailyVolatility: 0.03,
      averageDailyVolume: 100_000,
      method: "binned",
      bins: 8,
      bootstrapSamples: 50,
      seed: 42, // the bootstrap seed the snapshot was drawn with
    },
  );
  await assertSvgSnapshot(
    "calibration",
    renderFigure(calibrationPlot(fit, { truth: { eta: 0.8, delta: 0.5 } })).svg,
  );
  const law = new SquareRootModel({
    eta: 0.8,
    delta: 0.5,
    dailyVolatility: 0.03,
    averageDailyVolume: 100_000,
  });
  await assertSvgSnapshot(
    "impact_path",
    renderFigure(impactPathPlot([{ label: "1,000", points: impactPath(law, 1_000, { points: 40 }) }])).svg,
  );
  await assertSvgSnapshot("cost_curve", renderFigure(costCurvePlot(law, 60_000)).svg);
  await assertSvgSnapshot(
    "impact_scatter",
    renderFigure(impactScatterPlot(orders, { law })).svg,
  );
  const rows = [
    { sampleSize: 100, marketNoise: 0, deltaRmse: 0.02 },
    { sampleSize: 400, marketNoise: 0, deltaRmse: 0.01 },
    { sampleSize: 100, marketNoise: 1, deltaRmse: 0.2 },
    { sampleSize: 400, marketNoise: 1, deltaRmse: 0.1 },
  ];
  await assertSvgSnapshot("sensitivity", renderFigure(sensitivityPlot(rows)).svg);
});
