import assert from "node:assert/strict";
import { metaorderImpactPath, metaorderSquareRootLaw, syntheticMetaorders } from "@lib/mod.ts";
import { SeededRandom } from "@lib/core/mod.ts";
import { synthesizeTrades } from "@lib/data/mod.ts";
import { deltaSensitivity } from "@lib/tape/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";
import { handTape } from "./_tapes.ts";

Deno.test("square-root law on hand-made metaorders: bins by hand, weighted least squares in levels", () => {
  // Six metaorders in three bins of two: means 2e-4, 8e-4, 3.2e-3 of participation with impacts
  // (0.01 + 0.03)/2 = 0.02, (0.05 + 0.03)/2 = 0.04, (0.07 + 0.09)/2 = 0.08 and standard errors |a - b| / 2 =
  // 0.01 each: equal weights, and the bin means lie exactly on 0.02 (x / 2e-4)^0.5, so delta = 0.5.
  const law = metaorderSquareRootLaw({
    participation: Float64Array.from([3e-4, 1e-4, 8e-4, 8e-4, 3.2e-3, 3.2e-3]),
    impact: Float64Array.from([0.03, 0.01, 0.05, 0.03, 0.07, 0.09]),
    block: new Int32Array(6),
    averageDailyVolume: new Float64Array(1),
  }, { bins: 3, bootstrapSamples: 0 });
  assertClose(law.delta, 0.5, { abs: 1e-10 });
  assertClose(law.eta, 0.02 / Math.sqrt(2e-4), { rel: 1e-9 });
  assert.deepEqual(law.binTable.map((b) => b.count), [2, 2, 2]);
  assertClose(law.binTable[0]!.participation, 2e-4, { rel: 1e-12 });
  assertClose(law.binTable[0]!.standardError!, 0.01, { rel: 1e-9 });
  assert.equal(law.deltaInterval, null);
  assert.equal(law.intervalNote, "no interval (no bootstrap resamples)");
});

Deno.test("square-root law on metaorders keeps a bin with a negative mean (it is not dropped)", () => {
  // Three bins of two; the middle bin's mean is -0.01. A fit on logs would drop it and find delta 0.5 from
  // the two others; the fit in levels keeps it, lists it, and its delta differs.
  const law = metaorderSquareRootLaw({
    participation: Float64Array.from([2e-4, 2e-4, 8e-4, 8e-4, 3.2e-3, 3.2e-3]),
    impact: Float64Array.from([0.01, 0.03, -0.02, 0.0, 0.07, 0.09]),
    block: new Int32Array(6),
    averageDailyVolume: new Float64Array(1),
  }, { bins: 3, bootstrapSamples: 0 });
  assert.equal(law.binTable.length, 3);
  assert.ok(law.binTable[1]!.impact < 0 && law.binTable[1]!.used);
  assert.ok(Math.abs(law.delta - 0.5) > 0.05, `delta ${law.delta}`);
});

Deno.test("known answer: square-root impact plus day-level noise is recovered, the day-block interval covers it", () => {
  // 20 days of 2,000 metaorders each; impact = 0.6 (Q/V)^0.5 + a common day shock + idiosyncratic noise.
  const rng = new SeededRandom(12), days = 20, per = 2_000, n = days * per;
  const participation = new Float64Array(n), impact = new Float64Array(n), block = new Int32Array(n);
  for (let d = 0; d < days; d++) {
    const shock = 0.002 * rng.normal();
    for (let k = 0; k < per; k++) {
      const i = d * per + k, q = Math.exp(Math.log(1e-5) + rng.uniform() * Math.log(1e3));
      participation[i] = q;
      impact[i] = 0.6 * Math.sqrt(q) + shock + 0.01 * rng.normal();
      block[i] = d;
    }
  }
  const law = metaorderSquareRootLaw({
    participation,
    impact,
    block,
    averageDailyVolume: new Float64Array(days),
  }, {
    bins: 10,
    bootstrapSamples: 400,
  });
  assertClose(law.delta, 0.5, { abs: 0.08 });
  assert.ok(law.deltaInterval![0] < 0.5 && 0.5 < law.deltaInterval![1], `${law.deltaInterval}`);
  assert.equal(law.blocks, 20);
  assert.ok(law.reliable, law.warnings.join("; "));
  // Every impact negative: no law, flagged rather than thrown.
  const none = metaorderSquareRootLaw({
    participation,
    impact: impact.map(() => -1),
    block,
    averageDailyVolume: new Float64Array(days),
  }, { bootstrapSamples: 20 });
  assert.equal(none.reliable, false);
  assert.match(none.warnings[0]!, /every bin mean is <= 0/);
  // Five days: no interval.
  const five = Int32Array.from(block, (d) => d % 5);
  const few = metaorderSquareRootLaw(
    { participation, impact, block: five, averageDailyVolume: new Float64Array(5) },
    {
      bins: 10,
      bootstrapSamples: 50,
    },
  );
  assert.equal(few.deltaInterval, null);
  assert.equal(few.intervalNote, "no interval (5 blocks)");
});

