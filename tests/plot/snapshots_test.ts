/**
 * An SVG snapshot of every plot builder that had none (the others are in impact_test.ts and ml_test.ts),
 * each drawn from small hand-made inputs written here: closed-form curves and typed-in numbers, never the
 * output of a simulation upstream, so a snapshot changes only when the figure does. Inputs are typed as
 * the builder's input type; where that type carries fields the builder does not read (block sums of a
 * tape, bootstrap settings), only the fields it reads are given, through `Pick`.
 *
 * `UPDATE_SNAPSHOTS=1 deno test --allow-all tests/plot/` rewrites them (review the diff).
 */
import assert from "node:assert/strict";
import {
  aggregateImpactPlot,
  efficientFrontierPlot,
  featureDistributionPlot,
  holdingsTrajectoryPlot,
  learningCurvePlot,
  metaorderLawPlot,
  metaorderPathPlot,
  renderFigure,
  responsePlot,
  signCorrelationPlot,
  tcaBreakdownPlot,
  tcaDistributionPlot,
  tcaImpactComparisonPlot,
  tcaMarkoutPlot,
  tradeListPlot,
} from "@lib/mod.ts";
import { deltaSensitivityPlot, residualsByParticipationPlot } from "@lib/plot/mod.ts";
import type {
  AggregateImpact,
  DeltaSensitivityRow,
  MetaorderLaw,
  MetaorderPathPoint,
  ResponseFunction,
  SignCorrelation,
  SignExponent,
} from "@lib/tape/mod.ts";
import type { EfficientFrontier, ScheduleEvaluation } from "@lib/execution/mod.ts";
import type { TcaBin, TcaGroupSummary, TcaMetricStats } from "@lib/tca/mod.ts";
import { assertSvgSnapshot } from "./_snapshot.ts";

const snapshot = async (name: string, options: Parameters<typeof renderFigure>[0]) => {
  const svg = renderFigure(options).svg;
  assert.match(svg, /^<svg xmlns=/);
  await assertSvgSnapshot(name, svg);
};

// Execution: a 4-period sale of 1,000 shares, linear and front-loaded, typed in.
const holdings = [
  { label: "linear", holdings: [1000, 750, 500, 250, 0], tau: 1 },
  { label: "front-loaded", holdings: [1000, 500, 250, 100, 0], tau: 1 },
];

Deno.test("snapshot: holdingsTrajectoryPlot", async () => {
  await snapshot("holdings_trajectory", holdingsTrajectoryPlot(holdings, { title: "Holdings" }));
});

Deno.test("snapshot: tradeListPlot", async () => {
  await snapshot("trade_list", tradeListPlot(holdings));
});

Deno.test("snapshot: efficientFrontierPlot", async () => {
  // A frontier E = 100 + 1e4 / V (E in currency, V in currency squared), marks typed in on it.
  const point = (lambda: number | null, variance: number) => ({
    lambda,
    expectedCost: 100 + 1e4 / variance,
    variance,
    standardDeviation: Math.sqrt(variance),
  });
  const frontier: EfficientFrontier = {
    shares: 1000,
    steps: 4,
    tau: 1,
    points: [400, 300, 200, 150, 100, 75, 50].map((v, i) => point(i * 1e-3, v)),
    linear: { ...point(0, 400), label: "linear (λ = 0)" },
    minimumVariance: { ...point(null, 40), label: "immediate liquidation" },
    marks: [{ ...point(2e-3, 200), label: "A" }],
  };
  const schedules: ScheduleEvaluation[] = [
    {
      name: "TWAP",
      steps: 4,
      expectedCost: 140,
      variance: 380,
      standardDeviation: Math.sqrt(380),
      utility: 140,
    },
  ];
  await snapshot("efficient_frontier", efficientFrontierPlot(frontier, { schedules }));
});

// ML: three features of four rows, a 5-epoch history, eight realised impacts with two models.
Deno.test("snapshot: featureDistributionPlot", async () => {
  const rows = [[1, 0.1, 10], [2, 0.2, 30], [2, 0.4, 20], [4, 0.3, 40]];
  await snapshot(
    "feature_distribution",
    featureDistributionPlot(rows, ["size", "spread", "volume"], { bins: 4 }),
  );
});

