/**
 * The synthetic market: determinism, range independence, consistency across intervals, candle
 * invariants (property-based), and the stylised facts it promises (volatility clustering, the BTC-like
 * volume profile, the requested volatility and daily volume).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { BTC_HOURLY_VOLUME_PROFILE, klineColumns, synthesizeKlines } from "@lib/data/mod.ts";
import { klineDailyVolume, klineVolatility, klineVolumeProfile } from "@lib/market/mod.ts";
import { klineProblem } from "@lib/data/_kline_columns.ts";
import { BYBIT_INTERVALS } from "@lib/data/kline_spec.ts";
import { assertClose } from "../../_assert.ts";

const JUNE = Date.UTC(2025, 5, 1), JULY = Date.UTC(2025, 6, 1);
const MONTH_1M = { symbol: "BTCUSDT", interval: "1", start: JUNE, end: JULY } as const;

Deno.test("synthesizeKlines is deterministic per seed and differs across seeds and symbols", () => {
  const a = klineColumns(synthesizeKlines(MONTH_1M, { seed: 3 }));
  const b = klineColumns(synthesizeKlines(MONTH_1M, { seed: 3 }));
  const c = klineColumns(synthesizeKlines(MONTH_1M, { seed: 4 }));
  const d = klineColumns(synthesizeKlines({ ...MONTH_1M, symbol: "ETHUSDT" }, { seed: 3 }));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.close, c.close);
  assert.notDeepEqual(a.close, d.close);
  assert.equal(a.startTime.length, 43_200);
});

Deno.test("synthesizeKlines gives the same bar for the same start time whatever range is asked for", () => {
  const month = klineColumns(synthesizeKlines(MONTH_1M));
  const from = Date.UTC(2025, 5, 17, 13, 7), to = Date.UTC(2025, 5, 18, 2);
  const part = klineColumns(synthesizeKlines({ ...MONTH_1M, start: from, end: to }));
  const offset = (from - JUNE) / 60_000;
  for (const name of ["open", "high", "low", "close", "volume", "turnover"] as const) {
    assert.deepEqual(part[name], month[name].slice(offset, offset + part.startTime.length), name);
  }
});

Deno.test("synthetic hourly and daily bars aggregate the synthetic minutes exactly", () => {
  const minutes = klineColumns(synthesizeKlines({ ...MONTH_1M, end: Date.UTC(2025, 5, 3) }));
  for (const [interval, size] of [["60", 60], ["D", 1440], ["15", 15]] as const) {
    const bars = klineColumns(synthesizeKlines({ ...MONTH_1M, interval, end: Date.UTC(2025, 5, 3) }));
    assert.equal(bars.startTime.length, 2880 / size);
    for (let k = 0; k < bars.startTime.length; k++) {
      const lo = k * size, hi = lo + size;
      assert.equal(bars.open[k], minutes.open[lo]);
      assert.equal(bars.close[k], minutes.close[hi - 1]);
      assert.equal(bars.high[k], Math.max(...minutes.high.slice(lo, hi)));
      assert.equal(bars.low[k], Math.min(...minutes.low.slice(lo, hi)));
      const volume = minutes.volume.slice(lo, hi).reduce((s, v) => s + v, 0);
      assertClose(bars.volume[k]!, volume, { abs: 1e-3 });
    }
  }
});

Deno.test("every synthetic candle is well formed, for any interval and range (property)", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...BYBIT_INTERVALS),
      fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }),
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: -1000, max: 1000 }),
      (interval, start, hours, seed) => {
        const span = interval === "M"
          ? 62 * 86_400_000
          : interval === "W"
          ? 15 * 86_400_000
          : hours * 3_600_000;
        const spec = { symbol: "BTCUSDT", interval, start, end: start + span };
        const c = klineColumns(synthesizeKlines(spec, { seed }));
        assert.equal(klineProblem(c, interval, start, start + span), undefined);
        for (let i = 1; i < c.startTime.length; i++) {
          if (["1", "3", "5", "15", "30", "60"].includes(interval)) assert.equal(c.open[i], c.close[i - 1]);
        }
      },
    ),
    { numRuns: 60, seed: 42 },
  );
});

Deno.test("the synthetic market has the volatility, daily volume and volume profile it was asked for", () => {
  // Over one year of 5-minute bars the realized figures should sit near the parameters (GARCH regimes
  // make single months wander; tolerances are wide on purpose but exclude a wrong scale).
  const spec = {
    symbol: "BTCUSDT",
    interval: "5",
    start: Date.UTC(2024, 0, 1),
    end: Date.UTC(2025, 0, 1),
  } as const;
  const df = synthesizeKlines(spec, { dailyVolatility: 0.02, averageDailyVolume: 80_000 });
  const vol = klineVolatility(df);
  assertClose(vol.perDay, 0.02, { rel: 0.3 });
  assertClose(klineDailyVolume(df).averageDailyVolume, 80_000, { rel: 0.2 });
  const profile = klineVolumeProfile(df);
  for (let h = 0; h < 24; h++) assertClose(profile[h]!, BTC_HOURLY_VOLUME_PROFILE[h]!, { rel: 0.15 });
});

Deno.test("synthetic returns show volatility clustering: |r| is positively autocorrelated, r is not", () => {
  const c = klineColumns(synthesizeKlines({ ...MONTH_1M, interval: "5" }));
  const r: number[] = [];
  for (let i = 1; i < c.close.length; i++) r.push(Math.log(c.close[i]! / c.close[i - 1]!));
  const autocorrelation = (x: number[], lag: number) => {
    const m = x.reduce((s, v) => s + v, 0) / x.length;
    let num = 0, den = 0;
    for (let i = 0; i < x.length; i++) {
      den += (x[i]! - m) ** 2;
      if (i >= lag) num += (x[i]! - m) * (x[i - lag]! - m);
    }
    return num / den;
  };
  const absolute = r.map(Math.abs);
  // Real BTCUSDT 5-minute bars (April-June 2025) show about 0.3 at lag 1 and 0.2 at lag 12 (one hour);
  // with 8,640 returns the standard error is about 0.011, so 0.05 is far from chance.
  assert.ok(autocorrelation(absolute, 1) > 0.1, `|r| autocorrelation ${autocorrelation(absolute, 1)}`);
  assert.ok(autocorrelation(absolute, 12) > 0.05, `|r| autocorrelation ${autocorrelation(absolute, 12)}`);
  assert.ok(Math.abs(autocorrelation(r, 12)) < 0.05, `r autocorrelation ${autocorrelation(r, 12)}`);
});

Deno.test("synthesizeKlines validates its inputs", () => {
  assert.throws(
    () => synthesizeKlines({ ...MONTH_1M, start: Date.UTC(2014, 0, 1) }),
    /on or after 2015-01-01/,
  );
  assert.throws(() => synthesizeKlines(MONTH_1M, { dailyVolatility: -1 }), RangeError);
  assert.throws(() => synthesizeKlines(MONTH_1M, { volumeProfile: [1, 2, 3] }), TypeError);
  assert.throws(() => synthesizeKlines(MONTH_1M, { seed: 1.5 }), RangeError);
  assert.throws(() => synthesizeKlines({ ...MONTH_1M, symbol: "x/y" }), RangeError);
});

Deno.test("synthesizeKlines refuses prices or volumes that would leave double precision", () => {
  const spec = {
    symbol: "BTCUSDT",
    interval: "60",
    start: Date.UTC(2025, 0, 1),
    end: Date.UTC(2025, 0, 3),
  } as const;
  // 1e308 is a valid price, but a few percent above it is Infinity: bars used to carry Infinity prices.
  assert.throws(
    () => synthesizeKlines(spec, { price: 1e308 }),
    (e: unknown) =>
      e instanceof RangeError &&
      /^Cannot synthesize klines: bar \d+'s \w+ leaves double precision with price = 1e\+308,.*current value is Infinity$/
        .test(e.message),
  );
  assert.throws(
    () => synthesizeKlines(spec, { averageDailyVolume: 1e306 }),
    /bar \d+'s turnover leaves double precision with price = 100000, averageDailyVolume = 1e\+306/,
  );
  assert.throws(
    () => synthesizeKlines(spec, null as never),
    /^TypeError: Cannot synthesize klines: options must be an object/,
  );
});
