import assert from "node:assert/strict";
import { Almgren2005Model } from "@lib/impact/mod.ts";
import { almgren2005ImpactPredictor, loadUniverse, universeFromCandles } from "@lib/portfolio/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";
import { formulaRow, startMockBybit } from "../data/_mock_bybit.ts";

const DAY = 86_400_000;

Deno.test("loadUniverse reads daily candles of every symbol through loadKlines (mock Bybit on 127.0.0.1)", async () => {
  const mock = await startMockBybit({ symbols: ["BTCUSDT", "ETHUSDT"] });
  const dir = await Deno.makeTempDir();
  try {
    const start = Date.UTC(2025, 5, 1), end = Date.UTC(2025, 5, 11);
    const u = await loadUniverse(["BTCUSDT", "ETHUSDT"], {
      start,
      end,
      baseUrl: mock.baseUrl,
      cacheDir: dir,
    });
    assert.equal(u.source, "bybit");
    assert.deepEqual(u.symbols, ["BTCUSDT", "ETHUSDT"]);
    assert.equal(u.days, 9); // 10 daily bars, 9 returns
    assert.match(
      u.description,
      /^Bybit daily candles of BTCUSDT, ETHUSDT, 2025-06-02 to 2025-06-10 \(9 days\)$/,
    );
    // Expected from the mock's closed-form candles (tests/data/_mock_bybit.ts formulaRow).
    const rows = Array.from({ length: 10 }, (_, k) => formulaRow(start + k * DAY, "D"));
    const close = rows.map((r) => Number(r[4]));
    assertClose(u.returns[0]!, close[1]! / close[0]! - 1, { rel: 1e-12 });
    assertClose(u.prices[2 * 8]!, close[9]!, { rel: 1e-15 });
    const turnover = rows.slice(1).reduce((s, r) => s + Number(r[6]), 0) / 9;
    assertClose(u.averageDailyVolume[1]!, turnover, { rel: 1e-12 });
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadUniverse falls back to the whole synthetic universe offline, labelled, with the reason", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const u = await loadUniverse(["BTCUSDT", "ETHUSDT", "SOLUSDT"], {
      start: Date.UTC(2024, 0, 1),
      end: Date.UTC(2024, 1, 1),
      offline: true,
      cacheDir: dir,
      synthetic: { seed: 4 },
    });
    assert.equal(u.source, "synthetic");
    assert.equal(u.symbols.length, 3);
    assert.equal(u.days, 30);
    assert.match(
      u.description,
      /^SYNTHETIC universe \(seed 4\).*used because Bybit candles could not be loaded \(BTCUSDT: /,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("universeFromCandles: common days, returns, sample volatility and mean turnover by hand", () => {
  const candles = (close: number[], turnover: number[], firstDay: number) => ({
    startTime: Float64Array.from(close, (_, i) => (firstDay + i) * DAY),
    open: Float64Array.from(close),
    high: Float64Array.from(close),
    low: Float64Array.from(close),
    close: Float64Array.from(close),
    volume: Float64Array.from(close, () => 1),
    turnover: Float64Array.from(turnover),
  });
  const u = universeFromCandles({
    A: candles([100, 110, 99, 108.9], [1, 2, 3, 4], 0),
    B: candles([50, 20, 20, 22, 24.2], [9, 9, 5, 6, 7], -1), // one extra day before
  }, { halfSpread: [1e-4, 2e-4] });
  assert.equal(u.days, 3);
  const a = [0.1, -0.1, 0.1], b = [0, 0.1, 0.1];
  a.forEach((r, t) => assertClose(u.returns[t * 2]!, r, { abs: 1e-15 }));
  b.forEach((r, t) => assertClose(u.returns[t * 2 + 1]!, r, { abs: 1e-15 }));
  // sample sd of (0.1, -0.1, 0.1): mean 1/30, deviations 2/30, -4/30, 2/30 -> sqrt((24/900)/2)
  assertClose(u.dailyVolatility[0]!, Math.sqrt(24 / 900 / 2), { rel: 1e-12 });
  assertClose(u.averageDailyVolume[0]!, 3, { rel: 1e-15 }); // (2 + 3 + 4) / 3
  assertClose(u.averageDailyVolume[1]!, 6, { rel: 1e-15 }); // (5 + 6 + 7) / 3
  assert.deepEqual(Array.from(u.halfSpread), [1e-4, 2e-4]);
  assertThrowsWith(() => universeFromCandles({}), RangeError, /at least one symbol/);
});

Deno.test("the Almgren et al. 2005 predictor is Almgren2005Model's impact at completion", () => {
  const p = almgren2005ImpactPredictor({ gamma: 0.3, eta: 0.15, beta: 0.6 });
  const m = new Almgren2005Model({
    gamma: 0.3,
    eta: 0.15,
    beta: 0.6,
    dailyVolatility: 0.03,
    averageDailyVolume: 5e4,
  });
  const trade = {
    size: -2e3,
    arrivalPrice: 100,
    spread: 0.01,
    averageDailyVolume: 5e4,
    dailyVolatility: 0.03,
    durationMinutes: 360,
  };
  assertClose(p.predictImpact([trade])[0]!, Math.abs(m.completionImpact(-2e3, 0.25)), { rel: 1e-14 });
  assertThrowsWith(
    () => p.predictImpact([{ ...trade, durationMinutes: undefined as never }]),
    RangeError,
    /trades\[0\]\.durationMinutes must be > 0/,
  );
  assertThrowsWith(() => almgren2005ImpactPredictor({ gamma: -1, eta: 0.1 }), RangeError, /gamma/);
});
