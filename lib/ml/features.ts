/**
 * Features of a metaorder for learned impact models, and the training target.
 *
 * Every feature is computed from fields a trade record already has (a structural subset of
 * `MetaorderRecord`), so the same code serves training on simulated or recorded metaorders and
 * prediction for a single trade in transaction cost analysis. The feature set follows the
 * conditioning variables of the empirical impact literature: participation `|Q|/V` (Tóth et al. 2011,
 * eq. 1), spread and volatility (Almgren et al. 2005, Sec. 3; Bouchaud et al. 2018, ch. 12), intraday
 * liquidity (time-of-day volume share) and recent price trend (Bucci et al. 2019 on conditioning
 * impact on the order's alignment with past returns).
 *
 * @module
 */
import type { FlatMatrix } from "./_matrix.ts";
import { toRows } from "./_matrix.ts";
import type { MetaorderFeaturesInput, MetaorderTargetInput } from "../core/trade.ts";
import { MS_PER_DAY, toBps } from "../core/units.ts";
import { describeValue } from "../core/validate.ts";

/**
 * Names of the features {@linkcode impactFeatures} can compute. With `q = |size| / averageDailyVolume`,
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

const SQRT_24 = Math.sqrt(24);

/** Validates a spec and returns its feature list. */
export function checkFeatureSpec(action: string, spec: ImpactFeatureSpec): readonly ImpactFeatureName[] {
  const features = spec?.features;
  if (!Array.isArray(features) || features.length === 0) {
    throw new TypeError(
      `Cannot ${action}: featureSpec.features must be a non-empty array of feature names: current value is ${
        JSON.stringify(features)
      }`,
    );
  }
  features.forEach((name, j) => {
    if (!IMPACT_FEATURE_NAMES.includes(name)) {
      throw new RangeError(
        `Cannot ${action}: featureSpec.features[${j}] must be one of ${
          IMPACT_FEATURE_NAMES.join(", ")
        }: current value is ${String(name)}`,
      );
    }
  });
  return features;
}

/** The record fields each feature is computed from, for error messages. */
const FEATURE_INPUTS: Record<string, string> = {
  participation: "size and averageDailyVolume",
  logParticipation: "size and averageDailyVolume",
  sqrtParticipation: "size and averageDailyVolume",
  relativeSpreadBps: "spread and arrivalPrice",
  momentum: "momentum and dailyVolatility",
  trendMomentum: "size, momentum and dailyVolatility",
  logDuration: "durationMinutes",
  logExecutionParticipation: "executionParticipation",
  depthImbalance: "depthImbalance",
  orderFlowImbalance: "orderFlowImbalance",
  hourSin: "timestamp",
  hourCos: "timestamp",
  dayOfWeek: "timestamp",
};

/** The optional numeric field a feature reads, checked only when the feature is asked for. */
function optionalField(action: string, i: number, r: MetaorderFeaturesInput, field: string): number {
  const v = (r as Record<string, unknown>)[field];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw fieldError(action, i, field, "a finite number (this feature needs it)", v);
  }
  return v;
}

/** Throws a `TypeError` unless `records` is array-like (an array or a typed array of records). */
function assertRecordList(action: string, records: unknown): void {
  if (
    records === null || typeof records !== "object" ||
    typeof (records as ArrayLike<unknown>).length !== "number"
  ) {
    throw new TypeError(
      `Cannot ${action}: records must be an array of trade records: current value is ${
        describeValue(records)
      }`,
    );
  }
}

function fieldError(action: string, i: number, field: string, rule: string, value: unknown): RangeError {
  return new RangeError(
    `Cannot ${action}: records[${i}].${field} must be ${rule}: current value is ${describeValue(value)}`,
  );
}

/**
 * Writes the features of `records` into a flat row-major buffer (internal; no per-record allocation).
 * @throws {TypeError} if `records` is not an array.
 * @throws {RangeError} naming the record and field that is missing or out of its domain.
 */
