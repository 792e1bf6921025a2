/**
 * Metaorders on candles: records consistent with their candles and with the documented formulas,
 * determinism, calibration recovering the true law, and the liquidity and momentum effects.
 */
import assert from "node:assert/strict";
import { calibrateSquareRoot, type MetaorderRecord, simulateMetaordersOnCandles } from "@lib/mod.ts";
import { klineColumns, synthesizeKlines } from "@lib/data/mod.ts";
import { assertClose } from "../_assert.ts";

const CANDLES = synthesizeKlines({
  symbol: "BTCUSDT",
  interval: "1",
  start: Date.UTC(2025, 5, 1),
  end: Date.UTC(2025, 6, 1),
});
const COLUMNS = klineColumns(CANDLES);

function indexOf(t: number): number {
  return (t - COLUMNS.startTime[0]!) / 60_000;
}

Deno.test("simulateMetaordersOnCandles records agree with their candles and the documented formulas", () => {
  const orders = simulateMetaordersOnCandles(CANDLES, { count: 300, seed: 5, trackingNoise: 0 });
  assert.equal(orders.length, 300);
  for (let k = 1; k < orders.length; k++) assert.ok(orders[k]!.timestamp >= orders[k - 1]!.timestamp);
  for (const o of orders) {
    const i = indexOf(o.timestamp);
    assert.ok(Number.isInteger(i) && i >= 3 * 1440, "starts after the 3-day lookback");
    assert.equal(o.arrivalPrice, COLUMNS.open[i]);
    const bars = o.durationMinutes;
    assert.ok(Number.isInteger(bars) && bars >= 1);
    const side = Math.sign(o.size);
    assertClose(Math.abs(o.size) / o.averageDailyVolume, o.participation, { rel: 1e-12 });
    assertClose(o.realizedImpact, (o.endPrice - o.arrivalPrice) / o.arrivalPrice, { rel: 1e-12, abs: 1e-15 });
    // End price is the window's last close moved by the order's impact in its direction.
    const lastClose = COLUMNS.close[i + bars - 1]!;
    assert.equal(Math.sign(o.endPrice - lastClose), side);
    // With no tracking noise the fill is the impacted VWAP plus half the spread, against the order.
    assertClose(o.executionPrice, o.vwap + side * o.spread / 2, { rel: 1e-12 });
    let v = 0, q = 0;
    for (let j = i; j < i + bars; j++) {
      v += COLUMNS.volume[j]!;
      q += COLUMNS.turnover[j]!;
    }
    assert.equal(Math.sign(o.vwap - q / v), side);
    assert.ok(o.momentum === COLUMNS.open[i]! / COLUMNS.open[i - 60]! - 1);
    assert.ok(o.dailyVolatility > 0.002 && o.dailyVolatility < 0.1, `volatility ${o.dailyVolatility}`);
    assert.ok(o.volumeShare > 0 && o.volumeShare < 0.2);
    assert.equal(o.source, "synthetic");
  }
  assert.deepEqual(orders, simulateMetaordersOnCandles(CANDLES, { count: 300, seed: 5, trackingNoise: 0 }));
});

Deno.test("calibration recovers the true law from orders simulated on candles", () => {
  // Large orders make impact dominate the market's own moves; binned calibration averages the rest.
  const orders = simulateMetaordersOnCandles(CANDLES, {
    count: 4000,
    seed: 11,
    eta: 0.8,
    delta: 0.5,
    minParticipation: 1e-3,
    maxParticipation: 3e-2,
    tradingRate: 0.3,
  });
  const fit = calibrateSquareRoot(
    { sizes: orders.map((o) => o.size), impacts: orders.map((o) => o.realizedImpact) },
    {
      dailyVolatility: orders.map((o) => o.dailyVolatility),
      averageDailyVolume: orders.map((o) => o.averageDailyVolume),
      method: "binned",
      bins: 12,
      bootstrapSamples: 0,
    },
  );
  assertClose(fit.delta, 0.5, { abs: 0.12 });
  assertClose(fit.eta, 0.8, { rel: 0.35 });
});

