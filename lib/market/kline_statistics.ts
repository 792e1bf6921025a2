/**
 * Market statistics from candles, each with its unit: realized volatility per bar and per day, average
 * daily volume from true daily sums, the 24-hour volume profile, and a bid-ask spread estimate from highs,
 * lows and closes. These are the inputs the square-root law needs (`sigma`, `V`) and what the candle
 * trade simulator conditions on.
 *
 * "Full UTC day": a calendar day 00:00-24:00 UTC for which every bar is present (1440 / bar minutes of
 * them). Daily figures use full days only, so a partial first or last day never biases them.
 *
 * @module
 */
import type pl from "npm:nodejs-polars@0.25.2";
import { type KlineColumns, klineColumns } from "../data/kline_frame.ts";
import { assertCandleColumns, assertObject } from "../core/validate.ts";

/** One UTC day, ms. */
const DAY_MS = 86_400_000;

/** Candles given to a statistic: a candle DataFrame or its columns. */
export type KlineInput = pl.DataFrame | KlineColumns;

interface Layout {
  c: KlineColumns;
  /** Bar length, ms (smallest gap between consecutive starts). */
  barMs: number;
  barsPerDay: number;
  /** Index of the first bar of each full day, and the day's start (UTC ms). */
  fullDayFirst: number[];
  fullDayStart: number[];
}

function layout(candles: KlineInput, action: string, minBars = 2): Layout {
  const c = klineColumns(candles);
  assertCandleColumns(action, c);
  const n = c.startTime.length;
  if (n < minBars) {
    throw new RangeError(
      `Cannot ${action}: candles must have at least ${minBars} bars: current count is ${n}`,
    );
  }
  let barMs = Infinity;
  for (let i = 1; i < n; i++) {
    const gap = c.startTime[i]! - c.startTime[i - 1]!;
    if (!(gap > 0)) {
      throw new RangeError(`Cannot ${action}: startTime must increase: startTime[${i}] is ${c.startTime[i]}`);
    }
    if (gap < barMs) barMs = gap;
  }
  for (const name of ["open", "high", "low", "close"] as const) {
    const col = c[name];
    for (let i = 0; i < n; i++) {
      if (!(col[i]! > 0) || !Number.isFinite(col[i]!)) {
        throw new RangeError(
          `Cannot ${action}: ${name}[${i}] must be finite and > 0: current value is ${col[i]}`,
        );
      }
    }
  }
  if (barMs > DAY_MS || DAY_MS % barMs !== 0) {
    throw new RangeError(
      `Cannot ${action}: bars must divide a day (1 minute to 1 day): current bar length is ${
        barMs / 60_000
      } minutes`,
    );
  }
  const barsPerDay = DAY_MS / barMs;
  const fullDayFirst: number[] = [], fullDayStart: number[] = [];
  let i = 0;
  while (i < n) {
    const day = Math.floor(c.startTime[i]! / DAY_MS) * DAY_MS;
    let j = i;
    while (j < n && c.startTime[j]! < day + DAY_MS) j++;
    if (j - i === barsPerDay && c.startTime[i] === day) {
      fullDayFirst.push(i);
      fullDayStart.push(day);
    }
    i = j;
  }
  return { c, barMs, barsPerDay, fullDayFirst, fullDayStart };
}

/** Realized volatility from candles; see {@linkcode klineVolatility}. */
export interface KlineVolatility {
  /** Root mean square of close-to-close log returns between consecutive bars, fraction per bar. */
  perBar: number;
  /** `sqrt(mean over full UTC days of the day's realized variance)`, fraction per day. */
  perDay: number;
  /** `perDay * sqrt(365)` (crypto trades every day), fraction per year. */
  perYear: number;
  /** Realized volatility of each full day, fraction per day. */
  daily: number[];
  /** Start of each full day, UTC ms. */
  dayStarts: number[];
  /** Bar length, minutes. */
  barMinutes: number;
  /** Returns used for `perBar`. */
  returns: number;
}

