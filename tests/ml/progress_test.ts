import assert from "node:assert/strict";
import { createTrainingProgress, ImpactNetwork, type ProgressBundle } from "@lib/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

const X = Array.from({ length: 40 }, (_, i) => [i / 40]);
const y = X.map(([x]) => 2 * x!);

Deno.test("one display: created on the first epoch, replaced on every later one, with text and a chart", () => {
  const calls: { bundle: ProgressBundle; update: boolean }[] = [];
  const onEpoch = createTrainingProgress((bundle, update) => calls.push({ bundle, update }), {
    label: "fold 1",
  });
  new ImpactNetwork({ inputs: 1, hidden: [4], seed: 1 }).fit(X, y, {
    epochs: 5,
    batchSize: 8,
    validation: 0.25,
    onEpoch,
  });
  assert.deepEqual(calls.map((c) => c.update), [false, true, true, true, true]);
  const last = calls.at(-1)!.bundle;
  assert.match(last["text/plain"], /^fold 1: epoch 5\/5 {2}train MSE [\d.e-]+ {2}validation MSE [\d.e-]+/);
  assert.match(last["text/html"], /<svg[^>]*>.*<polyline/s);
});

Deno.test("`every` thins the updates but always shows the first and the last epoch", () => {
  const epochs: string[] = [];
  const onEpoch = createTrainingProgress((b) => epochs.push(b["text/plain"].match(/epoch (\d+)/)![1]!), {
    every: 3,
  });
  new ImpactNetwork({ inputs: 1, hidden: [4], seed: 1 }).fit(X, y, { epochs: 7, batchSize: 8, onEpoch });
  assert.deepEqual(epochs, ["1", "3", "6", "7"]);
});

Deno.test("bad options get clear errors", () => {
  assertThrowsWith(() => createTrainingProgress("x" as never), TypeError, /display must be a function/);
  assertThrowsWith(
    () => createTrainingProgress(() => {}, { every: 0 }),
    RangeError,
    /every must be an integer >= 1/,
  );
});

Deno.test("a context string (e.g. the fold) is shown after the label", () => {
  const texts: string[] = [];
  const progress = createTrainingProgress((b) => texts.push(b["text/plain"]), { label: "network" });
  new ImpactNetwork({ inputs: 1, hidden: [4], seed: 1 }).fit(X, y, {
    epochs: 1,
    batchSize: 8,
    onEpoch: (r) => progress(r, "fold 2/5"),
  });
  assert.match(texts[0]!, /^network \(fold 2\/5\): epoch 1\/1/);
});
