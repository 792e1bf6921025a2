import assert from "node:assert/strict";
import { mergeSameTimeFills } from "@lib/mod.ts";
import { signCorrelation } from "@lib/tape/mod.ts";
import { assertClose } from "../_assert.ts";
import { handTape, randomTape } from "./_tapes.ts";

Deno.test("mergeSameTimeFills by hand: same time and side merge, last or VWAP price, anything else stays apart", () => {
  const tape = handTape([10, 11, 12, 12, 13], [1, 1, 1, -1, -1], {
    sizes: [1, 1, 2, 1, 1],
    timestamps: [0, 0, 1, 1, 1],
  });
  const merged = mergeSameTimeFills(tape);
  assert.deepEqual([...merged.timestamps], [0, 1, 1]);
  assert.deepEqual([...merged.signs], [1, 1, -1]);
  assert.deepEqual([...merged.sizes], [2, 2, 2]);
  assert.deepEqual([...merged.prices], [11, 12, 13]);
  assert.deepEqual([...mergeSameTimeFills(tape, { price: "vwap" }).prices], [10.5, 12, 12.5]);
  assert.throws(() => mergeSameTimeFills(tape, { price: "mid" as never }), /price must be "last" or "vwap"/);
  assert.equal(merged.source, "synthetic");
  assert.equal(mergeSameTimeFills(handTape([], [])).prices.length, 0);
});

Deno.test("merging keeps total volume and notional, and removes the sign correlation that splitting adds", () => {
  // Split every trade of an i.i.d.-sign tape into three same-time fills: C(1) jumps to about 2/3; merged, back to ~0.
  const base = randomTape(30_000, 1, 4);
  const n = base.prices.length * 3;
  const split = {
    ...base,
    timestamps: Float64Array.from(
      { length: n },
      (_, i) => base.timestamps[Math.floor(i / 3)]! + Math.floor(i / 3),
    ),
    prices: Float64Array.from({ length: n }, (_, i) => base.prices[Math.floor(i / 3)]!),
    sizes: Float64Array.from({ length: n }, (_, i) => base.sizes[Math.floor(i / 3)]! / 3),
    signs: Int8Array.from({ length: n }, (_, i) => base.signs[Math.floor(i / 3)]!),
  };
  const splitC = signCorrelation(split, { maxLag: 1 }).correlation[0]!;
  const merged = mergeSameTimeFills(split, { price: "vwap" });
  const mergedC = signCorrelation(merged, { maxLag: 1 }).correlation[0]!;
  assert.ok(splitC > 0.6, `split C(1) ${splitC}`);
  assert.ok(Math.abs(mergedC) < 0.05, `merged C(1) ${mergedC}`);
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  assertClose(sum(merged.sizes), sum(split.sizes), { rel: 1e-12 });
  let notional = 0, mergedNotional = 0;
  for (let i = 0; i < n; i++) notional += split.prices[i]! * split.sizes[i]!;
  for (let i = 0; i < merged.prices.length; i++) mergedNotional += merged.prices[i]! * merged.sizes[i]!;
  assertClose(mergedNotional, notional, { rel: 1e-12 });
});

Deno.test("merged trades keep the quote in force before each order's first print", () => {
  const f = (a: number[]) => Float64Array.from(a);
  const merged = mergeSameTimeFills({
    timestamps: f([5, 5, 6]),
    prices: f([100, 101, 99]),
    sizes: f([1, 3, 2]),
    signs: Int8Array.from([1, 1, -1]),
    symbol: "T",
    source: "csv",
    // Hand-made: the second print of the buy already sees the first one's effect (mid 100.5).
    quotes: {
      mids: f([99.5, 100.5, 100]),
      spreads: f([1, 1, 2]),
      bidSizes: f([1, 2, 3]),
      askSizes: f([4, 5, 6]),
    },
  });
  assert.deepEqual([...merged.quotes!.mids], [99.5, 100]);
  assert.deepEqual([...merged.quotes!.spreads], [1, 2]);
  assert.deepEqual([...merged.quotes!.bidSizes], [1, 3]);
  assert.deepEqual([...merged.quotes!.askSizes], [4, 6]);
});
