import assert from "node:assert/strict";
import { blockDailyScales, syntheticMetaorders } from "@lib/mod.ts";
import { synthesizeTrades } from "@lib/data/mod.ts";
import { tapeBlocks } from "@lib/tape/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";
import { handTape } from "./_tapes.ts";

Deno.test("one trader: metaorders are the runs of equal sign inside each day, with every column by hand", () => {
  // Day 1: + + - - - + ; day 2: + + (one trade a minute). min 2 children: runs [0,1], [2,4], day 2 [6,7];
  // the lone + at 5 is dropped, and the day-1 run does not continue into day 2.
  const day2 = Date.UTC(2025, 5, 2);
  const t = [0, 1, 2, 3, 4, 5].map((m) => Date.UTC(2025, 5, 1) + m * 60_000).concat([day2, day2 + 60_000]);
  const tape = handTape([100, 101, 102, 101, 100, 101, 101, 102], [1, 1, -1, -1, -1, 1, 1, 1], {
    sizes: [1, 2, 1, 1, 1, 1, 2, 2],
    timestamps: t,
  });
  const m = syntheticMetaorders(tape, { traders: 1, volatilitySamplingSeconds: 60 });
  assert.deepEqual([...m.first], [0, 2, 6]);
  assert.deepEqual([...m.last], [1, 4, 7]);
  assert.deepEqual([...m.sign], [1, -1, 1]);
  assert.deepEqual([...m.children], [2, 3, 2]);
  assert.deepEqual([...m.volume], [3, 3, 4]);
  assert.deepEqual([...m.block], [0, 0, 1]);
  assert.deepEqual([...m.durationTrades], [1, 2, 1]);
  assert.deepEqual([...m.durationSeconds], [60, 120, 60]);
  // Daily volume: day 1 trades 7 units over a 5-minute span plus one mean gap (6 min) -> 7 * 240 per day.
  assertClose(m.averageDailyVolume[0]!, 7 * 240, { rel: 1e-12 });
  assertClose(m.participation[1]!, 3 / (7 * 240), { rel: 1e-12 });
  // Daily volatility of day 1: 1-minute log returns of 100 101 102 101 100 101, scaled by 240.
  const r = [101 / 100, 102 / 101, 101 / 102, 100 / 101, 101 / 100].map(Math.log);
  assertClose(m.dailyVolatility[0]!, Math.sqrt(r.reduce((s, v) => s + v * v, 0) * 240), { rel: 1e-12 });
  // Impacts: first run opens the day (from its own first price 100 to 101); second from 101 (trade 1) to 100.
  assertClose(m.impact[0]! * m.dailyVolatility[0]!, Math.log(101 / 100), { abs: 1e-12 });
  assertClose(m.impact[1]! * m.dailyVolatility[0]!, Math.log(101 / 100), { abs: 1e-12 });
  assertClose(m.impact[2]! * m.dailyVolatility[1]!, Math.log(102 / 101), { abs: 1e-12 });
  assert.equal(m.priceSource, "trade price");
});

Deno.test("every trade belongs to exactly one metaorder when minChildren is 1, for any N and participation", () => {
  const tape = synthesizeTrades({ days: 2, tradesPerDay: 20_000, seed: 4 });
  let total = 0;
  for (const v of tape.sizes) total += v;
  for (const participation of ["homogeneous", { powerLaw: 1.2 }] as const) {
    for (const traders of [1, 7, 300]) {
      const m = syntheticMetaorders(tape, { traders, participation, minChildren: 1, seed: 5 });
      assert.equal(
        m.children.reduce((s, c) => s + c, 0),
        40_000,
        `${traders} ${JSON.stringify(participation)}`,
      );
      assertClose(m.volume.reduce((s, v) => s + v, 0), total, { rel: 1e-9 });
      // Runs of one trader never mix sides: the price path from first to last child is well defined.
      for (let i = 0; i < m.first.length; i++) assert.ok(m.first[i]! <= m.last[i]!);
    }
  }
  // One trader sees the tape itself: its runs are the tape's runs of equal sign (per day).
  const one = syntheticMetaorders(tape, { traders: 1, minChildren: 1 });
  let runs = 0;
  for (let i = 0; i < tape.signs.length; i++) {
    if (i === 0 || i === 20_000 || tape.signs[i] !== tape.signs[i - 1]) runs++;
  }
  assert.equal(one.first.length, runs);
});

Deno.test("power-law participation concentrates trades on the first traders; seeds replay", () => {
  const tape = synthesizeTrades({ days: 1, tradesPerDay: 20_000, seed: 8 });
  // With z = 3 and N = 50, trader 1 gets 1 / zeta(3) ~ 83 % of trades, so its children sit next to each
  // other on the tape; with 1/N each, a trader's consecutive trades are about 50 tape trades apart.
  const flat = syntheticMetaorders(tape, { traders: 50, seed: 1 });
  const steep = syntheticMetaorders(tape, { traders: 50, participation: { powerLaw: 3 }, seed: 1 });
  const median = (a: Int32Array) => Int32Array.from(a).sort()[a.length >> 1]!;
  assert.ok(median(steep.durationTrades) < 5, `steep: ${median(steep.durationTrades)}`);
  assert.ok(median(flat.durationTrades) > 20, `flat: ${median(flat.durationTrades)}`);
  assert.match(steep.participationModel, /power law/);
  assert.deepEqual(
    syntheticMetaorders(tape, { traders: 50, seed: 1 }).first,
    syntheticMetaorders(tape, { traders: 50, seed: 1 }).first,
  );
  assert.notDeepEqual(
    syntheticMetaorders(tape, { traders: 50, seed: 1 }).first,
    syntheticMetaorders(tape, { traders: 50, seed: 2 }).first,
  );
});

Deno.test("blockDailyScales extrapolates a partial block to 24 h", () => {
  // Ten trades 30 s apart (span 270 s + one gap = 300 s), 2 units each: V = 20 * 86400 / 300.
  const tape = handTape(Array.from({ length: 10 }, (_, i) => 100 + (i % 2)), Array(10).fill(1), {
    sizes: Array(10).fill(2),
    timestamps: Array.from({ length: 10 }, (_, i) => i * 30_000),
  });
  const { averageDailyVolume, dailyVolatility } = blockDailyScales(
    tape,
    tapeBlocks(tape.timestamps, "day"),
    60,
  );
  assertClose(averageDailyVolume[0]!, (20 * 86_400) / 300, { rel: 1e-12 });
  // 60 s samples: last prices 101, 101, 101, 101, 101 (every odd trade closes a minute): no change.
  assert.equal(dailyVolatility[0], 0);
});

Deno.test("syntheticMetaorders validates its input", () => {
  const tape = handTape([100, 101, 100], [1, -1, 1]);
  assertThrowsWith(
    () => syntheticMetaorders(tape, { traders: 0 }),
    RangeError,
    /traders must be an integer >= 1/,
  );
  assertThrowsWith(
    () => syntheticMetaorders(tape, { participation: { powerLaw: -1 } }),
    RangeError,
    /participation must be/,
  );
  // A day whose price never moves has no volatility: its metaorders get a NaN impact, counted.
  const flat = syntheticMetaorders(handTape([100, 100, 100, 100], [1, 1, -1, -1]), { traders: 1 });
  assert.equal(flat.blocksWithoutVolatility, 1);
  assert.equal(flat.first.length, 2);
  assert.ok(flat.impact.every(Number.isNaN));
});