export function writeImpactFeatures(
  action: string,
  records: ArrayLike<MetaorderFeaturesInput>,
  features: readonly ImpactFeatureName[],
  out?: Float64Array,
): FlatMatrix {
  assertRecordList(action, records);
  const rows = records.length, cols = features.length;
  const data = out && out.length >= rows * cols ? out : new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = records[i];
    if (r === null || typeof r !== "object") {
      throw new TypeError(
        `Cannot ${action}: records[${i}] must be a trade record: current value is ${describeValue(r)}`,
      );
    }
    const { size, arrivalPrice, spread, averageDailyVolume, dailyVolatility } = r;
    if (typeof size !== "number" || !Number.isFinite(size) || size === 0) {
      throw fieldError(action, i, "size", "finite and nonzero", size);
    }
    if (typeof arrivalPrice !== "number" || !(arrivalPrice > 0) || !Number.isFinite(arrivalPrice)) {
      throw fieldError(action, i, "arrivalPrice", "finite and > 0", arrivalPrice);
    }
    if (typeof spread !== "number" || !(spread >= 0) || !Number.isFinite(spread)) {
      throw fieldError(action, i, "spread", "finite and >= 0", spread);
    }
    if (
      typeof averageDailyVolume !== "number" || !(averageDailyVolume > 0) ||
      !Number.isFinite(averageDailyVolume)
    ) {
      throw fieldError(action, i, "averageDailyVolume", "finite and > 0", averageDailyVolume);
    }
    if (typeof dailyVolatility !== "number" || !(dailyVolatility > 0) || !Number.isFinite(dailyVolatility)) {
      throw fieldError(action, i, "dailyVolatility", "finite and > 0", dailyVolatility);
    }
    const momentum = r.momentum ?? 0;
    if (typeof momentum !== "number" || !Number.isFinite(momentum)) {
      throw fieldError(action, i, "momentum", "a finite number", momentum);
    }
    const volumeShare = r.volumeShare ?? 1 / 24;
    if (typeof volumeShare !== "number" || !(volumeShare > 0 && volumeShare <= 1)) {
      throw fieldError(action, i, "volumeShare", "in (0, 1]", volumeShare);
    }
    const side = size > 0 ? 1 : -1;
    const q = Math.abs(size) / averageDailyVolume;
    const offset = i * cols;
    for (let j = 0; j < cols; j++) {
      let v: number;
      switch (features[j]) {
        case "participation":
          v = q;
          break;
        case "logParticipation":
          v = Math.log(q);
          break;
        case "sqrtParticipation":
          v = Math.sqrt(q);
          break;
        case "relativeSpreadBps":
          v = toBps(spread / arrivalPrice);
          break;
        case "dailyVolatility":
          v = dailyVolatility;
          break;
        case "side":
          v = side;
          break;
        case "volumeShare":
          v = volumeShare;
          break;
        case "momentum":
          v = (momentum * SQRT_24) / dailyVolatility;
          break;
        case "trendMomentum":
          v = (side * momentum * SQRT_24) / dailyVolatility;
          break;
        case "logDuration":
          v = Math.log1p(Math.max(0, optionalField(action, i, r, "durationMinutes")));
          break;
        case "logExecutionParticipation":
          v = Math.log(optionalField(action, i, r, "executionParticipation"));
          break;
        case "depthImbalance":
          v = optionalField(action, i, r, "depthImbalance");
          break;
        case "orderFlowImbalance":
          v = optionalField(action, i, r, "orderFlowImbalance");
          break;
        case "hourSin":
          v = Math.sin((2 * Math.PI * (optionalField(action, i, r, "timestamp") % MS_PER_DAY)) / MS_PER_DAY);
          break;
        case "hourCos":
          v = Math.cos((2 * Math.PI * (optionalField(action, i, r, "timestamp") % MS_PER_DAY)) / MS_PER_DAY);
          break;
        case "dayOfWeek":
          v = (new Date(optionalField(action, i, r, "timestamp")).getUTCDay() + 6) % 7;
          break;
        default:
          throw new RangeError(`Cannot ${action}: unknown feature: current value is ${features[j]}`);
      }
      if (!Number.isFinite(v)) {
        // Valid inputs whose ratio leaves double precision (a size of 5e-324, say): name the inputs used.
        throw fieldError(
          action,
          i,
          features[j]!,
          `finite once computed from ${FEATURE_INPUTS[features[j]!] ?? "the record"}`,
          v,
        );
      }
      data[offset + j] = v;
    }
  }
  return { data, rows, cols };
}

