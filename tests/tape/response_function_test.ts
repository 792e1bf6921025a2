import assert from "node:assert/strict";
import { responseFunction, signsAndResponse } from "@lib/mod.ts";
import { estimateTickSize, synthesizeTrades } from "@lib/data/mod.ts";
import { propagatorResponse, signCorrelation } from "@lib/tape/mod.ts";
import { syntheticTradeKernel } from "@lib/data/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";
import { handTape, randomTape } from "./_tapes.ts";

Deno.test("response function by hand: five trades, tick 0.5, in ticks and bps", () => {
  // prices 100, 100.5, 100.5, 101, 100.5; signs + + - + -
  const tape = handTape([100, 100.5, 100.5, 101, 100.5], [1, 1, -1, 1, -1]);
  const r = responseFunction(tape, { maxLag: 2 });
  assert.equal(r.tickSize, 0.5);
  assert.equal(r.tickSizeSource, "estimated");
  // Lag 1: (+1)(0.5) + (+1)(0) + (-1)(0.5) + (+1)(-0.5) = -0.5 over 4 pairs = -0.125 price = -0.25 ticks.
  assertClose(r.ticks[0]!, -0.25, { abs: 1e-12 });
  // Lag 2: (+1)(0.5) + (+1)(0.5) + (-1)(0) = 1 over 3 pairs = 1/3 price = 2/3 ticks.
  assertClose(r.ticks[1]!, 2 / 3, { abs: 1e-12 });
  const bps2 = (Math.log(100.5 / 100) + Math.log(101 / 100.5) - Math.log(100.5 / 100.5)) / 3 * 1e4;
  assertClose(r.bps[1]!, bps2, { abs: 1e-9 });
  assert.equal(r.priceSource, "trade price");
  // With mids given, m is the mid.
  const withMids = responseFunction(tape, { maxLag: 1, mids: [100, 100, 100, 100, 101], tickSize: 1 });
  assertClose(withMids.ticks[0]!, (0 + 0 + 0 + 1) / 4, { abs: 1e-12 });
  assert.equal(withMids.priceSource, "mid");
});

Deno.test("response function equals the direct O(n * L) sum over pairs inside each day", () => {
  const tape = randomTape(20_000, 4, 3);
  const r = responseFunction(tape, { maxLag: 30, tickSize: 0.1 });
  const starts: number[] = [0];
  for (let i = 1; i < tape.timestamps.length; i++) {
    if (Math.floor(tape.timestamps[i]! / 86_400_000) !== Math.floor(tape.timestamps[i - 1]! / 86_400_000)) {
      starts.push(i);
    }
  }
  starts.push(tape.timestamps.length);
  for (const l of [1, 5, 30]) {
    let sum = 0, sumLog = 0, pairs = 0;
    for (let b = 0; b + 1 < starts.length; b++) {
      for (let t = starts[b]!; t + l < starts[b + 1]!; t++) {
        sum += tape.signs[t]! * (tape.prices[t + l]! - tape.prices[t]!);
        sumLog += tape.signs[t]! * Math.log(tape.prices[t + l]! / tape.prices[t]!);
        pairs++;
      }
    }
    assertClose(r.ticks[l - 1]!, sum / pairs / 0.1, { abs: 1e-9 }, `ticks at ${l}`);
    assertClose(r.bps[l - 1]!, (sumLog / pairs) * 1e4, { abs: 1e-9 }, `bps at ${l}`);
  }
});

