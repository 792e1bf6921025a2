import assert from "node:assert/strict";
import { aggregateImpact } from "@lib/mod.ts";
import { SeededRandom } from "@lib/core/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";
import { handTape } from "./_tapes.ts";

Deno.test("aggregate impact by hand: windows of 2 trades and of 2 seconds", () => {
  // Prices 100 100 | 101 101 | 100 102 | 101 101; signs + + | + - | - + | - -; sizes 1 2 | 1 1 | 3 1 | 2 2
  // (one trade per second).
  const tape = handTape([100, 100, 101, 101, 100, 102, 101, 101], [1, 1, 1, -1, -1, 1, -1, -1], {
    sizes: [1, 2, 1, 1, 3, 1, 2, 2],
  });
  const [w] = aggregateImpact(tape, { windows: [2], bins: 2, bootstrapSamples: 0 }).windows;
  // Window 1 has no price before it. Windows 2-4: dV = 0, -2, -4; r = ln(101/100), ln(102/101), ln(101/102).
  assert.equal(w!.windows, 3);
  const [a, b, c] = [Math.log(101 / 100), Math.log(102 / 101), Math.log(101 / 102)].map((v) => v * 1e4);
  assertClose(w!.volumeScale, (2 + 4 + 4) / 3, { abs: 1e-12 });
  // OLS slope with equally spaced x = 0, -2, -4: (c - a) / (-4) bps per base unit.
  assertClose(w!.kyleLambda, (a! - c!) / 4, { abs: 1e-9 });
  const mean = (a! + b! + c!) / 3;
  assertClose(w!.volatilityScale, Math.sqrt(((a! - mean) ** 2 + (b! - mean) ** 2 + (c! - mean) ** 2) / 3), {
    abs: 1e-9,
  });
  // Two quantile bins: the edge is the middle value (-2), so bin 1 holds dV = -4, bin 2 holds -2 and 0.
  assert.deepEqual(w!.bins.count, [1, 2]);
  assertClose(w!.bins.imbalance[0]!, -4 / (10 / 3), { abs: 1e-12 });
  // Seconds windows of 2 s aligned on the first trade give the same cut here.
  const [s] = aggregateImpact(tape, { windows: [2], unit: "seconds", bins: 2, bootstrapSamples: 0 }).windows;
  assertClose(s!.kyleLambda, w!.kyleLambda, { abs: 1e-12 });
  assert.equal(s!.unit, "seconds");
});

Deno.test("known answer: Kyle's lambda of a linear toy market, with a block-bootstrap interval that covers it", () => {
  // Toy market (Kyle 1985): each trade moves the log price by lambda * eps * v + noise. Over any window the
  // return is lambda * dV + noise, so the OLS slope is lambda for every T. Standard error of the slope over
  // 1000-trade windows: noise sd * sqrt(T) / (sd of dV * sqrt(windows)) ~ 0.5 * 31.6 / (22 * 44.7) ~ 0.016.
  const rng = new SeededRandom(9), n = 400_000, lambda = 0.8; // bps per base unit
  const t0 = Date.UTC(2025, 5, 1);
  const prices = new Float64Array(n), signs = new Int8Array(n), sizes = new Float64Array(n);
  const timestamps = new Float64Array(n);
  let logP = Math.log(100);
  for (let i = 0; i < n; i++) {
    signs[i] = rng.uniform() < 0.5 ? 1 : -1;
    sizes[i] = 0.2 + 1.6 * rng.uniform();
    logP += (lambda * signs[i]! * sizes[i]! + 0.5 * rng.normal()) / 1e4;
    prices[i] = Math.exp(logP);
    timestamps[i] = t0 + Math.floor((i * 10 * 86_400_000) / n);
  }
  const tape = { timestamps, prices, sizes, signs, symbol: "TOY", source: "synthetic" as const };
  const result = aggregateImpact(tape, { windows: [1, 10, 1000], bootstrapSamples: 300 });
  assert.equal(result.blocks, 10);
  for (const w of result.windows) {
    assertClose(w.kyleLambda, lambda, { abs: 0.05 }, `T = ${w.window}`);
    assert.ok(
      w.kyleLambdaInterval[0] < lambda && lambda < w.kyleLambdaInterval[1],
      `T = ${w.window}: ${w.kyleLambdaInterval}`,
    );
  }
  // The rescaled curve is increasing and odd-ish: the lowest bin is negative, the highest positive.
  const bins = result.windows[1]!.bins;
  assert.ok(bins.response[0]! < 0 && bins.response.at(-1)! > 0);
});

Deno.test("aggregateImpact validates its options", () => {
  const tape = handTape([1, 2, 3, 4], [1, 1, -1, 1]);
  assertThrowsWith(
    () => aggregateImpact(tape, { windows: [0] }),
    RangeError,
    /windows\[0\] must be an integer >= 1/,
  );
  assertThrowsWith(
    () => aggregateImpact(tape, { windows: [] }),
    TypeError,
    /windows must be a non-empty array/,
  );
  assertThrowsWith(
    () => aggregateImpact(tape, { windows: [3] }),
    RangeError,
    /at least 3 windows: current count is 1/,
  );
  assertThrowsWith(() => aggregateImpact(tape, { unit: "days" as never }), RangeError, /unit must be/);
});
