/**
 * A universe from recorded daily candles (one `loadKlines` per symbol), or the seeded synthetic universe when
 * they cannot be had.
 *
 * @module
 */
import { assertObject, assertPositive, describeValue } from "../core/validate.ts";
import { type KlineColumns, klineColumns } from "../data/kline_frame.ts";
import { loadKlines, type LoadKlinesOptions } from "../data/load_klines.ts";
import type { BybitCategory } from "../data/kline_spec.ts";
import { type AssetUniverse, syntheticUniverse, type SyntheticUniverseOptions } from "./universe.ts";

const DAY_MS = 86_400_000;

/** Options of {@linkcode universeFromCandles}. */
export interface UniverseFromCandlesOptions {
  /** Half the bid-ask spread, fraction, one number or one per symbol, >= 0. Default 0.5 bp (1e-4 quoted spread). */
  halfSpread?: number | readonly number[];
  /** What the data is, for the description. Default `"bybit"`. */
  source?: "bybit" | "synthetic";
}

/**
 * Builds a universe from daily candles of several symbols: the days every symbol has a bar (intersection
 * of `startTime`), simple close-to-close returns (the first common day is dropped), each symbol's daily
 * volatility as the sample standard deviation of those returns and its average daily volume as the mean
 * daily `turnover` (quote currency). Both are full-sample statistics: the cost model then knows the whole
 * period's volatility and volume, a mild look-ahead the backtest accepts (the signal and the covariance use
 * only the past).
 *
 * @param candles one candle table per symbol (a `loadKlines` frame or `KlineColumns`), daily bars.
 * @param options the half spread and the source label.
 * @returns the universe.
 * @throws {RangeError} with fewer than 3 common days.
 *
 * @example
 * ```ts
 * import { universeFromCandles } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const day = (close: number[], start = 0) => ({
 *   startTime: Float64Array.from(close, (_, i) => (start + i) * 86_400_000),
 *   open: Float64Array.from(close), high: Float64Array.from(close), low: Float64Array.from(close),
 *   close: Float64Array.from(close), volume: Float64Array.from(close, () => 1), turnover: Float64Array.from(close),
 * });
 * const u = universeFromCandles({ AAA: day([100, 110, 99, 99]), BBB: day([10, 10, 11, 12, 13], -1) });
 * assert.deepEqual(u.symbols, ["AAA", "BBB"]);
 * assert.equal(u.days, 3); // 4 common days, 3 returns
 * assert.ok(Math.abs(u.returns[0]! - 0.1) < 1e-15); // AAA: 100 -> 110
 * ```
 */
export function universeFromCandles(
  candles: Readonly<Record<string, KlineColumns | Parameters<typeof klineColumns>[0]>>,
  options: UniverseFromCandlesOptions = {},
): AssetUniverse {
  const action = "build universe from candles";
  assertObject(action, "candles", candles);
  const symbols = Object.keys(candles);
  if (symbols.length === 0) {
    throw new RangeError(`Cannot ${action}: candles must hold at least one symbol: current value is {}`);
  }
  const columns = symbols.map((s) => klineColumns(candles[s]!));
  // days every symbol has
  let common = new Set(Array.from(columns[0]!.startTime, (t) => Math.floor(t / DAY_MS)));
  for (const c of columns.slice(1)) {
    const mine = new Set(Array.from(c.startTime, (t) => Math.floor(t / DAY_MS)));
    common = new Set([...common].filter((d) => mine.has(d)));
  }
  const days = [...common].sort((a, b) => a - b);
  if (days.length < 3) {
    throw new RangeError(
      `Cannot ${action}: the symbols must share at least 3 days: current count is ${days.length}`,
    );
  }
  const n = symbols.length, T = days.length - 1;
  const returns = new Float64Array(T * n), prices = new Float64Array(T * n);
  const dailyVolatility = new Float64Array(n), averageDailyVolume = new Float64Array(n);
  columns.forEach((c, i) => {
    const index = new Map<number, number>();
    c.startTime.forEach((t, k) => index.set(Math.floor(t / DAY_MS), k));
    let previous = c.close[index.get(days[0]!)!]!;
    let turnover = 0, s = 0, s2 = 0;
    for (let k = 1; k <= T; k++) {
      const row = index.get(days[k]!)!;
      const close = c.close[row]!;
      if (!(close > 0) || !(previous > 0)) {
        throw new RangeError(
          `Cannot ${action}: ${symbols[i]} close prices must be > 0: current value is ${close}`,
        );
      }
      const r = close / previous - 1;
      returns[(k - 1) * n + i] = r;
      prices[(k - 1) * n + i] = close;
      turnover += c.turnover[row]!;
      s += r;
      s2 += r * r;
      previous = close;
    }
    dailyVolatility[i] = Math.sqrt(Math.max(0, (s2 - (s * s) / T) / (T - 1)));
    averageDailyVolume[i] = turnover / T;
    assertPositive(action, `the volatility of ${symbols[i]}`, dailyVolatility[i]!);
    assertPositive(action, `the average daily turnover of ${symbols[i]}`, averageDailyVolume[i]!);
  });
  const { halfSpread = 0.5e-4, source = "bybit" } = options;
  const spread = typeof halfSpread === "number"
    ? new Float64Array(n).fill(halfSpread)
    : Float64Array.from(halfSpread);
  if (spread.length !== n || spread.some((x) => !(x >= 0))) {
    throw new RangeError(
      `Cannot ${action}: halfSpread must be >= 0, one number or one per symbol: current value is ${
        describeValue(halfSpread)
      }`,
    );
  }
  const first = new Date(days[1]! * DAY_MS).toISOString().slice(0, 10);
  const last = new Date(days.at(-1)! * DAY_MS).toISOString().slice(0, 10);
  return {
    symbols,
    days: T,
    returns,
    prices,
    dailyVolatility,
    averageDailyVolume,
    halfSpread: spread,
    dayStart: Float64Array.from(days.slice(1), (d) => d * DAY_MS),
    source,
    description: `${source === "bybit" ? "Bybit" : "SYNTHETIC"} daily candles of ${
      symbols.join(", ")
    }, ${first} to ${last} (${T} days)`,
  };
}