Deno.test("snapshot: learningCurvePlot", async () => {
  const history = {
    trainLoss: [9, 5, 3, 2.5, 2.2],
    validationLoss: [10, 6, 4, 4.2, 4.5],
    bestEpoch: 3,
    stoppedEarly: true,
  };
  await snapshot("learning_curve", learningCurvePlot(history, { title: "Loss" }));
});

Deno.test("snapshot: residualsByParticipationPlot", async () => {
  const set = {
    realizedBps: [1, 2, 3, 4, 5, 6, 7, 8],
    predictedBps: { law: [1.5, 2, 2.5, 4, 5.5, 6, 6.5, 8], constant: [4, 4, 4, 4, 4, 4, 4, 4] },
  };
  const participation = [1e-5, 2e-5, 1e-4, 2e-4, 1e-3, 2e-3, 1e-2, 2e-2];
  await snapshot(
    "residuals_by_participation",
    residualsByParticipationPlot(participation, set, { buckets: 4 }),
  );
});

// Tape: closed-form curves on a few lags.
Deno.test("snapshot: signCorrelationPlot", async () => {
  // C(l) = 0.4 l^-0.5 on lags 1..40, with lag 7 negative (left out of a log axis).
  const correlation = Float64Array.from(
    { length: 40 },
    (_, i) => (i === 6 ? -0.01 : 0.4 * Math.pow(i + 1, -0.5)),
  );
  const c: Pick<SignCorrelation, "correlation"> = { correlation };
  const e: Pick<SignExponent, "gamma" | "prefactor" | "gammaInterval" | "confidence" | "lagRange"> = {
    gamma: 0.5,
    prefactor: 0.4,
    gammaInterval: [0.45, 0.55],
    confidence: 0.95,
    lagRange: [1, 40],
  };
  await snapshot(
    "sign_correlation",
    signCorrelationPlot(c as SignCorrelation, e as SignExponent),
  );
});

Deno.test("snapshot: responsePlot", async () => {
  // R(l) = 0.5 ln(1 + l) ticks, 2 bps per tick, on lags 1..20; a flat model beside it.
  const ticks = Float64Array.from({ length: 20 }, (_, i) => 0.5 * Math.log(2 + i));
  const response: Pick<
    ResponseFunction,
    | "ticks"
    | "bps"
    | "priceSource"
    | "tickSize"
    | "tickSizeSource"
    | "trades"
    | "blocks"
    | "blocksDescription"
  > = {
    ticks,
    bps: ticks.map((t) => 2 * t),
    priceSource: "mid",
    tickSize: 0.1,
    tickSizeSource: "given",
    trades: 12_345,
    blocks: 3,
    blocksDescription: "UTC days",
  };
  await snapshot(
    "response",
    responsePlot(response as ResponseFunction, {
      extra: [{ label: "model", values: new Array(20).fill(1.5) }],
    }),
  );
});

Deno.test("snapshot: aggregateImpactPlot", async () => {
  // R / sigma = tanh(dV / V) on five bins, two window lengths (the second flatter by half).
  const imbalance = [-2, -1, 0, 1, 2];
  const window = (w: number, k: number) => ({
    window: w,
    unit: "trades" as const,
    bins: { imbalance, response: imbalance.map((x) => k * Math.tanh(x)), count: [5, 5, 5, 5, 5] },
  });
  const aggregate: Pick<AggregateImpact, "windows"> = {
    windows: [window(10, 1), window(100, 0.5)] as AggregateImpact["windows"],
  };
  await snapshot("aggregate_impact", aggregateImpactPlot(aggregate as AggregateImpact));
});

Deno.test("snapshot: metaorderLawPlot", async () => {
  // Bin means on I = 0.8 sqrt(q) exactly, one bin not used.
  const binTable = [1e-4, 1e-3, 1e-2, 1e-1].map((q, i) => ({
    participation: q,
    impact: 0.8 * Math.sqrt(q),
    standardError: 0.05 * Math.sqrt(q),
    count: 10,
    used: i < 3,
  }));
  const law: MetaorderLaw = {
    delta: 0.5,
    eta: 0.8,
    deltaInterval: [0.45, 0.55],
    etaInterval: [0.7, 0.9],
    intervalNote: null,
    confidence: 0.95,
    rSquared: 1,
    binTable,
    metaorders: 40,
    blocks: 12,
    units: 12,
    failedResamples: 0,
    reliable: true,
    warnings: [],
    weighting: "inverse variance of each bin mean",
    nonPositiveBins: 0,
    meanImpact: 0.05,
    meanImpactInterval: [0.04, 0.06],
    participationRange: [1e-4, 1e-1],
  };
  await snapshot("metaorder_law", metaorderLawPlot(law));
});

