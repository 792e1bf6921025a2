/**
 * What the two impact calibrations (`calibrateSquareRoot` in `square_root.ts`, `calibrateAlmgren2005` in
 * `almgren_2005.ts`) share: the check of their `{ sizes, impacts }` observations and the reading of those
 * with the volatility and daily volume (one number or one per observation) into typed arrays. Private to
 * the library.
 *
 * @module
 */
import { assertSameLength, positivePerObservation, toFiniteArray } from "../core/validate.ts";

/** The observations a calibration fits: signed sizes (base units) and signed fractional impacts. */
export interface MetaorderObservations {
  sizes: ArrayLike<number>;
  impacts: ArrayLike<number>;
}

/** The observations and their market conditions, validated, one value per observation. */
export interface ObservationColumns {
  /** Signed metaorder sizes `Q`, base units, finite. */
  sizes: Float64Array;
  /** Signed fractional price changes, finite. */
  impacts: Float64Array;
  /** Daily volatility `sigma` of each observation, fraction per day, > 0. */
  sigmas: Float64Array;
  /** Average daily volume `V` of each observation, base units per day, > 0. */
  volumes: Float64Array;
}

/**
 * Throws unless `observations` is an object (the `{ sizes, impacts }` a calibration takes).
 * @throws {TypeError} `Cannot <action>: observations must be { sizes, impacts }: current value is <v>`.
 */
export function assertObservations(
  action: string,
  observations: MetaorderObservations,
): asserts observations is MetaorderObservations {
  if (observations === null || typeof observations !== "object") {
    throw new TypeError(
      `Cannot ${action}: observations must be { sizes, impacts }: current value is ${observations}`,
    );
  }
}

/**
 * The sizes and impacts as finite arrays of the same length, with the volatility and daily volume as one
 * positive value per observation (a number is broadcast). Checks in this order: sizes, impacts, their
 * lengths, volatility, averageDailyVolume.
 *
 * @param observations `{ sizes, impacts }`, already checked by {@linkcode assertObservations}.
 * @param dailyVolatility daily volatility, fraction per day, > 0: one number or one per observation.
 * @param averageDailyVolume base units per day, > 0: one number or one per observation.
 * @throws {TypeError} if `sizes` and `impacts` differ in length, or a per-observation array has another length.
 * @throws {RangeError} naming the first non-finite value, or volatility or volume that is not > 0, with its index.
 */
export function observationColumns(
  action: string,
  observations: MetaorderObservations,
  dailyVolatility: number | ArrayLike<number>,
  averageDailyVolume: number | ArrayLike<number>,
): ObservationColumns {
  const sizes = toFiniteArray(action, "sizes", observations.sizes);
  const impacts = toFiniteArray(action, "impacts", observations.impacts);
  assertSameLength(action, "sizes", sizes, "impacts", impacts);
  const n = sizes.length;
  const sigmas = positivePerObservation(action, "dailyVolatility", dailyVolatility, n);
  const volumes = positivePerObservation(action, "averageDailyVolume", averageDailyVolume, n);
  return { sizes, impacts, sigmas, volumes };
}