/** Options of {@linkcode loadUniverse}. */
export interface LoadUniverseOptions extends Omit<LoadKlinesOptions, "fallback" | "synthetic"> {
  /** First day, UTC ms or Date. */
  start: number | Date;
  /** End (exclusive), UTC ms or Date. */
  end: number | Date;
  /** Bybit category. Default `"linear"`. */
  category?: BybitCategory;
  /** Half spread for {@linkcode universeFromCandles}. */
  halfSpread?: number | readonly number[];
  /** The synthetic universe used when any symbol's candles cannot be loaded (`assets` and `days` are set here). */
  synthetic?: Omit<SyntheticUniverseOptions, "assets" | "days">;
}

/**
 * Loads daily candles of every symbol with `loadKlines` (cache first, then Bybit) and builds the universe
 * ({@linkcode universeFromCandles}). When any symbol cannot be had whole (offline without a cache, Bybit
 * unreachable), returns the seeded SYNTHETIC universe ({@linkcode syntheticUniverse}) of the same size and
 * length instead, never a mix; its description says so and why.
 *
 * @param symbols Bybit symbols, e.g. `["BTCUSDT", "ETHUSDT"]`.
 * @param options the range and `loadKlines` options.
 * @returns the universe (`source` says which).
 *
 * @example
 * ```ts
 * import { loadUniverse } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const u = await loadUniverse(["BTCUSDT", "ETHUSDT"], {
 *   start: Date.UTC(2024, 0, 1), end: Date.UTC(2024, 3, 1), offline: true, cacheDir: dir,
 * });
 * assert.equal(u.source, "synthetic");
 * assert.match(u.description, /SYNTHETIC/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadUniverse(
  symbols: readonly string[],
  options: LoadUniverseOptions,
): Promise<AssetUniverse> {
  const action = "load universe";
  if (!Array.isArray(symbols) || symbols.length === 0) {
    throw new TypeError(
      `Cannot ${action}: symbols must be a non-empty array: current value is ${describeValue(symbols)}`,
    );
  }
  assertObject(action, "options", options, "{ start, end }");
  const { start, end, category = "linear", halfSpread, synthetic = {}, ...klineOptions } = options;
  const startMs = start instanceof Date ? start.getTime() : start;
  const endMs = end instanceof Date ? end.getTime() : end;
  const frames: Record<string, Awaited<ReturnType<typeof loadKlines>>> = {};
  let reason = "";
  for (const symbol of symbols) {
    try {
      const df = await loadKlines({ symbol, interval: "D", start: startMs, end: endMs, category }, {
        ...klineOptions,
        fallback: "error",
      });
      frames[symbol] = df;
    } catch (error) {
      if (error instanceof RangeError || error instanceof TypeError) throw error;
      reason = `${symbol}: ${(error as Error).message.split("\n")[0]}`;
      break;
    }
  }
  if (reason === "") {
    return universeFromCandles(frames, halfSpread === undefined ? {} : { halfSpread });
  }
  const days = Math.max(3, Math.round((endMs - startMs) / DAY_MS) - 1);
  const u = syntheticUniverse({ ...synthetic, assets: symbols.length, days });
  return {
    ...u,
    description: `${u.description}; used because Bybit candles could not be loaded (${reason})`,
  };
}