/**
 * Realized volatility per bar and per day from close-to-close log returns.
 *
 * `r_i = ln(C_i / C_{i-1})` for consecutive bars (a gap in the data breaks the chain); per bar:
 * `sqrt(mean r_i^2)`; per day: the realized variance `RV_d = sum of r_i^2` over the bars of full UTC day
 * `d` (its first return starts at the previous day's last close), `perDay = sqrt(mean_d RV_d)`
 * (Andersen, Bollerslev, Diebold & Labys 2003, Econometrica 71(2), eq. 3). Means are not subtracted:
 * at these horizons the drift is negligible next to the noise. With fine bars (1 minute) the estimate
 * includes some microstructure noise (bid-ask bounce); 5-minute bars are the usual compromise.
 *
 * @param candles candle DataFrame or columns, ascending, bars of 1 minute to 1 day.
 * @returns volatility per bar, per day (and each full day), per year.
 * @throws {TypeError} for columns of different lengths.
 * @throws {RangeError} with fewer than 2 bars, a non-finite or non-positive price, `high < low` (or open or
 *   close outside them), a negative or non-finite volume or turnover, or bars that do not divide a day.
 *
 * @example
 * ```ts
 * import { synthesizeKlines } from "@lib/data/mod.ts";
 * import { klineVolatility } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const df = synthesizeKlines({ symbol: "BTCUSDT", interval: "5", start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 6, 1) }, { dailyVolatility: 0.02 });
 * const vol = klineVolatility(df);
 * assert.ok(vol.perDay > 0.005 && vol.perDay < 0.06); // around the 2 % a day asked for
 * assert.equal(vol.daily.length, 30);
 * ```
 */
export function klineVolatility(candles: KlineInput): KlineVolatility {
  const action = "compute realized volatility";
  const { c, barMs, fullDayFirst, fullDayStart, barsPerDay } = layout(candles, action);
  const n = c.startTime.length;
  let sum = 0, count = 0;
  for (let i = 1; i < n; i++) {
    if (c.startTime[i]! - c.startTime[i - 1]! !== barMs) continue;
    const r = Math.log(c.close[i]! / c.close[i - 1]!);
    sum += r * r;
    count++;
  }
  if (count === 0) throw new RangeError(`Cannot ${action}: no two consecutive bars`);
  const daily: number[] = [], dayStarts: number[] = [];
  let varianceSum = 0;
  for (let d = 0; d < fullDayFirst.length; d++) {
    const first = fullDayFirst[d]!;
    let rv = 0;
    for (let i = first; i < first + barsPerDay; i++) {
      if (i === 0 || c.startTime[i]! - c.startTime[i - 1]! !== barMs) continue;
      const r = Math.log(c.close[i]! / c.close[i - 1]!);
      rv += r * r;
    }
    daily.push(Math.sqrt(rv));
    dayStarts.push(fullDayStart[d]!);
    varianceSum += rv;
  }
  const perDay = daily.length > 0
    ? Math.sqrt(varianceSum / daily.length)
    : Math.sqrt(sum / count * barsPerDay);
  return {
    perBar: Math.sqrt(sum / count),
    perDay,
    perYear: perDay * Math.sqrt(365),
    daily,
    dayStarts,
    barMinutes: barMs / 60_000,
    returns: count,
  };
}

/** Daily volume from candles; see {@linkcode klineDailyVolume}. */
export interface KlineDailyVolume {
  /** Mean of the full days' volume sums, base units per day. */
  averageDailyVolume: number;
  /** Mean of the full days' turnover sums, quote units per day. */
  averageDailyTurnover: number;
  /** Volume of each full day, base units. */
  daily: number[];
  /** Start of each full day, UTC ms. */
  dayStarts: number[];
}

/**
 * Average daily volume from true daily sums: the volume of every full UTC day (all bars present) is
 * summed, then the days are averaged. Partial days are left out rather than scaled up.
 *
 * @param candles candle DataFrame or columns, ascending, bars of 1 minute to 1 day.
 * @returns ADV in base units per day, average daily turnover in quote units per day, and the daily sums.
 * @throws {RangeError} when the candles hold no full UTC day.
 *
 * @example
 * ```ts
 * import { synthesizeKlines } from "@lib/data/mod.ts";
 * import { klineDailyVolume } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const df = synthesizeKlines({ symbol: "BTCUSDT", interval: "15", start: Date.UTC(2025, 5, 1, 12), end: Date.UTC(2025, 5, 4) });
 * const adv = klineDailyVolume(df);
 * assert.equal(adv.daily.length, 2); // June 2 and 3; the half day of June 1 is left out
 * ```
 */
