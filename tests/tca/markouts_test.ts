import assert from "node:assert/strict";
import fc from "fast-check";
import pl from "nodejs-polars";
import { type TradeRecord, tradesToTcaFrame } from "@lib/mod.ts";
import { SeededRandom } from "@lib/core/mod.ts";
import { impactDecayKernel, markoutsFromCandles } from "@lib/tca/mod.ts";
import { markoutColumn } from "@lib/tca/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 1);

/** Ten 1-minute candles closing at 100, 101, ..., 109 (candle k starts at T0 + k min, closes at T0 + (k+1) min). */
const candles = {
  startTime: Array.from({ length: 10 }, (_, k) => T0 + k * MINUTE),
  close: Array.from({ length: 10 }, (_, k) => 100 + k),
};

function trade(patch: Partial<TradeRecord>): TradeRecord {
  return {
    size: 1,
    executionPrice: 100,
    arrivalPrice: 100,
    vwap: 100,
    spread: 0,
    averageDailyVolume: 1e4,
    dailyVolatility: 0.02,
    timestamp: T0 + 2 * MINUTE,
    ...patch,
  };
}

function values(frame: pl.DataFrame, name: string): (number | null)[] {
  return frame.getColumn(name).toArray() as (number | null)[];
}

Deno.test("hand-computed markouts: buy and sell, side-adjusted, from the execution price", () => {
  // Trades end at T0 + 2 min: the candle closed then is candle 1 (close 101).
  // +1 min -> 102, +3 min -> 104 (candle k closes at T0 + (k+1) min).
  const m = markoutsFromCandles(
    [trade({ executionPrice: 101 }), trade({ size: -1, executionPrice: 101 })],
    candles,
    { horizonsMinutes: [1, 3] },
  );
  assert.deepEqual(m.columns, ["index", "markout1m", "markout3m"]);
  assert.deepEqual(values(m, "index"), [0, 1]);
  assertClose(values(m, "markout1m")[0]!, 1 / 101, { rel: 1e-15 }); // buy, price rose: positive
  assertClose(values(m, "markout3m")[0]!, 3 / 101, { rel: 1e-15 });
  assertClose(values(m, "markout1m")[1]!, -1 / 101, { rel: 1e-15 }); // sell, price rose: negative
});

Deno.test("the reference 'end' measures the move after the trade from the candle price at its end", () => {
  const m = markoutsFromCandles([trade({ executionPrice: 90 })], candles, {
    horizonsMinutes: [2],
    reference: "end",
  });
  assertClose(values(m, "markout2m")[0]!, (103 - 101) / 101, { rel: 1e-15 });
});

Deno.test("durationMinutes moves the clock to the end of execution; mid-candle times use the last close", () => {
  const m = markoutsFromCandles(
    [trade({ durationMinutes: 2.5 })], // ends at T0 + 4.5 min; +1 min = 5.5 min -> candle 4 (close 104)
    candles,
    { horizonsMinutes: [1] },
  );
  assertClose(values(m, "markout1m")[0]!, 0.04, { rel: 1e-12 });
});

Deno.test("markouts past the last candle, before the first one, in a gap, or of bad trades are null", () => {
  const gappy = { startTime: [0, 1, 2, 5, 6].map((k) => T0 + k * MINUTE), close: [100, 101, 102, 105, 106] };
  const m = markoutsFromCandles(
    [
      trade({ timestamp: T0 + 6 * MINUTE }), // +1 min = 7 min: candle 6 closes at 7 min -> 106
      trade({ timestamp: T0 + 7 * MINUTE }), // +1 min = 8 min: past the last close (7 min) -> null
      trade({ timestamp: T0 - 5 * MINUTE }), // before the first close -> null
      trade({ timestamp: T0 + 3 * MINUTE }), // +1 min = 4 min: last close at 3 min is a full interval old -> null
      trade({ executionPrice: -1 }), // bad trade -> null
      trade({ timestamp: NaN }), // bad trade -> null
    ],
    gappy,
    { horizonsMinutes: [1] },
  );
  const got = values(m, "markout1m");
  assertClose(got[0]!, 0.06, { rel: 1e-12 });
  assert.deepEqual(got.slice(1), [null, null, null, null, null]);
  assert.equal(m.height, 6);
});