Deno.test("impact path by hand: profile at phi, after-points inside the day only", () => {
  const prices = [100, 101, 102, 103, 104, 104, 103, 102, 101, 100];
  const tape = handTape(prices, [1, 1, 1, 1, 1, -1, -1, -1, -1, -1], {
    timestamps: prices.map((_, i) => Date.UTC(2025, 5, 1) + i * 60_000),
  });
  const m = syntheticMetaorders(tape, { traders: 1, volatilitySamplingSeconds: 60 });
  const path = metaorderImpactPath(m, tape, {
    minChildren: 1,
    fractions: [0.25, 1],
    afterMultiples: [0.5],
    minDurationTrades: 4,
    bootstrapSamples: 0,
  });
  const s = m.dailyVolatility[0]!;
  // Buy run 0..4 from 100: phi 0.25 -> trade 1 (101); sell run 5..9 from 104: trade 6 (103).
  assertClose(path[0]!.impact, (Math.log(101 / 100) + Math.log(104 / 103)) / 2 / s, { abs: 1e-12 });
  assertClose(path[1]!.impact, (Math.log(104 / 100) + Math.log(104 / 100)) / 2 / s, { abs: 1e-12 });
  assertClose(path[0]!.relativeToPeak, path[0]!.impact / path[1]!.impact, { abs: 1e-12 });
  // After: 0.5 durations past the buy's end is trade 6 (103); the sell's is past the day's end.
  assertClose(path[2]!.impact, Math.log(103 / 100) / s, { abs: 1e-12 });
  assert.deepEqual(path.map((p) => p.count), [2, 2, 1]);
  assert.deepEqual(path.map((p) => p.phase), ["execution", "execution", "after"]);
  assertThrowsWith(
    () => metaorderImpactPath(m, tape, { fractions: [1.5] }),
    RangeError,
    /fractions\[0\] must be in \[0, 1\]/,
  );
  assertThrowsWith(
    () => metaorderImpactPath(m, tape, { minDurationTrades: 50 }),
    RangeError,
    /no metaorder lasts/,
  );
});

Deno.test("synthetic tape: concave profile, partial decay, delta below 1, stable across N", () => {
  // The propagator tape's kernel decays (beta = 0.25), so impact builds up concavely and relaxes after.
  const tape = synthesizeTrades({ days: 10, tradesPerDay: 50_000, seed: 21 });
  const m = syntheticMetaorders(tape, { traders: 100, seed: 3 });
  const law = metaorderSquareRootLaw(m, { bootstrapSamples: 200 });
  assert.ok(law.deltaInterval![1] < 1, `delta interval ${law.deltaInterval}`);
  assert.ok(law.delta > 0.2, `delta ${law.delta}`);
  const path = metaorderImpactPath(m, tape, { bootstrapSamples: 100, minChildren: 1 });
  const half = path.find((p) => p.time === 0.5)!, later = path.at(-1)!;
  assert.ok(half.relativeToPeak > 0.5, `I(0.5) / I(1) = ${half.relativeToPeak}`);
  assert.ok(later.relativeToPeak < 1, `after: ${later.relativeToPeak}`);
  const rows = deltaSensitivity(tape, { traderCounts: [30, 300], seed: 3, law: { bootstrapSamples: 100 } });
  assert.equal(rows.length, 2);
  for (const r of rows) assert.ok(Math.abs(r.delta - law.delta) < 0.15, `N = ${r.traders}: ${r.delta}`);
});
