/**
 * Layout of every plot builder's figure: no text falls outside the SVG's viewBox, no two tick labels of
 * an axis overlap, and no axis label runs into a tick label.
 *
 * Text extents are estimated, not measured (there is no font engine here): a line of `n` characters at
 * font size `s` px is `n * 0.64 * s` wide (DejaVu Sans digits, the widest common fallback of
 * `system-ui, sans-serif`, are 0.636 em; most letters are narrower) and spans from `0.8 s` above its baseline to
 * `0.2 s` below it (ascent and descent of Latin fonts, rounded out). Positions follow the SVG as
 * written: `translate`/`rotate` transforms, nested `<svg>` offsets, `x`/`y`/`dy` in px or em,
 * `text-anchor`, and `font-size` from attributes or inline styles (a style wins, as in a browser).
 * Each builder runs on small deterministic inputs (seeded simulators, fixed arrays).
 */
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import * as plots from "@lib/plot/mod.ts";
import { simulateBookDay } from "@lib/book/mod.ts";
import { adverseSelectionStudy, marketMakerStudy, vpinStudy } from "@lib/marketmaking/mod.ts";
import {
  AlmgrenChriss,
  calibrateSquareRoot,
  calibrationPlot,
  calibrationSensitivity,
  costCurvePlot,
  efficientFrontier,
  efficientFrontierPlot,
  featureDistributionPlot,
  holdingsTrajectoryPlot,
  impactCurvePlot,
  impactPath,
  impactPathPlot,
  impactScatterPlot,
  learningCurvePlot,
  renderFigure,
  sensitivityPlot,
  SquareRootModel,
  tcaBreakdownPlot,
  tcaDistributionPlot,
  tcaImpactComparisonPlot,
  tcaMarkoutPlot,
  tradeListPlot,
  twapSchedule,
} from "@lib/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { predictedVsRealizedPlot, residualsByParticipationPlot } from "@lib/plot/mod.ts";
import { conditionedImpact, impactDecay, methodSpread, permanentImpactTape } from "@lib/tape/mod.ts";
import { capacityCurve, rebalancingStudy, syntheticUniverse } from "@lib/portfolio/mod.ts";
import {
  aggregateImpactPlot,
  capacityCurvePlot,
  conditionedImpactPlot,
  deltaSensitivityPlot,
  impactDecayPlot,
  metaorderLawPlot,
  metaorderPathPlot,
  methodSpreadPlot,
  readableLogTicks,
  rebalancingStudyPlot,
  responsePlot,
  signCorrelationPlot,
} from "@lib/plot/mod.ts";
import {
  aggregateImpact,
  deltaSensitivity,
  metaorderImpactPath,
  metaorderSquareRootLaw,
  propagatorResponse,
  responseFunction,
  signCorrelation,
  signExponent,
  syntheticMetaorders,
} from "@lib/tape/mod.ts";
import { synthesizeTrades } from "@lib/data/mod.ts";
import type * as Plot from "@observablehq/plot";

/**
 * Advance width of a character, em: DejaVu Sans digits (0.636 em, the widest common fallback of
 * `system-ui, sans-serif`) rounded up. Deliberately not the library's own CHAR_WIDTH_EM (0.62), so the
 * check does not merely agree with the estimate the layout was computed from.
 */
const CHAR_WIDTH = 0.64;

type Matrix = [number, number, number, number, number, number]; // a b c d e f, as SVG's matrix()

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function parseTransform(value: string | null): Matrix {
  let m = IDENTITY;
  for (const [, op, args] of (value ?? "").matchAll(/(translate|rotate|scale)\(([^)]*)\)/g)) {
    const a = args!.split(/[\s,]+/).filter(Boolean).map(Number);
    if (op === "translate") m = multiply(m, [1, 0, 0, 1, a[0] ?? 0, a[1] ?? 0]);
    else if (op === "scale") m = multiply(m, [a[0]!, 0, 0, a[1] ?? a[0]!, 0, 0]);
    else {
      const r = ((a[0] ?? 0) * Math.PI) / 180;
      const rotation: Matrix = [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0];
      m = a.length === 3
        ? multiply(multiply(multiply(m, [1, 0, 0, 1, a[1]!, a[2]!]), rotation), [1, 0, 0, 1, -a[1]!, -a[2]!])
        : multiply(m, rotation);
    }
  }
  return m;
}

