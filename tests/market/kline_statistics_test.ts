/**
 * Candle statistics against hand-built candles whose answers are known in closed form, and the spread
 * estimators against a market with a known spread.
 */
import assert from "node:assert/strict";
import { klineStatistics } from "@lib/mod.ts";
import { type KlineColumns, synthesizeKlines } from "@lib/data/mod.ts";
import {
  klineDailyVolume,
  klineSpreadEstimate,
  klineVolatility,
  klineVolumeProfile,
} from "@lib/market/mod.ts";
import { assertAllClose, assertClose } from "../_assert.ts";

const DAY = 86_400_000;
const START = Date.UTC(2025, 5, 1);

/** Hourly candles over `days` days with closes from `price(i)` and volume from `volume(i)`. */
function hourly(
  days: number,
  price: (i: number) => number,
  volume: (i: number) => number,
  offset = 0,
): KlineColumns {
  const n = days * 24;
  const c: KlineColumns = {
    startTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    turnover: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const p = price(i), prev = i === 0 ? p : price(i - 1);
    c.startTime[i] = START + offset + i * 3_600_000;
    c.open[i] = prev;
    c.close[i] = p;
    c.high[i] = Math.max(p, prev);
    c.low[i] = Math.min(p, prev);
    c.volume[i] = volume(i);
    c.turnover[i] = volume(i) * p;
  }
  return c;
}

Deno.test("klineVolatility: alternating log returns of +-r give r per bar and r*sqrt(24) per day", () => {
  const r = 0.001;
  const c = hourly(3, (i) => 100 * Math.exp(i % 2 === 0 ? 0 : r), () => 1);
  const vol = klineVolatility(c);
  assertClose(vol.perBar, r, { rel: 1e-12 }); // every |ln(C_i/C_{i-1})| = r
  // Day 1 has 24 returns (the first crosses from day 0's last close); day 0 has 23.
  assertAllClose(vol.daily, [r * Math.sqrt(23), r * Math.sqrt(24), r * Math.sqrt(24)], { rel: 1e-12 });
  assertClose(vol.perDay, r * Math.sqrt((23 + 24 + 24) / 3), { rel: 1e-12 });
  assertClose(vol.perYear, vol.perDay * Math.sqrt(365), { rel: 1e-12 });
  assert.equal(vol.barMinutes, 60);
});

Deno.test("klineDailyVolume sums true UTC days and leaves out partial ones", () => {
  // Start at 12:00 UTC: the first 12 hours and the last 12 are partial days.
  const c = hourly(3, () => 100, (i) => i, 12 * 3_600_000);
  const adv = klineDailyVolume(c);
  // Full days are hours 12..35 and 36..59 of the series: sums of i over those ranges.
  const sum = (a: number, b: number) => ((a + b) * (b - a + 1)) / 2;
  assert.deepEqual(adv.daily, [sum(12, 35), sum(36, 59)]);
  assert.deepEqual(adv.dayStarts, [START + DAY, START + 2 * DAY]);
  assertClose(adv.averageDailyVolume, (sum(12, 35) + sum(36, 59)) / 2, { rel: 1e-12 });
  assertClose(adv.averageDailyTurnover, adv.averageDailyVolume * 100, { rel: 1e-12 });
});

Deno.test("klineVolumeProfile returns each hour's share of full-day volume", () => {
  const c = hourly(2, () => 100, (i) => (i % 24) + 1);
  const profile = klineVolumeProfile(c);
  const total = (24 * 25) / 2;
  assertAllClose(profile, Array.from({ length: 24 }, (_, h) => (h + 1) / total), { rel: 1e-12 });
  assert.throws(
    () => klineVolumeProfile(hourly(1, () => 100, () => 1, 3_600_000)),
    /at least one full UTC day/,
  );
});

Deno.test("klineSpreadEstimate: both estimators are exact for a bid-ask bounce with no price move", () => {
  // Mid constant at 100, spread s: trades alternate between bid and ask; every bar trades at both.
  const s = 0.002, n = 200;
  const bid = 100 * (1 - s / 2), ask = 100 * (1 + s / 2);
  const c = hourly(1, () => 100, () => 1);
  const m = Math.min(n, c.startTime.length);
  for (let i = 0; i < m; i++) {
    c.high[i] = ask;
    c.low[i] = bid;
    c.close[i] = i % 2 === 0 ? ask : bid;
    c.open[i] = i === 0 ? bid : c.close[i - 1]!;
  }
  // Abdi-Ranaldo: c_t - eta = +-s/2 in logs, (c_t - eta_t)(c_t - eta_{t+1}) = (ln(ask/mid'))^2 with
  // eta the log mid-range; S = 2 * |ln ask - (ln ask + ln bid)/2| = ln(ask/bid).
  const ar = klineSpreadEstimate(c);
  assertClose(ar.relativeSpread, Math.log(ask / bid), { rel: 1e-9 });
  // Corwin-Schultz: beta = 2 ln(H/L)^2, gamma = ln(H/L)^2, alpha = ln(H/L), S = 2(e^a - 1)/(1 + e^a).
  const cs = klineSpreadEstimate(c, { method: "corwin-schultz" });
  const a = Math.log(ask / bid);
  assertClose(cs.relativeSpread, (2 * (Math.exp(a) - 1)) / (1 + Math.exp(a)), { rel: 1e-9 });
  assertClose(cs.relativeSpread, s, { rel: 1e-6 });
  assertClose(ar.spreadBps, ar.relativeSpread * 1e4, { rel: 1e-12 });
});

