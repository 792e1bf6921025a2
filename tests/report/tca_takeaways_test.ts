import assert from "node:assert/strict";
import { tcaTakeaways } from "@lib/mod.ts";
import type { TcaEstimateQuality, TcaMetricStats, TcaSummary } from "@lib/tca/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

const stats = (mean: number, std = 0.001, count = 400): TcaMetricStats => ({
  count,
  mean,
  std,
  median: mean,
  p5: mean - 0.002,
  p95: mean + 0.002,
});
const metrics = (shortfall: number, markout60 = 0.0002): Record<string, TcaMetricStats> => ({
  implementationShortfall: stats(shortfall),
  spreadCost: stats(0.00001),
  impactCost: stats(0.0002),
  timingCost: stats(0.0003, 0.004),
  estimatedImpact: stats(0.0003),
  predictedImpact: stats(shortfall * 0.5),
  markout1m: stats(0.0001),
  markout60m: stats(markout60),
});
const group = (name: string, key: number, shortfall: number) => ({
  group: name,
  key,
  count: 400,
  metrics: metrics(shortfall),
});
const summary = (buy: number, sell: number, markout60 = 0.0002): TcaSummary => ({
  count: 800,
  badRowCount: 0,
  metrics: metrics(0.0005, markout60),
  byParticipation: [group("below 0.1%", 0, 0.0002), group("0.1% and above", 1, 0.0009)],
  bySide: [group("buy", 1, buy), group("sell", -1, sell)],
  byHour: [group("3 UTC", 3, 0.0003), group("14 UTC", 14, 0.0008)],
  participationEdges: [0.001],
  percentileMethod: "linear interpolation between order statistics (type 7)",
});
const quality = (correlation: number): TcaEstimateQuality => ({
  estimate: "estimatedImpact",
  realized: "implementationShortfall - spreadCost",
  count: 800,
  meanEstimate: 0.0003,
  meanRealized: 0.0002,
  realizedShare: 0.6667,
  correlation,
  slope: 0.5,
  intercept: 0,
});
const input = (s: TcaSummary) => ({
  summary: s,
  lawQuality: quality(0.1),
  modelQuality: quality(0.2),
  modelLabel: "network 6-16-8-1",
  lawDelta: 0.5,
  badRowCount: 3,
  scale: { trades: 1_000_000, medianMilliseconds: 65.4 },
});

