/**
 * VPIN, the volume-synchronized probability of informed trading (Easley, López de Prado & O'Hara 2012,
 * "Flow toxicity and liquidity in a high-frequency world", Review of Financial Studies 25(5), 1457-1493).
 *
 * 1. Time bars of `barSeconds`; bar `k` has volume `V_k` and price change `dP_k` (last price of the bar
 *    minus the last price of the previous bar with trades; the first bar starts from the first trade).
 * 2. Bulk volume classification: buy volume `V_k Phi(dP_k / sigma_dP)`, sell volume the rest, with `Phi`
 *    the standard normal CDF and `sigma_dP` the standard deviation of the bars' price changes.
 * 3. Volume buckets of `V_B = V / n` (`V` the average daily volume, `n` buckets per day) filled bar by bar
 *    in time order, a bar's volume split across buckets pro rata; the last, partial bucket is dropped.
 * 4. `VPIN_j = sum_{i=j-w+1..j} |V_S,i - V_B,i| / (w V_B)` over the last `w` buckets.
 *
 * @module
 */
import { errorFunction } from "npm:simple-statistics@7.12.1";
import { MS_PER_DAY } from "../core/units.ts";
import { assertInteger, assertObject, assertPositive } from "../core/validate.ts";
import { assertTradeTape, type TradeTape } from "../data/trade_tape.ts";

/** Most volume buckets {@linkcode vpin} fills (8 bytes x 5 arrays each). */
const MAX_BUCKETS = 1e7;

/** Options of {@linkcode vpin}. */
export interface VpinOptions {
  /** Length of the time bars, seconds, > 0. Default 60. */
  barSeconds?: number;
  /** Volume buckets per day `n`, > 0. Default 50 (the paper's choice). Ignored when `bucketVolume` is given. */
  bucketsPerDay?: number;
  /** Volume per bucket `V_B`, base units, > 0. Default: average daily volume / `bucketsPerDay`. */
  bucketVolume?: number;
  /** Buckets in the VPIN window `w`, integer >= 1. Default 50. */
  windowBuckets?: number;
}

/** VPIN per volume bucket: plain arrays, one value per completed bucket. */
export interface VpinSeries {
  /** Volume per bucket `V_B`, base units. */
  bucketVolume: number;
  /** Buckets in the window `w`. */
  windowBuckets: number;
  /** Standard deviation of the bar price changes `sigma_dP`, quote per base unit. */
  priceChangeSd: number;
  /** Time bars with trades. */
  bars: number;
  /** End of each bucket: end time (UTC ms) of the bar that completed it. */
  endTimes: Float64Array;
  /** Last trade price of the bar that completed each bucket. */
  endPrices: Float64Array;
  /** Buy volume per bucket (bulk classified), base units. */
  buyVolumes: Float64Array;
  /** Sell volume per bucket, base units. */
  sellVolumes: Float64Array;
  /** `|V_S - V_B| / V_B` per bucket, in [0, 1]. */
  orderImbalance: Float64Array;
  /** VPIN per bucket, in [0, 1]; NaN for the first `w - 1` buckets. */
  vpin: Float64Array;
}

/** The standard normal CDF, `Phi(x) = (1 + erf(x / sqrt 2)) / 2` (simple-statistics' `errorFunction`). */
export function normalCdf(x: number): number {
  return 0.5 * (1 + errorFunction(x / Math.SQRT2));
}

/**
 * VPIN of a trade tape by bulk volume classification (Easley, López de Prado & O'Hara 2012, eq. 1-3 and
 * the appendix's algorithm). The trade sides on the tape are not used: bulk classification is the
 * method's definition. Cost O(n + bars + buckets).
 *
 * @param tape the trades.
 * @param options bars, buckets and window.
 * @returns the bucket series.
 * @throws {TypeError} / {RangeError} for a malformed tape, a bad option, a tape spanning no time, or one
 *   whose bar price changes are all equal (no scale for `Phi`).
 *
 * @example
 * ```ts
 * import { normalCdf, vpin } from "@lib/marketmaking/vpin.ts";
 * import assert from "node:assert/strict";
 * // Four 1-minute bars of volume 2 with price changes +1, -1, +1, +1 (the first from the first trade).
 * const tape = {
 *   timestamps: new Float64Array([0, 30e3, 60e3, 90e3, 120e3, 150e3, 180e3, 210e3]),
 *   prices: new Float64Array([100, 101, 101, 100, 100, 101, 101, 102]),
 *   sizes: new Float64Array(8).fill(1), signs: new Int8Array(8).fill(1), symbol: "X",
 *   source: "synthetic" as const,
 * };
 * const v = vpin(tape, { bucketVolume: 4, windowBuckets: 2 });
 * // sigma of [+1, -1, +1, +1] = 1; bucket 1: bars 1-2, buy 2 Phi(1) + 2 Phi(-1) = 2
 * assert.ok(Math.abs(v.priceChangeSd - 1) < 1e-12);
 * assert.ok(Math.abs(v.orderImbalance[0]!) < 1e-9);
 * const oi2 = Math.abs(4 - 8 * normalCdf(1)) / 4;
 * assert.ok(Math.abs(v.orderImbalance[1]! - oi2) < 1e-9);
 * assert.ok(Math.abs(v.vpin[1]! - oi2 / 2) < 1e-9);
 * ```
 */
