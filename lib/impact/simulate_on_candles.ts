/**
 * Metaorders simulated on top of real (or synthetic) candles: the market's own path, volume, volatility
 * and spread come from the candles, and the order adds an impact that follows a known law. Calibration
 * then has to find the law under genuine market noise, and the optional liquidity and momentum effects
 * give a learning model something beyond the square-root law to find, from features it can see.
 *
 * @module
 */
import type pl from "npm:nodejs-polars@0.25.2";
import { DEFAULT_SEED, SeededRandom } from "../core/random.ts";
import type { MetaorderRecord } from "../core/trade.ts";
import { BPS_PER_FRACTION, MS_PER_DAY as DAY_MS } from "../core/units.ts";
import { assertCandleColumns, assertInteger, assertNonNegative, assertObject } from "../core/validate.ts";
import { BYBIT_SYMBOL_PATTERN } from "../data/kline_spec.ts";
import { isDataFrame, type KlineColumns, klineColumns } from "../data/kline_frame.ts";
import type { SpreadEstimator } from "../market/kline_statistics.ts";
import {
  assertSimulatedPrices,
  metaorderRecord,
  plantedImpact,
  resolveMetaorderLaw,
} from "./_metaorder_law.ts";

/** Options of {@linkcode simulateMetaordersOnCandles}. Every default is documented with its unit. */
export interface CandleSimulationOptions {
  /** Metaorders to simulate, integer >= 1. Default 1000. */
  count?: number;
  /** True prefactor of the law, dimensionless. Default 0.8. */
  eta?: number;
  /** True exponent. Default 0.5. */
  delta?: number;
  /** Smallest participation `|Q|/V`. Default 1e-5. */
  minParticipation?: number;
  /** Largest participation `|Q|/V`. Default 1e-2. Sizes are log-uniform in between. */
  maxParticipation?: number;
  /** Share of market volume the order takes while it trades (POV rate), in (0, 1]. Default 0.1. */
  tradingRate?: number;
  /** Log-standard deviation of the mean-one multiplicative dispersion of impact across orders. Default 0.3. */
  impactNoise?: number;
  /**
   * Exponent of a liquidity effect: impact is multiplied by `(1/24 / volumeShare)^liquidityEffect`, where
   * `volumeShare` is the arrival hour's share of daily volume measured on the previous days. Default 0.
   */
  liquidityEffect?: number;
  /**
   * Strength of a momentum effect: impact is multiplied by `1 + momentumEffect * tanh(side * momentum /
   * hourly sigma)` (orders chasing the last hour's move pay more), with `momentum` the arrival price's
   * return over the previous hour and hourly sigma `dailyVolatility / sqrt(24)`. Default 0, at most 1.
   */
  momentumEffect?: number;
  /** Full UTC days before an order's day from which volatility, ADV, profile and spread are measured. Default 3. */
  lookbackDays?: number;
  /** Spread estimator applied to the lookback window. Default `"abdi-ranaldo"`. */
  spreadMethod?: SpreadEstimator;
  /** Floor of the spread, basis points of the price (one tick, say). Default 0.01. */
  minSpreadBps?: number;
  /** Tracking error of the fills against the market VWAP, as a multiple of `sigma * sqrt(T)`. Default 0.05. */
  trackingNoise?: number;
  /** Instrument name written into the records. Default `"BTCUSDT"`. */
  symbol?: string;
  /**
   * `source` written into the records. Default: `"bybit"` when every row of the frame's `source` column
   * is `"bybit"` or the candles have no such column (e.g. from {@linkcode fetchKlines}), else `"synthetic"`.
   */
  source?: MetaorderRecord["source"];
  /** Seed. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
}

interface DayStats {
  /** Trailing realized daily volatility, fraction per day. */
  dailyVolatility: number;
  /** Trailing ADV, base units per day. */
  adv: number;
  /** Trailing hourly volume shares. */
  profile: Float64Array;
  /** Trailing relative spread (fraction). */
  spread: number;
}

