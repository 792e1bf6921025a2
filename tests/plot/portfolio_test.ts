/** Tests of lib/plot/portfolio.ts. */
import assert from "node:assert/strict";
import { capacityCurvePlot, rebalancingStudyPlot, renderFigure } from "@lib/mod.ts";
import type { CapacityCurve, RebalancingStudy } from "@lib/portfolio/mod.ts";
import { assertSvgSnapshot } from "./_snapshot.ts";

const ROW = {
  grossReturn: 0,
  netReturn: 0,
  costPerYear: 0,
  turnover: 0,
  costPerTurnoverBps: 0,
  impactShare: 0,
  leverage: 1,
};

/** A hand-made curve (numbers of the shape tests/portfolio/NOTES.md reports, rounded). */
const CURVE: CapacityCurve = {
  data: "SYNTHETIC universe (hand-made figure data)",
  impactModel: "square-root law",
  points: [1e4, 1e6, 1e8, 1e9].flatMap((capital, i) => [
    {
      ...ROW,
      capital,
      strategy: "cost-free" as const,
      grossSharpe: 1.8,
      netSharpe: [1.1, 1.05, 0.1, -2.1][i]!,
    },
    {
      ...ROW,
      capital,
      strategy: "impact-aware" as const,
      grossSharpe: 1.7,
      netSharpe: [1.4, 1.4, 1.1, 0.8][i]!,
    },
  ]),
  halfSharpe: [
    { strategy: "cost-free", referenceSharpe: 1.1, capital: 3.2e7 },
    { strategy: "impact-aware", referenceSharpe: 1.4, capital: null, note: "stays above half" },
  ],
};

Deno.test("capacity curve figure: two lines, dashed half-reference lines, a rule where the naive one halves", async () => {
  const options = capacityCurvePlot(CURVE, { title: "Capacity (synthetic)" });
  assert.equal(options.title, "Capacity (synthetic)");
  const fig = renderFigure(options);
  assert.match(fig.svg, /cost-free optimiser/);
  assert.equal((fig.svg.match(/stroke-dasharray="2,2"/g) ?? []).length >= 1, true); // the halving capital
  await assertSvgSnapshot("capacity_curve", fig.svg);
});

Deno.test("rebalancing study figure: turnover and cumulative returns per optimiser", () => {
  const series = (["cost-free", "impact-aware"] as const).flatMap((strategy, s) =>
    Array.from({ length: 5 }, (_, day) => ({
      strategy,
      day,
      time: Date.UTC(2024, 0, 1 + day),
      turnover: s === 0 ? 0.8 : 0.3,
      cumulativeGross: 0.01 * day,
      cumulativeNet: (s === 0 ? -0.01 : 0.005) * day,
    }))
  );
  const study = { series } as unknown as RebalancingStudy;
  const turnover = renderFigure(rebalancingStudyPlot(study));
  assert.match(turnover.svg, /turnover per day/);
  const cumulative = renderFigure(rebalancingStudyPlot(study, { show: "cumulative" }));
  assert.match(cumulative.svg, /cumulative return/);
});
