/**
 * What the two metaorder simulators (self-contained in `simulate.ts`, on candles in
 * `simulate_on_candles.ts`) share: validation of the known law and its effects, and the
 * impact multiplier of those effects. Private to the library.
 *
 * @module
 */
import { assertImpactLaw, squareRootImpact } from "../core/impact_law.ts";
import type { MetaorderRecord } from "../core/trade.ts";
import { assertFinite, assertInteger, assertNonNegative, assertPositive } from "../core/validate.ts";

/** The options both simulators take for the law they plant in the data. */
export interface MetaorderLawOptions {
  count: number;
  eta: number;
  delta: number;
  minParticipation: number;
  maxParticipation: number;
  tradingRate: number;
  impactNoise: number;
  liquidityEffect: number;
  momentumEffect: number;
}

/** The defaults both simulators document: the law, the size range, the trading rate and no effects. */
const LAW_DEFAULTS: Omit<MetaorderLawOptions, "count"> = {
  eta: 0.8,
  delta: 0.5,
  minParticipation: 1e-5,
  maxParticipation: 1e-2,
  tradingRate: 0.1,
  impactNoise: 0.3,
  liquidityEffect: 0,
  momentumEffect: 0,
};

/**
 * The law options of a simulator's options, with the shared defaults filled in, validated.
 * @throws {RangeError} naming the option out of its domain.
 */
export function resolveMetaorderLaw(
  action: string,
  count: number,
  options: Partial<Omit<MetaorderLawOptions, "count">>,
): MetaorderLawOptions {
  const law: MetaorderLawOptions = { count, ...LAW_DEFAULTS };
  for (const key of Object.keys(LAW_DEFAULTS) as (keyof typeof LAW_DEFAULTS)[]) {
    const value = options[key];
    if (value !== undefined) law[key] = value;
  }
  validateMetaorderLaw(action, law);
  return law;
}

/** Validates the law, the size range, the trading rate and the effects; throws a `RangeError` naming the option. */
export function validateMetaorderLaw(action: string, o: MetaorderLawOptions): void {
  assertInteger(action, "count", o.count, 1);
  assertImpactLaw(action, o);
  assertPositive(action, "minParticipation", o.minParticipation);
  assertPositive(action, "maxParticipation", o.maxParticipation);
  if (o.maxParticipation < o.minParticipation) {
    throw new RangeError(
      `Cannot ${action}: maxParticipation must be >= minParticipation (${o.minParticipation}): current value is ${o.maxParticipation}`,
    );
  }
  assertPositive(action, "tradingRate", o.tradingRate);
  if (o.tradingRate > 1) {
    throw new RangeError(
      `Cannot ${action}: tradingRate must be in (0, 1]: current value is ${o.tradingRate}`,
    );
  }
  assertNonNegative(action, "impactNoise", o.impactNoise);
  assertFinite(action, "liquidityEffect", o.liquidityEffect);
  assertNonNegative(action, "momentumEffect", o.momentumEffect);
  if (o.momentumEffect > 1) {
    throw new RangeError(
      `Cannot ${action}: momentumEffect must be in [0, 1]: current value is ${o.momentumEffect}`,
    );
  }
}

/**
 * The impact a simulator plants in one order: the law times a mean-one log-normal dispersion times the
 * effects the law does not model,
 * `sigma * eta * q^delta * exp(s Z - s^2/2) * (1/24 / volumeShare)^liquidityEffect *
 * (1 + momentumEffect * tanh(side * momentum / hourlySigma))`, with `s = impactNoise` and hourly sigma
 * `sigma / sqrt(24)` (`sigma`: daily volatility, fraction per day; `q`: participation `|Q|/V`; `z`: a standard
 * normal draw). Thin hours (a volume share below the average 1/24) and trend-chasing orders pay more.
 */
export function plantedImpact(
  law: MetaorderLawOptions,
  draw: {
    sigma: number;
    q: number;
    side: number;
    momentum: number;
    volumeShare: number;
    z: number;
  },
): number {
  const hourlySigma = draw.sigma / Math.sqrt(24);
  const effects = Math.pow(1 / 24 / draw.volumeShare, law.liquidityEffect) *
    (1 + law.momentumEffect * Math.tanh((draw.side * draw.momentum) / hourlySigma));
  return squareRootImpact(law, draw.sigma, draw.q) *
    Math.exp(law.impactNoise * draw.z - (law.impactNoise * law.impactNoise) / 2) * effects;
}

/**
 * The record of one simulated metaorder from what the simulator drew: the order (side, participation,
 * duration), its market (daily volume, volatility, momentum, volume share) and its prices. The derived
 * fields follow the same rules in both simulators: `size = side * participation * averageDailyVolume`,
 * `realizedImpact = (endPrice - arrivalPrice) / arrivalPrice`.
 */
export function metaorderRecord(
  order: Pick<MetaorderRecord, "timestamp" | "symbol" | "durationMinutes" | "source"> & {
    side: number;
    participation: number;
  },
  market: Pick<MetaorderRecord, "averageDailyVolume" | "dailyVolatility" | "momentum" | "volumeShare">,
  prices: Pick<MetaorderRecord, "arrivalPrice" | "executionPrice" | "vwap" | "endPrice" | "spread">,
): MetaorderRecord {
  return {
    timestamp: order.timestamp,
    symbol: order.symbol,
    size: order.side * order.participation * market.averageDailyVolume,
    durationMinutes: order.durationMinutes,
    arrivalPrice: prices.arrivalPrice,
    executionPrice: prices.executionPrice,
    vwap: prices.vwap,
    endPrice: prices.endPrice,
    spread: prices.spread,
    averageDailyVolume: market.averageDailyVolume,
    dailyVolatility: market.dailyVolatility,
    participation: order.participation,
    realizedImpact: (prices.endPrice - prices.arrivalPrice) / prices.arrivalPrice,
    momentum: market.momentum,
    volumeShare: market.volumeShare,
    source: order.source,
  };
}

/**
 * Checks the prices of one simulated record: each must be finite and > 0. A law too strong for the data
 * (a huge `eta` or `liquidityEffect`) would otherwise give Infinity, NaN or negative prices silently.
 */
export function assertSimulatedPrices(
  action: string,
  index: number,
  record: {
    arrivalPrice: number;
    executionPrice: number;
    vwap: number;
    endPrice: number;
    size: number;
    durationMinutes: number;
    spread: number;
    participation: number;
    realizedImpact: number;
  },
  impact: number,
  o: Record<string, number>,
): void {
  const options = Object.entries(o).map(([k, v]) => `${k} = ${v}`).join(", ");
  for (const name of ["arrivalPrice", "executionPrice", "vwap", "endPrice"] as const) {
    const v = record[name];
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new RangeError(
        `Cannot ${action}: metaorder ${index} gets a planted impact of ${impact} (fraction of the price) with ` +
          `${options}, so its ${name} must be finite and > 0: current value is ${v} ` +
          `(choose a weaker law, effects or noise)`,
      );
    }
  }
  for (const name of ["size", "durationMinutes", "spread", "participation", "realizedImpact"] as const) {
    const v = record[name];
    if (!Number.isFinite(v)) {
      throw new RangeError(
        `Cannot ${action}: metaorder ${index}'s ${name} overflows double precision with ${options}: ` +
          `current value is ${v}`,
      );
    }
  }
}