Deno.test("candles as a DataFrame, with numeric or Datetime start times, give the same markouts", () => {
  const trades = [trade({}), trade({ size: -3, timestamp: T0 + 4 * MINUTE + 1234 })];
  const fromArrays = markoutsFromCandles(trades, candles, { horizonsMinutes: [1, 2] });
  const frame = pl.DataFrame({ startTime: candles.startTime, close: candles.close });
  const fromFrame = markoutsFromCandles(tradesToTcaFrame(trades), frame, { horizonsMinutes: [1, 2] });
  const asDatetime = frame.withColumns(pl.col("startTime").cast(pl.Int64).cast(pl.Datetime("ms")));
  const fromDatetime = markoutsFromCandles(trades, asDatetime, { horizonsMinutes: [1, 2] });
  for (const name of ["markout1m", "markout2m"]) {
    assert.deepEqual(values(fromFrame, name), values(fromArrays, name));
    assert.deepEqual(values(fromDatetime, name), values(fromArrays, name));
  }
});

Deno.test("property: markouts agree with a direct search on random candles and trades", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
      const rng = new SeededRandom(seed);
      const count = 50, interval = 5 * MINUTE;
      const startTime = Array.from({ length: count }, (_, k) => T0 + k * interval);
      let p = 100;
      const close = startTime.map(() => (p *= Math.exp(0.01 * rng.normal())));
      const trades = Array.from({ length: 40 }, () =>
        trade({
          size: rng.uniform() < 0.5 ? -2 : 2,
          executionPrice: 100 * (1 + 0.01 * rng.normal()),
          timestamp: T0 + rng.uniform() * count * interval,
          durationMinutes: rng.uniform() * 30,
        }));
      const horizons = [1, 7, 45];
      const m = markoutsFromCandles(trades, { startTime, close }, { horizonsMinutes: horizons });
      horizons.forEach((h) => {
        const got = values(m, markoutColumn(h));
        trades.forEach((t, i) => {
          const at = t.timestamp! + t.durationMinutes! * MINUTE + h * MINUTE;
          // Direct search: last candle with close time <= at, closed less than one interval before.
          let k = -1;
          for (let j = 0; j < count; j++) if (startTime[j]! + interval <= at) k = j;
          const expected = k >= 0 && at - (startTime[k]! + interval) < interval
            ? Math.sign(t.size) * (close[k]! - t.executionPrice) / t.executionPrice
            : null;
          if (expected === null) assert.equal(got[i], null);
          else assertClose(got[i]!, expected, { rel: 1e-12, abs: 1e-15 });
        });
      });
    }),
    { seed: 41, numRuns: 20 },
  );
});

Deno.test("bad candles and options throw, naming the index or option", () => {
  const t = [trade({})];
  assertThrowsWith(
    () => markoutsFromCandles(t, { startTime: [0, 1, 1], close: [1, 1, 1] }),
    RangeError,
    /candles.startTime must increase: candles.startTime\[2\] is 1 after 1/,
  );
  assertThrowsWith(
    () => markoutsFromCandles(t, { startTime: [0, 1, 2], close: [1, 0, 1] }),
    RangeError,
    /candles.close\[1\] must be finite and > 0: current value is 0/,
  );
  assertThrowsWith(
    () => markoutsFromCandles(t, { startTime: [0, NaN], close: [1, 1] }),
    RangeError,
    /candles.startTime\[1\]/,
  );
  assertThrowsWith(() => markoutsFromCandles(t, { startTime: [0], close: [1] }), RangeError, /at least 2/);
  assertThrowsWith(() => markoutsFromCandles(t, { startTime: [0, 1], close: [1] }), TypeError, /same length/);
  assertThrowsWith(
    () => markoutsFromCandles(t, candles, { horizonsMinutes: [0] }),
    RangeError,
    /horizonsMinutes\[0\]/,
  );
  assertThrowsWith(() => markoutsFromCandles(t, candles, { horizonsMinutes: [] }), RangeError, /empty/);
  assertThrowsWith(
    () => markoutsFromCandles(t, candles, { horizonsMinutes: [5, 5] }),
    RangeError,
    /distinct/,
  );
  assertThrowsWith(() => markoutsFromCandles(t, candles, { intervalMs: -1 }), RangeError, /intervalMs/);
  assertThrowsWith(
    () => markoutsFromCandles(t, candles, { reference: "mid" as "end" }),
    RangeError,
    /reference must be/,
  );
  assertThrowsWith(
    () => markoutsFromCandles(tradesToTcaFrame([trade({})]).drop("timestamp"), candles),
    TypeError,
    /column timestamp/,
  );
  assertThrowsWith(
    () => markoutsFromCandles(t, pl.DataFrame({ close: [1, 2] })),
    TypeError,
    /column startTime/,
  );
  assert.equal(markoutColumn(0.5), "markout0.5m");
});

