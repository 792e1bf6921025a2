import assert from "node:assert/strict";
import { synthesizeKlines } from "@lib/data/mod.ts";
import {
  chooseSpread,
  klineDailyVolume,
  klineVolatility,
  klineVolumeProfile,
  marketFromCandles,
} from "@lib/market/mod.ts";

const candles = synthesizeKlines({
  symbol: "BTCUSDT",
  interval: "5",
  start: Date.UTC(2025, 5, 1),
  end: Date.UTC(2025, 5, 4),
});

Deno.test("marketFromCandles: the same numbers as the statistics it gathers", () => {
  // Expected values: the individual statistics, computed independently on the same candles.
  const m = marketFromCandles(candles);
  assert.equal(m.fullDays, 3);
  assert.equal(m.barMinutes, 5);
  assert.equal(m.bars, 3 * 288);
  assert.equal(m.dailyVolatility, klineVolatility(candles).perDay);
  assert.equal(m.averageDailyVolume, klineDailyVolume(candles).averageDailyVolume);
  assert.deepEqual(m.volumeProfile, [...klineVolumeProfile(candles)]);
  assert.deepEqual(m.spread, chooseSpread({ candles }));
  assert.equal(m.lastClose, candles.getColumn("close").toArray().at(-1));
});

Deno.test("marketFromCandles: quotes take precedence for the spread", () => {
  const f = (a: number[]) => Float64Array.from(a);
  const m = marketFromCandles(candles, {
    quotes: {
      timestamps: f([0, 1000]),
      bidPrices: f([99.99, 99.99]),
      askPrices: f([100.01, 100.01]),
      bidSizes: f([1, 1]),
      askSizes: f([1, 1]),
      symbol: "BTCUSDT",
      source: "csv",
    },
  });
  assert.equal(m.spread.source, "quotes");
  assert.ok(Math.abs(m.spread.spreadBps - 2) < 1e-9); // 0.02 on a mid of 100
  const hourly = marketFromCandles(
    synthesizeKlines({
      symbol: "BTCUSDT",
      interval: "120",
      start: Date.UTC(2025, 5, 1),
      end: Date.UTC(2025, 5, 3),
    }),
  );
  assert.equal(hourly.volumeProfile, null); // 2-hour bars carry no hourly profile
});
