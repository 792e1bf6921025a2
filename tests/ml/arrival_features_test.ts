import assert from "node:assert/strict";
import {
  arrivalFeatures,
  BOOK_IMPACT_FEATURES,
  impactFeatures,
  TAPE_IMPACT_FEATURES,
  tapeMetaorderRecords,
} from "../../lib/ml/mod.ts";
import type { TradeTape } from "../../lib/data/trade_tape.ts";
import { SeededRandom } from "../../lib/core/random.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

/** A seeded random-walk tape with quotes (the quote before each trade), one trade a second. */
function randomTape(n: number, seed: number, withQuotes = true): TradeTape {
  const rng = new SeededRandom(seed);
  const timestamps = new Float64Array(n), prices = new Float64Array(n), sizes = new Float64Array(n);
  const signs = new Int8Array(n);
  const mids = new Float64Array(n), spreads = new Float64Array(n), bidSizes = new Float64Array(n);
  const askSizes = new Float64Array(n);
  let mid = 100;
  for (let i = 0; i < n; i++) {
    timestamps[i] = 1_700_000_000_000 + i * 1_000;
    mid += (rng.uniform() - 0.5) * 0.2;
    mids[i] = mid;
    spreads[i] = 0.1 * (1 + Math.floor(rng.uniform() * 3));
    bidSizes[i] = 1 + rng.uniform() * 5;
    askSizes[i] = 1 + rng.uniform() * 5;
    signs[i] = rng.uniform() < 0.5 ? 1 : -1;
    prices[i] = mid + signs[i]! * spreads[i]! / 2;
    sizes[i] = 0.1 + rng.uniform();
  }
  const tape: TradeTape = { timestamps, prices, sizes, signs, symbol: "TEST", source: "synthetic" };
  if (withQuotes) tape.quotes = { mids, spreads, bidSizes, askSizes };
  return tape;
}

/** The columns arrivalFeatures computes per metaorder (besides its timestamp). */
const ARRIVAL_COLUMNS = [
  "arrivalPrice",
  "averageDailyVolume",
  "dailyVolatility",
  "momentum",
  "executionParticipation",
  "spread",
  "depthImbalance",
  "orderFlowImbalance",
] as const;

Deno.test("arrivalFeatures reads nothing at or after the first child (quotes: nothing after its quote)", () => {
  const tape = randomTape(8_000, 3);
  const first = [4_000, 5_500, 7_999];
  const meta = { first, sign: [1, -1, 1], volume: [5, 3, 2], durationSeconds: [120, 30, 0] };
  const before = arrivalFeatures(tape, meta);
  for (let j = 0; j < first.length; j++) {
    const f = first[j]!;
    // Scramble every trade from the first child on, and every quote after the one in force at it.
    const other = randomTape(8_000, 99);
    const t2: TradeTape = {
      ...tape,
      prices: tape.prices.slice(),
      sizes: tape.sizes.slice(),
      signs: tape.signs.slice(),
      quotes: {
        mids: tape.quotes!.mids.slice(),
        spreads: tape.quotes!.spreads.slice(),
        bidSizes: tape.quotes!.bidSizes.slice(),
        askSizes: tape.quotes!.askSizes.slice(),
      },
    };
    for (let i = f; i < 8_000; i++) {
      t2.prices[i] = other.prices[i]!;
      t2.sizes[i] = other.sizes[i]!;
      t2.signs[i] = other.signs[i]!;
    }
    for (let i = f + 1; i < 8_000; i++) {
      t2.quotes!.mids[i] = other.quotes!.mids[i]!;
      t2.quotes!.spreads[i] = other.quotes!.spreads[i]!;
      t2.quotes!.bidSizes[i] = other.quotes!.bidSizes[i]!;
      t2.quotes!.askSizes[i] = other.quotes!.askSizes[i]!;
    }
    const after = arrivalFeatures(t2, meta);
    for (
      const key of ARRIVAL_COLUMNS
    ) {
      assert.equal(after[key][j], before[key][j], `${key} of metaorder ${j} read past its first child`);
    }
  }
  // And the check can fail: changing the trade just before the first child changes a feature.
  const t3 = { ...tape, sizes: tape.sizes.slice() };
  t3.sizes[first[0]! - 1] = 50;
  assert.notEqual(arrivalFeatures(t3, meta).averageDailyVolume[0], before.averageDailyVolume[0]);
});

