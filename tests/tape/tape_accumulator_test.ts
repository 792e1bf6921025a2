/**
 * The tape accumulators: one `add` of the whole tape and `finish` is the whole-tape function, number for
 * number (with and without quotes, day and count blocks); the days added one at a time give
 * `measureTapeDays`' results to the bit; and a finished accumulator, a path without its metaorders and tapes
 * that disagree on quotes are refused by name. The expected numbers are the public functions' own results on
 * the same seeded synthetic tape (`synthesizeTrades`), so any drift between the two paths fails here.
 */
import assert from "node:assert/strict";
import {
  aggregateImpact,
  createAggregateImpactAccumulator,
  createImpactPathAccumulator,
  createResponseFunctionAccumulator,
  createSignCorrelationAccumulator,
  createSignsAndResponseAccumulator,
  createSyntheticMetaorderAccumulator,
  measureTapeDays,
  metaorderImpactPath,
  responseFunction,
  signCorrelation,
  signsAndResponse,
  syntheticMetaorders,
  type TapeAccumulator,
  tapeByDay,
} from "@lib/tape/mod.ts";
import { synthesizeTrades, type TradeTape } from "@lib/data/mod.ts";

const TAPE = synthesizeTrades({ days: 4, tradesPerDay: 3_000, seed: 21 });
/** The same trades with a quoted mid before each trade: the trade price moved by a seeded-free wobble. */
const QUOTED: TradeTape = {
  ...TAPE,
  quotes: {
    mids: TAPE.prices.map((p, i) => p * (1 + 1e-4 * Math.sin(i))),
    spreads: new Float64Array(TAPE.prices.length).fill(0.1),
    bidSizes: new Float64Array(TAPE.prices.length).fill(1),
    askSizes: new Float64Array(TAPE.prices.length).fill(1),
  },
};

/** One add and finish. */
function once<R>(accumulator: TapeAccumulator<R>, tape: TradeTape): R {
  accumulator.add(tape);
  return accumulator.finish();
}

for (const [name, tape] of [["trade prices", TAPE], ["quotes", QUOTED]] as const) {
  for (const blocks of ["day", { count: 2_500 }] as const) {
    Deno.test(`one add of the whole tape is the whole-tape function: ${name}, blocks ${JSON.stringify(blocks)}`, () => {
      assert.deepEqual(
        once(createSignCorrelationAccumulator({ maxLag: 40, blocks }), tape),
        signCorrelation(tape, { maxLag: 40, blocks }),
      );
      for (const tickSize of [undefined, 0.5]) {
        const options = { maxLag: 40, blocks, ...(tickSize ? { tickSize } : {}) };
        const response = once(createResponseFunctionAccumulator(options), tape);
        assert.deepEqual(response, responseFunction(tape, options));
        assert.equal(response.priceReference, name === "quotes" ? "mid" : "trade");
        assert.deepEqual(
          once(createSignsAndResponseAccumulator(options), tape),
          signsAndResponse(tape, options),
        );
      }
      for (const aggregate of [{ windows: [10, 100] }, { windows: [30, 300], unit: "seconds" }] as const) {
        const options = { ...aggregate, blocks, bins: 5, bootstrapSamples: 25, seed: 3 };
        assert.deepEqual(
          once(createAggregateImpactAccumulator(options), tape),
          aggregateImpact(tape, options),
        );
      }
      const metaorderOptions = {
        traders: 9,
        blocks,
        seed: 4,
        ...(name === "quotes" ? { endPrice: "mid-after" as const } : {}),
      };
      const metaorders = createSyntheticMetaorderAccumulator(metaorderOptions);
      const path = createImpactPathAccumulator(metaorders, { minDurationTrades: 5, bootstrapSamples: 20 });
      metaorders.add(tape);
      path.add(tape);
      const whole = syntheticMetaorders(tape, metaorderOptions);
      assert.ok(whole.first.length > 500); // a table worth comparing
      assert.deepEqual(metaorders.finish(), whole);
      assert.deepEqual(
        path.finish(),
        metaorderImpactPath(whole, tape, { minDurationTrades: 5, bootstrapSamples: 20 }),
      );
    });
  }
}