/** A length in px or em (relative to `fontSize`). */
function length(value: string | null, fontSize: number): number {
  if (!value) return 0;
  const v = value.trim();
  return v.endsWith("em") ? parseFloat(v) * fontSize : parseFloat(v) || 0;
}

interface Box {
  text: string;
  group: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** The four corners of the (possibly rotated) text rectangle. */
  corners: number[][];
}

interface Context {
  matrix: Matrix;
  fontSize: number;
  anchor: string;
  group: string;
}

function ownFontSize(el: Element, inherited: number): number {
  const style = /font-size:\s*([\d.]+)px/.exec(el.getAttribute("style") ?? "");
  if (style) return Number(style[1]);
  const attr = el.getAttribute("font-size");
  return attr ? length(attr, inherited) : inherited;
}

/** Estimated bounding boxes, in the root SVG's coordinates, of every non-empty text line. */
function textBoxes(svg: string): { boxes: Box[]; viewBox: number[] } {
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${svg}</body></html>`);
  const root = document.querySelector("svg")!;
  const viewBox =
    (root.getAttribute("viewBox") ?? `0 0 ${root.getAttribute("width")} ${root.getAttribute("height")}`)
      .split(/[\s,]+/).map(Number);
  const boxes: Box[] = [];
  const visit = (el: Element, ctx: Context) => {
    const tag = el.tagName.toLowerCase();
    const fontSize = ownFontSize(el, ctx.fontSize);
    let matrix = ctx.matrix;
    if (tag === "svg" && el !== root) {
      matrix = multiply(matrix, [
        1,
        0,
        0,
        1,
        length(el.getAttribute("x"), fontSize),
        length(el.getAttribute("y"), fontSize),
      ]);
    }
    matrix = multiply(matrix, parseTransform(el.getAttribute("transform")));
    const here: Context = {
      matrix,
      fontSize,
      anchor: el.getAttribute("text-anchor") ?? ctx.anchor,
      group: el.getAttribute("aria-label") ?? ctx.group,
    };
    if (tag === "text") {
      const spans = Array.from(el.querySelectorAll("tspan"));
      const lines = spans.length > 0 ? spans : [el];
      let y = length(el.getAttribute("y"), fontSize) + length(el.getAttribute("dy"), fontSize);
      const x0 = length(el.getAttribute("x"), fontSize) + length(el.getAttribute("dx"), fontSize);
      for (const line of lines) {
        if (line !== el) y += length(line.getAttribute("dy"), fontSize);
        const text = (line.textContent ?? "").trim();
        if (!text) continue;
        const w = Array.from(text).length * CHAR_WIDTH * fontSize;
        const x = line !== el && line.hasAttribute("x") ? length(line.getAttribute("x"), fontSize) : x0;
        const left = here.anchor === "middle" ? x - w / 2 : here.anchor === "end" ? x - w : x;
        const corners = [[left, y - 0.8 * fontSize], [left + w, y - 0.8 * fontSize], [
          left,
          y + 0.2 * fontSize,
        ], [
          left + w,
          y + 0.2 * fontSize,
        ]].map(([px, py]) => [
          matrix[0] * px! + matrix[2] * py! + matrix[4],
          matrix[1] * px! + matrix[3] * py! + matrix[5],
        ]);
        boxes.push({
          text,
          group: here.group,
          left: Math.min(...corners.map((c) => c[0]!)),
          right: Math.max(...corners.map((c) => c[0]!)),
          top: Math.min(...corners.map((c) => c[1]!)),
          bottom: Math.max(...corners.map((c) => c[1]!)),
          corners: [corners[0]!, corners[1]!, corners[3]!, corners[2]!],
        });
      }
      return;
    }
    for (const child of Array.from(el.children)) visit(child, here);
  };
  visit(root, { matrix: IDENTITY, fontSize: 16, anchor: "start", group: "" });
  return { boxes, viewBox };
}

/**
 * Whether two text rectangles (rotated ones included) overlap by more than `tolerance` px, by the
 * separating-axis test: convex shapes are disjoint when their projections on one edge normal are.
 */
function overlap(a: Box, b: Box, tolerance = 0.5): boolean {
  for (const shape of [a, b]) {
    for (let k = 0; k < 4; k++) {
      const [x1, y1] = shape.corners[k]!, [x2, y2] = shape.corners[(k + 1) % 4]!;
      const nx = -(y2! - y1!), ny = x2! - x1!;
      const norm = Math.hypot(nx, ny);
      if (norm === 0) continue;
      const project = (box: Box) => box.corners.map(([x, y]) => (x! * nx + y! * ny) / norm);
      const pa = project(a), pb = project(b);
      if (
        Math.min(Math.max(...pa), Math.max(...pb)) - Math.max(Math.min(...pa), Math.min(...pb)) <= tolerance
      ) {
        return false;
      }
    }
  }
  return true;
}

/** Layout problems of an SVG: text outside the viewBox, overlapping tick labels, axis labels on ticks. */
function layoutProblems(svg: string): string[] {
  const { boxes, viewBox } = textBoxes(svg);
  const [vx, vy, vw, vh] = viewBox as [number, number, number, number];
  const problems: string[] = [];
  const tolerance = 0.5;
  for (const b of boxes) {
    if (
      b.left < vx - tolerance || b.top < vy - tolerance || b.right > vx + vw + tolerance ||
      b.bottom > vy + vh + tolerance
    ) {
      problems.push(
        `"${b.text}" (${b.group || "text"}) spans x ${b.left.toFixed(1)}..${b.right.toFixed(1)}, y ${
          b.top.toFixed(1)
        }..${b.bottom.toFixed(1)}, outside the viewBox ${viewBox.join(" ")}`,
      );
    }
  }
  const ticks = boxes.filter((b) => b.group.endsWith("tick label"));
  for (let i = 0; i < ticks.length; i++) {
    for (let j = i + 1; j < ticks.length; j++) {
      if (ticks[i]!.group === ticks[j]!.group && overlap(ticks[i]!, ticks[j]!)) {
        problems.push(`tick labels "${ticks[i]!.text}" and "${ticks[j]!.text}" (${ticks[i]!.group}) overlap`);
      }
    }
  }
  for (const label of boxes.filter((b) => / label$/.test(b.group) && !b.group.endsWith("tick label"))) {
    for (const tick of ticks) {
      if (overlap(label, tick)) {
        problems.push(`axis label "${label.text}" overlaps tick label "${tick.text}"`);
      }
    }
  }
  return problems;
}

const orders = simulateMetaorders(1_000, { seed: 3 });
const fit = calibrateSquareRoot(
  { sizes: orders.map((o) => o.size), impacts: orders.map((o) => o.realizedImpact) },
  {
    dailyVolatility: 0.03,
    averageDailyVolume: 100_000,
    method: "binned",
    bins: 10,
    bootstrapSamples: 20,
    seed: 3,
  },
);
const pointwise = calibrateSquareRoot(
  { sizes: orders.map((o) => o.size), impacts: orders.map((o) => o.realizedImpact) },
  { dailyVolatility: 0.03, averageDailyVolume: 100_000, method: "pointwise", bootstrapSamples: 20, seed: 3 },
);
const law = { eta: 0.8, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1e6 };
const paper = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 };
const model = new AlmgrenChriss(paper);
const frontier = efficientFrontier(model, {
  shares: 1e6,
  steps: 5,
  tau: 1,
  marks: [{ label: "A", lambda: 2e-6 }, { label: "tangent point", lambda: 1e-6 }],
});
const stats = (mean: number, count = 40) => ({
  count,
  mean,
  std: 0.001,
  median: mean,
  p5: mean - 0.002,
  p95: mean + 0.002,
});
const groups = Array.from({ length: 24 }, (_, h) => ({
  group: `${h} UTC`,
  key: h,
  count: 40,
  metrics: { implementationShortfall: stats(3e-4 + h * 1e-5), impactCost: stats(2e-4) },
}));
const realizedBps = orders.map((o) => Math.sign(o.size) * o.realizedImpact * 1e4);
const predictions = {
  realizedBps,
  predictedBps: { law: orders.map((o) => 0.8 * 0.03 * Math.sqrt(o.participation) * 1e4) },
};

/** One figure per builder, on small deterministic inputs; several for builders with distinct layouts. */
/** A small seeded tape (3 days of 4,000 trades) and the tape estimators' results on it. */
const placeboMarket = permanentImpactTape({ days: 10, tradesPerDay: 3000, seed: 2 });
const placeboMetaorders = syntheticMetaorders(placeboMarket, { traders: 4 });

const tapeStudy = (() => {
  const tape = synthesizeTrades({ days: 3, tradesPerDay: 4000, seed: 11 });
  const correlation = signCorrelation(tape, { maxLag: 200 });
  const metaorders = syntheticMetaorders(tape, { traders: 20 });
  return {
    correlation,
    exponent: signExponent(correlation, { bootstrapSamples: 20 }),
    response: responseFunction(tape, { maxLag: 200, mids: tape.mids }),
    aggregate: aggregateImpact(tape, { windows: [10, 100], bootstrapSamples: 20 }),
    law: metaorderSquareRootLaw(metaorders, { bins: 8, bootstrapSamples: 20 }),
    path: metaorderImpactPath(metaorders, tape, { minDurationTrades: 5, bootstrapSamples: 20 }),
    sensitivity: deltaSensitivity(tape, {
      traderCounts: [10, 20, 40],
      law: { bins: 8, bootstrapSamples: 20 },
    }),
  };
})();

const CASES: Record<string, () => Plot.PlotOptions[]> = {
  signCorrelationPlot: () => [
    signCorrelationPlot(tapeStudy.correlation, tapeStudy.exponent),
    signCorrelationPlot(tapeStudy.correlation),
  ],
  responsePlot: () => [
    responsePlot(tapeStudy.response),
    responsePlot(tapeStudy.response, {
      unit: "ticks",
      extra: [{
        label: "propagator model",
        values: propagatorResponse([1, 0.6, 0.4, 0.3], tapeStudy.correlation.correlation, 200),
      }],
    }),
  ],
  aggregateImpactPlot: () => [aggregateImpactPlot(tapeStudy.aggregate)],
  metaorderLawPlot: () => [metaorderLawPlot(tapeStudy.law)],
  metaorderPathPlot: () => [
    metaorderPathPlot(tapeStudy.path),
    metaorderPathPlot(tapeStudy.path, { phase: "after" }),
  ],
  deltaSensitivityPlot: () => [deltaSensitivityPlot(tapeStudy.sensitivity)],
  impactDecayPlot: () => [
    impactDecayPlot(
      impactDecay(placeboMetaorders, placeboMarket, {
        minChildren: 2,
        minDurationTrades: 4,
        bootstrapSamples: 20,
      }),
    ),
  ],
  methodSpreadPlot: () => {
    const spread = methodSpread(placeboMarket, {
      traderCounts: [4, 40],
      seeds: [1],
      law: { bootstrapSamples: 0 },
    });
    return [methodSpreadPlot(spread), methodSpreadPlot(spread, { delta: 0.9, deltaInterval: [0.8, 1.1] })];
  },
  conditionedImpactPlot: () => [
    conditionedImpactPlot(conditionedImpact(placeboMetaorders, { bootstrapSamples: 20 })),
    conditionedImpactPlot(
      conditionedImpact(placeboMetaorders, { by: "participationRate", bootstrapSamples: 20 }),
    ),
  ],
  impactCurvePlot: () => [
    impactCurvePlot([{ label: "a", law }, { label: "b", law: { ...law, delta: 1 } }]),
    {
      ...impactCurvePlot([{ label: "a", law }]),
      y: { type: "log", label: "expected impact (bps)", tickFormat: "~g" },
    },
  ],
  calibrationPlot:
    () => [calibrationPlot(fit, { truth: { eta: 0.8, delta: 0.5 } }), calibrationPlot(pointwise)],
  impactPathPlot: () => [
    impactPathPlot([1_000, 50_000].map((size) => ({
      label: `${size}`,
      points: impactPath(new SquareRootModel(law), size),
    }))),
    // A title longer than the figure is wide, and more legend entries than fit on one row.
    {
      ...impactPathPlot([1_000, 5_000, 20_000, 50_000, 100_000, 200_000].map((size) => ({
        label: `metaorder of ${size.toLocaleString("en-US")} BTC`,
        points: impactPath(new SquareRootModel(law), size),
      }))),
      title:
        "Expected price path of a buy metaorder: build-up while it trades, then relaxation to 2/3 of the peak",
    },
  ],
  costCurvePlot: () => [costCurvePlot(law, 100_000)],
  impactScatterPlot: () => [impactScatterPlot(orders, { law })],
  sensitivityPlot: () => [
    sensitivityPlot(
      calibrationSensitivity({ sampleSizes: [100, 400], marketNoiseLevels: [0, 1], repetitions: 4, seed: 1 }),
    ),
  ],
  holdingsTrajectoryPlot: () => [
    holdingsTrajectoryPlot(
      [1e-6, 2e-6].map((lambda) => ({
        label: `${lambda}`,
        holdings: model.withLambda(lambda).trajectory(1e6, 5, 1),
        tau: 1,
      })),
      { holdingsScale: 1e3, holdingsLabel: "holdings (thousand shares)" },
    ),
  ],
  tradeListPlot: () => [
    tradeListPlot([{ label: "TWAP", holdings: twapSchedule(1e6, 5), tau: 1 }]),
    tradeListPlot([{ label: "TWAP", holdings: twapSchedule(1e6, 40), tau: 1 }]),
  ],
  efficientFrontierPlot: () => [
    efficientFrontierPlot(frontier, {
      costScale: 1e6,
      riskScale: 1e12,
      costLabel: "expected cost E[x] ($ millions)",
    }),
    efficientFrontierPlot(frontier, {
      xAxis: "standardDeviation",
      schedules: [{ name: "TWAP", expectedCost: 7e5, variance: 1.2e12 }],
    }),
  ],
  featureDistributionPlot: () => [
    featureDistributionPlot(orders.map((o) => [Math.log(o.participation), o.dailyVolatility]), [
      "log participation",
      "sigma",
    ]),
  ],
  learningCurvePlot: () => [
    learningCurvePlot({
      trainLoss: [900, 600, 580, 575],
      validationLoss: [950, 640, 650, 660],
      bestEpoch: 2,
      stoppedEarly: true,
    }),
    learningCurvePlot({
      trainLoss: [900, 60, 8],
      validationLoss: [950, 64, 9],
      bestEpoch: 3,
      stoppedEarly: false,
    }, {
      logY: true,
    }),
  ],
  predictedVsRealizedPlot: () => [predictedVsRealizedPlot(predictions)],
  residualsByParticipationPlot: () => [
    residualsByParticipationPlot(orders.map((o) => o.participation), predictions),
  ],
  tcaDistributionPlot: () => [
    tcaDistributionPlot([{
      label: "shortfall",
      values: orders.map((o) => Math.sign(o.size) * o.realizedImpact),
    }]),
  ],
  tcaImpactComparisonPlot: () => [
    tcaImpactComparisonPlot([{
      label: "law",
      bins: [0, 1, 2].map((bin) => ({
        bin,
        count: 10,
        x: 1e-4 * (bin + 1),
        y: 1.2e-4 * (bin + 1),
        yStdError: 2e-5,
      })),
    }]),
  ],
  tcaBreakdownPlot: () => [
    tcaBreakdownPlot(groups.slice(0, 3), {
      metrics: ["implementationShortfall", "impactCost"],
      groupLabel: "bucket",
    }),
    tcaBreakdownPlot(groups, { groupLabel: "UTC hour" }),
  ],
  tcaMarkoutPlot: () => [
    tcaMarkoutPlot([{
      label: "all",
      metrics: { markout1m: stats(1e-4), markout5m: stats(2e-4), markout60m: stats(3e-4) },
    }]),
  ],
  bookDepthPlot: () => {
    const d = Array.from({ length: 15 }, (_, i) => i);
    return [
      plots.bookDepthPlot({
        distanceTicks: d,
        bidDepth: d.map((i) => 0.6 * (1 - Math.exp(-i / 3))),
        askDepth: d.map((i) => 0.6 * (1 - Math.exp(-i / 4))),
      }),
    ];
  },
  spreadDistributionPlot: () => [plots.spreadDistributionPlot([1, 1, 1, 2, 2, 3, 4, 5, 7])],
  bookWindowPlot: () => {
    const t = Array.from({ length: 40 }, (_, i) => i * 250);
    const bid = t.map((_, i) => 59_998.5 + 0.1 * Math.round(3 * Math.sin(i / 5)));
    const quotes = { timestamps: t, bidPrices: bid, askPrices: bid.map((b, i) => b + 0.1 * (1 + (i % 3))) };
    return [
      plots.bookWindowPlot(quotes, { timestamps: t, prices: bid, signs: t.map((_, i) => (i % 2 ? 1 : -1)) }),
    ];
  },
  shortfallComparisonPlot: () => [
    plots.shortfallComparisonPlot(["optimal, half-life 4 min", "TWAP (λ = 0)", "POV 8 %"].map((name, i) => ({
      name,
      lawBps: 0.3,
      expectedBps: 0.3 + 0.1 * i,
      realisedMeanBps: 0.2,
      medianBps: 0.18,
      q05Bps: -0.3,
      q95Bps: 0.7 + 0.05 * i,
    }))),
  ],
  capacityCurvePlot: () => {
    const universe = syntheticUniverse({ assets: 4, days: 120, seed: 2 });
    const curve = capacityCurve(universe, { capitals: [1e4, 1e6, 1e8, 1e9] });
    return [capacityCurvePlot(curve), capacityCurvePlot(curve, { showGross: true, title: "capacity" })];
  },
  rebalancingStudyPlot: () => {
    const study = rebalancingStudy(syntheticUniverse({ assets: 4, days: 120, seed: 2 }), { capital: 1e7 });
    return [rebalancingStudyPlot(study), rebalancingStudyPlot(study, { show: "cumulative" })];
  },
};

const mmTape = simulateBookDay({ durationSeconds: 3600, seed: 3 }).tape;
const adverse = adverseSelectionStudy(mmTape, { bootstrapSamples: 50 });
const vpinResult = vpinStudy(mmTape, {
  bucketsPerDay: 4000,
  windowBuckets: 20,
  barSeconds: 10,
  bootstrapSamples: 20,
});
const maker = marketMakerStudy({ seeds: [1, 2], sessionSeconds: 300 });
Object.assign(CASES, {
  markoutBucketPlot: () => [
    plots.markoutBucketPlot(adverse.byImbalance, { variable: "side-aligned imbalance" }),
    plots.markoutBucketPlot(adverse.bySize, { variable: "trade size" }),
  ],
  spreadDecompositionPlot: () => [plots.spreadDecompositionPlot(adverse.decomposition)],
  vpinPlot: () => [plots.vpinPlot(vpinResult)],
  marketMakerPnlPlot: () => [plots.marketMakerPnlPlot(maker.summary, { unit: "USDT" })],
  marketMakerInventoryPlot:
    () => [plots.marketMakerInventoryPlot(maker.paths[0]!.path, { inventoryLimit: 0.5 })],
});

Deno.test("every exported plot builder has a layout case", () => {
  const builders = Object.keys(plots).filter((name) => /Plot$/.test(name)).sort();
  assert.deepEqual(Object.keys(CASES).sort(), builders);
});

for (const [name, make] of Object.entries(CASES)) {
  Deno.test(`${name}: no text outside the figure, no overlapping tick or axis labels`, () => {
    make().forEach((options, i) => {
      const problems = layoutProblems(renderFigure(options).svg);
      assert.deepEqual(problems, [], `${name} case ${i}:\n${problems.join("\n")}`);
    });
  });
}

Deno.test("the layout check flags a cut label, overlapping ticks and a label on a tick", () => {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" width="100" height="50" font-size="12">
<g aria-label="y-axis tick label" text-anchor="end"><text transform="translate(10,20)">0.0002</text>
<text transform="translate(60,24)">0.1</text><text transform="translate(60,28)">0.2</text></g>
<g aria-label="y-axis label"><text transform="translate(40,26)">cost</text></g></svg>`;
  const problems = layoutProblems(svg);
  assert.ok(problems.some((p) => p.startsWith('"0.0002"') && p.includes("outside")), problems.join("\n"));
  assert.ok(problems.some((p) => p.includes('"0.1" and "0.2"')), problems.join("\n"));
  assert.ok(problems.some((p) => p.includes('axis label "cost" overlaps')), problems.join("\n"));
});