export function klineDailyVolume(candles: KlineInput): KlineDailyVolume {
  const action = "compute average daily volume";
  const { c, barsPerDay, fullDayFirst, fullDayStart } = layout(candles, action, 1);
  if (fullDayFirst.length === 0) {
    throw new RangeError(
      `Cannot ${action}: candles must cover at least one full UTC day: current count is 0`,
    );
  }
  const daily: number[] = [];
  let volumeSum = 0, turnoverSum = 0;
  for (const first of fullDayFirst) {
    let v = 0, q = 0;
    for (let i = first; i < first + barsPerDay; i++) {
      v += c.volume[i]!;
      q += c.turnover[i]!;
    }
    daily.push(v);
    volumeSum += v;
    turnoverSum += q;
  }
  return {
    averageDailyVolume: volumeSum / daily.length,
    averageDailyTurnover: turnoverSum / daily.length,
    daily,
    dayStarts: [...fullDayStart],
  };
}

/**
 * The intraday volume profile: the share of daily volume traded in each UTC hour, from full days only.
 *
 * `share_h = sum over full days of volume in hour h / sum over full days of all volume`; the 24 shares
 * sum to 1 and an hour with the average activity has `1/24`.
 *
 * @param candles candle DataFrame or columns, ascending, bars of at most 60 minutes dividing an hour.
 * @returns 24 fractions (UTC hours 0-23), summing to 1.
 * @throws {RangeError} for bars longer than an hour, no full day, or zero volume.
 *
 * @example
 * ```ts
 * import { synthesizeKlines } from "@lib/data/mod.ts";
 * import { klineVolumeProfile } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const df = synthesizeKlines({ symbol: "BTCUSDT", interval: "60", start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 6, 1) });
 * const profile = klineVolumeProfile(df);
 * assert.equal(profile.length, 24);
 * assert.ok(Math.abs(profile.reduce((a, b) => a + b, 0) - 1) < 1e-12);
 * assert.ok(profile[15]! > profile[4]!); // the US session outweighs the Asian night
 * ```
 */
export function klineVolumeProfile(candles: KlineInput): Float64Array {
  const action = "compute the intraday volume profile";
  const { c, barMs, barsPerDay, fullDayFirst } = layout(candles, action, 1);
  if (barMs > 3_600_000 || 3_600_000 % barMs !== 0) {
    throw new RangeError(
      `Cannot ${action}: bars must divide an hour: current bar length is ${barMs / 60_000} minutes`,
    );
  }
  if (fullDayFirst.length === 0) {
    throw new RangeError(
      `Cannot ${action}: candles must cover at least one full UTC day: current count is 0`,
    );
  }
  const profile = new Float64Array(24);
  let total = 0;
  for (const first of fullDayFirst) {
    for (let i = first; i < first + barsPerDay; i++) {
      const hour = new Date(c.startTime[i]!).getUTCHours();
      profile[hour] = profile[hour]! + c.volume[i]!;
      total += c.volume[i]!;
    }
  }
  if (!(total > 0)) {
    throw new RangeError(`Cannot ${action}: total volume must be > 0: current value is ${total}`);
  }
  for (let h = 0; h < 24; h++) profile[h] = profile[h]! / total;
  return profile;
}

/** Estimators of {@linkcode klineSpreadEstimate}. */
export type SpreadEstimator = "abdi-ranaldo" | "corwin-schultz";

/** A spread estimate; see {@linkcode klineSpreadEstimate}. */
export interface KlineSpreadEstimate {
  /** The estimator used. */
  method: SpreadEstimator;
  /** Estimated effective spread as a fraction of the price (e.g. 1e-5 = 0.1 bps). */
  relativeSpread: number;
  /** The same in basis points. */
  spreadBps: number;
  /** The same in quote units at the median close. */
  spread: number;
  /** Pairs of consecutive bars used. */
  pairs: number;
}

