/**
 * A seeded synthetic market that looks like BTCUSDT perpetual candles: the data every notebook runs on
 * when Bybit cannot be reached and the cache does not hold the range. Always labelled: its frames carry
 * `source = "synthetic"`, and it is never written into the cache.
 *
 * The model, from slow to fast:
 * 1. Days (from 2015-01-01, the anchor). Log price `x_{d+1} = x_d + sigma_d z_d - kappa (x_d - ln price)`
 *    with `z_d` Student-t (5 degrees of freedom, unit variance), a slow pull to `price` (half-life 90 days)
 *    and GARCH(1,1) variance `sigma_d^2 = dailyVolatility^2 g_d`,
 *    `g_{d+1} = (1 - a - b) + (a z_d^2 + b) g_d`, `a = 0.10`, `b = 0.85` (Bollerslev 1986, eq. 1; the
 *    unconditional mean of `g` is 1). Daily volume `averageDailyVolume * g_d^{1/4} * exp(0.3 e_d - 0.045)`.
 * 2. Minutes of day `d` (their own seeded stream, so any range gives the same bars): variance weights
 *    `w_h / 60` from the 24-hour `volumeProfile` (volatility and volume share the U-shape), an intraday
 *    GARCH factor (`a = 0.08`, `b = 0.91`), Gaussian increments, then conditioned on the day's total
 *    (the Gaussian bridge: the residual is spread in proportion to each minute's variance), so days join
 *    up. High and low of each minute are the exact extremes of a Brownian bridge between its open and
 *    close mid prices, drawn by inversion of `P(max > m) = exp(-2 (m - a)(m - b) / v)` (Glasserman 2004,
 *    Monte Carlo Methods in Financial Engineering, Sec. 6.4).
 * 3. Trades: closes sit at the bid or the ask (a fair coin, half-spread `spreadBps / 2`), the high at the
 *    ask and the low at the bid (the premise of Corwin & Schultz 2012), prices on the `tickSize` grid,
 *    `open` = previous `close` (also across days). Minute volume follows the profile, the GARCH factor and the size of the
 *    move, with log-normal noise, and sums to the day's volume; turnover = volume * mean(O, H, L, C).
 * 4. Bars longer than a minute aggregate minutes (first open, max high, min low, last close, sums), so
 *    every interval of the same seed tells the same story.
 *
 * @module
 */
import type pl from "npm:nodejs-polars@0.25.2";
import { DEFAULT_SEED, SeededRandom } from "../../core/random.ts";
import {
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
  toFiniteArray,
} from "../../core/validate.ts";
import { type KlineSpec, resolveKlineSpec } from "../kline_spec.ts";
import { barStartOf, DAY_MS, firstBarAtOrAfter, nextBarStart } from "../_calendar.ts";
import type { KlineColumns } from "../kline_frame.ts";
import { emptyKlineColumns, klineFrame } from "../_kline_columns.ts";
import { BTC_HOURLY_VOLUME_PROFILE } from "./volume_profile.ts";

/** First day of the synthetic market (UTC): 2015-01-01. */
export const SYNTHETIC_ANCHOR_MS: number = Date.UTC(2015, 0, 1);

/**
 * End of the synthetic market (UTC, exclusive): 2100-01-01.
 *
 * @example
 * ```ts
 * import { SYNTHETIC_END_MS } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(new Date(SYNTHETIC_END_MS).toISOString(), "2100-01-01T00:00:00.000Z");
 * ```
 */
export const SYNTHETIC_END_MS: number = Date.UTC(2100, 0, 1);

/**
 * Longest range one call generates, UTC days (about ten years). The market is built minute by minute
 * (so every interval aggregates the same minutes), at about 0.5 ms per day: ten years take about 2 s;
 * longer ranges are refused at once instead of running for minutes.
 *
 * @example
 * ```ts
 * import { SYNTHETIC_MAX_DAYS, synthesizeKlines } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const start = Date.UTC(2016, 0, 1);
 * assert.throws(
 *   () => synthesizeKlines({ symbol: "BTCUSDT", interval: "D", start, end: start + (SYNTHETIC_MAX_DAYS + 1) * 86_400_000 }),
 *   RangeError,
 * );
 * ```
 */
export const SYNTHETIC_MAX_DAYS = 3_660;

