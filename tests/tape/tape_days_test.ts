/**
 * measureTapeDays: a tape read one UTC day at a time gives the numbers of the whole-tape functions on the
 * concatenated days, to the last bit (same per-block sums, same order, one seeded stream), whatever way the
 * days are grouped into tapes; and every bad input is named.
 */
import assert from "node:assert/strict";
import {
  aggregateImpact,
  metaorderImpactPath,
  signsAndResponse,
  syntheticMetaorders,
  type TradeTape,
} from "@lib/mod.ts";
import { synthesizeTrades } from "@lib/data/mod.ts";
import { measureTapeDays } from "@lib/tape/mod.ts";
import { tapeByDay } from "@lib/tape/mod.ts";
import { handTape } from "./_tapes.ts";

const TAPE = synthesizeTrades({ days: 5, tradesPerDay: 4_000, seed: 11 });
const TICK = 0.5;
const PATH = { minDurationTrades: 5, bootstrapSamples: 40, seed: 9 };
const AGGREGATE = [
  { windows: [10, 100], bins: 6, bootstrapSamples: 30, seed: 5 },
  { windows: [60, 600], unit: "seconds", bins: 4, bootstrapSamples: 20, seed: 6 },
] as const;

/** The tape cut at UTC-day boundaries into groups of `perTape` days (copies, as a loader would give). */
function split(tape: TradeTape, perTape: number): TradeTape[] {
  const days = tapeByDay(tape), out: TradeTape[] = [];
  for (let d = 0; d < days.length; d += perTape) {
    const group = days.slice(d, d + perTape);
    const join = <T extends Float64Array | Int8Array>(pick: (t: TradeTape) => T): T => {
      const parts = group.map(pick);
      const all = new (parts[0]!.constructor as new (n: number) => T)(
        parts.reduce((n, p) => n + p.length, 0),
      );
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      return all;
    };
    out.push({
      timestamps: join((t) => t.timestamps),
      prices: join((t) => t.prices),
      sizes: join((t) => t.sizes),
      signs: join((t) => t.signs),
      symbol: tape.symbol,
      source: tape.source,
    });
  }
  return out;
}

async function* asAsync(tapes: TradeTape[]): AsyncGenerator<TradeTape> {
  for (const t of tapes) yield t;
}

for (const participation of ["homogeneous", { powerLaw: 1.2 }] as const) {
  for (const perTape of [1, 2]) {
    Deno.test(`day by day equals the whole tape: ${JSON.stringify(participation)}, ${perTape} day(s) per tape`, async () => {
      const metaorderOptions = { traders: 7, participation, seed: 3, volatilitySamplingSeconds: 600 };
      const whole = signsAndResponse(TAPE, { maxLag: 60, tickSize: TICK });
      const m = syntheticMetaorders(TAPE, metaorderOptions);
      const path = metaorderImpactPath(m, TAPE, PATH);
      const aggregateOptions = AGGREGATE[perTape - 1]!;
      const aggregate = aggregateImpact(TAPE, aggregateOptions);
      const progress: number[] = [];
      const days = await measureTapeDays(asAsync(split(TAPE, perTape)), {
        maxLag: 60,
        tickSize: TICK,
        metaorders: metaorderOptions,
        path: PATH,
        aggregate: aggregateOptions,
        onDay: (p) => progress.push(p.totalTrades),
      });
      assert.deepEqual(days.correlation, whole.correlation);
      assert.deepEqual(days.response, { ...whole.response, tickSizeSource: "given" });
      assert.deepEqual(days.metaorders, m);
      assert.deepEqual(days.path, path);
      assert.deepEqual(days.aggregate, aggregate);
      assert.ok(aggregate.windows[0]!.windows > 100 && Number.isFinite(aggregate.windows[0]!.kyleLambda));
      assert.ok(path[0]!.count > 0 && Number.isFinite(path[0]!.impact)); // a path that was measured
      assert.ok(m.first.length > 1000);
      assert.equal(days.trades, TAPE.prices.length);
      assert.equal(days.days, 5);
      assert.equal(days.firstDate, "2025-06-01");
      assert.equal(days.lastDate, "2025-06-05");
      assert.equal(progress.length, Math.ceil(5 / perTape));
      assert.equal(progress.at(-1), TAPE.prices.length);
    });
  }
}