Deno.test("snapshot: metaorderPathPlot, execution and after", async () => {
  // I(t) = sqrt(t) during execution (t <= 1), decaying as 1 / sqrt(t) after; band +-10 %.
  const path: MetaorderPathPoint[] = [0.25, 0.5, 0.75, 1, 1.5, 2, 3].map((time) => {
    const impact = time <= 1 ? Math.sqrt(time) : 1 / Math.sqrt(time);
    return {
      time,
      phase: time <= 1 ? "execution" : "after",
      impact,
      interval: [0.9 * impact, 1.1 * impact],
      relativeToPeak: impact,
      count: 20,
    };
  });
  await snapshot("metaorder_path_execution", metaorderPathPlot(path));
  await snapshot("metaorder_path_after", metaorderPathPlot(path, { phase: "after" }));
});

Deno.test("snapshot: deltaSensitivityPlot", async () => {
  const rows: DeltaSensitivityRow[] = [[10, 0.42], [30, 0.47], [100, 0.5], [300, 0.52]].map((
    [traders, delta],
  ) => ({
    traders: traders!,
    metaorders: 10 * traders!,
    medianParticipation: 1e-4,
    meanChildren: 3,
    delta: delta!,
    deltaInterval: [delta! - 0.05, delta! + 0.05],
    eta: 1,
  }));
  await snapshot("delta_sensitivity", deltaSensitivityPlot(rows));
});

// TCA: typed-in costs (fractions of the price) and summaries.
const stats = (mean: number, std: number | null = mean / 2): TcaMetricStats => ({
  count: 100,
  mean,
  std,
  median: mean * 0.9,
  p5: mean - 2 * (std ?? 0),
  p95: mean + 2 * (std ?? 0),
});

Deno.test("snapshot: tcaDistributionPlot", async () => {
  // Costs from 1 to 20 bps, a second metric shifted by 3 bps.
  const values = Array.from({ length: 40 }, (_, i) => (1 + (i % 20)) * 1e-4);
  await snapshot(
    "tca_distribution",
    tcaDistributionPlot([
      { label: "implementation shortfall", values },
      { label: "VWAP slippage", values: values.map((v) => v + 3e-4) },
    ], { bins: 10, clip: [0, 1] }),
  );
});

Deno.test("snapshot: tcaImpactComparisonPlot", async () => {
  const bins: TcaBin[] = [2, 4, 6, 8, 10].map((x, bin) => ({
    bin,
    count: 20,
    x,
    y: 1.1 * x + 0.5,
    yStdError: 0.5,
  }));
  await snapshot("tca_impact_comparison", tcaImpactComparisonPlot([{ label: "square-root law", bins }]));
});

Deno.test("snapshot: tcaBreakdownPlot", async () => {
  const groups: TcaGroupSummary[] = [
    {
      group: "buy",
      key: 1,
      count: 60,
      metrics: { implementationShortfall: stats(8e-4), spreadCost: stats(2e-4) },
    },
    {
      group: "sell",
      key: -1,
      count: 40,
      metrics: { implementationShortfall: stats(6e-4), spreadCost: stats(2e-4) },
    },
  ];
  await snapshot(
    "tca_breakdown",
    tcaBreakdownPlot(groups, { metrics: ["implementationShortfall", "spreadCost"], groupLabel: "side" }),
  );
});

Deno.test("snapshot: tcaMarkoutPlot", async () => {
  const metrics = {
    markout1m: stats(1e-4),
    markout5m: stats(2e-4),
    markout30m: stats(2.5e-4),
    markout60m: stats(2e-4, null),
  };
  const buys = { markout1m: stats(1.5e-4), markout5m: stats(3e-4), markout30m: stats(3.5e-4) };
  await snapshot(
    "tca_markout",
    tcaMarkoutPlot([{ label: "all", metrics }, { label: "buys", metrics: buys }]),
  );
});