/** Parameters of the synthetic market. Defaults resemble Bybit BTCUSDT perpetual in mid-2025. */
export interface SyntheticKlineOptions {
  /** Seed; the same seed gives the same market on every machine. Default {@linkcode DEFAULT_SEED}. */
  seed?: number;
  /** Level the log price is pulled back to (half-life 90 days), quote per base. Default 100,000. */
  price?: number;
  /** Unconditional daily volatility, fraction per day. Default 0.02. */
  dailyVolatility?: number;
  /** Average daily volume, base units per day. Default 80,000 (BTCUSDT perpetual, June 2025: ~79,000 BTC). */
  averageDailyVolume?: number;
  /** Quoted spread, basis points of the mid. Default 0.1 (about one 0.1 USDT tick at 100,000). */
  spreadBps?: number;
  /** Price grid, quote units. Default 0.1 (BTCUSDT's tick). */
  tickSize?: number;
  /** 24 hourly (UTC) shares of daily volume. Default {@linkcode BTC_HOURLY_VOLUME_PROFILE}. */
  volumeProfile?: ArrayLike<number>;
}

interface Resolved {
  seed: number;
  price: number;
  dailyVolatility: number;
  averageDailyVolume: number;
  halfSpread: number;
  tickSize: number;
  profile: Float64Array;
}

function resolveOptions(options: SyntheticKlineOptions, action: string): Resolved {
  assertObject(action, "options", options);
  const {
    seed = DEFAULT_SEED,
    price = 100_000,
    dailyVolatility = 0.02,
    averageDailyVolume = 80_000,
    spreadBps = 0.1,
    tickSize = 0.1,
    volumeProfile = BTC_HOURLY_VOLUME_PROFILE,
  } = options;
  assertInteger(action, "seed", seed, -(2 ** 31));
  assertPositive(action, "price", price);
  assertPositive(action, "dailyVolatility", dailyVolatility);
  if (dailyVolatility > 0.5) {
    throw new RangeError(
      `Cannot ${action}: dailyVolatility must be <= 0.5: current value is ${dailyVolatility}`,
    );
  }
  assertPositive(action, "averageDailyVolume", averageDailyVolume);
  assertNonNegative(action, "spreadBps", spreadBps);
  if (spreadBps > 1000) {
    throw new RangeError(`Cannot ${action}: spreadBps must be <= 1000: current value is ${spreadBps}`);
  }
  assertNonNegative(action, "tickSize", tickSize);
  if (tickSize > price / 100) {
    throw new RangeError(`Cannot ${action}: tickSize must be <= price / 100: current value is ${tickSize}`);
  }
  const profile = toFiniteArray(action, "volumeProfile", volumeProfile);
  if (profile.length !== 24) {
    throw new TypeError(
      `Cannot ${action}: volumeProfile must have 24 hourly shares: current length is ${profile.length}`,
    );
  }
  let total = 0;
  for (let h = 0; h < 24; h++) {
    if (!(profile[h]! > 0)) {
      throw new RangeError(
        `Cannot ${action}: volumeProfile[${h}] must be > 0: current value is ${profile[h]}`,
      );
    }
    total += profile[h]!;
  }
  for (let h = 0; h < 24; h++) profile[h] = profile[h]! / total;
  return { seed, price, dailyVolatility, averageDailyVolume, halfSpread: spreadBps / 2e4, tickSize, profile };
}

/** 32-bit FNV-1a of a string. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Mixes integers into one 32-bit seed (murmur3's finaliser). */
function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9 | 0;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h | 0;
}

/** The daily layer, extended lazily and shared by every request with the same parameters. */
interface DailyPath {
  rng: SeededRandom;
  logOpen: number[];
  variance: number[];
  volume: number[];
  dayReturn: number[];
  /** Side of the spread (+1 ask, -1 bid) of the trade at each day boundary: day d-1's last close, day d's first open. */
  boundarySide: number[];
  g: number;
  x: number;
}

const dailyPaths = new Map<string, DailyPath>();
const DAILY_ALPHA = 0.10, DAILY_BETA = 0.85;
const INTRADAY_ALPHA = 0.08, INTRADAY_BETA = 0.91;
const REVERSION = Math.LN2 / 90;

