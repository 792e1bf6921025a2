/**
 * Speed of the tape estimators on 10 M trades (the targets on a 2-core machine: sign correlation and
 * response function to lag 1,000 < 5 s; synthetic metaorders + square-root fit < 10 s). The tape is the
 * seeded synthetic one (10 days x 1 M trades), built once before the benches (about 6 s, not measured).
 * tests/tape/tape_bench.py does the same computations with numpy/pandas for comparison.
 *
 * Run: deno bench --allow-all tests/tape/tape_bench.ts
 */
import {
  measureTapeDays,
  metaorderImpactPath,
  metaorderSquareRootLaw,
  responseFunction,
  signCorrelation,
  signExponent,
  signsAndResponse,
  synthesizeTrades,
  syntheticMetaorders,
  tapeByDay,
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

Deno.bench({
  name: "whole tape: signsAndResponse + synthetic metaorders (N = 100) + impact path, 10 M trades",
  group: "day by day",
  baseline: true,
  n: 3,
  warmup: 1,
  fn: () => {
    const { response } = signsAndResponse(tape, { maxLag: 1_000 });
    const m = syntheticMetaorders(tape, { traders: 100 });
    metaorderImpactPath(m, tape, { bootstrapSamples: 0 });
    if (!(response.bps.length > 0)) throw new Error("no response");
  },
});

Deno.bench({
  name: "measureTapeDays: the same, one UTC day at a time (10 days of 1 M trades)",
  group: "day by day",
  n: 3,
  warmup: 1,
  fn: async () => {
    const m = await measureTapeDays(tapeByDay(tape), {
      metaorders: { traders: 100 },
      path: { bootstrapSamples: 0 },
      aggregate: false, // as the whole-tape bench above, which runs no aggregateImpact
    });
    if (!(m.response.bps.length > 0)) throw new Error("no response");
  },
});