/**
 * Feature rows of trade records for the learned impact models.
 *
 * Row `i`, column `j` is feature `featureSpec.features[j]` of `records[i]` (see
 * {@linkcode ImpactFeatureName} for each formula and unit). Missing optional fields take documented
 * defaults: `momentum` 0, `volumeShare` 1/24. Cost: O(records * features).
 *
 * @param records trade records (a `MetaorderRecord[]` works as is).
 * @param featureSpec which features; default {@linkcode DEFAULT_IMPACT_FEATURE_SPEC} (six columns).
 * @returns one `Float64Array` row per record.
 * @throws {TypeError} if `records` is not an array or the spec is malformed.
 * @throws {RangeError} naming the record and field outside its domain (e.g. zero size, spread < 0).
 *
 * @example
 * ```ts
 * import { impactFeatures } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const trade = { size: -50, arrivalPrice: 60_000, spread: 1.2, averageDailyVolume: 100_000, dailyVolatility: 0.03 };
 * const [row] = impactFeatures([trade], { features: ["participation", "relativeSpreadBps", "side"] });
 * assert.deepEqual(Array.from(row!, (v) => Number(v.toPrecision(12))), [5e-4, 0.2, -1]); // fraction, bps, side
 * ```
 */
export function impactFeatures(
  records: ArrayLike<MetaorderFeaturesInput>,
  featureSpec: ImpactFeatureSpec = DEFAULT_IMPACT_FEATURE_SPEC,
): Float64Array[] {
  const action = "compute impact features";
  const features = checkFeatureSpec(action, featureSpec);
  return toRows(writeImpactFeatures(action, records, features));
}

/**
 * The training target: side-adjusted realised impact in basis points,
 * `sign(size) * realizedImpact * 1e4`.
 *
 * Positive values are adverse (the price moved against the order: up during a buy, down during a
 * sell), the convention of the square-root law's `I(Q) / sign(Q)` (Tóth et al. 2011, eq. 1). Learned
 * models predict this quantity; {@linkcode createImpactPredictor} converts it back to a fraction.
 *
 * @param records records with `size` (nonzero) and `realizedImpact` (fraction).
 * @returns side-adjusted impact, bps, one per record.
 * @throws {TypeError} if `records` is not an array.
 * @throws {RangeError} naming the record with a zero or non-finite size or a non-finite impact.
 *
 * @example
 * ```ts
 * import { impactTargetBps } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const y = impactTargetBps([{ size: 2, realizedImpact: 0.001 }, { size: -3, realizedImpact: 0.0005 }]);
 * assert.deepEqual(Array.from(y), [10, -5]);
 * ```
 */
export function impactTargetBps(records: ArrayLike<MetaorderTargetInput>): Float64Array {
  const action = "compute impact target";
  assertRecordList(action, records);
  const out = new Float64Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r === null || typeof r !== "object") {
      throw new TypeError(
        `Cannot ${action}: records[${i}] must be a trade record: current value is ${describeValue(r)}`,
      );
    }
    if (typeof r.size !== "number" || !Number.isFinite(r.size) || r.size === 0) {
      throw fieldError(action, i, "size", "finite and nonzero", r.size);
    }
    if (typeof r.realizedImpact !== "number" || !Number.isFinite(r.realizedImpact)) {
      throw fieldError(action, i, "realizedImpact", "a finite number", r.realizedImpact);
    }
    out[i] = toBps(Math.sign(r.size) * r.realizedImpact);
  }
  return out;
}