Deno.test("log axes label every tick: no blank labels, no exponent-only clusters", () => {
  const svg = renderFigure(calibrationPlot(pointwise)).svg;
  const { boxes } = textBoxes(svg);
  const yTicks = boxes.filter((b) => b.group === "y-axis tick label").map((b) => b.text);
  const { document } = parseHTML(`<html><body>${svg}</body></html>`);
  const all = Array.from(document.querySelectorAll('g[aria-label="y-axis tick label"] text'));
  assert.equal(yTicks.length, all.length, "every y tick has a label");
  assert.ok(yTicks.every((t) => /^[\d.,]+$|^\d(\.\d+)?e[-+]\d+$/.test(t)), yTicks.join(" "));
});

Deno.test("readableLogTicks: decades, with 2 and 5 only where they fit, and thinned decades when crowded", () => {
  assert.deepEqual(readableLogTicks([0.01, 10], 580, { orientation: "x" }), [
    0.01,
    0.02,
    0.05,
    0.1,
    0.2,
    0.5,
    1,
    2,
    5,
    10,
  ]);
  assert.deepEqual(readableLogTicks([1e-5, 0.1], 150, { orientation: "y" }), [1e-5, 1e-4, 0.001, 0.01, 0.1]);
  // 12 decades in 100 px: every third power of ten.
  assert.deepEqual(readableLogTicks([1e-6, 1e6], 100, { orientation: "y" }), [1e-6, 0.001, 1, 1000, 1e6]);
  // Less than a decade: 1..9 mantissas.
  assert.deepEqual(readableLogTicks([2, 9], 300, { orientation: "y" }), [2, 3, 4, 5, 6, 7, 8, 9]);
  assert.throws(() => readableLogTicks([0, 1], 100, { orientation: "x" }), RangeError);
});
