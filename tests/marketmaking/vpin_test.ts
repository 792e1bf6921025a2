import assert from "node:assert/strict";
import { simulateBookDay } from "@lib/book/mod.ts";
import { normalCdf, vpin } from "@lib/marketmaking/vpin.ts";
import { vpinStudy } from "@lib/marketmaking/vpin_study.ts";
import { assertAllClose, assertClose, assertThrowsWith } from "../_assert.ts";
import type { TradeTape } from "@lib/data/trade_tape.ts";

// Phi(1) and Phi(-1) from a normal table (independent of the code's erf).
const PHI_1 = 0.8413447460685429, PHI_M1 = 0.15865525393145707;

/** Three 1-minute bars: volumes 3, 1, 4; price changes +1, -1, 0 (sd exactly 1). */
function barsTape(): TradeTape {
  const rows = [[0, 100, 1], [30e3, 101, 2], [70e3, 100, 1], [130e3, 100, 2], [150e3, 100, 2]] as const;
  return {
    timestamps: Float64Array.from(rows, (r) => r[0]),
    prices: Float64Array.from(rows, (r) => r[1]),
    sizes: Float64Array.from(rows, (r) => r[2]),
    signs: new Int8Array(rows.length).fill(1),
    symbol: "HAND",
    source: "synthetic",
  };
}

Deno.test("normalCdf matches the table", () => {
  assertAllClose([normalCdf(1), normalCdf(-1), normalCdf(0)], [PHI_1, PHI_M1, 0.5], { abs: 1e-7 });
});

Deno.test("vpin: bulk classification, buckets split across bars, window, by hand", () => {
  const v = vpin(barsTape(), { bucketVolume: 2, windowBuckets: 2 });
  assert.equal(v.bars, 3);
  assertClose(v.priceChangeSd, 1, { abs: 1e-12 });
  // Bucket 0: 2 of bar 0 (buy 2 Phi(1)); bucket 1: 1 of bar 0 + 1 of bar 1 (buy Phi(1) + Phi(-1) = 1);
  // buckets 2-3: bar 2, change 0 (buy half).
  assertAllClose(v.buyVolumes, [2 * PHI_1, PHI_1 + PHI_M1, 1, 1], { abs: 1e-6 });
  assertAllClose(v.orderImbalance, [PHI_1 - PHI_M1, 0, 0, 0], { abs: 1e-6 });
  assert.ok(Number.isNaN(v.vpin[0]!));
  assertAllClose(v.vpin.subarray(1), [(PHI_1 - PHI_M1) / 2, 0, 0], { abs: 1e-6 });
  assert.deepEqual([...v.endTimes], [60e3, 120e3, 180e3, 180e3]);
  assert.deepEqual([...v.endPrices], [101, 100, 100, 100]);
});

Deno.test("vpin: default bucket volume is the daily volume over buckets per day", () => {
  // 8 units over 150 s: a day has 8 * 86,400 / 150 = 4,608; / 1,000 buckets.
  const v = vpin(barsTape(), { bucketsPerDay: 1000, windowBuckets: 1 });
  assertClose(v.bucketVolume, 4608 / 1000, { rel: 1e-12 });
});

Deno.test("vpin: bad inputs are named", () => {
  assertThrowsWith(
    () => vpin(barsTape(), { barSeconds: 0 }),
    RangeError,
    /barSeconds must be finite and > 0/,
  );
  assertThrowsWith(
    () => vpin(barsTape(), { windowBuckets: 0 }),
    RangeError,
    /windowBuckets must be an integer >= 1/,
  );
  const flat = barsTape();
  flat.prices.fill(100);
  assertThrowsWith(
    () => vpin(flat, { bucketVolume: 1 }),
    RangeError,
    /barSeconds must give at least 2 bars whose price changes vary/,
  );
  const instant = barsTape();
  instant.timestamps.fill(0);
  assertThrowsWith(() => vpin(instant), RangeError, /tape must span some time/);
});

Deno.test("vpinStudy: gated sentence, determinism by seed", () => {
  const { tape } = simulateBookDay({ durationSeconds: 3 * 3600, seed: 6 });
  const options = { bucketsPerDay: 2000, windowBuckets: 20, barSeconds: 10, bootstrapSamples: 200 };
  const study = vpinStudy(tape, options);
  assert.deepEqual(vpinStudy(tape, options), study);
  assert.ok(study.pairs > 100 && study.interval !== null);
  const [lo, hi] = study.interval!;
  if (lo <= 0 && hi >= 0) assert.match(study.sentence, /^No significant relation between VPIN/);
  else assert.match(study.sentence, /^On this tape, higher VPIN/);
  assert.match(study.sentence, /says nothing about the direction/);
  // Without resamples there is no interval and no claim.
  const none = vpinStudy(tape, { ...options, bootstrapSamples: 0 });
  assert.equal(none.interval, null);
  assert.match(none.sentence, /no statement about what VPIN predicts/);
  assertClose(none.rankCorrelation, study.rankCorrelation, { abs: 0 + 1e-15 });
  assertThrowsWith(
    () => vpinStudy(tape, { aheadBuckets: 0 }),
    RangeError,
    /aheadBuckets must be an integer >= 1/,
  );
});
