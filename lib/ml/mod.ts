/**
 * Machine-learning impact predictors: features from trade records, a standard scaler, chronological
 * splits, a linear baseline, a small neural network, regression metrics, and one predictor interface
 * ({@linkcode ImpactPredictor}) shared with the square-root law.
 * @module
 */
export {
  BOOK_IMPACT_FEATURES,
  DEFAULT_IMPACT_FEATURE_SPEC,
  DEFAULT_IMPACT_FEATURES,
  IMPACT_FEATURE_NAMES,
  type ImpactFeatureName,
  impactFeatures,
  type ImpactFeatureSpec,
  impactTargetBps,
  TAPE_IMPACT_FEATURES,
} from "./features.ts";
export * from "./arrival_features.ts";
export * from "./tape_records.ts";
export * from "./scaler.ts";
export * from "./metrics.ts";
export * from "./linear.ts";
export * from "./network.ts";
export * from "./predictor.ts";
export * from "./split.ts";
export * from "./progress.ts";
export * from "./evaluate.ts";
export * from "./latency.ts";
export * from "./diebold_mariano.ts";
export type {
  ComparisonRecord,
  ImpactPredictor,
  MetaorderFeaturesInput,
  MetaorderTargetInput,
} from "../core/mod.ts";
export * from "./permutation_importance.ts";