Deno.test("the days added one at a time give measureTapeDays' results to the bit", async () => {
  const options = {
    maxLag: 60,
    tickSize: 0.5,
    metaorders: { traders: 7, participation: { powerLaw: 1.1 }, seed: 3 },
    path: { minDurationTrades: 5, bootstrapSamples: 30, seed: 8 },
    aggregate: { windows: [10, 100], bins: 6, bootstrapSamples: 30, seed: 5 },
  } as const;
  const days = tapeByDay(TAPE);
  const measured = await measureTapeDays(days, options);

  const signs = createSignsAndResponseAccumulator({ maxLag: 60, tickSize: 0.5 });
  const metaorders = createSyntheticMetaorderAccumulator({ ...options.metaorders, mergeSlivers: false });
  const path = createImpactPathAccumulator(metaorders, options.path);
  const aggregate = createAggregateImpactAccumulator(options.aggregate);
  for (const day of days) {
    signs.add(day);
    metaorders.add(day);
    path.add(day);
    aggregate.add(day);
  }
  const { correlation, response } = signs.finish();
  assert.deepEqual(correlation, measured.correlation);
  assert.deepEqual(response, measured.response);
  assert.deepEqual(metaorders.finish(), measured.metaorders);
  assert.deepEqual(path.finish(), measured.path);
  assert.deepEqual(aggregate.finish(), measured.aggregate);
  // Four UTC days, four blocks, and results that were measured.
  assert.equal(correlation.blockStarts.length, 5);
  assert.ok(measured.path![0]!.count > 0 && measured.metaorders.first.length > 1000);
  // The per-tape metaorders the path read are each day's own (indexed on that day).
  const fresh = createSyntheticMetaorderAccumulator({ ...options.metaorders, mergeSlivers: false });
  for (const day of days) fresh.add(day);
  const second = fresh.metaordersOf(days[1]!)!;
  const all = fresh.finish();
  const offset = days[0]!.prices.length, from = all.block.indexOf(1);
  assert.equal(second.first[0]! + offset, all.first[from]);
  assert.equal(fresh.metaordersOf(days[1]!), undefined); // let go once finished
});

Deno.test("a finished accumulator, a path without its metaorders and tapes that disagree on quotes are refused", () => {
  const [day0, day1] = tapeByDay(TAPE);
  const c = createSignCorrelationAccumulator({ maxLag: 10 });
  c.add(day0!);
  c.finish();
  assert.throws(
    () => c.add(day1!),
    /measure sign correlation: the accumulator must be open: current state is finished/,
  );
  assert.throws(() => c.finish(), /accumulator must be open/);

  const metaorders = createSyntheticMetaorderAccumulator({ traders: 5 });
  const path = createImpactPathAccumulator(metaorders, { minDurationTrades: 5 });
  assert.throws(
    () => path.add(day0!),
    /measure metaorder impact path: source.metaordersOf\(tape\) must give this tape's metaorders \(add the tape to the metaorder accumulator first\)/,
  );
  metaorders.add(day0!);
  path.add(day0!);
  assert.ok(path.used > 0);

  const r = createResponseFunctionAccumulator({ maxLag: 10, tickSize: 0.5 });
  r.add(day0!);
  assert.throws(
    () => r.add({ ...day1!, quotes: { ...QUOTED.quotes!, mids: day1!.prices } }),
    /every tape must lack quotes as the first did \(the price m is the trade price\): current tape has quotes/,
  );
  const a = createAggregateImpactAccumulator({ windows: [10] });
  a.add({ ...day0!, quotes: { ...QUOTED.quotes!, mids: day0!.prices } });
  assert.throws(
    () => a.add(day1!),
    /every tape must carry quotes as the first did: current tape has no quotes/,
  );
  // An empty tape adds nothing, and too few trades in all are named at the end.
  const s = createSignCorrelationAccumulator({ maxLag: 10 });
  s.add({
    ...day0!,
    timestamps: new Float64Array(0),
    prices: new Float64Array(0),
    sizes: new Float64Array(0),
    signs: new Int8Array(0),
  });
  assert.throws(
    () => s.finish(),
    /measure sign correlation: tape must hold at least 12 trades: current count is 0/,
  );
  // Options are checked when the accumulator is made, under the caller's action.
  assert.throws(
    () => createAggregateImpactAccumulator({ bins: 0 }, "measure my tape"),
    /Cannot measure my tape: bins must be an integer >= 1/,
  );
});
