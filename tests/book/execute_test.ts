/**
 * Impact emerges from the simulated book: a user's buying raises the mid against the same seeds without it,
 * larger orders cost more and concavely, passive children cost less than market ones, and the level-1
 * imbalance predicts the next mid move. Every expected direction comes from the order book's mechanics, not
 * from a model of impact; the bands are statistical (intervals over seeds or quotes).
 */
import assert from "node:assert/strict";
import { executeOnBook, scheduleShortfalls, simulateBookDay } from "@lib/book/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const mean = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
};
/** Mean and standard error of paired differences `a - b`. */
function paired(a: Float64Array, b: Float64Array): { mean: number; se: number } {
  const d = a.map((x, i) => x - b[i]!);
  const m = mean(d);
  let ss = 0;
  for (const x of d) ss += (x - m) ** 2;
  return { mean: m, se: Math.sqrt(ss / (d.length - 1) / d.length) };
}

const times = Array.from({ length: 30 }, (_, i) => i * 10);
const buy = (total: number) => ({ side: 1 as const, times, sizes: times.map(() => total / 30) });

Deno.test("a buy schedule raises the mid against the same seeds without it (paired over 40 seeds)", () => {
  // 16 BTC over 5 minutes (about 1,000 background trades of 0.05 BTC in that time: a third of the volume).
  const r = scheduleShortfalls([buy(16)], { seeds: 40, afterSeconds: 0 });
  const d = paired(r.midChanges[0]!, r.baselineMidChanges);
  // One-sided 99.5 % t bound (t_{39} = 2.71) above zero.
  assert.ok(d.mean - 2.71 * d.se > 0, `mid change vs baseline ${d.mean} +- ${d.se}`);
  assert.equal(r.label, "simulated order book");
  assert.deepEqual(r.unfilled[0], new Float64Array(40), "every child filled");
});

Deno.test("larger orders cost more, concavely: single market orders of 0.25, 1 and 4 BTC", () => {
  const sizes = [0.25, 1, 4];
  const r = scheduleShortfalls(sizes.map((q) => ({ side: 1 as const, times: [0], sizes: [q] })), {
    seeds: 40,
    afterSeconds: 0,
  });
  const [small, mid, large] = r.shortfalls as [Float64Array, Float64Array, Float64Array];
  // Same seeds, same book at the arrival: a larger order walks further, so it costs more per unit (paired).
  const up1 = paired(mid, small), up2 = paired(large, mid);
  assert.ok(up1.mean - 2.71 * up1.se > 0, `1 vs 0.25 BTC: ${up1.mean} +- ${up1.se}`);
  assert.ok(up2.mean - 2.71 * up2.se > 0, `4 vs 1 BTC: ${up2.mean} +- ${up2.se}`);
  // Concave: four times the size costs less than four times as much per unit (linear impact would give 4).
  const g1 = mean(mid) / mean(small), g2 = mean(large) / mean(mid);
  assert.ok(g1 < 3 && g2 < 3, `cost growth per 4x size: ${g1}, ${g2}`);
});

Deno.test("a metaorder's cost grows with its size, less than proportionally", () => {
  const r = scheduleShortfalls([buy(2), buy(8), buy(32)], { seeds: 30, afterSeconds: 0 });
  const [a, b, c] = r.shortfalls.map(mean) as [number, number, number];
  assert.ok(a < b && b < c, `shortfalls ${a}, ${b}, ${c}`);
  assert.ok(c / a < 16, `32 BTC vs 2 BTC: ${c / a} (proportional would be 16)`);
});

