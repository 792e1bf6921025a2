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
import { toRows } from "./_matrix.ts";
import type { MetaorderFeaturesInput, MetaorderTargetInput } from "../core/trade.ts";
import { toBps } from "../core/units.ts";
import { describeValue } from "../core/validate.ts";
import { assertRecordList, checkFeatureSpec, fieldError, writeImpactFeatures } from "./_feature_rows.ts";
import { DEFAULT_IMPACT_FEATURE_SPEC, type ImpactFeatureSpec } from "./feature_names.ts";

export {
  BOOK_IMPACT_FEATURES,
  DEFAULT_IMPACT_FEATURE_SPEC,
  DEFAULT_IMPACT_FEATURES,
  IMPACT_FEATURE_NAMES,
  type ImpactFeatureName,
  type ImpactFeatureSpec,
  TAPE_IMPACT_FEATURES,
} from "./feature_names.ts";

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
