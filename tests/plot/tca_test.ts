import assert from "node:assert/strict";
import {
  analyzeTrades,
  renderFigure,
  summarizeTca,
  tcaBinnedMeans,
  tcaBreakdownPlot,
  tcaDistributionPlot,
  tcaImpactComparisonPlot,
  tcaMarkoutPlot,
  tradesToTcaFrame,
} from "@lib/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import type { TcaMetricStats } from "@lib/tca/mod.ts";
import { tcaMarkoutCurve } from "@lib/plot/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

const records = simulateMetaorders(2_000, { seed: 51 });
const { results } = analyzeTrades(tradesToTcaFrame(records), { impactLaw: { eta: 0.8, delta: 0.5 } });
const summary = summarizeTca(results);
const column = (name: string) => Float64Array.from(results.getColumn(name).toArray() as number[]);

Deno.test("distribution plot: one step line per metric, shares sum to 100 % inside the range", () => {
  const options = tcaDistributionPlot([
    { label: "implementation shortfall", values: column("implementationShortfall") },
    { label: "VWAP slippage", values: column("vwapSlippage") },
  ], { bins: 40, clip: [0, 1] });
  const figure = renderFigure(options);
  assert.ok(figure.svg.startsWith("<svg xmlns="));
  assert.match(figure.svg, /implementation shortfall/);
  assert.match(String(options.caption), /0 of 4,000 values outside/);
  // With clip [0, 1] every value is inside, so each metric's shares sum to 100 %.
  const data = (options.marks![1] as unknown as { data: { metric: string; share: number }[] }).data;
  for (const metric of ["implementation shortfall", "VWAP slippage"]) {
    const total = data.filter((d) => d.metric === metric).reduce((a, d) => a + d.share, 0);
    assert.ok(Math.abs(total - 100) < 1e-9, `${metric}: ${total}`);
  }
  assertThrowsWith(() => tcaDistributionPlot([{ label: "x", values: [NaN] }]), RangeError, /no series/);
  assertThrowsWith(() => tcaDistributionPlot([{ label: "x", values: [1] }], { bins: 1 }), RangeError, /bins/);
});

Deno.test("impact comparison plot: dots per bin, error bars and the y = x line", () => {
  const bins = tcaBinnedMeans(results, { bins: 10 });
  const figure = renderFigure(tcaImpactComparisonPlot([{ label: "square-root law", bins }]));
  assert.equal((figure.svg.match(/<circle/g) ?? []).length, 10);
  assert.match(figure.svg, /y = x/);
  assert.match(figure.svg, /mean implementation shortfall \(bps\)/);
});

Deno.test("breakdown plot: one bar per group and metric, in the groups' order", () => {
  const options = tcaBreakdownPlot(summary.bySide, {
    metrics: ["implementationShortfall", "spreadCost"],
    groupLabel: "side",
  });
  const figure = renderFigure(options);
  assert.equal((figure.svg.match(/<rect/g) ?? []).length >= 4, true);
  assert.deepEqual((options.fx as { domain: string[] }).domain, ["buy", "sell"]);
  assert.match(figure.svg, /mean \(bps\)/);
  const hours = renderFigure(tcaBreakdownPlot(summary.byHour, { stat: "median", groupLabel: "UTC hour" }));
  assert.match(hours.svg, /median \(bps\)/);
});

Deno.test("markout curve and plot read markout<h>m metrics by horizon", () => {
  const s = (mean: number): TcaMetricStats => ({ count: 100, mean, std: 0.001, median: mean, p5: 0, p95: 0 });
  const metrics = {
    markout30m: s(0.0003),
    implementationShortfall: s(1),
    markout1m: s(0.0001),
    markout5m: s(0.0002),
  };
  assert.deepEqual(tcaMarkoutCurve(metrics).map((p) => p.horizonMinutes), [1, 5, 30]);
  const figure = renderFigure(tcaMarkoutPlot([{ label: "all", metrics }, { label: "buys", metrics }]));
  assert.match(figure.svg, /minutes after the end of the trade/);
  assert.match(figure.svg, /buys/);
});