Deno.test("limit children rest at the best, fill passively within their time limit, and the rest goes at market", () => {
  const schedule = { ...buy(4), limit: { offsetTicks: 0, timeLimitSeconds: 9, onExpiry: "market" as const } };
  const run = executeOnBook(schedule, { seed: 3, afterSeconds: 0 });
  assertClose(run.filledSize, 4, { abs: 1e-9 });
  let passive = 0, aggressive = 0;
  for (let i = 0; i < run.fills.sizes.length; i++) {
    const child = run.fills.child[i]!, t = run.fills.seconds[i]!;
    // Every fill of child k happens between its placement and its time limit (the expiry market order at it).
    assert.ok(
      t >= times[child]! - 1e-9 && t <= times[child]! + 9 + 1e-9,
      `fill ${i} of child ${child} at ${t}`,
    );
    if (run.fills.levels[i] === 0) passive += run.fills.sizes[i]!;
    else aggressive += run.fills.sizes[i]!;
  }
  // Seed 3: most of the size fills passively (a count from this seed; both kinds occur).
  assert.ok(passive > 1 && aggressive > 0, `passive ${passive}, at market ${aggressive}`);
  // "cancel" at expiry leaves the rest unfilled instead.
  const cancelled = executeOnBook({ ...schedule, limit: { ...schedule.limit, onExpiry: "cancel" } }, {
    seed: 3,
    afterSeconds: 0,
  });
  assertClose(cancelled.filledSize + cancelled.unfilledSize, 4, { abs: 1e-9 });
  assert.ok(cancelled.fills.levels.every((l) => l === 0));
});

Deno.test("one execution returns its fills, the arrival mid and the mid path during and after", () => {
  const schedule = { side: -1 as const, times: [0, 60, 120], sizes: [1, 1, 1] };
  const run = executeOnBook(schedule, { seed: 21, afterSeconds: 60 });
  const again = executeOnBook(schedule, { seed: 21, afterSeconds: 60 });
  assert.deepEqual(run.fills, again.fills);
  assert.equal(run.fills.seconds.length, 3);
  assert.deepEqual([...run.fills.seconds], [0, 60, 120]);
  assertClose(run.filledSize, 3, { abs: 1e-9 });
  assert.equal(run.unfilledSize, 0);
  for (let i = 0; i < 3; i++) assert.ok(run.fills.levels[i]! >= 1);
  // Shortfall from the fills, by hand.
  let value = 0;
  for (let i = 0; i < 3; i++) value += run.fills.prices[i]! * run.fills.sizes[i]!;
  assertClose(run.shortfall, -(value / 3 - run.arrivalMid) / run.arrivalMid, { abs: 1e-15 });
  // Mid path: one point a second from the arrival through 120 + 60 s.
  assert.equal(run.mids.length, 181);
  assert.equal(run.mids[0], run.arrivalMid);
  assert.ok(run.mids.every(Number.isFinite));
  assertThrowsWith(
    () => executeOnBook({ side: 1, times: [5, 1], sizes: [1, 1] }),
    RangeError,
    /Cannot execute on book: schedule.times\[1\] must be >= 0 and >= the previous time: current value is 1/,
  );
  assertThrowsWith(
    () => scheduleShortfalls([{ side: 1, times: [0], sizes: [1] }], { seeds: 0 }),
    RangeError,
    /seeds must be an integer >= 1/,
  );
});

Deno.test("level-1 imbalance predicts the sign of the next mid change better than chance", () => {
  const { quotes } = simulateBookDay({ seed: 8, durationSeconds: 1_800 });
  const n = quotes.timestamps.length;
  const mid = (i: number) => quotes.bidPrices[i]! + quotes.askPrices[i]!;
  // The next mid change after each update: the first later update with another mid (backward pass).
  const nextChange = new Int32Array(n).fill(n);
  for (let i = n - 2; i >= 0; i--) nextChange[i] = mid(i + 1) !== mid(i) ? i + 1 : nextChange[i + 1]!;
  let hits = 0, trials = 0;
  for (let i = 0; i < n; i++) {
    const b = quotes.bidSizes[i]!, a = quotes.askSizes[i]!, j = nextChange[i]!;
    const imbalance = (b - a) / (b + a);
    if (j >= n || imbalance === 0) continue;
    trials++;
    if (Math.sign(mid(j) - mid(i)) === Math.sign(imbalance)) hits++;
  }
  const rate = hits / trials;
  // Binomial 99.9 % lower bound (normal approximation, z = 3.09) above one half.
  const lower = rate - 3.09 * Math.sqrt(0.25 / trials);
  assert.ok(trials > 1_000, `trials ${trials}`);
  assert.ok(lower > 0.5, `hit rate ${rate} over ${trials}, lower bound ${lower}`);
});
