import assert from "node:assert/strict";
import pl from "nodejs-polars";
import {
  analyzeTrade,
  analyzeTrades,
  summarizeTca,
  tcaBinnedMeans,
  tcaEstimateQuality,
  tradesToTcaFrame,
} from "@lib/mod.ts";
import { SeededRandom } from "@lib/core/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import type { TcaMetricStats } from "@lib/tca/mod.ts";
import { participationBucketLabels } from "@lib/tca/mod.ts";
import { selectInPlace } from "../../lib/tca/_group_stats.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

/** Independent reference: type-7 percentile of sorted values (position (n - 1) p, linear interpolation). */
function percentile7(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p, lo = Math.floor(h);
  return s[lo]! + (h - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!);
}

function referenceStats(values: number[]): TcaMetricStats {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return {
    count: n,
    mean,
    std: n < 2 ? null : Math.sqrt(variance),
    median: percentile7(values, 0.5),
    p5: percentile7(values, 0.05),
    p95: percentile7(values, 0.95),
  };
}

function assertStatsClose(actual: TcaMetricStats, expected: TcaMetricStats, label: string): void {
  assert.equal(actual.count, expected.count, `${label} count`);
  for (const key of ["mean", "median", "p5", "p95", "std"] as const) {
    if (expected[key] === null) assert.equal(actual[key], null, `${label} ${key}`);
    else assertClose(actual[key]!, expected[key]!, { rel: 1e-9, abs: 1e-15 }, `${label} ${key}`);
  }
}

const records = simulateMetaorders(5_000, { seed: 31, minParticipation: 1e-5, maxParticipation: 0.2 });
const law = { eta: 0.8, delta: 0.5 };
const analysis = analyzeTrades(tradesToTcaFrame(records), { impactLaw: law });
const perTrade = records.map((r) => analyzeTrade(r, { impactLaw: law }));

Deno.test("overall statistics match an independent computation (type-7 percentiles, sample std)", () => {
  const summary = summarizeTca(analysis);
  assert.equal(summary.count, records.length);
  assert.equal(summary.badRowCount, 0);
  assert.deepEqual(Object.keys(summary.metrics), [
    "implementationShortfall",
    "vwapSlippage",
    "spreadCost",
    "participation",
    "estimatedImpact",
    "impactCost",
    "timingCost",
  ]);
  for (const metric of Object.keys(summary.metrics) as (keyof typeof perTrade[0])[]) {
    assertStatsClose(
      summary.metrics[metric]!,
      referenceStats(perTrade.map((a) => a[metric] as number)),
      metric,
    );
  }
  assert.match(summary.percentileMethod, /linear interpolation/);
  // JSON-serialisable as is.
  assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary);
});

Deno.test("breakdowns by participation bucket, side and hour match filtered references", () => {
  const summary = summarizeTca(analysis);
  const edges = summary.participationEdges;
  assert.deepEqual(edges, [0.0001, 0.001, 0.01, 0.1]);
  const labels = participationBucketLabels(edges);
  assert.deepEqual(labels, ["< 0.01%", "0.01% to 0.1%", "0.1% to 1%", "1% to 10%", ">= 10%"]);
  const bucketOf = (q: number) => edges.filter((e) => q >= e).length;
  for (const group of summary.byParticipation) {
    const members = perTrade.filter((a) => bucketOf(a.participation) === group.key);
    assert.equal(group.group, labels[group.key]);
    assert.equal(group.count, members.length);
    assertStatsClose(
      group.metrics.implementationShortfall!,
      referenceStats(members.map((a) => a.implementationShortfall)),
      group.group,
    );
  }
  assert.equal(summary.byParticipation.reduce((a, g) => a + g.count, 0), records.length);
  assert.deepEqual(summary.bySide.map((g) => g.group), ["buy", "sell"]);
  for (const group of summary.bySide) {
    const members = perTrade.filter((a) => a.side === group.key);
    assert.equal(group.count, members.length);
    assertStatsClose(
      group.metrics.vwapSlippage!,
      referenceStats(members.map((a) => a.vwapSlippage)),
      group.group,
    );
  }
  assert.equal(summary.byHour.length, 24);
  for (const group of summary.byHour) {
    const members = perTrade.filter((_, i) => new Date(records[i]!.timestamp).getUTCHours() === group.key);
    assert.equal(group.group, `${String(group.key).padStart(2, "0")} UTC`);
    assert.equal(group.count, members.length);
    assertStatsClose(
      group.metrics.spreadCost!,
      referenceStats(members.map((a) => a.spreadCost)),
      group.group,
    );
  }
});

