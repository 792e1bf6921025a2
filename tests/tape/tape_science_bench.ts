/**
 * Speed of the tape science on 10 M trades (target: metaorders + binned fit + both placebos + method spread
 * over 4 N x 3 end-price definitions < 20 s). The tape is the seeded synthetic one (10 days x 1 M trades),
 * built once before the bench (not measured). The first bench records the CPU time of each step
 * (`_bench_peer.ts`), and after the benches the pandas peer of its first step (metaorders N = 100 and the
 * binned fit, tests/tape/tape_bench.py, about a minute) runs in the same process run
 * (`TAPE_BENCH_PEER=0` skips it). Measured figures: tests/tape/tape_science_bench_notes.md.
 *
 * Run: deno bench --allow-all tests/tape/tape_science_bench.ts
 */
import { synthesizeTrades } from "@lib/data/mod.ts";
import { metaorderSquareRootLaw, methodSpread, syntheticMetaorders, tapePlacebos } from "@lib/tape/mod.ts";
import { comparePeerAtUnload, cpuStep, cpuTimed } from "./_bench_peer.ts";

const tape = synthesizeTrades({ days: 10, tradesPerDay: 1_000_000, seed: 1 });

Deno.bench({
  name: "metaorders + fit (500 resamples) + placebos + method spread (4 N x 1 seed x 3 ends), 10 M trades",
  n: 2,
  warmup: 0,
  fn: cpuTimed("the whole science", () => {
    cpuStep("metaorders (N = 100) + fit, 500 resamples", () => {
      const m = cpuStep("  syntheticMetaorders", () => syntheticMetaorders(tape));
      cpuStep("  metaorderSquareRootLaw", () => metaorderSquareRootLaw(m, { bootstrapSamples: 500 }));
    });
    cpuStep("tapePlacebos", () => tapePlacebos(tape, { law: { bootstrapSamples: 500 } }));
    cpuStep(
      "methodSpread, 4 N x 3 ends",
      () => methodSpread(tape, { seeds: [1], law: { bootstrapSamples: 0 } }),
    );
  }),
});

Deno.bench({
  name: "syntheticMetaorders alone (N = 100), 10 M trades",
  n: 3,
  warmup: 1,
  fn: () => {
    syntheticMetaorders(tape);
  },
});

comparePeerAtUnload([
  {
    bench: "metaorders (N = 100) + fit, 500 resamples",
    step: "metaorders",
    cpuSeconds: /square-root fit: [0-9.]+ s \(CPU ([0-9.]+) s\)/,
  },
], 1);