Deno.test("ownImpact adds each trade's impact decaying as sqrt(1 + h/T) - sqrt(h/T) to the candle price", () => {
  const minute = 60_000;
  const candles = { startTime: Array.from({ length: 40 }, (_, k) => k * minute), close: Array(40).fill(100) };
  // A buy of 4 minutes from 0 filled at 100.1, a sell of 0 minutes at 10 min filled at 99.9; own impacts 20 and 10 bps.
  const trades = [
    {
      size: 1,
      executionPrice: 100.1,
      arrivalPrice: 100,
      vwap: 100,
      spread: 0,
      averageDailyVolume: 1e4,
      dailyVolatility: 0.02,
      timestamp: 0,
      durationMinutes: 4,
    },
    {
      size: -1,
      executionPrice: 99.9,
      arrivalPrice: 100,
      vwap: 100,
      spread: 0,
      averageDailyVolume: 1e4,
      dailyVolatility: 0.02,
      timestamp: 10 * minute,
      durationMinutes: 0,
    },
  ];
  const m = markoutsFromCandles(trades, candles, { horizonsMinutes: [4, 12], ownImpact: [0.002, 0.001] });
  const at = (c: string, i: number) => m.getColumn(c).get(i) as number;
  // buy: price 100 * (1 + 0.002 G(h/4)); G(1) = sqrt 2 - 1, G(3) = 2 - sqrt 3 (independent closed forms)
  assertClose(at("markout4m", 0), (100 * (1 + 0.002 * (Math.SQRT2 - 1)) - 100.1) / 100.1, { abs: 1e-15 });
  assertClose(at("markout12m", 0), (100 * (1 + 0.002 * (2 - Math.sqrt(3))) - 100.1) / 100.1, { abs: 1e-15 });
  assertClose(impactDecayKernel(1), Math.SQRT2 - 1, { abs: 1e-15 });
  // zero duration: the impact is gone at any h > 0 (G = 0), so the markout is the candle's alone
  assertClose(at("markout4m", 1), -(100 - 99.9) / 99.9, { abs: 1e-15 });
  // with reference "end" the reference holds the whole impact (G(0) = 1)
  const e = markoutsFromCandles(trades, candles, {
    horizonsMinutes: [4],
    ownImpact: [0.002, 0.001],
    reference: "end",
  });
  assertClose(e.getColumn("markout4m").get(0) as number, (Math.SQRT2 - 1 - 1) * 0.002 / 1.002, {
    abs: 1e-15,
  });
  // a non-finite own impact gives a null markout for that trade only
  const n = markoutsFromCandles(trades, candles, { horizonsMinutes: [4], ownImpact: [NaN, 0.001] });
  assert.equal(n.getColumn("markout4m").get(0), null);
  assert.throws(
    () => markoutsFromCandles(trades, candles, { ownImpact: [0.001] }),
    /one value per trade \(2\)/,
  );
  assert.throws(() => impactDecayKernel(-1), /must be >= 0: current value is -1/);
});