Deno.test("bucket edges are closed on the left; empty buckets are omitted; custom edges", () => {
  const frame = pl.DataFrame({
    side: [1, -1, 1, 1],
    participation: [0.001, 0.00099, 0.01, 0.5],
    implementationShortfall: [1, 2, 3, 4],
  });
  const s = summarizeTca(frame, { participationEdges: [0.001, 0.01, 0.02] });
  assert.deepEqual(s.byParticipation.map((g) => [g.group, g.count]), [
    ["< 0.1%", 1],
    ["0.1% to 1%", 1],
    ["1% to 2%", 1],
    [">= 2%", 1],
  ]);
  const one = summarizeTca(frame, { participationEdges: [0.2] });
  assert.deepEqual(one.byParticipation.map((g) => g.count), [3, 1]);
  // A group of one has no sample standard deviation.
  assert.equal(one.byParticipation[1]!.metrics.implementationShortfall!.std, null);
  assert.deepEqual(s.byHour, []);
  assertThrowsWith(
    () => summarizeTca(frame, { participationEdges: [0.01, 0.001] }),
    RangeError,
    /must increase/,
  );
  assertThrowsWith(
    () => summarizeTca(frame, { participationEdges: [0] }),
    RangeError,
    /participationEdges\[0\]/,
  );
  assertThrowsWith(() => summarizeTca(frame, { participationEdges: [] }), RangeError, /empty/);
  assertThrowsWith(
    () => summarizeTca(frame, { metrics: ["vwapSlippage"] }),
    TypeError,
    /vwapSlippage is not/,
  );
  assertThrowsWith(() => summarizeTca(frame.drop("side")), TypeError, /column side/);
  assertThrowsWith(() => summarizeTca(42 as unknown as pl.DataFrame), TypeError, /analyzeTrades result/);
});

Deno.test("an array of analyzeTrade results summarises like the frame", () => {
  const fromArray = summarizeTca(perTrade);
  const fromFrame = summarizeTca(analysis);
  for (const metric of Object.keys(fromFrame.metrics)) {
    assertStatsClose(fromArray.metrics[metric]!, fromFrame.metrics[metric]!, metric);
  }
  assert.deepEqual(fromArray.bySide.map((g) => g.count), fromFrame.bySide.map((g) => g.count));
  assert.deepEqual(fromArray.byHour, []);
});

Deno.test("markout columns are summarised with nulls counted out, never averaged in", () => {
  const frame = pl.DataFrame({
    side: [1, 1, -1],
    participation: [0.01, 0.01, 0.01],
    implementationShortfall: [0.001, 0.002, 0.003],
    markout5m: [0.001, null, 0.003],
    markout60m: [null, null, null],
  }).withColumns(pl.col("markout60m").cast(pl.Float64));
  const s = summarizeTca(frame);
  // Values 0.001 and 0.003: mean 0.002, std sqrt(2) * 0.001, p5 at position 0.05 -> 0.0011.
  assertStatsClose(
    s.metrics.markout5m!,
    { count: 2, mean: 0.002, std: Math.SQRT2 * 0.001, median: 0.002, p5: 0.0011, p95: 0.0029 },
    "markout5m",
  );
  assert.equal(s.metrics.markout60m, undefined);
  assert.equal(s.bySide[1]!.metrics.markout5m!.count, 1);
});

Deno.test("binned means: equal-count bins by rank of x, means and standard errors of y", () => {
  const { results } = analysis;
  const bins = tcaBinnedMeans(results, { bins: 10 });
  assert.equal(bins.length, 10);
  assert.ok(bins.every((b) => b.count === 500));
  for (let k = 1; k < bins.length; k++) assert.ok(bins[k]!.x > bins[k - 1]!.x);
  // Reference: sort the per-trade pairs by estimated impact, cut into 10 runs of 500.
  const pairs = perTrade.map((a) => [a.estimatedImpact!, a.implementationShortfall] as const)
    .sort((a, b) => a[0] - b[0]);
  bins.forEach((b, k) => {
    const run = pairs.slice(k * 500, (k + 1) * 500);
    const ref = referenceStats(run.map((p) => p[1]));
    assertClose(b.x, run.reduce((a, p) => a + p[0], 0) / 500, { rel: 1e-12 });
    assertClose(b.y, ref.mean, { rel: 1e-9, abs: 1e-15 });
    assertClose(b.yStdError, ref.std! / Math.sqrt(500), { rel: 1e-9 });
  });
  const frame = pl.DataFrame({ estimatedImpact: [1, NaN, 3], implementationShortfall: [1, 2, null] });
  assert.deepEqual(tcaBinnedMeans(frame, { bins: 3 }).map((b) => [b.count, b.x, b.y, b.yStdError]), [[
    1,
    1,
    1,
    0,
  ]]);
  assertThrowsWith(() => tcaBinnedMeans(frame, { x: "nope" }), TypeError, /nope is not a column/);
  assertThrowsWith(() => tcaBinnedMeans(frame, { bins: 0 }), RangeError, /bins/);
  assertThrowsWith(
    () => tcaBinnedMeans(pl.DataFrame({ estimatedImpact: [NaN], implementationShortfall: [1] })),
    RangeError,
    /no row has finite/,
  );
});