Deno.test("klineSpreadEstimate recovers the synthetic market's spread when it dominates the bar's range", () => {
  const df = synthesizeKlines(
    { symbol: "BTCUSDT", interval: "1", start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 5, 15) },
    { spreadBps: 10, dailyVolatility: 0.005, tickSize: 0 },
  );
  const ar = klineSpreadEstimate(df);
  const cs = klineSpreadEstimate(df, { method: "corwin-schultz" });
  assertClose(ar.spreadBps, 10, { rel: 0.25 });
  assertClose(cs.spreadBps, 10, { rel: 0.5 });
});

Deno.test("klineStatistics gathers the statistics into one JSON object", () => {
  const df = synthesizeKlines({
    symbol: "BTCUSDT",
    interval: "15",
    start: Date.UTC(2025, 5, 1),
    end: Date.UTC(2025, 5, 8),
  });
  const stats = klineStatistics(df);
  assert.deepEqual(JSON.parse(JSON.stringify(stats)), stats);
  assert.equal(stats.bars, 7 * 96);
  assert.equal(stats.fullDays, 7);
  assert.equal(stats.barMinutes, 15);
  assert.equal(stats.volumeProfile!.length, 24);
  assert.ok(stats.vwap! > 0);
  const daily = klineStatistics(
    synthesizeKlines({
      symbol: "BTCUSDT",
      interval: "D",
      start: Date.UTC(2025, 0, 1),
      end: Date.UTC(2025, 2, 1),
    }),
  );
  assert.equal(daily.volumeProfile, null);
});

Deno.test("statistics reject too little data, bad prices and bars that do not divide a day", () => {
  const one = hourly(1, () => 100, () => 1);
  const single: KlineColumns = {
    startTime: one.startTime.slice(0, 1),
    open: one.open.slice(0, 1),
    high: one.high.slice(0, 1),
    low: one.low.slice(0, 1),
    close: one.close.slice(0, 1),
    volume: one.volume.slice(0, 1),
    turnover: one.turnover.slice(0, 1),
  };
  assert.throws(() => klineVolatility(single), /at least 2 bars/);
  const bad = hourly(1, () => 100, () => 1);
  bad.close[5] = 0;
  assert.throws(() => klineVolatility(bad), /close\[5\] must be finite and > 0/);
  const weekly = synthesizeKlines({
    symbol: "BTCUSDT",
    interval: "W",
    start: Date.UTC(2025, 0, 6),
    end: Date.UTC(2025, 3, 1),
  });
  assert.throws(() => klineVolatility(weekly), /bars must divide a day/);
  assert.throws(() => klineSpreadEstimate(one, { method: "roll" as never }), /method must be/);
});

Deno.test("candle statistics refuse NaN, short or negative volume and swapped high/low, naming the row", () => {
  const good = () => hourly(2, (i) => 100 + (i % 3), () => 2);
  const statistics = [
    ["compute realized volatility", (c: KlineColumns) => klineVolatility(c)],
    ["compute average daily volume", (c: KlineColumns) => klineDailyVolume(c)],
    ["compute the intraday volume profile", (c: KlineColumns) => klineVolumeProfile(c)],
    ["estimate the spread", (c: KlineColumns) => klineSpreadEstimate(c)],
  ] as const;
  const faults: [string, (c: KlineColumns) => void, typeof TypeError | typeof RangeError, RegExp][] = [
    [
      "NaN volume",
      (c) => (c.volume[5] = NaN),
      RangeError,
      /volume\[5\] must be finite and >= 0: current value is NaN/,
    ],
    [
      "negative volume",
      (c) => (c.volume[7] = -3),
      RangeError,
      /volume\[7\] must be finite and >= 0: current value is -3/,
    ],
    ["NaN turnover", (c) => (c.turnover[2] = NaN), RangeError, /turnover\[2\] must be finite/],
    [
      "short volume",
      (c) => (c.volume = c.volume.slice(0, 10)),
      TypeError,
      /column volume must have one value per startTime \(48\): current length is 10/,
    ],
    [
      "swapped high/low",
      (c) => ([c.high[3], c.low[3]] = [c.low[3]!, c.high[3]!]),
      RangeError,
      /row 3 must have low <= open, close <= high/,
    ],
    [
      "NaN close",
      (c) => (c.close[4] = NaN),
      RangeError,
      /close\[4\] must be finite and > 0: current value is NaN/,
    ],
    [
      "start time 1e300",
      (c) => (c.startTime[47] = 1e300),
      RangeError,
      /startTime\[47\] must be a UTC time in ms/,
    ],
  ];
  for (const [label, fault, ErrorClass, pattern] of faults) {
    for (const [action, statistic] of statistics) {
      const c = good();
      statistic(c); // sound candles pass
      fault(c);
      assert.throws(() => statistic(c), (e: unknown) => {
        assert.ok(e instanceof ErrorClass, `${label} / ${action}: got ${e}`);
        assert.match((e as Error).message, new RegExp(`^Cannot ${action}: .*${pattern.source}`), label);
        return true;
      });
    }
    const c = good();
    fault(c);
    assert.throws(() => klineStatistics(c), ErrorClass, label);
  }
  assert.throws(
    () => klineStatistics(good(), null as never),
    /options must be an object: current value is null/,
  );
});
