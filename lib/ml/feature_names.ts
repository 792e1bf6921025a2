/**
 * The names of the metaorder features the learned impact models read, the feature lists of the studies and
 * the feature spec (a leaf that `features.ts` and its private row writer both read).
 *
 * @module
 */

/**
 * Names of the features `impactFeatures` can compute. With `q = |size| / averageDailyVolume`,
 * `side = sign(size)` and hourly volatility `sigma_h = dailyVolatility / sqrt(24)`:
 *
 * - `"participation"`: `q`, fraction of a day's volume;
 * - `"logParticipation"`: `ln q` (participation spans decades, so its log is of order one once scaled);
 * - `"sqrtParticipation"`: `sqrt(q)`, the square-root law's regressor;
 * - `"relativeSpreadBps"`: `spread / arrivalPrice * 1e4`, basis points;
 * - `"dailyVolatility"`: daily volatility, fraction per day;
 * - `"side"`: `+1` buy, `-1` sell;
 * - `"volumeShare"`: share of daily volume in the arrival hour, fraction (1/24 is average);
 * - `"momentum"`: `momentum / sigma_h`, the past hour's return in hourly standard deviations;
 * - `"trendMomentum"`: `side * momentum / sigma_h`, positive when the order trades with the trend;
 * - `"logDuration"`: `ln(1 + durationMinutes)`, the planned duration;
 * - `"logExecutionParticipation"`: `ln(executionParticipation)`, `|Q|` over the volume expected while the
 *   order executes (the participation rate of Bucci et al. 2019), fraction;
 * - `"depthImbalance"`: level-1 depth imbalance at arrival signed with the order, in [-1, 1] (book);
 * - `"orderFlowImbalance"`: order-flow imbalance before arrival signed with the order, over the mean level-1
 *   depth (Cont, Kukanov & Stoikov 2014; book);
 * - `"hourSin"`, `"hourCos"`: the UTC time of day of `timestamp` on the unit circle;
 * - `"dayOfWeek"`: UTC day of the week of `timestamp`, 0 = Monday ... 6 = Sunday.
 */
export type ImpactFeatureName =
  | "participation"
  | "logParticipation"
  | "sqrtParticipation"
  | "relativeSpreadBps"
  | "dailyVolatility"
  | "side"
  | "volumeShare"
  | "momentum"
  | "trendMomentum"
  | "logDuration"
  | "logExecutionParticipation"
  | "depthImbalance"
  | "orderFlowImbalance"
  | "hourSin"
  | "hourCos"
  | "dayOfWeek";

/** Every feature name, in a fixed order. */
export const IMPACT_FEATURE_NAMES: readonly ImpactFeatureName[] = Object.freeze([
  "participation",
  "logParticipation",
  "sqrtParticipation",
  "relativeSpreadBps",
  "dailyVolatility",
  "side",
  "volumeShare",
  "momentum",
  "trendMomentum",
  "logDuration",
  "logExecutionParticipation",
  "depthImbalance",
  "orderFlowImbalance",
  "hourSin",
  "hourCos",
  "dayOfWeek",
]);

/**
 * Features of metaorders measured on a tape without quotes (see `tapeMetaorderRecords`): size, duration,
 * participation rate, trailing volatility, trend, time of day and day of week.
 */
export const TAPE_IMPACT_FEATURES: readonly ImpactFeatureName[] = Object.freeze([
  "logParticipation",
  "logDuration",
  "logExecutionParticipation",
  "dailyVolatility",
  "trendMomentum",
  "hourSin",
  "hourCos",
  "dayOfWeek",
]);

/** {@linkcode TAPE_IMPACT_FEATURES} plus the book features read from quotes: spread, depth and flow imbalance. */
export const BOOK_IMPACT_FEATURES: readonly ImpactFeatureName[] = Object.freeze([
  ...TAPE_IMPACT_FEATURES,
  "relativeSpreadBps",
  "depthImbalance",
  "orderFlowImbalance",
]);

/**
 * The default six features, in column order: participation (as its log), relative spread, volatility,
 * side, time-of-day volume share and trend-aligned momentum.
 */
export const DEFAULT_IMPACT_FEATURES: readonly ImpactFeatureName[] = Object.freeze([
  "logParticipation",
  "relativeSpreadBps",
  "dailyVolatility",
  "side",
  "volumeShare",
  "trendMomentum",
]);

/** Which features, in which column order. A plain, JSON-serialisable value. */
export interface ImpactFeatureSpec {
  /** Feature names in column order; see {@linkcode ImpactFeatureName}. */
  readonly features: readonly ImpactFeatureName[];
}

/** The default feature spec, `{ features: DEFAULT_IMPACT_FEATURES }`. */
export const DEFAULT_IMPACT_FEATURE_SPEC: ImpactFeatureSpec = Object.freeze({
  features: DEFAULT_IMPACT_FEATURES,
});
