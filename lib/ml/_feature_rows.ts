/**
 * The feature row writer behind `impactFeatures` and the predictors: validates a feature spec and writes the
 * features of trade records into a flat row-major buffer, without per-record allocation.
 *
 * @module
 */
import type { FlatMatrix } from "./_matrix.ts";
import type { MetaorderFeaturesInput } from "../core/trade.ts";
import { MS_PER_DAY, toBps } from "../core/units.ts";
import { describeValue } from "../core/validate.ts";
import { IMPACT_FEATURE_NAMES, type ImpactFeatureName, type ImpactFeatureSpec } from "./feature_names.ts";

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
export function assertRecordList(action: string, records: unknown): void {
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

export function fieldError(
  action: string,
  i: number,
  field: string,
  rule: string,
  value: unknown,
): RangeError {
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