Deno.test("known answer: on the synthetic tape's mids, R(l) matches the propagator model's closed form", () => {
  // Bouchaud et al. (2004) eq. 5 with the tape's exact kernel and its measured sign correlation. The mid's
  // own noise is switched off (it adds zero on average but a sampling error of about noise * sqrt(l) /
  // sqrt(effective pairs), several % at l = 100); what is left: the sizes' sampling fluctuation around
  // <f(v)>, the truncation of C at 2,000 lags (the kernel is tempered at 200 trades, G(2000) / G(1) < 1e-4),
  // and pairs lost at day ends. Tolerance 3 % of R(1).
  const options = { days: 5, tradesPerDay: 100_000, kernelCutoff: 200, noiseTicks: 0, seed: 17 };
  const tape = synthesizeTrades(options);
  const kernel = syntheticTradeKernel(options, 5_000);
  const c = signCorrelation(tape, { maxLag: 2_000 });
  let meanF = 0;
  for (const v of tape.sizes) {
    meanF += Math.pow(v / tape.truth.options.medianSize, tape.truth.options.volumeExponent);
  }
  meanF /= tape.sizes.length;
  const predicted = propagatorResponse(kernel, c.correlation, 100).map((v) => v * meanF);
  const measured = responseFunction(tape, {
    maxLag: 100,
    mids: tape.mids,
    tickSize: tape.truth.options.tickSize,
  });
  for (const l of [1, 2, 5, 10, 20, 50, 100]) {
    assertClose(measured.ticks[l - 1]!, predicted[l - 1]!, { abs: 0.03 * predicted[0]! }, `R(${l})`);
  }
  // On trade prices a buy prints at the ask and a sell at the bid, half a tick from the mid on average:
  // R_trade(l) = R_mid(l) - (1 - C(l)) / 2 ticks (bid-ask bounce), up to the grid rounding.
  const trade = responseFunction(tape, { maxLag: 100, tickSize: tape.truth.options.tickSize });
  for (const l of [1, 10, 100]) {
    const bounce = measured.ticks[l - 1]! - (1 - c.correlation[l - 1]!) / 2;
    assertClose(trade.ticks[l - 1]!, bounce, { abs: 0.03 }, `trade-price R(${l})`);
  }
});

Deno.test("propagatorResponse: permanent impact with independent signs gives a flat response G", () => {
  const r = propagatorResponse(new Float64Array(10).fill(2), new Float64Array(10), 5);
  assert.deepEqual([...r], [2, 2, 2, 2, 2]);
  // One-step transient kernel (G(1) = 1, else 0) and C(1) = c: R(1) = 1 - c (j = 1 term: G(2) - G(1)), R(2) = c + 0 ...
  const c = 0.3;
  const r2 = propagatorResponse([1], [c], 2);
  assertClose(r2[0]!, 1 - c, { abs: 1e-15 });
  assertClose(r2[1]!, c - c, { abs: 1e-15 }); // G(1) C(1) + [G(3) - G(1)] C(1) = 0
});

Deno.test("estimateTickSize and responseFunction validation", () => {
  assert.equal(estimateTickSize([60000.1, 60000.2, 60000.4]), 0.1);
  assertThrowsWith(() => estimateTickSize([5, 5, 5]), RangeError, /prices must change at least once/);
  const tape = handTape([1, 2, 3], [1, 1, -1]);
  assertThrowsWith(
    () => responseFunction(tape, { maxLag: 1, mids: [1, 2] }),
    TypeError,
    /mids must have one value per trade/,
  );
  assertThrowsWith(
    () => responseFunction(tape, { maxLag: 1, mids: [1, 0, 1] }),
    RangeError,
    /mids\[1\] must be finite and > 0/,
  );
  assertThrowsWith(() => responseFunction(tape, { maxLag: 1, tickSize: -1 }), RangeError, /tickSize/);
});

Deno.test("signsAndResponse gives the same numbers as signCorrelation and responseFunction, in one pass", () => {
  const tape = randomTape(50_000, 3, 8);
  const both = signsAndResponse(tape, { maxLag: 200, tickSize: 0.1, blocks: { count: 7_000 } });
  const c = signCorrelation(tape, { maxLag: 200, blocks: { count: 7_000 } });
  const r = responseFunction(tape, { maxLag: 200, tickSize: 0.1, blocks: { count: 7_000 } });
  for (const l of [1, 50, 200]) {
    assertClose(both.correlation.correlation[l - 1]!, c.correlation[l - 1]!, { abs: 1e-12 });
    assertClose(both.response.ticks[l - 1]!, r.ticks[l - 1]!, { abs: 1e-9 });
    assertClose(both.response.bps[l - 1]!, r.bps[l - 1]!, { abs: 1e-9 });
  }
  assert.deepEqual(both.correlation.blockSignSums, c.blockSignSums);
  assert.equal(both.response.blocksDescription, "blocks of 7,000 trades");
});

Deno.test("estimateTickSize ignores floating-point noise in price changes", () => {
  assert.equal(estimateTickSize([100, 100 + 1e-12, 100.1, 100.3]), 0.1);
});