/**
 * Simulates metaorders on candles. For each order:
 *
 * 1. a start bar `k`, uniform over bars of days with `lookbackDays` full days before them and an hour of
 *    bars before `k`; a side (fair coin); a participation `q` log-uniform in
 *    `[minParticipation, maxParticipation]`;
 * 2. from the `lookbackDays` full UTC days before the order's day: volatility `sigma` (realized, fraction
 *    per day), ADV `V` (base units per day), the hourly volume profile and the spread (estimated with
 *    `spreadMethod`, floored at `minSpreadBps`); size `Q = side * q * V`;
 * 3. duration `T = q / tradingRate` days, rounded up to whole bars: the window `[k, k + n)`;
 * 4. impact `I = sigma * eta * q^delta * exp(s Z - s^2/2) * effects` (`s = impactNoise`, `effects` the
 *    liquidity and momentum multipliers), the law of Tóth et al. 2011 (Phys. Rev. X 1, eq. 1) with a
 *    known `eta` and `delta`;
 * 5. arrival price = open of bar `k`; end price = close of the window's last bar times `(1 + side * I)`:
 *    the candles' own move over the window is the market noise; market VWAP over the window = turnover /
 *    volume of its bars (the typical price `(H + L + C) / 3` when turnover is 0), raised by the average
 *    impact of a concave path, `side * I / (1 + delta)`; execution price = that VWAP times
 *    `(1 + trackingNoise * sigma * sqrt(T) * Z')`, plus `side * spread / 2`.
 *
 * `realizedImpact = (endPrice - arrivalPrice) / arrivalPrice` therefore equals `side * I` plus the
 * market's return over the window (times `1 + side * I`). `source` is the candles' source (`"bybit"` for
 * real candles; the orders themselves are always simulated).
 *
 * Cost: O(bars + count * window bars). Deterministic for a given seed and candles.
 *
 * @param candles candle DataFrame (e.g. from {@linkcode loadKlines}) or columns; bars of 1 to 60 minutes
 *   dividing an hour, covering at least `lookbackDays + 1` full UTC days.
 * @param options the truth, the noise, the effects; see {@linkcode CandleSimulationOptions}.
 * @returns records sorted by timestamp.
 * @throws {TypeError} for null options or candle columns of different lengths.
 * @throws {RangeError} for an option outside its domain, candles too short or too coarse, a bad candle value
 *   (non-finite or non-positive price, `high < low`, negative volume; named with its row), or a law so
 *   strong that a simulated price is not finite and > 0.
 *
 * @example
 * ```ts
 * import { simulateMetaordersOnCandles } from "@lib/mod.ts";
 * import { synthesizeKlines } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const candles = synthesizeKlines({ symbol: "BTCUSDT", interval: "1", start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 5, 8) });
 * const orders = simulateMetaordersOnCandles(candles, { count: 200, seed: 2 });
 * assert.equal(orders.length, 200);
 * assert.equal(orders[0]!.source, "synthetic");
 * assert.deepEqual(orders, simulateMetaordersOnCandles(candles, { count: 200, seed: 2 }));
 * ```
 */