Deno.test("estimate quality: means, share, correlation and least-squares line against a direct computation", () => {
  const { results } = analysis;
  const q = tcaEstimateQuality(results, { netOf: "spreadCost" });
  const x = perTrade.map((a) => a.estimatedImpact!);
  const y = perTrade.map((a) => a.implementationShortfall - a.spreadCost);
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxy += (x[i]! - mx) * (y[i]! - my);
    syy += (y[i]! - my) ** 2;
  }
  assert.equal(q.count, n);
  assert.equal(q.realized, "implementationShortfall - spreadCost");
  assertClose(q.meanEstimate, mx, { rel: 1e-12 });
  assertClose(q.meanRealized, my, { rel: 1e-9, abs: 1e-15 });
  assertClose(q.realizedShare, my / mx, { rel: 1e-9 });
  assertClose(q.slope, sxy / sxx, { rel: 1e-9 });
  assertClose(q.intercept, my - (sxy / sxx) * mx, { rel: 1e-6, abs: 1e-12 });
  assertClose(q.correlation, sxy / Math.sqrt(sxx * syy), { rel: 1e-9 });
  const constant = pl.DataFrame({ estimatedImpact: [1, 1], implementationShortfall: [1, 2] });
  assertThrowsWith(() => tcaEstimateQuality(constant), RangeError, /does not vary/);
  assertThrowsWith(() => tcaEstimateQuality(constant.head(1)), RangeError, /fewer than 2/);
  assertThrowsWith(() => tcaEstimateQuality(constant, { estimate: "x" }), TypeError, /x is not a column/);
});

Deno.test("summarizeTca over analyses with and without the law: no NaN mean, no metric lost by order", () => {
  const trades = simulateMetaorders(40, { seed: 3 });
  const law = { eta: 0.8, delta: 0.5 };
  const withLaw = trades.slice(0, 20).map((t) => analyzeTrade(t, { impactLaw: law }));
  const without = trades.slice(20).map((t) => analyzeTrade(t));
  for (const analyses of [[...withLaw, ...without], [...without, ...withLaw]]) {
    const summary = summarizeTca(analyses);
    assert.equal(summary.count, 40);
    const impact = summary.metrics.estimatedImpact;
    assert.ok(impact !== undefined, "estimatedImpact must not vanish when the first analysis lacks it");
    assert.equal(impact.count, 20);
    assertClose(impact.mean, withLaw.reduce((s, a) => s + a.estimatedImpact!, 0) / 20, { rel: 1e-12 });
    assert.equal(summary.metrics.implementationShortfall!.count, 40);
    for (const stats of Object.values(summary.metrics)) assert.ok(Number.isFinite(stats.mean));
  }
  assertThrowsWith(() => summarizeTca([null] as never), TypeError, /analysis\[0\] must be an object/);
  assertThrowsWith(() => summarizeTca(withLaw, null as never), TypeError, /options must be an object/);
  assertThrowsWith(
    () => tcaEstimateQuality(null as never),
    TypeError,
    /^Cannot compare a cost estimate with realized costs: frame must be a polars DataFrame/,
  );
  const frame = analyzeTrades(tradesToTcaFrame(trades), { impactLaw: law }).results;
  assertThrowsWith(() => tcaEstimateQuality(frame, null as never), TypeError, /options must be an object/);
  assertThrowsWith(() => tcaBinnedMeans(frame, null as never), TypeError, /^Cannot bin TCA results: options/);
});

Deno.test("summarizeTca refuses statistics that overflow (finite values of 1e300)", () => {
  const analyses = simulateMetaorders(10, { seed: 2 }).map((t) => analyzeTrade(t));
  analyses[3] = { ...analyses[3]!, implementationShortfall: 1e300 };
  analyses[4] = { ...analyses[4]!, implementationShortfall: -1e300 };
  assertThrowsWith(
    () => summarizeTca(analyses),
    RangeError,
    /^Cannot summarize TCA: the std of implementationShortfall \(all trades\) overflows double precision/,
  );
  assertThrowsWith(
    () => summarizeTca(analyses.slice(0, 3), { participationEdges: 0.01 as never }),
    TypeError,
    /options\.participationEdges must be an array: current value is 0\.01/,
  );
});

