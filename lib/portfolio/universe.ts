/**
 * An asset universe for the portfolio studies (daily returns, prices, volatility, volume, spread), and a
 * seeded synthetic one with correlated returns and a persistent drift a momentum signal can find.
 *
 * @module
 */
import { DEFAULT_SEED, SeededRandom } from "../core/random.ts";
import {
  assertFiniteResult,
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
  describeValue,
} from "../core/validate.ts";

/** Daily data of several assets, aligned by day. Plain data. */
export interface AssetUniverse {
  /** Asset names, e.g. `["BTCUSDT", "ETHUSDT"]` or `["SYN00", ...]`. */
  symbols: string[];
  /** Number of days `T` (rows). */
  days: number;
  /** Daily simple returns, `T x n` row-major: `returns[t * n + i]` is asset `i` on day `t`, fraction. */
  returns: Float64Array;
  /** Close price at the end of each day, `T x n` row-major, quote per base unit. */
  prices: Float64Array;
  /** Daily volatility of each asset, fraction per day. */
  dailyVolatility: Float64Array;
  /** Average daily volume of each asset, QUOTE currency per day (USDT/day). */
  averageDailyVolume: Float64Array;
  /** Half the bid-ask spread of each asset, fraction of the price. */
  halfSpread: Float64Array;
  /** Start of each day, UTC ms. */
  dayStart: Float64Array;
  /** `"synthetic"` for the seeded generator, `"bybit"` for recorded candles. */
  source: "synthetic" | "bybit";
  /** One line saying what the data is (always says SYNTHETIC for generated data). */
  description: string;
}

/** Options of {@linkcode syntheticUniverse}. */
export interface SyntheticUniverseOptions {
  /** Number of assets, integer >= 1. Default 20. */
  assets?: number;
  /** Number of days, integer >= 2. Default 730. */
  days?: number;
  /** Seed. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
  /** Correlation of every pair through the one common factor, in [0, 1). Default 0.5. */
  correlation?: number;
  /** Range of daily volatility, fraction per day, drawn log-uniformly. Default [0.025, 0.06]. */
  volatilityRange?: readonly [number, number];
  /** Range of average daily volume, USDT/day, drawn log-uniformly. Default [2e7, 2e10]. */
  volumeRange?: readonly [number, number];
  /** Standard deviation of each asset's drift, in units of its volatility. Default 0.04. */
  driftStrength?: number;
  /** Half-life of the drift's AR(1), days, > 0. Default 30. */
  driftHalfLife?: number;
  /** Degrees of freedom of the Student-t shocks (fat tails), an integer in [3, 1000], or `Infinity` for Gaussian. Default 5. */
  degreesOfFreedom?: number;
}

/**
 * A seeded synthetic universe (SYNTHETIC: not market data). Per asset `i`: daily volatility `sigma_i` and
 * daily volume `V_i` (USDT) drawn log-uniformly in their ranges, half spread
 * `halfSpread_i = 0.5 bp * sqrt(2e10 / V_i)` (wider for thinner assets, 0.5 bp at 2e10 USDT/day), and daily
 * returns
 *
 * ```
 * r_t,i = m_t,i + sigma_i (sqrt(rho) f_t + sqrt(1 - rho) e_t,i)
 * m_t,i = phi m_t-1,i + sqrt(1 - phi^2) s sigma_i xi_t,i,    phi = 2^(-1 / halfLife)
 * ```
 *
 * with `f`, `e` unit-variance Student-t shocks (one common factor: every pair has correlation `rho`), `xi`
 * Gaussian, and `m` a persistent drift of standard deviation `s sigma_i` (a momentum a trailing-return signal
 * can partly forecast). Prices start at 100 and compound the returns. Days start at 2024-01-01 UTC.
 *
 * @param options sizes, seed and the model's parameters.
 * @returns the universe, `source: "synthetic"`.
 * @throws {RangeError} for an option outside its domain.
 *
 * @example
 * ```ts
 * import { syntheticUniverse } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const u = syntheticUniverse({ assets: 5, days: 100, seed: 3 });
 * assert.equal(u.returns.length, 500);
 * assert.equal(u.source, "synthetic");
 * assert.deepEqual(syntheticUniverse({ assets: 5, days: 100, seed: 3 }).returns, u.returns);
 * ```
 */
