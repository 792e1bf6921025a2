import assert from "node:assert/strict";
import {
  blockBootstrapCounts,
  chooseBlocks,
  describeBlocks,
  percentileInterval,
  tapeBlocks,
} from "@lib/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

const DAY = 86_400_000;

Deno.test("tapeBlocks cuts by UTC day, by trades and by seconds, never leaving an empty block", () => {
  const t = Float64Array.from([DAY - 1, DAY, DAY + 5, 2 * DAY + 1, 5 * DAY]);
  assert.deepEqual([...tapeBlocks(t, "day")], [0, 1, 3, 4, 5]);
  assert.deepEqual([...tapeBlocks(t, { trades: 3 })], [0, 3, 5]);
  // Seconds blocks start at the first trade: [DAY-1, DAY-1+10 s) holds the first three.
  assert.deepEqual([...tapeBlocks(t, { seconds: 10 })], [0, 3, 4, 5]);
  assert.deepEqual([...tapeBlocks(new Float64Array(0), "day")], [0]);
  assertThrowsWith(() => tapeBlocks(t, { trades: 0 }), RangeError, /spec.trades must be an integer >= 1/);
  assertThrowsWith(() => tapeBlocks(t, { seconds: -1 }), RangeError, /spec.seconds must be finite and > 0/);
  assertThrowsWith(() => tapeBlocks(t, "week" as never), RangeError, /spec must be "day"/);
});

Deno.test("block bootstrap counts: seeded, each resample draws as many blocks as there are", () => {
  const a = blockBootstrapCounts(7, { samples: 50, seed: 3 }),
    b = blockBootstrapCounts(7, { samples: 50, seed: 3 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, blockBootstrapCounts(7, { samples: 50, seed: 4 }));
  for (let r = 0; r < 50; r++) assert.equal(a.slice(r * 7, r * 7 + 7).reduce((s, v) => s + v, 0), 7);
  // Every block is drawn sometimes (50 x 7 draws, chance of missing one about 7 * (6/7)^350 ~ 0).
  for (let k = 0; k < 7; k++) assert.ok(a.filter((_, i) => i % 7 === k).some((v) => v > 0));
  assertThrowsWith(() => blockBootstrapCounts(0), RangeError, /blocks must be an integer >= 1/);
});

Deno.test("percentileInterval interpolates like numpy's default and skips non-finite draws", () => {
  // numpy.percentile([1..10], [2.5, 97.5]) = [1.225, 9.775]
  const [lo, hi] = percentileInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN], 0.95);
  assert.ok(Math.abs(lo - 1.225) < 1e-12 && Math.abs(hi - 9.775) < 1e-12);
  assert.deepEqual(percentileInterval([NaN]), [NaN, NaN]);
  assertThrowsWith(() => percentileInterval([1], 1), RangeError, /confidence must be in \(0, 1\)/);
});

Deno.test("chooseBlocks: days for a long tape, ten equal slices of a short one, described in words", () => {
  assert.equal(chooseBlocks(Float64Array.from({ length: 11 }, (_, i) => i * DAY)), "day");
  const short = chooseBlocks(Float64Array.from([0, 320_000]));
  assert.deepEqual(short, { seconds: 33 });
  assert.equal(describeBlocks(short), "blocks of 33 s");
  // Exactly ten blocks, the last trade inside the tenth.
  const t = Float64Array.from({ length: 321 }, (_, i) => i * 1000);
  assert.equal(tapeBlocks(t, short).length - 1, 10);
  assert.equal(describeBlocks({ trades: 2000 }), "blocks of 2,000 trades");
  assert.equal(describeBlocks("day"), "UTC days");
});
