/**
 * What the two metaorder simulators (self-contained in `simulate.ts`, on candles in
 * `lib/data/simulate_on_candles.ts`) share: validation of the known law and its effects, and the
 * impact multiplier of those effects. Private to the library.
 *
 * @module
 */
import { assertFinite, assertInteger, assertNonNegative, assertPositive } from "../_validate.ts";

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

/** Validates the law, the size range, the trading rate and the effects; throws a `RangeError` naming the option. */
export function validateMetaorderLaw(action: string, o: MetaorderLawOptions): void {
  assertInteger(action, "count", o.count, 1);
  assertPositive(action, "eta", o.eta);
  assertPositive(action, "delta", o.delta);
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
 * Multiplier of the law's impact from the effects it does not model:
 * `(1/24 / volumeShare)^liquidityEffect * (1 + momentumEffect * tanh(side * momentum / hourlySigma))`.
 * Thin hours (a volume share below the average 1/24) and trend-chasing orders pay more.
 */
export function impactEffects(
  volumeShare: number,
  side: number,
  momentum: number,
  hourlySigma: number,
  liquidityEffect: number,
  momentumEffect: number,
): number {
  return Math.pow(1 / 24 / volumeShare, liquidityEffect) *
    (1 + momentumEffect * Math.tanh((side * momentum) / hourlySigma));
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
    participationRate: number;
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
  for (const name of ["size", "durationMinutes", "spread", "participationRate", "realizedImpact"] as const) {
    const v = record[name];
    if (!Number.isFinite(v)) {
      throw new RangeError(
        `Cannot ${action}: metaorder ${index}'s ${name} overflows double precision with ${options}: ` +
          `current value is ${v}`,
      );
    }
  }
}