export function simulateMetaordersOnCandles(
  candles: pl.DataFrame | KlineColumns,
  options: CandleSimulationOptions = {},
): MetaorderRecord[] {
  assertObject("simulate metaorders on candles", "options", options);
  const {
    count = 1000,
    lookbackDays = 3,
    spreadMethod = "abdi-ranaldo",
    minSpreadBps = 0.01,
    trackingNoise = 0.05,
    symbol = "BTCUSDT",
    seed = DEFAULT_SEED,
  } = options;
  const action = "simulate metaorders on candles";
  const law = resolveMetaorderLaw(action, count, options);
  assertInteger(action, "lookbackDays", lookbackDays, 1);
  if (spreadMethod !== "abdi-ranaldo" && spreadMethod !== "corwin-schultz") {
    throw new RangeError(
      `Cannot ${action}: spreadMethod must be "abdi-ranaldo" or "corwin-schultz": current value is ${spreadMethod}`,
    );
  }
  assertNonNegative(action, "minSpreadBps", minSpreadBps);
  assertNonNegative(action, "trackingNoise", trackingNoise);
  if (typeof symbol !== "string" || !BYBIT_SYMBOL_PATTERN.test(symbol)) {
    throw new RangeError(
      `Cannot ${action}: symbol must be upper-case letters and digits: current value is ${symbol}`,
    );
  }
  assertInteger(action, "seed", seed, -(2 ** 31));

  const c = klineColumns(candles);
  assertCandleColumns(action, c);
  const labelled = isDataFrame(candles) && candles.columns.includes("source");
  const source: MetaorderRecord["source"] = options.source ??
    (!labelled || (candles.getColumn("source").unique().toArray() as string[]).every((s) => s === "bybit")
      ? "bybit"
      : "synthetic");
  if (source !== "bybit" && source !== "synthetic") {
    throw new RangeError(
      `Cannot ${action}: source must be "bybit" or "synthetic": current value is ${source}`,
    );
  }
  const n = c.startTime.length;
  if (n < 2) {
    throw new RangeError(`Cannot ${action}: candles must have at least 2 bars: current count is ${n}`);
  }
  let barMs = Infinity;
  for (let i = 1; i < n; i++) {
    const gap = c.startTime[i]! - c.startTime[i - 1]!;
    if (!(gap > 0)) throw new RangeError(`Cannot ${action}: startTime must increase at row ${i}`);
    barMs = Math.min(barMs, gap);
  }
  if (barMs > 3_600_000 || 3_600_000 % barMs !== 0) {
    throw new RangeError(
      `Cannot ${action}: bars must divide an hour: current bar length is ${barMs / 60_000} minutes`,
    );
  }
  const barsPerDay = DAY_MS / barMs, barsPerHour = 3_600_000 / barMs;

  // Per full day: volume, realized variance, hourly volume, spread sums.
  const firstDay = Math.floor(c.startTime[0]! / DAY_MS);
  const lastDay = Math.floor(c.startTime[n - 1]! / DAY_MS);
  const days = lastDay - firstDay + 1;
  const dayBars = new Int32Array(days),
    dayVolume = new Float64Array(days),
    dayVariance = new Float64Array(days);
  const dayHours = new Float64Array(days * 24), daySpreadSum = new Float64Array(days);
  const daySpreadPairs = new Int32Array(days);
  const k2 = 3 - 2 * Math.SQRT2;
  for (let i = 0; i < n; i++) {
    const d = Math.floor(c.startTime[i]! / DAY_MS) - firstDay;
    dayBars[d] = dayBars[d]! + 1;
    dayVolume[d] = dayVolume[d]! + c.volume[i]!;
    const hour = Math.floor((c.startTime[i]! % DAY_MS) / 3_600_000);
    dayHours[d * 24 + hour] = dayHours[d * 24 + hour]! + c.volume[i]!;
    if (i > 0 && c.startTime[i]! - c.startTime[i - 1]! === barMs) {
      const r = Math.log(c.close[i]! / c.close[i - 1]!);
      dayVariance[d] = dayVariance[d]! + r * r;
      let s: number;
      if (spreadMethod === "abdi-ranaldo") {
        const ct = Math.log(c.close[i - 1]!);
        s = 4 * (ct - (Math.log(c.high[i - 1]!) + Math.log(c.low[i - 1]!)) / 2) *
          (ct - (Math.log(c.high[i]!) + Math.log(c.low[i]!)) / 2);
      } else {
        const prevClose = c.close[i - 1]!;
        const gap = Math.max(0, prevClose - c.high[i]!) + Math.min(0, prevClose - c.low[i]!);
        const h1 = c.high[i]! + gap, l1 = c.low[i]! + gap;
        const beta = Math.log(c.high[i - 1]! / c.low[i - 1]!) ** 2 + Math.log(h1 / l1) ** 2;
        const gamma = Math.log(Math.max(c.high[i - 1]!, h1) / Math.min(c.low[i - 1]!, l1)) ** 2;
        const alpha = (Math.sqrt(2 * beta) - Math.sqrt(beta)) / k2 - Math.sqrt(gamma / k2);
        s = (2 * (Math.exp(alpha) - 1)) / (1 + Math.exp(alpha));
      }
      daySpreadSum[d] = daySpreadSum[d]! + s;
      daySpreadPairs[d] = daySpreadPairs[d]! + 1;
    }
  }
  const stats: (DayStats | undefined)[] = new Array(days);
  for (let d = lookbackDays; d < days; d++) {
    let ok = true, volume = 0, variance = 0, spreadSum = 0, pairs = 0;
    const profile = new Float64Array(24);
    for (let j = d - lookbackDays; j < d; j++) {
      if (dayBars[j] !== barsPerDay) {
        ok = false;
        break;
      }
      volume += dayVolume[j]!;
      variance += dayVariance[j]!;
      spreadSum += daySpreadSum[j]!;
      pairs += daySpreadPairs[j]!;
      for (let h = 0; h < 24; h++) profile[h] = profile[h]! + dayHours[j * 24 + h]!;
    }
    if (!ok || !(volume > 0) || !(variance > 0)) continue;
    for (let h = 0; h < 24; h++) profile[h] = profile[h]! / volume;
    const mean = pairs > 0 ? spreadSum / pairs : 0;
    const relative = spreadMethod === "abdi-ranaldo" ? Math.sqrt(Math.max(mean, 0)) : Math.max(mean, 0);
    stats[d] = {
      dailyVolatility: Math.sqrt(variance / lookbackDays),
      adv: volume / lookbackDays,
      profile,
      spread: Math.max(relative, minSpreadBps / BPS_PER_FRACTION),
    };
  }
  const eligible: number[] = [];
  for (let i = barsPerHour; i < n; i++) {
    const d = Math.floor(c.startTime[i]! / DAY_MS) - firstDay;
    if (stats[d] === undefined) continue;
    if (c.startTime[i]! - c.startTime[i - barsPerHour]! !== barsPerHour * barMs) continue;
    eligible.push(i);
  }
  if (eligible.length === 0) {
    throw new RangeError(
      `Cannot ${action}: candles must cover at least ${
        lookbackDays + 1
      } consecutive UTC days with the first ${lookbackDays} complete: current coverage is ${days} day(s)`,
    );
  }

  const rng = new SeededRandom(seed);
  const lnMin = Math.log(law.minParticipation), lnMax = Math.log(law.maxParticipation);
  const records: MetaorderRecord[] = [];
  let attempts = 0;
  while (records.length < count) {
    if (++attempts > count * 100) {
      throw new RangeError(
        `Cannot ${action}: execution windows keep running past the candles; lower maxParticipation (${law.maxParticipation}) or raise tradingRate (${law.tradingRate})`,
      );
    }
    const k = eligible[rng.int(eligible.length)]!;
    const side = rng.uniform() < 0.5 ? -1 : 1;
    const q = Math.exp(lnMin + (lnMax - lnMin) * rng.uniform());
    const z1 = rng.normal(), z2 = rng.normal();
    const days = q / law.tradingRate;
    const bars = Math.max(1, Math.ceil((days * DAY_MS) / barMs));
    const last = k + bars - 1;
    if (last >= n || c.startTime[last]! - c.startTime[k]! !== (bars - 1) * barMs) continue;
    const d = Math.floor(c.startTime[k]! / DAY_MS) - firstDay;
    const st = stats[d]!;
    const sigma = st.dailyVolatility, adv = st.adv;
    const hour = Math.floor((c.startTime[k]! % DAY_MS) / 3_600_000);
    const volumeShare = Math.max(st.profile[hour]!, 1e-6);
    const arrival = c.open[k]!;
    const momentum = arrival / c.open[k - barsPerHour]! - 1;
    const impact = plantedImpact(law, { sigma, q, side, momentum, volumeShare, z: z1 });
    let volume = 0, turnover = 0, typical = 0;
    for (let i = k; i <= last; i++) {
      volume += c.volume[i]!;
      turnover += c.turnover[i]!;
      typical += (c.high[i]! + c.low[i]! + c.close[i]!) / 3 * c.volume[i]!;
    }
    const marketVwap = volume > 0 && turnover > 0
      ? turnover / volume
      : volume > 0
      ? typical / volume
      : (c.open[k]! + c.close[last]!) / 2;
    const windowDays = (bars * barMs) / DAY_MS;
    const vwap = marketVwap * (1 + (side * impact) / (1 + law.delta));
    const spread = st.spread * arrival;
    const executionPrice = vwap * (1 + trackingNoise * sigma * Math.sqrt(windowDays) * z2) +
      side * spread / 2;
    const endPrice = c.close[last]! * (1 + side * impact);
    records.push(metaorderRecord(
      {
        timestamp: c.startTime[k]!,
        symbol,
        side,
        participation: q,
        durationMinutes: (bars * barMs) / 60_000,
        source,
      },
      { averageDailyVolume: adv, dailyVolatility: sigma, momentum, volumeShare },
      { arrivalPrice: arrival, executionPrice, vwap, endPrice, spread },
    ));
    assertSimulatedPrices(action, records.length - 1, records[records.length - 1]!, impact, {
      ...law,
      trackingNoise,
      minSpreadBps,
    });
  }
  records.sort((a, b) => a.timestamp - b.timestamp);
  return records;
}