function dailyPath(o: Resolved, symbolHash: number, days: number): DailyPath {
  const key = `${o.seed}|${symbolHash}|${o.price}|${o.dailyVolatility}|${o.averageDailyVolume}`;
  let p = dailyPaths.get(key);
  if (!p) {
    p = {
      rng: new SeededRandom(mixSeed(o.seed, symbolHash, 0x5eed)),
      logOpen: [],
      variance: [],
      volume: [],
      dayReturn: [],
      boundarySide: [],
      g: 1,
      x: Math.log(o.price),
    };
    dailyPaths.set(key, p);
  }
  const lnPrice = Math.log(o.price);
  while (p.logOpen.length < days) {
    const variance = o.dailyVolatility * o.dailyVolatility * p.g;
    const z = p.rng.studentT(5);
    const r = Math.sqrt(variance) * z - REVERSION * (p.x - lnPrice);
    p.logOpen.push(p.x);
    p.variance.push(variance);
    p.volume.push(o.averageDailyVolume * Math.pow(p.g, 0.25) * Math.exp(0.3 * p.rng.normal() - 0.045));
    p.dayReturn.push(r);
    p.boundarySide.push(p.rng.uniform() < 0.5 ? -1 : 1);
    p.x += r;
    p.g = (1 - DAILY_ALPHA - DAILY_BETA) + (DAILY_ALPHA * z * z + DAILY_BETA) * p.g;
  }
  return p;
}

/** Minute bars of one day (the candle columns but their start times), in reusable buffers. */
interface DayBuffers extends Omit<KlineColumns, "startTime"> {
  variance: Float64Array;
  increment: Float64Array;
  weight: Float64Array;
}

function newDayBuffers(): DayBuffers {
  const f = () => new Float64Array(1440);
  return {
    open: f(),
    high: f(),
    low: f(),
    close: f(),
    volume: f(),
    turnover: f(),
    variance: f(),
    increment: f(),
    weight: f(),
  };
}

const E_ABS_NORMAL = Math.sqrt(2 / Math.PI);

function generateDay(o: Resolved, path: DailyPath, symbolHash: number, day: number, b: DayBuffers): void {
  const rng = new SeededRandom(mixSeed(o.seed, symbolHash, day + 1));
  const dayVariance = path.variance[day]!;
  const tick = o.tickSize;
  const inverseTick = tick > 0 ? 1 / tick : 0;
  const integerInverse = tick > 0 && Math.abs(inverseTick - Math.round(inverseTick)) < 1e-9;
  const round = (p: number) =>
    tick === 0
      ? p
      : integerInverse
      ? Math.round(p * inverseTick) / Math.round(inverseTick)
      : Math.round(p / tick) * tick;
  // Increments with intraday GARCH, then the Gaussian bridge to the day's return.
  let g = 1, sum = 0, varianceSum = 0, weightSum = 0;
  for (let i = 0; i < 1440; i++) {
    const share = o.profile[(i / 60) | 0]!;
    const v = dayVariance * (share / 60) * g;
    const z = rng.normal();
    b.variance[i] = v;
    b.increment[i] = Math.sqrt(v) * z;
    sum += b.increment[i]!;
    varianceSum += v;
    const w = share * Math.sqrt(g) * (0.5 + 0.5 * Math.abs(z) / E_ABS_NORMAL) *
      Math.exp(0.4 * rng.normal() - 0.08);
    b.weight[i] = w;
    weightSum += w;
    g = (1 - INTRADAY_ALPHA - INTRADAY_BETA) + (INTRADAY_ALPHA * z * z + INTRADAY_BETA) * g;
  }
  const residual = path.dayReturn[day]! - sum;
  const dayVolume = path.volume[day]!;
  const h = o.halfSpread;
  let x = path.logOpen[day]!;
  // The trade at each day boundary is shared by both days, so open = previous close holds across days.
  let previousClose = round(Math.exp(x) * (1 + path.boundarySide[day]! * h));
  const nextOpen = path.logOpen[day + 1]!;
  for (let i = 0; i < 1440; i++) {
    const v = b.variance[i]!;
    const a = x;
    const e = i === 1439 ? nextOpen : x + b.increment[i]! + residual * (v / varianceSum);
    const mid = (a + e) / 2, half = (e - a) * (e - a) / 4;
    const up = mid + Math.sqrt(half - (v / 2) * Math.log(1 - rng.uniform()));
    const down = mid - Math.sqrt(half - (v / 2) * Math.log(1 - rng.uniform()));
    const coin = rng.uniform() < 0.5 ? -1 : 1;
    const close = round(Math.exp(e) * (1 + (i === 1439 ? path.boundarySide[day + 1]! : coin) * h));
    const open = previousClose;
    const high = Math.max(round(Math.exp(up) * (1 + h)), open, close);
    const low = Math.min(round(Math.exp(down) * (1 - h)), open, close);
    const volume = Math.round((dayVolume * b.weight[i]! / weightSum) * 1000) / 1000;
    b.open[i] = open;
    b.high[i] = high;
    b.low[i] = low;
    b.close[i] = close;
    b.volume[i] = volume;
    b.turnover[i] = Math.round(volume * (open + high + low + close) / 4 * 1e4) / 1e4;
    previousClose = close;
    x = e;
  }
}