/**
 * Effective bid-ask spread estimated from highs, lows and closes of consecutive bars.
 *
 * - `"abdi-ranaldo"` (default; Abdi & Ranaldo 2017, "A simple estimation of bid-ask spreads from daily
 *   close, high, and low prices", RFS 30(12), 4437-4480, the CHL estimator): with log close
 *   `c_t` and log mid-range `eta_t = (ln H_t + ln L_t) / 2`,
 *   `S^2 = 4 * mean[(c_t - eta_t)(c_t - eta_{t+1})]`, `S = sqrt(max(S^2, 0))` (the whole-sample
 *   version: average first, then the root).
 * - `"corwin-schultz"` (Corwin & Schultz 2012, "A simple way to estimate bid-ask spreads from daily high
 *   and low prices", J. Finance 67(2), 719-760, the closed-form two-period estimator): for each pair,
 *   `beta = ln(H_t/L_t)^2 + ln(H_{t+1}/L_{t+1})^2`, `gamma = ln(max(H_t, H_{t+1}) / min(L_t, L_{t+1}))^2`,
 *   `alpha = (sqrt(2 beta) - sqrt(beta)) / (3 - 2 sqrt 2) - sqrt(gamma / (3 - 2 sqrt 2))`,
 *   `S = 2 (e^alpha - 1) / (1 + e^alpha)`; the pair estimates are averaged and a negative mean set to 0.
 *   Bar-to-bar gaps are removed by shifting the second bar's range, as the paper does for overnight returns.
 *
 * Both assume the high is an ask and the low a bid. On liquid crypto perpetuals (one-tick spreads, a few
 * hundredths of a basis point) volatility within the bar dominates and the estimates are noisy upper
 * bounds; prefer an order book snapshot ({@linkcode fetchOrderbook}) where one exists.
 *
 * @param candles candle DataFrame or columns, ascending.
 * @param options `method` (default `"abdi-ranaldo"`).
 * @returns the relative spread (fraction), in bps, and in quote units at the median close.
 * @throws {RangeError} with fewer than 2 consecutive bars or non-positive prices.
 *
 * @example
 * ```ts
 * import { synthesizeKlines } from "@lib/data/mod.ts";
 * import { klineSpreadEstimate } from "@lib/market/mod.ts";
 * import assert from "node:assert/strict";
 * const df = synthesizeKlines({ symbol: "BTCUSDT", interval: "1", start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 5, 8) }, { spreadBps: 20 });
 * const est = klineSpreadEstimate(df);
 * assert.ok(est.spreadBps > 10 && est.spreadBps < 30); // the synthetic market's 20 bps spread
 * ```
 */
export function klineSpreadEstimate(
  candles: KlineInput,
  options: { method?: SpreadEstimator } = {},
): KlineSpreadEstimate {
  const action = "estimate the spread";
  assertObject(action, "options", options);
  const { method = "abdi-ranaldo" } = options;
  if (method !== "abdi-ranaldo" && method !== "corwin-schultz") {
    throw new RangeError(
      `Cannot ${action}: method must be "abdi-ranaldo" or "corwin-schultz": current value is ${method}`,
    );
  }
  const { c, barMs } = layout(candles, action);
  const n = c.startTime.length;
  let sum = 0, pairs = 0;
  const k = 3 - 2 * Math.SQRT2;
  for (let t = 0; t + 1 < n; t++) {
    if (c.startTime[t + 1]! - c.startTime[t]! !== barMs) continue;
    if (method === "abdi-ranaldo") {
      const ct = Math.log(c.close[t]!);
      const eta0 = (Math.log(c.high[t]!) + Math.log(c.low[t]!)) / 2;
      const eta1 = (Math.log(c.high[t + 1]!) + Math.log(c.low[t + 1]!)) / 2;
      sum += 4 * (ct - eta0) * (ct - eta1);
    } else {
      const prevClose = c.close[t]!;
      let h1 = c.high[t + 1]!, l1 = c.low[t + 1]!;
      const gap = Math.max(0, prevClose - h1) + Math.min(0, prevClose - l1);
      h1 += gap;
      l1 += gap;
      const beta = Math.log(c.high[t]! / c.low[t]!) ** 2 + Math.log(h1 / l1) ** 2;
      const gamma = Math.log(Math.max(c.high[t]!, h1) / Math.min(c.low[t]!, l1)) ** 2;
      const alpha = (Math.sqrt(2 * beta) - Math.sqrt(beta)) / k - Math.sqrt(gamma / k);
      sum += (2 * (Math.exp(alpha) - 1)) / (1 + Math.exp(alpha));
    }
    pairs++;
  }
  if (pairs === 0) throw new RangeError(`Cannot ${action}: no two consecutive bars`);
  const mean = sum / pairs;
  const relativeSpread = method === "abdi-ranaldo" ? Math.sqrt(Math.max(mean, 0)) : Math.max(mean, 0);
  const sorted = Float64Array.from(c.close).sort();
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return { method, relativeSpread, spreadBps: relativeSpread * 1e4, spread: relativeSpread * median, pairs };
}

