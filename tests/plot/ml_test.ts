import assert from "node:assert/strict";
import { featureDistributionPlot, learningCurvePlot, renderFigure } from "@lib/mod.ts";
import { predictedVsRealizedPlot, residualsByParticipationPlot } from "@lib/plot/mod.ts";
import { assertThrowsWith } from "../_assert.ts";
import { assertSvgSnapshot } from "./_snapshot.ts";

const set = {
  realizedBps: [1, 2, 3, 4, 5, 6, 7, 8],
  predictedBps: { law: [1, 2, 3, 4, 5, 6, 7, 8], constant: [4, 4, 4, 4, 4, 4, 4, 4] },
};
const participation = [1e-5, 2e-5, 1e-4, 2e-4, 1e-3, 2e-3, 1e-2, 2e-2];

Deno.test("predicted vs realised: one dot per bin and model, the diagonal, matching its snapshot", async () => {
  const svg = renderFigure(predictedVsRealizedPlot(set, { bins: 4 })).svg;
  assert.equal((svg.match(/<circle/g) ?? []).length, 2 * 4);
  await assertSvgSnapshot("predicted_vs_realized", svg);
});

Deno.test("residuals by participation: one dot per bucket and model; a perfect model sits on zero", () => {
  const plot = residualsByParticipationPlot(participation, set, { buckets: 4 });
  const svg = renderFigure(plot).svg;
  assert.equal((svg.match(/<circle/g) ?? []).length, 2 * 4);
  const dots = (plot.marks!.at(-1) as unknown as { data: { model: string; residual: number }[] }).data;
  assert.ok(dots.filter((d) => d.model === "law").every((d) => d.residual === 0));
});

Deno.test("learning curves and feature distributions render, with every panel labelled", () => {
  const history = { trainLoss: [4, 3, 2], validationLoss: [5, 4, 4.5], bestEpoch: 2, stoppedEarly: true };
  assert.equal((renderFigure(learningCurvePlot(history)).svg.match(/<path/g) ?? []).length >= 2, true);
  const svg = renderFigure(featureDistributionPlot([[1, 0], [2, 1], [3, 0]], ["alpha", "beta"])).svg;
  assert.match(svg, /alpha \(mean 2, sd 0.816\)/);
  assert.match(svg, /beta \(mean 0.333, sd 0.471\)/);
});

Deno.test("mismatched lengths and NaN get clear errors", () => {
  assertThrowsWith(
    () => predictedVsRealizedPlot({ realizedBps: [1, 2], predictedBps: { a: [1] } }),
    TypeError,
    /predictedBps\["a"\] must have one value per realised impact \(2\)/,
  );
  assertThrowsWith(
    () => residualsByParticipationPlot([1], set),
    TypeError,
    /participation must have one value/,
  );
  assertThrowsWith(
    () => featureDistributionPlot([[1, NaN]], ["a", "b"]),
    RangeError,
    /must be a finite number/,
  );
  assertThrowsWith(
    () => featureDistributionPlot([[1]], ["a", "b"]),
    TypeError,
    /rows\[0\] must have 2 columns/,
  );
});