/**
 * Candle columns of the synthetic market for bar starts in `[start, end)`: the same bars as
 * {@linkcode synthesizeKlines} (which documents the model, the options and the errors) as plain
 * `Float64Array` columns, without building a DataFrame.
 *
 * @param spec symbol, interval, `[start, end)` in UTC ms and category.
 * @param options seed and market parameters (see {@linkcode SyntheticKlineOptions}).
 * @returns the columns, ascending by `startTime`.
 * @throws {RangeError} as {@linkcode synthesizeKlines}.
 *
 * @example
 * ```ts
 * import { synthesizeKlineColumns } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const c = synthesizeKlineColumns({ symbol: "BTCUSDT", interval: "60", start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 0, 2) });
 * assert.equal(c.startTime.length, 24);
 * assert.ok(c.low.every((low, i) => low <= c.close[i]! && c.close[i]! <= c.high[i]!));
 * ```
 */
export function synthesizeKlineColumns(
  spec: KlineSpec,
  options: SyntheticKlineOptions = {},
): KlineColumns {
  const action = "synthesize klines";
  const s = resolveKlineSpec(spec, action);
  const o = resolveOptions(options, action);
  if (s.start < SYNTHETIC_ANCHOR_MS) {
    throw new RangeError(
      `Cannot ${action}: start must be on or after 2015-01-01 (the synthetic market's first day): current value is ${
        new Date(s.start).toISOString()
      }`,
    );
  }
  if (s.end > SYNTHETIC_END_MS) {
    throw new RangeError(
      `Cannot ${action}: end must be on or before 2100-01-01 (the synthetic market's last day): current value is ${
        Number.isFinite(new Date(s.end).getTime()) ? new Date(s.end).toISOString() : s.end
      }`,
    );
  }
  const spanDays =
    (nextBarStart(barStartOf(s.end - 1, s.interval), s.interval) - barStartOf(s.start, s.interval)) /
    DAY_MS;
  if (spanDays > SYNTHETIC_MAX_DAYS) {
    throw new RangeError(
      `Cannot ${action}: end - start must span at most ${SYNTHETIC_MAX_DAYS} days of ${s.interval} bars (about ten years; ask for a shorter range): current span is ${
        Math.round(spanDays)
      } days, ${new Date(s.start).toISOString()} to ${new Date(s.end).toISOString()}`,
    );
  }
  const starts: number[] = [];
  for (let t = firstBarAtOrAfter(s.start, s.interval); t < s.end; t = nextBarStart(t, s.interval)) {
    starts.push(t);
  }
  const n = starts.length;
  const out: KlineColumns = { ...emptyKlineColumns(n), startTime: Float64Array.from(starts) };
  if (n === 0) return out;
  const lastEnd = nextBarStart(starts[n - 1]!, s.interval);
  const firstDay = Math.floor((starts[0]! - SYNTHETIC_ANCHOR_MS) / DAY_MS);
  const lastDay = Math.floor((lastEnd - 1 - SYNTHETIC_ANCHOR_MS) / DAY_MS);
  const symbolHash = hashString(s.symbol);
  const path = dailyPath(o, symbolHash, lastDay + 2);
  const buffers = newDayBuffers();
  let bar = 0, barEnd = nextBarStart(starts[0]!, s.interval), fresh = true;
  for (let day = firstDay; day <= lastDay && bar < n; day++) {
    generateDay(o, path, symbolHash, day, buffers);
    const dayStart = SYNTHETIC_ANCHOR_MS + day * DAY_MS;
    for (let i = 0; i < 1440; i++) {
      const t = dayStart + i * 60_000;
      if (t < starts[bar]!) continue;
      while (t >= barEnd) {
        bar++;
        if (bar >= n) break;
        barEnd = nextBarStart(starts[bar]!, s.interval);
        fresh = true;
      }
      if (bar >= n) break;
      if (t < starts[bar]!) continue;
      if (fresh) {
        out.open[bar] = buffers.open[i]!;
        out.high[bar] = buffers.high[i]!;
        out.low[bar] = buffers.low[i]!;
        fresh = false;
      } else {
        if (buffers.high[i]! > out.high[bar]!) out.high[bar] = buffers.high[i]!;
        if (buffers.low[i]! < out.low[bar]!) out.low[bar] = buffers.low[i]!;
      }
      out.close[bar] = buffers.close[i]!;
      out.volume[bar] = out.volume[bar]! + buffers.volume[i]!;
      out.turnover[bar] = out.turnover[bar]! + buffers.turnover[i]!;
    }
  }
  for (let k = 0; k < n; k++) {
    out.volume[k] = Math.round(out.volume[k]! * 1000) / 1000;
    out.turnover[k] = Math.round(out.turnover[k]! * 1e4) / 1e4;
  }
  // Each option is valid, but a price or volume near the ends of double precision can push a bar's
  // prices or turnover (volume * price) out of it: Infinity, or 0 after underflow.
  for (const name of ["open", "high", "low", "close", "volume", "turnover"] as const) {
    const column = out[name], positive = name !== "volume" && name !== "turnover";
    for (let k = 0; k < n; k++) {
      const v = column[k]!;
      if (!Number.isFinite(v) || (positive ? !(v > 0) : !(v >= 0))) {
        throw new RangeError(
          `Cannot ${action}: bar ${k}'s ${name} leaves double precision with price = ${o.price}, ` +
            `averageDailyVolume = ${o.averageDailyVolume}, dailyVolatility = ${o.dailyVolatility}, ` +
            `tickSize = ${o.tickSize} and spreadBps = ${
              o.halfSpread * 2e4
            } (choose ordinary values): current value is ${v}`,
        );
      }
    }
  }
  return out;
}

