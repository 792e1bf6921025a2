import assert from "node:assert/strict";
import { analyzeTrades, summarizeTca, tcaBreakdownTable, tcaStatsTable, tradesToTcaFrame } from "@lib/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { tcaBreakdownRows, tcaStatsRows } from "@lib/report/mod.ts";
import { assertClose } from "../_assert.ts";

const records = simulateMetaorders(2_000, { seed: 31, minParticipation: 1e-5, maxParticipation: 0.2 });
const analysis = analyzeTrades(tradesToTcaFrame(records), { impactLaw: { eta: 0.8, delta: 0.5 } });

Deno.test("display rows convert to bps and percent; breakdown rows name the unit", () => {
  const summary = summarizeTca(analysis);
  const rows = tcaStatsRows(summary.metrics);
  const is = rows.find((r) => r.metric === "implementationShortfall")!;
  assert.equal(is.unit, "bps");
  assert.equal(is.label, "shortfall");
  assertClose(is.mean, summary.metrics.implementationShortfall!.mean * 1e4, { rel: 1e-15 });
  const q = rows.find((r) => r.metric === "participation")!;
  assert.equal(q.unit, "%");
  assertClose(q.p95, summary.metrics.participation!.p95 * 100, { rel: 1e-15 });
  const breakdown = tcaBreakdownRows(summary.bySide, {
    metrics: ["implementationShortfall"],
    stat: "median",
  });
  assert.deepEqual(Object.keys(breakdown[0]!), ["group", "trades", "shortfall median (bps)"]);
  assertClose(
    breakdown[1]!["shortfall median (bps)"] as number,
    summary.bySide[1]!.metrics.implementationShortfall!.median * 1e4,
    { rel: 1e-15 },
  );
});

Deno.test("the statistics table shows every metric in its unit to 3 decimals, '-' for a missing std", () => {
  const summary = summarizeTca(analysis);
  const t = tcaStatsTable(summary.metrics, { caption: "all trades" });
  assert.deepEqual(t.headers, ["metric", "unit", "trades", "mean", "std", "5th pct", "median", "95th pct"]);
  const row = t.rows.find((r) => r[0] === "shortfall")!;
  const is = summary.metrics.implementationShortfall!;
  // Independent: the fraction times 10,000, printed to 3 decimals.
  assert.equal(row[3], (is.mean * 1e4).toFixed(3));
  assert.equal(row[7], (is.p95 * 1e4).toFixed(3));
  assert.match(t.toString(), /^all trades\n/);
  const one = tcaStatsTable({
    spreadCost: { count: 1, mean: 1e-4, std: null, median: 1e-4, p5: 1e-4, p95: 1e-4 },
  });
  assert.equal(one.rows[0]![4], "-");
});

Deno.test("the breakdown table has one row per group, the trade count as an integer, metrics to 2 decimals", () => {
  const summary = summarizeTca(analysis);
  const t = tcaBreakdownTable(summary.bySide, { metrics: ["implementationShortfall", "spreadCost"] });
  assert.deepEqual(t.headers, ["group", "trades", "shortfall mean (bps)", "spread cost mean (bps)"]);
  assert.deepEqual(t.rows.map((r) => r[0]), summary.bySide.map((g) => g.group));
  assert.equal(t.rows[0]![1], summary.bySide[0]!.count.toLocaleString("en-US"));
  assert.equal(t.rows[0]![2], (summary.bySide[0]!.metrics.implementationShortfall!.mean * 1e4).toFixed(2));
});
