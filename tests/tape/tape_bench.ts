/**
 * Speed of the tape estimators on 10 M trades. Goals: sign correlation C(l) and response function R(l) to lag
 * 1,000 in at most half the time of the same computation in numpy (per-day FFT, tests/tape/tape_bench.py);
 * synthetic metaorders + square-root fit < 10 s. The tape is the seeded synthetic one (10 days x 1 M
 * trades), built once before the benches (not measured). The benches record their CPU time per call, and
 * after them the numpy/pandas peer runs in the same process run (`_bench_peer.ts`; `TAPE_BENCH_PEER=0`
 * skips it; the metaorder step in pandas takes about a minute a run). Figures:
 * tests/tape/tape_bench_notes.md.
 *
 * Run: deno bench --allow-all tests/tape/tape_bench.ts [--filter "one pass"]
 */
import {
  metaorderImpactPath,
  metaorderSquareRootLaw,
  responseFunction,
  signExponent,
  signsAndResponse,
  syntheticMetaorders,
} from "@lib/mod.ts";
import { synthesizeTrades } from "@lib/data/mod.ts";
import { measureTapeDays, signCorrelation, tapeByDay } from "@lib/tape/mod.ts";
import { comparePeerAtUnload, cpuTimed } from "./_bench_peer.ts";

const tape = synthesizeTrades({ days: 10, tradesPerDay: 1_000_000, seed: 1 });

Deno.bench({
  name: "signsAndResponse (one pass) + gamma fit with 500 day-block resamples, lags 1..1,000, 10 M trades",
  n: 3,
  warmup: 1,
  fn: cpuTimed("signsAndResponse + gamma fit", () => {
    const { correlation } = signsAndResponse(tape, { maxLag: 1_000 });
    signExponent(correlation, { bootstrapSamples: 500 });
  }),
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
  fn: cpuTimed("synthetic metaorders + square-root fit", () => {
    const m = syntheticMetaorders(tape, { traders: 100 });
    metaorderSquareRootLaw(m, { bootstrapSamples: 500 });
  }),
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

comparePeerAtUnload([
  {
    bench: "signsAndResponse + gamma fit",
    step: "correlation",
    cpuSeconds: /response \(lags [^)]*\): [0-9.]+ s \(CPU ([0-9.]+) s\)/,
  },
  {
    bench: "synthetic metaorders + square-root fit",
    step: "metaorders",
    cpuSeconds: /square-root fit: [0-9.]+ s \(CPU ([0-9.]+) s\)/,
  },
]);
