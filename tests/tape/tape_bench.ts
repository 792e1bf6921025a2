/**
 * Speed of the tape estimators on 10 M trades (the targets on a 2-core machine: sign correlation and
 * response function to lag 1,000 < 5 s; synthetic metaorders + square-root fit < 10 s). The tape is the
 * seeded synthetic one (10 days x 1 M trades), built once before the benches (about 6 s, not measured).
 * tests/tape/tape_bench.py does the same computations with numpy/pandas for comparison.
 *
 * Run: deno bench --allow-all tests/tape/tape_bench.ts
 */
import {
  metaorderSquareRootLaw,
  responseFunction,
  signCorrelation,
  signExponent,
  signsAndResponse,
  synthesizeTrades,
  syntheticMetaorders,
} from "@lib/mod.ts";

const tape = synthesizeTrades({ days: 10, tradesPerDay: 1_000_000, seed: 1 });

Deno.bench({
  name: "signsAndResponse (one pass) + gamma fit with 500 day-block resamples, lags 1..1,000, 10 M trades",
  n: 3,
  warmup: 1,
  fn: () => {
    const { correlation } = signsAndResponse(tape, { maxLag: 1_000 });
    signExponent(correlation, { bootstrapSamples: 500 });
  },
});

Deno.bench({
  name: "signCorrelation + responseFunction called separately + gamma fit, lags 1..1,000, 10 M trades",
  n: 3,
  warmup: 1,
  fn: () => {
    const c = signCorrelation(tape, { maxLag: 1_000 });
    signExponent(c, { bootstrapSamples: 500 });
    responseFunction(tape, { maxLag: 1_000 });
  },
});

Deno.bench({
  name: "synthetic metaorders (N = 100) + square-root fit with 500 day-block resamples, 10 M trades",
  n: 3,
  warmup: 1,
  fn: () => {
    const m = syntheticMetaorders(tape, { traders: 100 });
    metaorderSquareRootLaw(m, { bootstrapSamples: 500 });
  },
});
