import assert from "node:assert/strict";
import {
  calibrateSquareRoot,
  calibrationSensitivity,
  calibrationTable,
  coverageConclusions,
  coverageTable,
} from "@lib/mod.ts";
import { type SensitivityRow, simulateMetaorders } from "@lib/impact/mod.ts";
import { wilsonInterval } from "@lib/report/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("calibration table: the truth, then each fit with its intervals, counts and R², to 3 decimals", () => {
  const orders = simulateMetaorders(600, { seed: 8 });
  const observations = { sizes: orders.map((o) => o.size), impacts: orders.map((o) => o.realizedImpact) };
  const scale = { dailyVolatility: 0.03, averageDailyVolume: 100_000, bootstrapSamples: 30, confidence: 0.9 };
  const pointwise = calibrateSquareRoot(observations, scale);
  const binned = calibrateSquareRoot(observations, { ...scale, method: "binned", bins: 10 });
  const t = calibrationTable([pointwise, binned], {
    truth: { eta: 0.8, delta: 0.5, orders: 600 },
    caption: "fits",
  });
  assert.deepEqual(t.headers, [
    "fit",
    "eta",
    "eta 90 % CI",
    "delta",
    "delta 90 % CI",
    "orders used",
    "orders dropped",
    "R^2 (pointwise: log space; binned: weighted, bin means)",
    "reliable",
  ]);
  assert.deepEqual(t.rows[0], ["truth", "0.800", "", "0.500", "", "600", "0", "", ""]);
  assert.equal(t.rows[1]![8], pointwise.reliable ? "yes" : `no: ${pointwise.warnings.join("; ")}`);
  const [, p, b] = t.rows as [string[], string[], string[]];
  assert.equal(p[0], "pointwise");
  assert.equal(b[0], "binned");
  assert.equal(p[2], `[${pointwise.etaInterval![0].toFixed(3)}, ${pointwise.etaInterval![1].toFixed(3)}]`);
  assert.equal(b[3], binned.delta.toFixed(3));
  assert.equal(Number(p[5]!.replace(/,/g, "")) + Number(p[6]!.replace(/,/g, "")), 600);
  assert.match(t.toString(), /^fits\n/);
  assertThrowsWith(() => calibrationTable([]), RangeError, /fits must not be empty/);
});

Deno.test("Wilson interval matches an independent computation and stays in [0, 1]", () => {
  // Python: statistics.NormalDist().inv_cdf(0.975) and the Wilson formula, 190 / 200 and 0 / 200.
  const [low, high] = wilsonInterval(190, 200);
  assertClose(low, 0.9104218518612239, { abs: 1e-8 });
  assertClose(high, 0.972617354399236, { abs: 1e-8 });
  const [zeroLow, zeroHigh] = wilsonInterval(0, 200);
  assert.equal(zeroLow, 0);
  assertClose(zeroHigh, 0.018845326377266564, { abs: 1e-8 });
  assert.equal(wilsonInterval(5, 5)[1], 1);
  assertThrowsWith(
    () => wilsonInterval(6, 5),
    RangeError,
    /successes must be <= trials \(5\): current value is 6/,
  );
  assertThrowsWith(() => wilsonInterval(1, 0), RangeError, /trials/);
  assertThrowsWith(() => wilsonInterval(1, 5, { confidence: 1 }), RangeError, /confidence/);
});

const row = (over: Partial<SensitivityRow>): SensitivityRow => ({
  sampleSize: 2_000,
  marketNoise: 1,
  etaMean: 0.8,
  etaRmse: 0.1,
  deltaMean: 0.5,
  deltaRmse: 0.02,
  deltaCoverage: 0.95,
  etaCoverage: 0.95,
  fits: 200,
  unreliable: 0,
  droppedShare: 0,
  failures: 0,
  ...over,
});
const truth = { eta: 0.8, delta: 0.5 };

Deno.test("coverage conclusions say 'binning reduces the bias' only as far as the numbers go", () => {
  // Pointwise +250 % (sd 0.1, MC s.e. 0.1/sqrt(200)/0.8 = 0.9 %); binned +25 %: reduced, not removed.
  const biased = coverageConclusions([
    { method: "pointwise", row: row({ etaMean: 2.8, etaRmse: Math.hypot(2, 0.1), etaCoverage: 0 }) },
    { method: "binned", row: row({ etaMean: 1.0, etaRmse: Math.hypot(0.2, 0.1), etaCoverage: 0.99 }) },
  ], { truth });
  assert.match(
    biased,
    /Binning reduces the bias of eta from \+250\.0 % to \+25\.0 %, but does not remove it/,
  );
  assert.match(
    biased,
    /pointwise eta intervals cover the truth in 0\.0 % of 200 repetitions \(Wilson 95 % interval \[0\.0, 1\.9\] %\): below the nominal 95 %: the estimate is biased/,
  );
  assert.match(
    biased,
    /binned eta intervals cover the truth in 99\.0 %.*above the nominal 95 %: the intervals are wider/,
  );
  assert.match(biased, /binned delta intervals cover the truth in 95\.0 %.*consistent with the nominal 95 %/);
  assert.match(biased, /Neither method's delta is detectably biased/);
  // Binned bias within 2 MC standard errors: "no bias detectable", never "removes".
  const removed = coverageConclusions([
    { method: "pointwise", row: row({ etaMean: 2.8, etaRmse: Math.hypot(2, 0.1) }) },
    { method: "binned", row: row({ etaMean: 0.805, etaRmse: Math.hypot(0.005, 0.1) }) },
  ], { truth });
  assert.match(
    removed,
    /Binning reduces the bias of eta from \+250\.0 % to \+0\.6 % \(within 2 Monte Carlo standard errors/,
  );
  // Binned worse than pointwise: says so.
  const worse = coverageConclusions([
    { method: "pointwise", row: row({ etaMean: 0.9, etaRmse: Math.hypot(0.1, 0.1) }) },
    { method: "binned", row: row({ etaMean: 1.0, etaRmse: Math.hypot(0.2, 0.1) }) },
  ], { truth });
  assert.match(worse, /Binning does not reduce the bias of eta/);
  assertThrowsWith(() => coverageConclusions([], { truth }), RangeError, /\[pointwise, binned\]/);
  assertThrowsWith(
    () =>
      coverageConclusions([{ method: "p", row: row({ fits: 0 }) }, { method: "b", row: row({}) }], { truth }),
    RangeError,
    /no fitted repetition/,
  );
});

Deno.test("coverage table: bias with its MC standard error, coverage with its Wilson interval", () => {
  const t = coverageTable([{
    method: "binned",
    row: row({ etaMean: 1.0, etaRmse: Math.hypot(0.2, 0.1), etaCoverage: 0.99 }),
  }], {
    truth,
  });
  // MC s.e. of eta: sd 0.1 / sqrt(200) / 0.8 = 0.88 %.
  assert.deepEqual(t.rows[0], [
    "binned",
    "200",
    "+25.0 % ± 0.9",
    "99.0 %",
    "[96.4, 99.7] %",
    "+0.000 ± 0.001",
    "95.0 %",
    "[91.0, 97.3] %",
    "0",
  ]);
  const live = calibrationSensitivity({
    sampleSizes: [300],
    marketNoiseLevels: [1],
    repetitions: 3,
    bootstrapSamples: 30,
  });
  assert.equal(live[0]!.fits + live[0]!.failures, 3);
  assert.ok(live[0]!.etaCoverage >= 0 && live[0]!.etaCoverage <= 1);
  assertThrowsWith(() => coverageTable([], { truth }), RangeError, /studies must not be empty/);
});