export function vpin(tape: TradeTape, options: VpinOptions = {}): VpinSeries {
  const action = "compute VPIN";
  assertTradeTape(action, tape, 2);
  assertObject(action, "options", options);
  const { barSeconds = 60, bucketsPerDay = 50, windowBuckets = 50 } = options;
  assertPositive(action, "barSeconds", barSeconds);
  if (barSeconds < 1e-3) {
    throw new RangeError(
      `Cannot ${action}: barSeconds must be >= 0.001 (timestamps are in ms): current value is ${barSeconds}`,
    );
  }
  assertPositive(action, "bucketsPerDay", bucketsPerDay);
  assertInteger(action, "windowBuckets", windowBuckets, 1);
  const { timestamps: t, prices: p, sizes: v } = tape;
  const n = t.length;
  const spanMs = t[n - 1]! - t[0]!;
  let totalVolume = 0;
  for (let i = 0; i < n; i++) totalVolume += v[i]!;
  let bucketVolume: number;
  if (options.bucketVolume !== undefined) {
    assertPositive(action, "bucketVolume", options.bucketVolume);
    bucketVolume = options.bucketVolume;
  } else {
    if (!(spanMs > 0)) {
      throw new RangeError(
        `Cannot ${action}: tape must span some time to give a daily volume (or pass bucketVolume): current span is ${spanMs} ms`,
      );
    }
    bucketVolume = totalVolume / (spanMs / MS_PER_DAY) / bucketsPerDay;
    if (!Number.isFinite(bucketVolume) || bucketVolume <= 0) {
      throw new RangeError(
        `Cannot ${action}: bucketsPerDay must give a finite bucket volume > 0: current value is ${bucketsPerDay} ` +
          `(bucket volume ${bucketVolume})`,
      );
    }
  }
  const buckets = totalVolume / bucketVolume;
  if (!(buckets <= MAX_BUCKETS)) {
    throw new RangeError(
      `Cannot ${action}: bucketVolume (or bucketsPerDay) must give at most ${MAX_BUCKETS} buckets on this tape: ` +
        `current value gives ${buckets} (bucket volume ${bucketVolume})`,
    );
  }
  // Time bars.
  const barMs = barSeconds * 1000, origin = t[0]!;
  const barVolume: number[] = [], barChange: number[] = [], barEnd: number[] = [], barClose: number[] = [];
  let previousClose = p[0]!;
  for (let i = 0; i < n;) {
    const key = Math.floor((t[i]! - origin) / barMs);
    let volume = 0, last = p[i]!;
    while (i < n && Math.floor((t[i]! - origin) / barMs) === key) {
      volume += v[i]!;
      last = p[i]!;
      i++;
    }
    barVolume.push(volume);
    barChange.push(last - previousClose);
    barEnd.push(origin + (key + 1) * barMs);
    barClose.push(last);
    previousClose = last;
  }
  const bars = barVolume.length;
  let mean = 0;
  for (const d of barChange) mean += d / bars;
  let ss = 0;
  for (const d of barChange) ss += (d - mean) ** 2;
  const sd = bars > 1 ? Math.sqrt(ss / (bars - 1)) : NaN;
  if (!(sd > 0)) {
    throw new RangeError(
      `Cannot ${action}: barSeconds must give at least 2 bars whose price changes vary: current value is ` +
        `${barSeconds} (${bars} bars, standard deviation of the changes ${sd})`,
    );
  }
  // Volume buckets.
  const buys: number[] = [], sells: number[] = [], ends: number[] = [], endPrices: number[] = [];
  let filled = 0, buy = 0, sell = 0;
  for (let k = 0; k < bars; k++) {
    const z = normalCdf(barChange[k]! / sd);
    let remaining = barVolume[k]!;
    while (remaining > 0) {
      const take = Math.min(remaining, bucketVolume - filled);
      buy += take * z;
      sell += take * (1 - z);
      filled += take;
      remaining -= take;
      if (filled >= bucketVolume * (1 - 1e-12)) {
        buys.push(buy);
        sells.push(sell);
        ends.push(barEnd[k]!);
        endPrices.push(barClose[k]!);
        filled = buy = sell = 0;
        if (remaining <= bucketVolume * 1e-12) remaining = 0;
      }
    }
  }
  const m = buys.length;
  const orderImbalance = new Float64Array(m), series = new Float64Array(m).fill(NaN);
  let windowSum = 0;
  for (let j = 0; j < m; j++) {
    orderImbalance[j] = Math.abs(sells[j]! - buys[j]!) / bucketVolume;
    windowSum += orderImbalance[j]!;
    if (j >= windowBuckets) windowSum -= orderImbalance[j - windowBuckets]!;
    if (j >= windowBuckets - 1) series[j] = windowSum / windowBuckets;
  }
  return {
    bucketVolume,
    windowBuckets,
    priceChangeSd: sd,
    bars,
    endTimes: Float64Array.from(ends),
    endPrices: Float64Array.from(endPrices),
    buyVolumes: Float64Array.from(buys),
    sellVolumes: Float64Array.from(sells),
    orderImbalance,
    vpin: series,
  };
}