Deno.test("tapeByDay cuts a tape into UTC days without copying", () => {
  const days = tapeByDay(TAPE);
  assert.equal(days.length, 5);
  assert.equal(days.reduce((n, d) => n + d.prices.length, 0), TAPE.prices.length);
  assert.equal(days[1]!.prices.buffer, TAPE.prices.buffer);
  for (const d of days) {
    const first = Math.floor(d.timestamps[0]! / 86_400_000),
      last = Math.floor(d.timestamps.at(-1)! / 86_400_000);
    assert.equal(first, last);
  }
});

Deno.test("empty days are skipped, one-trade days and a first day that starts mid-day are blocks like any other", async () => {
  const days = split(TAPE, 1);
  const cutAt = (t: TradeTape, from: number, to?: number): TradeTape => ({
    ...t,
    timestamps: t.timestamps.slice(from, to),
    prices: t.prices.slice(from, to),
    sizes: t.sizes.slice(from, to),
    signs: t.signs.slice(from, to),
  });
  // Day 1 from its 1,000th trade on, day 2 with one trade, an empty tape, then days 3-5 whole.
  const parts = [
    cutAt(days[0]!, 1_000),
    cutAt(days[1]!, 0, 1),
    cutAt(days[2]!, 0, 0),
    days[2]!,
    days[3]!,
    days[4]!,
  ];
  const whole: TradeTape = {
    ...TAPE,
    timestamps: Float64Array.from(parts.flatMap((p) => [...p.timestamps])),
    prices: Float64Array.from(parts.flatMap((p) => [...p.prices])),
    sizes: Float64Array.from(parts.flatMap((p) => [...p.sizes])),
    signs: Int8Array.from(parts.flatMap((p) => [...p.signs])),
  };
  const options = { traders: 5, minChildren: 1, seed: 2 };
  const got = await measureTapeDays(parts, {
    maxLag: 30,
    tickSize: TICK,
    metaorders: options,
    path: { minDurationTrades: 3, bootstrapSamples: 10 },
    aggregate: { windows: [20], bins: 3, bootstrapSamples: 10 },
  });
  const both = signsAndResponse(whole, { maxLag: 30, tickSize: TICK });
  // Day by day every UTC day is a block, the one-trade day too: the whole-tape call must not merge slivers.
  const m = syntheticMetaorders(whole, { ...options, mergeSlivers: false });
  assert.deepEqual(got.correlation, both.correlation);
  assert.deepEqual(got.metaorders, m);
  assert.deepEqual(got.path, metaorderImpactPath(m, whole, { minDurationTrades: 3, bootstrapSamples: 10 }));
  assert.deepEqual(got.aggregate, aggregateImpact(whole, { windows: [20], bins: 3, bootstrapSamples: 10 }));
  assert.equal(got.days, 5);
});

Deno.test("the tick size is estimated on the first tape whose price changes; constant tapes wait for it", async () => {
  const days = split(TAPE, 1);
  const flat: TradeTape = { ...days[0]!, prices: new Float64Array(days[0]!.prices.length).fill(60_000) };
  const got = await measureTapeDays([flat, days[1]!], {
    maxLag: 20,
    path: { bootstrapSamples: 0 },
    aggregate: false,
  });
  assert.equal(got.response.tickSize, TICK);
  assert.equal(got.response.tickSizeSource, "estimated");
  assert.equal(got.trades, flat.prices.length + days[1]!.prices.length);
  const given = await measureTapeDays([flat, days[1]!], {
    maxLag: 20,
    tickSize: TICK,
    path: { bootstrapSamples: 0 },
    aggregate: false,
  });
  assert.deepEqual(got.response.bps, given.response.bps);
  await assert.rejects(
    measureTapeDays([flat], { maxLag: 20 }),
    /tickSize must be given when no tape's price ever changes/,
  );
});