/**
 * Seeded synthetic candles resembling BTCUSDT perpetual, labelled `source = "synthetic"`.
 *
 * Volatility clusters (GARCH(1,1) across days and within the day, Student-t daily shocks), volume follows
 * a 24-hour UTC profile ({@linkcode BTC_HOURLY_VOLUME_PROFILE} by default) and rises with volatility,
 * highs and lows are Brownian-bridge extremes plus the half-spread (so range-based spread estimators see
 * a spread), prices sit on the tick grid. See the module documentation for the equations. The same seed,
 * symbol and options give the same candle for the same start time whatever range is asked for.
 *
 * Cost: O(minutes covered) (about 10 ms per month of 1-minute bars), plus O(days since 2015) once per seed.
 *
 * @param spec symbol (seeds the path too), interval, `[start, end)` in UTC ms (start on or after 2015-01-01,
 *   end on or before 2100-01-01, at most {@linkcode SYNTHETIC_MAX_DAYS} days of bars).
 * @param options seed and market parameters; see {@linkcode SyntheticKlineOptions}.
 * @returns a DataFrame with `startTime` (Datetime ms UTC), `open`, `high`, `low`, `close` (quote per base),
 *   `volume` (base units), `turnover` (quote units) and `source` (`"synthetic"`), ascending.
 * @throws {TypeError} for null options.
 * @throws {RangeError} for an invalid spec or option, a range outside 2015-2100 or longer than
 *   {@linkcode SYNTHETIC_MAX_DAYS} days, or a price or volume so extreme that a bar leaves double
 *   precision (Infinity or 0 prices).
 *
 * @example
 * ```ts
 * import { klineColumns, synthesizeKlines } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const spec = { symbol: "BTCUSDT", interval: "1", start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 5, 2) } as const;
 * const df = synthesizeKlines(spec, { seed: 7 });
 * assert.equal(df.height, 1440);
 * assert.deepEqual(df.getColumn("source").unique().toArray(), ["synthetic"]);
 * assert.deepEqual(klineColumns(df).close, klineColumns(synthesizeKlines(spec, { seed: 7 })).close);
 * ```
 */
export function synthesizeKlines(spec: KlineSpec, options: SyntheticKlineOptions = {}): pl.DataFrame {
  return klineFrame(synthesizeKlineColumns(spec, options), "synthetic");
}