Deno.test("takeaways quote the numbers in basis points and order the hours by cost", () => {
  const text = tcaTakeaways(input(summary(0.0005, 0.0005)));
  assert.match(text, /^## Takeaways\n\n/);
  assert.match(
    text,
    /mean implementation shortfall is 5\.00 bps \(median 5\.00, 5th to 95th percentile -15\.00 to 25\.00 bps\)/,
  );
  assert.match(text, /timing part's standard deviation \(40\.00 bps\)/);
  assert.match(
    text,
    /rises from 2\.00 bps for orders below 0\.1% of daily volume to 9\.00 bps for 0\.1% and above/,
  );
  assert.match(text, /The costliest start hour is 14 UTC \(8\.00 bps/);
  assert.match(text, /the concave-path share 1\/\(1\+delta\) is 0\.67/);
  assert.match(
    text,
    // Fisher z: atanh(0.2) - atanh(0.1) = 0.1024; se sqrt(2 / 797) = 0.0501: 2.0 standard errors
    /the network 6-16-8-1 tracks the realized cost better \(correlation 0\.200 against 0\.100, 2\.0 standard errors apart\)/,
  );
  assert.match(text, /Data hygiene and scale\.\*\* 3 bad rows .* 1,000,000 trades in about 65 ms/);
  const { scale: _, ...noScale } = input(summary(0.0005, 0.0005));
  assert.match(
    tcaTakeaways(noScale),
    /\*\*Data hygiene\.\*\* 3 bad rows were reported by index and kept out of every average\.\n/,
  );
});

Deno.test("measured markouts: the 1-to-60-minute change is called a reversion only beyond 2 standard errors", () => {
  // markout1m 1.00 bps, sd 10 bps over 400 trades: se 0.5 bps each, band 2 * hypot(0.5, 0.5) = 1.41 bps.
  const reverting = tcaTakeaways({
    ...input(summary(0.0005, 0.0005, -0.0001)),
    markoutsMeasured: { pricePath: "the simulated book's mid" },
  });
  assert.match(reverting, /read on the simulated book's mid after each order's last fill/);
  // change -0.0001 - 0.0001 = -2.00 bps; the law's mean estimate is 3.00 bps
  assert.match(
    reverting,
    /changes by -2\.00 ± 1\.41 bps, a measured reversion of 2\.00 bps, against a mean end-of-order impact of 3\.00 bps/,
  );
  assert.doesNotMatch(reverting, /not a measurement|cannot show/);
  const flat = tcaTakeaways({
    ...input(summary(0.0005, 0.0005, 0.00015)),
    markoutsMeasured: { pricePath: "the mid" },
  });
  assert.match(flat, /changes by 0\.50 ± 1\.41 bps, within 2 standard errors of 0: no measurable reversion/);
  assertThrowsWith(
    () =>
      tcaTakeaways({
        ...input(summary(0.0005, 0.0005)),
        markoutsMeasured: { pricePath: "the mid" },
        markoutOwnImpact: { source: "s", kernel: "G", kernelChange: 0 },
      }),
    TypeError,
    /must not both be given/,
  );
});

Deno.test("side asymmetry is called beyond 2 standard errors (sqrt(2) * 1 bp / sqrt(400) here)", () => {
  // Standard error of the gap: hypot(10 bps / 20, 10 bps / 20) = 0.707 bps.
  assert.match(
    tcaTakeaways(input(summary(0.0005, 0.0005))),
    /0\.0 standard errors: no evidence of an asymmetry/,
  );
  assert.match(
    tcaTakeaways(input(summary(0.0006, 0.0004))),
    /differ by 2\.00 bps in mean shortfall, 2\.8 standard errors: a real asymmetry/,
  );
});

Deno.test("markouts without the orders' own impact: say what they cannot show, from the numbers", () => {
  const text = tcaTakeaways(input(summary(0.0005, 0.0005, 0.0002)));
  // paid = impact part + spread part; the 1-minute markout is compared with -paid, the change is 60m - 1m
  const m = summary(0.0005, 0.0005, 0.0002).metrics;
  const paid = (m.impactCost!.mean + m.spreadCost!.mean) * 1e4;
  assert.match(text, new RegExp(`what the fill paid\\) is ${(-paid).toFixed(2)} bps`));
  assert.match(text, /the change from 1 to 60 minutes \(1\.00 ± /);
  assert.match(text, /cannot show whether, or how fast, the price comes back after an order/);
  assert.doesNotMatch(text, /does not come back|comes back [0-9]/);
});

Deno.test("markouts with the orders' own impact: split the change into the kernel's part and the market's", () => {
  const text = tcaTakeaways({
    ...input(summary(0.0005, 0.0005, -0.0001)),
    markoutOwnImpact: { source: "the law's estimate", kernel: "G", kernelChange: -0.00015 },
  });
  // change = -0.0001 - 0.0001 = -2.00 bps; kernel -1.50 bps; rest -0.50 bps
  assert.match(
    text,
    /changes by -2\.00 ± [0-9.]+ bps: the decaying impact puts in -1\.50 bps by construction, the remaining -0\.50 bps/,
  );
  assert.match(text, /the stated kernel's, not a measurement/);
});

Deno.test("the second law and the spread source are reported when given", () => {
  const text = tcaTakeaways({
    ...input(summary(0.0005, 0.0005)),
    secondLawQuality: { ...quality(0.05), realizedShare: 0.5 },
    spreadSource: "abdi-ranaldo estimate from candles, not a quoted spread",
  });
  assert.match(
    text,
    /The Almgren et al\. 2005 law calibrated on the same orders: 0\.50 of its estimate realized, correlation 0\.050/,
  );
  assert.match(text, /\(spread: abdi-ranaldo estimate from candles, not a quoted spread\)/);
});

Deno.test("a summary without the metrics or sides the prose needs is rejected by name", () => {
  const s = summary(0.0005, 0.0005);
  const { markout60m: _, ...rest } = s.metrics;
  assertThrowsWith(
    () => tcaTakeaways(input({ ...s, metrics: rest })),
    TypeError,
    /must have the metric markout60m/,
  );
  assertThrowsWith(
    () => tcaTakeaways(input({ ...s, bySide: s.bySide.slice(0, 1) })),
    TypeError,
    /buys and sells/,
  );
});

Deno.test("a correlation gap within 2 standard errors names no better estimate (notebook 05 on real candles)", () => {
  // 0.246 against 0.240 over 21,000 trades: z gap 0.00641, se sqrt(2 / 20,997) = 0.00976: 0.7 standard errors
  const q = (correlation: number) => ({ ...quality(correlation), count: 21_000 });
  const text = tcaTakeaways({
    ...input(summary(0.0005, 0.0005)),
    lawQuality: q(0.246),
    modelQuality: q(0.24),
  });
  assert.match(
    text,
    /neither tracks the realized cost measurably better \(correlation 0\.246 for the square-root law, 0\.240 for the network 6-16-8-1: 0\.7 standard errors apart/,
  );
  assert.doesNotMatch(text, /tracks the realized cost better/);
});
