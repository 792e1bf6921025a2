/** Tests of lib/plot/execution.ts (kept with the execution tests, which own these builders). */
import assert from "node:assert/strict";
import {
  AlmgrenChriss,
  efficientFrontier,
  efficientFrontierPlot,
  evaluateSchedules,
  holdingsTrajectoryPlot,
  renderFigure,
  tradeListPlot,
  twapSchedule,
} from "@lib/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

const PAPER = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 };

Deno.test("holdings and trade-list figures render with one series per label", () => {
  const model = new AlmgrenChriss(PAPER);
  const series = [
    { label: "lambda = 1e-6", holdings: model.trajectory(1e6, 5, 1), tau: 1 },
    { label: "TWAP", holdings: twapSchedule(1e6, 5), tau: 1 },
  ];
  const holdings = renderFigure(holdingsTrajectoryPlot(series, { holdingsScale: 1e3 }));
  assert.match(holdings.svg, /^<svg xmlns=/);
  assert.match(holdings.svg, /TWAP/); // legend
  const bars = renderFigure(tradeListPlot(series));
  assert.equal((bars.svg.match(/<rect/g) ?? []).length >= 10, true); // 2 series x 5 periods
  // many periods switch to step lines
  const long = renderFigure(
    tradeListPlot([{ label: "x", holdings: model.trajectory(1e6, 100, 0.05), tau: 0.05 }]),
  );
  assert.match(long.svg, /<path/);
  assertThrowsWith(
    () => holdingsTrajectoryPlot([{ label: "bad", holdings: [1, NaN], tau: 1 }]),
    RangeError,
    /holdings\[1\]/,
  );
});

Deno.test("holdings and trade-list plots share one frame and check their scale before the series", () => {
  // The shared frame (holdingsFrame in lib/plot/execution.ts): title when given, 60 px left margin, the
  // value axis with a grid, a legend of the labels only when there are several series.
  const series = [
    { label: "a", holdings: [2, 1, 0], tau: 1 },
    { label: "b", holdings: [2, 0, 0], tau: 1 },
  ];
  const frames = [
    holdingsTrajectoryPlot(series, { holdingsLabel: "H", title: "T" }),
    tradeListPlot(series, { tradeLabel: "H", title: "T" }),
  ];
  for (const options of frames) {
    assert.equal(options.title, "T");
    assert.equal(options.marginLeft, 60);
    assert.deepEqual(options.y, { label: "H", grid: true });
    assert.deepEqual(options.color, { legend: true, domain: ["a", "b"] });
  }
  for (const options of [holdingsTrajectoryPlot(series.slice(0, 1)), tradeListPlot(series.slice(0, 1))]) {
    assert.ok(!("title" in options));
    assert.deepEqual(options.color, { legend: false, domain: ["a"] });
  }
  // The values both read (holdingsSeriesRows): the scale first, then each series' tau and holdings.
  const bad = [{ label: "x", holdings: [1, NaN], tau: -1 }];
  assertThrowsWith(
    () => holdingsTrajectoryPlot(bad, { holdingsScale: 0 }),
    RangeError,
    /^Cannot plot holdings trajectories: holdingsScale must be finite and > 0: current value is 0$/,
  );
  assertThrowsWith(
    () => tradeListPlot(bad, { tradeScale: -1 }),
    RangeError,
    /^Cannot plot trade lists: tradeScale must be finite and > 0: current value is -1$/,
  );
  assertThrowsWith(
    () => tradeListPlot(bad),
    RangeError,
    /^Cannot plot trade lists: series\[0\]\.tau must be/,
  );
  assertThrowsWith(
    () => holdingsTrajectoryPlot([{ ...bad[0]!, tau: 1 }]),
    RangeError,
    /^Cannot plot holdings trajectories: series\[0\]\.holdings\[1\] must be a finite number/,
  );
  // Scaled values: holdings / holdingsScale and trades / tradeScale.
  const holdingsData = holdingsTrajectoryPlot(series, { holdingsScale: 2 }).marks![1] as unknown as {
    data: { holdings: number }[];
  };
  assert.deepEqual(holdingsData.data.map((d) => d.holdings), [1, 0.5, 0, 1, 0, 0]);
  const tradeData = tradeListPlot(series, { tradeScale: 2 }).marks![1] as unknown as {
    data: { trade: number }[];
  };
  assert.deepEqual(tradeData.data.map((d) => d.trade), [0.5, 0.5, 1, 0]);
});

Deno.test("frontier figure: curve, labelled ends, tangent and schedules", () => {
  const model = new AlmgrenChriss(PAPER);
  const frontier = efficientFrontier(model, {
    shares: 1e6,
    steps: 5,
    tau: 1,
    marks: [{ label: "A", lambda: 2e-6 }, { label: "lambda = 1e-6", lambda: 1e-6 }],
  });
  const schedules = evaluateSchedules(model, {
    schedules: [{ name: "TWAP", holdings: twapSchedule(1e6, 5) }],
    tau: 1,
  });
  const options = efficientFrontierPlot(frontier, { schedules, costScale: 1e6, riskScale: 1e12 });
  const svg = renderFigure(options).svg;
  for (const label of ["A", "lambda = 1e-6", "linear (λ = 0)", "immediate liquidation", "TWAP"]) {
    assert.ok(svg.includes(label), label);
  }
  assert.match(svg, /stroke-dasharray="4,3"/); // tangents
  // standard-deviation axis, and a mark at lambda = 0 replaces the linear end's label
  const bySd = efficientFrontier(model, {
    shares: 1e6,
    steps: 5,
    tau: 1,
    marks: [{ label: "B", lambda: 0 }],
  });
  const sdSvg = renderFigure(efficientFrontierPlot(bySd, { xAxis: "standardDeviation", riskScale: 1e6 })).svg;
  assert.ok(sdSvg.includes(">B<") && !sdSvg.includes("linear (λ = 0)"));
  assertThrowsWith(() => efficientFrontierPlot(frontier, { costScale: 0 }), RangeError, /costScale/);
});
