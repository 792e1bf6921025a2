import assert from "node:assert/strict";
import { synthesizeTrades } from "@lib/data/mod.ts";
import {
  chooseBlocks,
  measuredLaw,
  mergeSameTimeFills,
  metaorderSquareRootLaw,
  syntheticMetaorders,
  tapeLaw,
} from "@lib/mod.ts";
import { permanentImpactTape } from "@lib/tape/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

Deno.test("tapeLaw is notebook 06's steps in one call, to the bit", () => {
  // Synthetic tape (seeded): the steps written out one by one must give the same law.
  const tape = synthesizeTrades({ days: 2, tradesPerDay: 20_000, seed: 5 });
  const definition = { traders: 40, seed: 3 } as const, fit = { bootstrapSamples: 100, seed: 9 };
  const got = tapeLaw(tape, { definition, fit, minBlocks: 12 });
  const merged = mergeSameTimeFills(tape);
  const blocks = chooseBlocks(merged.timestamps, { minBlocks: 12 });
  const m = syntheticMetaorders(merged, { ...definition, blocks });
  const law = metaorderSquareRootLaw(m, fit);
  assert.deepEqual(got.fit, law);
  assert.deepEqual(got.blocks, blocks);
  assert.deepEqual(got.law, law.reliable ? measuredLaw(law, m, merged) : null);
  assert.equal(got.metaorders.first.length, m.first.length);
  assert.equal(got.tape.prices.length, merged.prices.length);
});

Deno.test("tapeLaw hands on no law when the fit is unreliable, and says why", () => {
  // Synthetic (seeded) and tiny: 400 trades give a fit flagged unreliable (its delta leaves (0, 2]) with the
  // trader assignment of seed 42.
  const tape = synthesizeTrades({ days: 1, tradesPerDay: 400, seed: 2 });
  const got = tapeLaw(tape, { definition: { seed: 42 }, fit: { bootstrapSamples: 20 } });
  assert.equal(got.fit.reliable, false);
  assert.equal(got.law, null);
  assert.equal(got.reason, got.fit.warnings.join("; "));
  assert.match(got.reason!, /delta .* is outside \(0, 2\]/);
  assertThrowsWith(() => tapeLaw(tape, { fit: null as never }), TypeError, /options\.fit must be/);
  assertThrowsWith(() => tapeLaw(null as never), TypeError, /tape must be/);
  assertThrowsWith(
    () => tapeLaw(tape, { mergeFills: "yes" as never }),
    TypeError,
    /mergeFills must be true or false/,
  );
});

Deno.test("tapeLaw on a market with permanent linear impact gives a law compatible with delta = 1", () => {
  // Known answer of the placebo market (lib/tape/placebo_tapes.ts): impact linear in size by construction.
  const tape = permanentImpactTape({ days: 12, tradesPerDay: 10_000, seed: 11 });
  const { fit } = tapeLaw(tape, { fit: { bootstrapSamples: 200 } });
  assert.ok(fit.deltaInterval !== null, fit.intervalNote ?? "");
  assert.ok(fit.deltaInterval[0] <= 1 && 1 <= fit.deltaInterval[1], `${fit.delta} ${fit.deltaInterval}`);
});