Deno.test("every group's exact percentiles with heavy tails, ties, nulls and one-trade groups", () => {
  // summarizeTca histograms each metric on bins placed at sample quantiles and sorts only the bins that
  // hold the needed order statistics: Cauchy tails, a metric of three repeated values, a mostly-null
  // metric, a near-constant metric and groups of 1 and 2 trades must all give the sorted-array answer.
  const rng = new SeededRandom(12);
  const n = 20_003;
  const rows = Array.from({ length: n }, (_, i) => {
    const rare = i < 3; // three trades alone at >= 10% of daily volume, two of them sells
    return {
      side: rare ? (i === 0 ? 1 : -1) : rng.uniform() < 0.5 ? 1 : -1,
      participation: rare ? 0.5 : Math.exp(Math.log(1e-5) + rng.uniform() * Math.log(0.09 / 1e-5)),
      hour: i === 5 ? 23 : Math.floor(rng.uniform() * 23),
      cauchy: Math.tan(Math.PI * (rng.uniform() - 0.5)) * 1e-3,
      ties: [-0.001, 0, 0.002][Math.floor(rng.uniform() * 3)]!,
      sparse: rng.uniform() < 0.01 ? rng.normal() : null,
      flat: 1 + (i % 7 === 0 ? 1e-12 : 0),
    };
  });
  const metrics = ["cauchy", "ties", "sparse", "flat"] as const;
  const frame = pl.DataFrame({
    side: rows.map((r) => r.side),
    participation: rows.map((r) => r.participation),
    hour: pl.Series("hour", rows.map((r) => r.hour), pl.Int8),
    ...Object.fromEntries(metrics.map((m) => [m, pl.Series(m, rows.map((r) => r[m]), pl.Float64)])),
  });
  const summary = summarizeTca(frame, { metrics: [...metrics] });
  const edges = summary.participationEdges;
  const bucketOf = (q: number) => edges.filter((e) => q >= e).length;
  const check = (label: string, members: typeof rows, stats: Record<string, TcaMetricStats>) => {
    for (const m of metrics) {
      const values = members.map((r) => r[m]).filter((v): v is number => v !== null);
      if (values.length === 0) assert.equal(stats[m], undefined, `${label} ${m}`);
      else assertStatsClose(stats[m]!, referenceStats(values), `${label} ${m}`);
    }
  };
  check("all trades", rows, summary.metrics);
  for (const g of summary.byParticipation) {
    check(g.group, rows.filter((r) => bucketOf(r.participation) === g.key), g.metrics);
  }
  for (const g of summary.bySide) check(g.group, rows.filter((r) => r.side === g.key), g.metrics);
  for (const g of summary.byHour) check(g.group, rows.filter((r) => r.hour === g.key), g.metrics);
  assert.deepEqual(summary.byParticipation.at(-1)!.count, 3);
  assert.deepEqual(summary.byHour.at(-1)!.count, 1);
  assert.equal(summary.byHour.at(-1)!.metrics.cauchy!.std, null);
  // A null side sends the frame through polars aggregations instead: the other breakdowns must agree
  // (not on "flat", whose std of 1 + 1e-12 jitter polars gets only to 3 %; the typed-array path matches
  // the two-pass reference above).
  const withNullSide = frame.withColumns(
    pl.Series("side", rows.map((r, i) => (i === 10 ? null : r.side)), pl.Float64),
  );
  const viaPolars = summarizeTca(withNullSide, { metrics: [...metrics] });
  const compared = ["cauchy", "ties", "sparse"] as const;
  for (const m of compared) assertStatsClose(viaPolars.metrics[m]!, summary.metrics[m]!, `polars ${m}`);
  assert.deepEqual(
    viaPolars.byParticipation.map((g) => g.count),
    summary.byParticipation.map((g) => g.count),
  );
  viaPolars.byParticipation.forEach((g, k) => {
    for (const m of compared) {
      const expected = summary.byParticipation[k]!.metrics[m];
      if (expected === undefined) assert.equal(g.metrics[m], undefined);
      else assertStatsClose(g.metrics[m]!, expected, `polars ${g.group} ${m}`);
    }
  });
});

Deno.test("selectInPlace puts the k-th smallest at k, with ties and successive selections", () => {
  // Independent reference: the sorted copy.
  const rng = new SeededRandom(5);
  const cases: [number, number][] = [[1, 1], [2, 2], [7, 2], [100, 3], [1_001, 1_000_000], [5_000, 1]];
  for (const [length, distinct] of cases) {
    const a = Float64Array.from({ length }, () => Math.floor(rng.uniform() * distinct) - distinct / 2);
    const sorted = Float64Array.from(a).sort();
    const ks = [0, Math.floor(length / 3), Math.floor(length / 3) + 1, length - 1].filter((k) => k < length);
    let from = 0;
    for (const k of [...new Set(ks)]) {
      selectInPlace(a, k, from, length - 1);
      assert.equal(a[k], sorted[k], `length ${length}, k ${k}`);
      from = k + 1;
    }
  }
});