Deno.test("the liquidity effect raises impact in thin hours and the momentum effect for trend chasers", () => {
  const base = { count: 3000, seed: 9, impactNoise: 0, trackingNoise: 0 };
  const pure = simulateMetaordersOnCandles(CANDLES, base);
  const liquid = simulateMetaordersOnCandles(CANDLES, { ...base, liquidityEffect: 1 });
  const trend = simulateMetaordersOnCandles(CANDLES, { ...base, momentumEffect: 0.8 });
  // Same seed, same draws: the only difference is the effect's multiplier on the impact part.
  const impactPart = (o: MetaorderRecord) =>
    Math.sign(o.size) * (o.endPrice / (COLUMNS.close[indexOf(o.timestamp) + o.durationMinutes - 1]!) - 1);
  for (let k = 0; k < pure.length; k++) {
    const p = pure[k]!, l = liquid[k]!, t = trend[k]!;
    assertClose(impactPart(l) / impactPart(p), (1 / 24) / p.volumeShare, { rel: 1e-9 });
    const side = Math.sign(p.size);
    const hourlySigma = p.dailyVolatility / Math.sqrt(24);
    assertClose(impactPart(t) / impactPart(p), 1 + 0.8 * Math.tanh((side * p.momentum) / hourlySigma), {
      rel: 1e-9,
    });
  }
});

Deno.test("simulateMetaordersOnCandles rejects bad options and candles that are too short or too coarse", () => {
  const short = synthesizeKlines({
    symbol: "BTCUSDT",
    interval: "1",
    start: Date.UTC(2025, 5, 1),
    end: Date.UTC(2025, 5, 3),
  });
  assert.throws(() => simulateMetaordersOnCandles(short), /at least 4 consecutive UTC days/);
  const daily = synthesizeKlines({
    symbol: "BTCUSDT",
    interval: "D",
    start: Date.UTC(2025, 0, 1),
    end: Date.UTC(2025, 3, 1),
  });
  assert.throws(() => simulateMetaordersOnCandles(daily), /bars must divide an hour/);
  assert.throws(() => simulateMetaordersOnCandles(CANDLES, { count: 0 }), RangeError);
  assert.throws(() => simulateMetaordersOnCandles(CANDLES, { tradingRate: 2 }), /tradingRate/);
  assert.throws(() => simulateMetaordersOnCandles(CANDLES, { momentumEffect: 2 }), /momentumEffect/);
  assert.throws(() => simulateMetaordersOnCandles(CANDLES, { maxParticipation: 1e-6 }), /maxParticipation/);
  assert.equal(simulateMetaordersOnCandles(COLUMNS, { count: 5 })[0]!.source, "bybit");
  assert.equal(
    simulateMetaordersOnCandles(COLUMNS, { count: 5, source: "synthetic" })[0]!.source,
    "synthetic",
  );
});

Deno.test("simulateMetaordersOnCandles checks the candle columns: NaN or 0 prices, negative volume", () => {
  const copy = () => ({
    startTime: COLUMNS.startTime.slice(),
    open: COLUMNS.open.slice(),
    high: COLUMNS.high.slice(),
    low: COLUMNS.low.slice(),
    close: COLUMNS.close.slice(),
    volume: COLUMNS.volume.slice(),
    turnover: COLUMNS.turnover.slice(),
  });
  const faults: [(c: ReturnType<typeof copy>) => void, RegExp][] = [
    [(c) => (c.open[5000] = NaN), /open\[5000\] must be finite and > 0: current value is NaN/],
    [(c) => (c.close[7000] = 0), /close\[7000\] must be finite and > 0: current value is 0/],
    [(c) => (c.volume[100] = -1), /volume\[100\] must be finite and >= 0: current value is -1/],
    [(c) => (c.high = c.high.slice(1)), /column high must have one value per startTime/],
  ];
  for (const [fault, pattern] of faults) {
    const c = copy();
    fault(c);
    assert.throws(
      () => simulateMetaordersOnCandles(c, { count: 50 }),
      (e: unknown) =>
        e instanceof Error &&
        new RegExp(`^Cannot simulate metaorders on candles: ${pattern.source}`).test(e.message),
    );
  }
  // A law too strong for the candles: the planted impact makes end prices negative.
  assert.throws(
    () => simulateMetaordersOnCandles(CANDLES, { count: 50, eta: 1e5 }),
    /planted impact .* must be finite and > 0/,
  );
});