Deno.test("arrivalFeatures does not depend on the metaorders' order or how many come together", () => {
  // Each metaorder alone is the expected value: one metaorder has nothing to sort. A batch of 200 on 5,000
  // trades takes the counting sort (n <= 64 m), a batch of 20 the packed-key sort; both are shuffled and
  // hold repeated first children, so a sort that broke ties or mixed up indices would move a row.
  const tape = randomTape(5_000, 11);
  const rng = new SeededRandom(12);
  for (const m of [200, 20]) {
    const first = Array.from(
      { length: m },
      (_, j) => (j % 7 === 3 ? 0 : 1 + Math.floor(rng.uniform() * 4_999)),
    );
    first[m - 1] = first[m - 2]!; // a tie
    const sign = first.map(() => (rng.uniform() < 0.5 ? 1 : -1));
    const volume = first.map(() => 1 + rng.uniform() * 10);
    const durationSeconds = first.map(() => rng.uniform() * 600);
    const batch = arrivalFeatures(tape, { first, sign, volume, durationSeconds });
    for (let j = 0; j < m; j++) {
      const alone = arrivalFeatures(tape, {
        first: [first[j]!],
        sign: [sign[j]!],
        volume: [volume[j]!],
        durationSeconds: [durationSeconds[j]!],
      });
      for (const key of BATCH_COLUMNS) {
        assert.ok(
          Object.is(batch[key][j], alone[key][0]),
          `${m} metaorders: ${key}[${j}] ${batch[key][j]} vs ${alone[key][0]}`,
        );
      }
    }
  }
});

const BATCH_COLUMNS = ["timestamp", ...ARRIVAL_COLUMNS] as const;

Deno.test("arrivalFeatures on a hand-made tape: volume, dailyVolatility, momentum, imbalance and flow by hand", () => {
  // Trades at 0, 60, ..., 300 s; mids 100, 101, 100, 102, 102, 103; the metaorder arrives at trade 5 (300 s).
  const tape: TradeTape = {
    timestamps: Float64Array.from([0, 1, 2, 3, 4, 5].map((k) => k * 60_000)),
    prices: Float64Array.from([100, 101, 100, 102, 102, 103]),
    sizes: Float64Array.from([1, 2, 3, 4, 5, 6]),
    signs: Int8Array.from([1, 1, -1, 1, 1, 1]),
    symbol: "T",
    source: "csv",
    quotes: {
      mids: Float64Array.from([100, 101, 100, 102, 102, 103]),
      spreads: Float64Array.from([1, 1, 1, 1, 2, 2]),
      bidSizes: Float64Array.from([1, 1, 1, 1, 3, 3]),
      askSizes: Float64Array.from([1, 1, 1, 1, 1, 1]),
    },
  };
  const f = arrivalFeatures(tape, { first: [5], sign: [-1], volume: [10], durationSeconds: [600] }, {
    volumeWindowSeconds: 180,
    volatilityWindowSeconds: 240,
    samplingSeconds: 60,
    returnWindowSeconds: 120,
    flowWindowSeconds: 60,
  });
  assert.equal(f.priceReference, "mid");
  assert.equal(f.arrivalPrice[0], 103); // the mid in force before the first child
  // Volume in [120 s, 300 s): trades 2, 3, 4 = 12 units over 180 s, per day.
  assertClose(f.averageDailyVolume[0]!, 12 * 86_400 / 180, { rel: 1e-12 });
  // Grid points at 0..300 s; price known at g_k = mid of the last trade strictly before it: k=1..5 -> 100,
  // 101, 100, 102, 102. Window of 4 steps ending at k = 5: returns 101/100, 100/101, 102/100, 102/102.
  const r = [Math.log(101 / 100), Math.log(100 / 101), Math.log(102 / 100), 0];
  assertClose(f.dailyVolatility[0]!, Math.sqrt(r.reduce((a, x) => a + x * x, 0) * 86_400 / 240), {
    rel: 1e-12,
  });
  // Return over [180 s, 300 s): reference before trade 3 is the mid 102, at arrival 103.
  assertClose(f.momentum[0]!, Math.log(103 / 102), { rel: 1e-12 });
  // Participation rate: 10 / (adv * 600 / 86,400) = 10 / 24.
  assertClose(f.executionParticipation[0]!, 10 / (12 * 86_400 / 180 * 600 / 86_400), { rel: 1e-12 });
  assert.equal(f.spread[0], 2);
  assertClose(f.depthImbalance[0]!, -1 * (3 - 1) / (3 + 1), { abs: 1e-15 }); // a sell with depth on the bid
  // Flow in [240 s, 300 s): one event, stamped at the first child (quotes of trade 4 -> its own): bid
  // 101 -> 102 (up: +qb' = 3), ask 103 -> 104 (up: +qa = 1), e = 4; mean depth (3 + 1) / 2 = 2; a sell: -4 / 2.
  assertClose(f.orderFlowImbalance[0]!, -2, { abs: 1e-12 });
});

