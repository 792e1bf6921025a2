/**
 * The synthetic trade tape: labelled, seeded, on a tick grid, fast, and with the mechanism it promises
 * (kernel shape; gamma is tested in tests/tape/sign_correlation_test.ts, the response in
 * tests/tape/response_function_test.ts).
 */
import assert from "node:assert/strict";
import {
  assertTradeTape,
  synthesizeTrades,
  syntheticTradeKernel,
  tradeTapeFromFrame,
  tradeTapeToFrame,
} from "@lib/data/mod.ts";
import { assertClose, assertThrowsWith } from "../../_assert.ts";

Deno.test("synthetic tape: labelled, valid, seeded, over whole UTC days", () => {
  const a = synthesizeTrades({ days: 3, tradesPerDay: 5_000, seed: 9 });
  const b = synthesizeTrades({ days: 3, tradesPerDay: 5_000, seed: 9 });
  const c = synthesizeTrades({ days: 3, tradesPerDay: 5_000, seed: 10 });
  assert.equal(a.source, "synthetic");
  assert.equal(a.symbol, "SYNTHETIC");
  assertTradeTape("test", a);
  assert.deepEqual(a.prices, b.prices);
  assert.notDeepEqual(a.prices, c.prices);
  const day = (ms: number) => Math.floor(ms / 86_400_000);
  assert.equal(day(a.timestamps[0]!), day(Date.UTC(2025, 5, 1)));
  assert.equal(day(a.timestamps[4_999]!), day(a.timestamps[0]!));
  assert.equal(day(a.timestamps[5_000]!), day(a.timestamps[0]!) + 1);
  assert.equal(day(a.timestamps[14_999]!), day(a.timestamps[0]!) + 2);
  // Round trip through the cache's frame schema keeps every column.
  const back = tradeTapeFromFrame(tradeTapeToFrame(a), { symbol: a.symbol, source: "synthetic" });
  assert.deepEqual(back.signs, a.signs);
  assert.deepEqual(back.timestamps, a.timestamps);
});

Deno.test("synthetic tape: prices on the tick grid, buys at the ask and sells at the bid of the hidden mid", () => {
  const tape = synthesizeTrades({ days: 1, tradesPerDay: 20_000, tickSize: 0.5, seed: 2 });
  for (let i = 0; i < tape.prices.length; i++) {
    const p = tape.prices[i]!, m = tape.mids[i]!;
    assertClose(p / 0.5, Math.round(p / 0.5), { abs: 1e-9 }, `grid at ${i}`);
    const inside = tape.signs[i]! > 0 ? p >= m && p - m <= 0.5 : p <= m && m - p < 0.5;
    assert.ok(inside, `trade ${i}: sign ${tape.signs[i]}, price ${p}, mid ${m}`);
  }
});

Deno.test("synthetic kernel: the exponential sum follows G0 (l0 + l)^-beta exp(-l / cutoff) within 1 %", () => {
  const options = { kernelAmplitude: 1.5, kernelOffset: 2, kernelExponent: 0.4, kernelCutoff: 5_000 };
  const g = syntheticTradeKernel(options, 5_000);
  for (const l of [1, 2, 5, 10, 100, 1_000, 5_000]) {
    const target = 1.5 * (2 + l) ** -0.4 * Math.exp(-l / 5_000);
    assertClose(g[l - 1]!, target, { rel: 0.01 }, `G(${l})`);
  }
  // The simulated mid responds to one trade exactly by this kernel: with one live metaorder of fixed sign,
  // no noise and sizes fixed at the median (f = 1), m_t - m_0 = sum_{s<t} G(t - s) in ticks.
  const tape = synthesizeTrades({
    ...options,
    days: 1,
    tradesPerDay: 50,
    activeMetaorders: 1,
    lengthExponent: 0.01, // lengths hit the 1,000,000 cap: one metaorder (remaining length uniform below it) for all 50 trades
    sizeLogSd: 0,
    noiseTicks: 0,
    tickSize: 1,
    seed: 4,
  });
  const sign = tape.signs[0]!;
  let expected = 0;
  for (let t = 1; t < 50; t++) {
    expected += g[t - 1]!;
    assertClose(tape.mids[t]! - tape.mids[0]!, sign * expected, { abs: 1e-9 }, `mid ${t}`);
  }
});

Deno.test("synthesizeTrades validates its options", () => {
  assertThrowsWith(() => synthesizeTrades({ days: 0 }), RangeError, /days must be an integer >= 1/);
  assertThrowsWith(() => synthesizeTrades({ tickSize: 0 }), RangeError, /tickSize must be finite and > 0/);
  assertThrowsWith(() => synthesizeTrades({ kernelExponent: -1 }), RangeError, /kernelExponent/);
  assertThrowsWith(() => syntheticTradeKernel({}, 0), RangeError, /maxLag/);
});