/** Summary statistics of candles; see {@linkcode klineStatistics}. Plain JSON. */
export interface KlineStatistics {
  /** Bars in the input. */
  bars: number;
  /** Bar length, minutes. */
  barMinutes: number;
  /** Full UTC days in the input. */
  fullDays: number;
  /** Realized volatility, fraction per bar. */
  volatilityPerBar: number;
  /** Realized volatility, fraction per day. */
  dailyVolatility: number;
  /** Average daily volume, base units per day. */
  averageDailyVolume: number;
  /** Average daily turnover, quote units per day. */
  averageDailyTurnover: number;
  /** Volume-weighted mean price over the whole input, quote per base (turnover / volume); null without volume. */
  vwap: number | null;
  /** Spread estimate, basis points, and its method. */
  spreadBps: number;
  spreadMethod: SpreadEstimator;
  /** 24 hourly volume shares (UTC), or `null` for bars longer than an hour. */
  volumeProfile: number[] | null;
}

/**
 * All of the candle statistics at once (see {@linkcode klineVolatility}, {@linkcode klineDailyVolume},
 * {@linkcode klineVolumeProfile}, {@linkcode klineSpreadEstimate}), as a plain JSON object for tables.
 *
 * @param candles candle DataFrame or columns with at least one full UTC day.
 * @param options `spreadMethod` (default `"abdi-ranaldo"`).
 * @returns the summary, every number with its unit in {@linkcode KlineStatistics}.
 * @throws {RangeError} as the individual statistics.
 *
 * @example
 * ```ts
 * import { klineStatistics } from "@lib/mod.ts";
 * import { synthesizeKlines } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const stats = klineStatistics(synthesizeKlines({ symbol: "BTCUSDT", interval: "1", start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 5, 3) }));
 * assert.equal(stats.fullDays, 2);
 * assert.ok(stats.averageDailyVolume > 10_000);
 * ```
 */
export function klineStatistics(
  candles: KlineInput,
  options: { spreadMethod?: SpreadEstimator } = {},
): KlineStatistics {
  assertObject("compute candle statistics", "options", options);
  const { spreadMethod = "abdi-ranaldo" } = options;
  const c = klineColumns(candles);
  const vol = klineVolatility(c);
  const adv = klineDailyVolume(c);
  const spread = klineSpreadEstimate(c, { method: spreadMethod });
  let v = 0, q = 0;
  for (let i = 0; i < c.volume.length; i++) {
    v += c.volume[i]!;
    q += c.turnover[i]!;
  }
  return {
    bars: c.startTime.length,
    barMinutes: vol.barMinutes,
    fullDays: adv.daily.length,
    volatilityPerBar: vol.perBar,
    dailyVolatility: vol.perDay,
    averageDailyVolume: adv.averageDailyVolume,
    averageDailyTurnover: adv.averageDailyTurnover,
    vwap: v > 0 ? q / v : null,
    spreadBps: spread.spreadBps,
    spreadMethod,
    volumeProfile: vol.barMinutes <= 60 && 60 % vol.barMinutes === 0 ? [...klineVolumeProfile(c)] : null,
  };
}