Deno.test("arrivalFeatures without quotes: trade prices, book features NaN", () => {
  const tape = randomTape(500, 5, false);
  const f = arrivalFeatures(tape, { first: [400], sign: [1], volume: [1], durationSeconds: [10] });
  assert.equal(f.book, false);
  assert.equal(f.priceReference, "trade");
  assert.equal(f.arrivalPrice[0], tape.prices[399]);
  assert.ok(
    Number.isNaN(f.spread[0]!) && Number.isNaN(f.depthImbalance[0]!) &&
      Number.isNaN(f.orderFlowImbalance[0]!),
  );
});

Deno.test("arrivalFeatures names every bad input", () => {
  const tape = randomTape(100, 1);
  const ok = { first: [50], sign: [1], volume: [1], durationSeconds: [1] };
  assertThrowsWith(
    () => arrivalFeatures(tape, { ...ok, first: [100] }),
    RangeError,
    /first\[0\] must be a tape index in \[0, 100\)/,
  );
  assertThrowsWith(
    () => arrivalFeatures(tape, { ...ok, sign: [0] }),
    RangeError,
    /sign\[0\] must be \+1 or -1/,
  );
  assertThrowsWith(
    () => arrivalFeatures(tape, { ...ok, volume: [0] }),
    RangeError,
    /volume\[0\] must be finite and > 0/,
  );
  assertThrowsWith(
    () => arrivalFeatures(tape, { ...ok, durationSeconds: [] }),
    TypeError,
    /durationSeconds must have one entry/,
  );
  assertThrowsWith(() => arrivalFeatures(tape, ok, { samplingSeconds: 0 }), RangeError, /samplingSeconds/);
  assertThrowsWith(
    () => arrivalFeatures(tape, ok, { samplingSeconds: 7200 }),
    RangeError,
    /samplingSeconds must be <= volatilityWindowSeconds/,
  );
});

Deno.test("tapeMetaorderRecords: arrival order, ex-ante scales, the measured impact, the first window dropped", () => {
  const tape = randomTape(5_000, 8);
  const meta = {
    first: [3_000, 10, 2_000],
    sign: [1, -1, -1],
    volume: [2, 1, 4],
    durationSeconds: [60, 60, 600],
    impact: [0.5, 0.1, -0.2],
    block: [0, 0, 0],
    dailyVolatility: [0.03],
  };
  const { records, dropped, book } = tapeMetaorderRecords(tape, meta, { volatilityWindowSeconds: 600 });
  assert.equal(book, true);
  assert.equal(dropped, 1); // trade 10 has no full volatility sample before it
  assert.deepEqual(records.map((r) => r.size), [-4, 2]); // arrival order: trades 2,000 then 3,000
  assertClose(records[0]!.realizedImpact, -1 * Math.expm1(-0.2 * 0.03), { rel: 1e-12 });
  const rows = impactFeatures(records, { features: BOOK_IMPACT_FEATURES });
  assert.equal(rows[0]!.length, BOOK_IMPACT_FEATURES.length);
  assert.ok(rows.every((row) => row.every(Number.isFinite)));
  const tapeOnly = impactFeatures(records, { features: TAPE_IMPACT_FEATURES });
  assert.equal(
    tapeOnly[1]![TAPE_IMPACT_FEATURES.indexOf("dayOfWeek")],
    (new Date(records[1]!.timestamp).getUTCDay() + 6) % 7,
  );
});