Deno.test("a synchronous iterable works too, and the tick size is estimated on the first day when not given", async () => {
  const days = split(TAPE, 1);
  const m = await measureTapeDays(days, { maxLag: 20, path: { bootstrapSamples: 0 } });
  assert.equal(m.response.tickSizeSource, "estimated");
  assert.equal(m.response.tickSize, TICK); // the synthetic tape's grid
  assert.equal(m.symbol, TAPE.symbol);
  assert.equal(m.source, "synthetic");
});

Deno.test("no metaorder long enough for the path gives path null, the rest is measured", async () => {
  const m = await measureTapeDays(split(TAPE, 1), {
    maxLag: 10,
    path: { minDurationTrades: 1e9 },
    aggregate: false,
  });
  assert.equal(m.path, null);
  assert.equal(m.aggregate, null);
  assert.ok(m.metaorders.first.length > 0);
});

Deno.test("bad inputs are named: order of days, a split day, symbol, no days, options", async () => {
  const days = split(TAPE, 1);
  const run = (d: Iterable<TradeTape> | AsyncIterable<TradeTape>, o = {}) =>
    measureTapeDays(d, { maxLag: 10, ...o });
  await assert.rejects(
    run([days[1]!, days[0]!]),
    /must start on a UTC day after the previous tape's last day \(2025-06-02/,
  );
  const cut = (t: TradeTape, from: number, to?: number): TradeTape => ({
    ...t,
    timestamps: t.timestamps.subarray(from, to),
    prices: t.prices.subarray(from, to),
    sizes: t.sizes.subarray(from, to),
    signs: t.signs.subarray(from, to),
  });
  const [a, b] = [cut(days[0]!, 0, 2000), cut(days[0]!, 2000)];
  await assert.rejects(run([a!, b!]), /a day split across two tapes would be two blocks/);
  await assert.rejects(
    run([days[0]!, { ...days[1]!, symbol: "OTHER" }]),
    /every day must have the first day's symbol and source \(SYNTHETIC, synthetic\): current value is OTHER, synthetic/,
  );
  await assert.rejects(run([]), /days must hold at least one trade: current count is 0/);
  await assert.rejects(run(42 as never), /days must be an iterable of trade tapes: current value is 42/);
  await assert.rejects(run(days, { maxLag: 0 }), /maxLag must be an integer >= 1/);
  await assert.rejects(
    run(days, { maxLag: 5000 }),
    /maxLag must be < the longest block's trade count \(4000, UTC days\)/,
  );
  await assert.rejects(run(days, { tickSize: -1 }), /tickSize must be finite and > 0: current value is -1/);
  await assert.rejects(run(days, { onDay: 1 }), /onDay must be a function: current value is 1/);
  await assert.rejects(
    run(days, { metaorders: { blocks: "day" } }),
    /options.metaorders.blocks must be left out/,
  );
  await assert.rejects(
    run(days, { metaorders: { traders: 0 } }),
    /Cannot measure tape day by day \(options.metaorders\): traders must be an integer >= 1/,
  );
  await assert.rejects(run(days, { path: { seed: 0.5 } }), /\(options.path\): seed must be an integer/);
  await assert.rejects(
    run(days, { aggregate: { seed: 0.5 } }),
    /\(options.aggregate\): seed must be an integer/,
  );
  await assert.rejects(run(days, { path: 5 }), /\(options.path\): options must be an object/);
  await assert.rejects(
    run(days, { maxLag: 2_000_000 }),
    /maxLag must be <= 1,000,000: current value is 2000000/,
  );
  await assert.rejects(
    run(days, { aggregate: { windows: [60, 86_400], unit: "seconds" } }),
    /windows\[1\] must be < 86,400 s/,
  );
  await assert.rejects(run([cut(days[0]!, 0, 8)]), /tape must hold at least 12 trades: current count is 8/);
  await assert.rejects(run(days, { path: { fractions: [0.5] } }), /fractions must include 1/);
  await assert.rejects(run([handTape([1, 2], [1, 0])]), /signs\[1\] must be \+1 or -1: current value is 0/);
});