export function syntheticUniverse(options: SyntheticUniverseOptions = {}): AssetUniverse {
  const action = "create synthetic universe";
  assertObject(action, "options", options);
  const {
    assets = 20,
    days = 730,
    seed = DEFAULT_SEED,
    correlation = 0.5,
    volatilityRange = [0.025, 0.06],
    volumeRange = [2e7, 2e10],
    driftStrength = 0.04,
    driftHalfLife = 30,
    degreesOfFreedom = 5,
  } = options;
  assertInteger(action, "assets", assets, 1);
  assertInteger(action, "days", days, 2);
  assertNonNegative(action, "correlation", correlation);
  if (!(correlation < 1)) {
    throw new RangeError(`Cannot ${action}: correlation must be < 1: current value is ${correlation}`);
  }
  for (const [name, range] of [["volatilityRange", volatilityRange], ["volumeRange", volumeRange]] as const) {
    if (range === null || typeof range !== "object" || range.length !== 2) {
      throw new TypeError(
        `Cannot ${action}: ${name} must be [low, high]: current value is ${describeValue(range)}`,
      );
    }
    assertPositive(action, `${name}[0]`, range[0]);
    assertPositive(action, `${name}[1]`, range[1]);
    if (!(range[1] >= range[0])) {
      throw new RangeError(
        `Cannot ${action}: ${name}[1] must be >= ${name}[0]: current value is ${range[1]}`,
      );
    }
  }
  assertNonNegative(action, "driftStrength", driftStrength);
  assertPositive(action, "driftHalfLife", driftHalfLife);
  if (
    !(degreesOfFreedom === Infinity ||
      (Number.isInteger(degreesOfFreedom) && degreesOfFreedom > 2 && degreesOfFreedom <= 1000))
  ) {
    throw new RangeError(
      `Cannot ${action}: degreesOfFreedom must be an integer in [3, 1000] or Infinity (Gaussian): current value is ${
        describeValue(degreesOfFreedom)
      }`,
    );
  }
  const rng = new SeededRandom(seed);
  const n = assets;
  const logUniform = (lo: number, hi: number) =>
    Math.exp(Math.log(lo) + rng.uniform() * (Math.log(hi) - Math.log(lo)));
  const dailyVolatility = new Float64Array(n),
    averageDailyVolume = new Float64Array(n),
    halfSpread = new Float64Array(n);
  const symbols: string[] = [];
  for (let i = 0; i < n; i++) {
    dailyVolatility[i] = logUniform(volatilityRange[0], volatilityRange[1]);
    averageDailyVolume[i] = logUniform(volumeRange[0], volumeRange[1]);
    halfSpread[i] = 0.5e-4 * Math.sqrt(2e10 / averageDailyVolume[i]!);
    symbols.push(`SYN${String(i).padStart(n > 100 ? 3 : 2, "0")}`);
  }
  const shock = () => Number.isFinite(degreesOfFreedom) ? rng.studentT(degreesOfFreedom) : rng.normal();
  const phi = Math.pow(2, -1 / driftHalfLife), innovation = Math.sqrt(1 - phi * phi);
  const drift = new Float64Array(n);
  for (let i = 0; i < n; i++) drift[i] = driftStrength * dailyVolatility[i]! * rng.normal();
  const returns = new Float64Array(days * n),
    prices = new Float64Array(days * n),
    dayStart = new Float64Array(days);
  const a = Math.sqrt(correlation), b = Math.sqrt(1 - correlation);
  const first = Date.UTC(2024, 0, 1);
  for (let t = 0; t < days; t++) {
    dayStart[t] = first + t * 86_400_000;
    const f = shock();
    for (let i = 0; i < n; i++) {
      const r = drift[i]! + dailyVolatility[i]! * (a * f + b * shock());
      returns[t * n + i] = r;
      prices[t * n + i] = (t === 0 ? 100 : prices[(t - 1) * n + i]!) * (1 + r);
      drift[i] = phi * drift[i]! + innovation * driftStrength * dailyVolatility[i]! * rng.normal();
    }
  }
  for (let k = 0; k < returns.length; k++) {
    if (!Number.isFinite(returns[k]!) || !Number.isFinite(prices[k]!)) {
      assertFiniteResult(action, `the return or price of day ${Math.floor(k / n)}`, NaN, {
        driftStrength,
        volatilityRange,
        degreesOfFreedom,
      });
    }
  }
  return {
    symbols,
    days,
    returns,
    prices,
    dailyVolatility,
    averageDailyVolume,
    halfSpread,
    dayStart,
    source: "synthetic",
    description:
      `SYNTHETIC universe (seed ${seed}): ${n} assets, ${days} days, one-factor correlation ${correlation}, ` +
      `drift ${driftStrength} sigma with half-life ${driftHalfLife} d, Student-t(${degreesOfFreedom}) shocks`,
  };
}
