import assert from "node:assert/strict";
import {
  aggregateImpact,
  aggregateImpactPlot,
  metaorderImpactPath,
  metaorderLawPlot,
  metaorderPathPlot,
  metaorderSquareRootLaw,
  renderFigure,
  responseFunction,
  responsePlot,
  signCorrelationPlot,
  signExponent,
  syntheticMetaorders,
} from "@lib/mod.ts";
import { synthesizeTrades } from "@lib/data/mod.ts";
import { deltaSensitivity, signCorrelation } from "@lib/tape/mod.ts";
import { deltaSensitivityPlot } from "@lib/plot/mod.ts";

const tape = synthesizeTrades({ days: 3, tradesPerDay: 20_000, seed: 2 });
const metaorders = syntheticMetaorders(tape, { traders: 30 });

Deno.test("sign correlation plot: positive lags as dots, fitted line over the fit range, caption with gamma", () => {
  const c = signCorrelation(tape, { maxLag: 100 });
  const e = signExponent(c, { bootstrapSamples: 20 });
  const options = signCorrelationPlot(c, e);
  const dots = (options.marks![0] as unknown as { data: { lag: number; c: number }[] }).data;
  assert.equal(dots.length, c.correlation.filter((v) => v > 0).length);
  assert.match(String(options.caption), new RegExp(`l\\^-${e.gamma.toFixed(3)}`));
  assert.match(renderFigure(options).svg, /<circle/);
});

Deno.test("response plot: one curve per series, unit in the label", () => {
  const r = responseFunction(tape, { maxLag: 50 });
  const svg =
    renderFigure(responsePlot(r, { unit: "ticks", extra: [{ label: "model", values: r.ticks }] })).svg;
  assert.match(svg, /response R\(l\) \(ticks\)/);
  assert.match(svg, /model/);
});

Deno.test("aggregate, law, path and sensitivity plots render with their labels", () => {
  const a = aggregateImpact(tape, { windows: [10, 100], bootstrapSamples: 0 });
  assert.match(renderFigure(aggregateImpactPlot(a)).svg, /T = 10 trades/);
  const law = metaorderSquareRootLaw(metaorders, { bootstrapSamples: 20 });
  assert.match(renderFigure(metaorderLawPlot(law)).svg, /slope 1\/2/);
  const path = metaorderImpactPath(metaorders, tape, { bootstrapSamples: 20 });
  const execution = metaorderPathPlot(path);
  const rows = (execution.marks!.at(-1) as unknown as { data: { time: number; rel: number }[] }).data;
  assert.deepEqual(rows[0], { time: 0, rel: 0, lo: 0, hi: 0 }); // the path starts at the origin
  assert.equal(rows.at(-1)!.rel, 1); // and ends at completion
  assert.match(renderFigure(metaorderPathPlot(path, { phase: "after" })).svg, /1 = completion/);
  const sens = deltaSensitivity(tape, { traderCounts: [10, 30], law: { bootstrapSamples: 20 } });
  assert.match(renderFigure(deltaSensitivityPlot(sens)).svg, /measured exponent delta/);
});
