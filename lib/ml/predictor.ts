/**
 * One interface for every impact model, usable per trade: the square-root law, the linear model and
 * the network all become an `ImpactPredictor` (defined in `lib/core`) that maps trade records to
 * expected side-adjusted impact as a fraction of the price.
 *
 * @module
 */
import { assertImpactLaw, type ImpactLaw, squareRootImpact } from "../core/impact_law.ts";
import type { ImpactPredictor } from "../core/predictor.ts";
import type { MetaorderFeaturesInput } from "../core/trade.ts";
import { BPS_PER_FRACTION } from "../core/units.ts";
import type { FlatMatrix } from "./_matrix.ts";
import { checkFeatureSpec, writeImpactFeatures } from "./_feature_rows.ts";
import { DEFAULT_IMPACT_FEATURE_SPEC, type ImpactFeatureSpec } from "./feature_names.ts";
import type { StandardScaler } from "./scaler.ts";
import { assertObject } from "../core/validate.ts";

/**
 * A regression model that predicts from a flat row-major matrix; {@linkcode LinearImpactModel} and
 * {@linkcode ImpactNetwork} both satisfy it.
 */
export interface MatrixRegressor {
  /** Number of input columns the model was built or fitted for. */
  readonly inputs: number;
  /** Predictions for `rows` rows stored row-major in `data` (`data.length >= rows * inputs`). */
  predictMatrix(data: Float64Array, rows: number): Float64Array;
}

/**
 * Affine map from a model's output to side-adjusted impact in bps: `bps = offset + scale * output`.
 * Use it when the model was trained on a standardised target.
 */
export interface TargetTransform {
  /** Offset, bps. */
  offset: number;
  /** Scale, bps per unit of model output, > 0. */
  scale: number;
}

/** Options of {@linkcode createImpactPredictor}. */
export interface ImpactPredictorOptions {
  /** Scaler fitted on the training features; omit if the model was trained on raw features. */
  scaler?: StandardScaler;
  /** Features the model was trained on, in column order. Default {@linkcode DEFAULT_IMPACT_FEATURE_SPEC}. */
  featureSpec?: ImpactFeatureSpec;
  /** Map from model output to bps. Default `{ offset: 0, scale: 1 }` (the model predicts bps). */
  target?: TargetTransform;
  /** Label of the predictor. Default `"learned model"`. */
  label?: string;
}

/**
 * Wraps a trained model, its feature scaler and feature spec into an {@linkcode ImpactPredictor}.
 *
 * Prediction: features of each trade (see `impactFeatures`), standardised by `scaler`, fed to the
 * model; its output is side-adjusted impact in bps (the unit of `impactTargetBps`, after `target`'s
 * affine map), returned divided by 1e4 as a fraction. Cost: O(trades * model cost); one feature
 * buffer per call, no allocation per trade.
 *
 * @param model a fitted `LinearImpactModel` or `ImpactNetwork` (anything with `inputs` and `predictMatrix`).
 * @param options the scaler, feature spec, target transform and label.
 * @returns the predictor.
 * @throws {TypeError} if the spec is malformed or its width differs from the model's or the scaler's.
 * @throws {RangeError} if `target.scale` is not > 0 or `target.offset` is not finite.
 *
 * @example
 * ```ts
 * import { createImpactPredictor, LinearImpactModel } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * // A linear model in sqrt participation: impact (bps) = 100 * sqrt(q)
 * const model = LinearImpactModel.fromJSON({ coefficients: [100], intercept: 0, ridge: 0 });
 * const predictor = createImpactPredictor(model, { featureSpec: { features: ["sqrtParticipation"] } });
 * const trade = { size: -100, arrivalPrice: 50_000, spread: 1, averageDailyVolume: 10_000, dailyVolatility: 0.02 };
 * assert.ok(Math.abs(predictor.predictImpact([trade])[0]! - 0.001) < 1e-15); // 10 bps as a fraction
 * ```
 */
export function createImpactPredictor(
  model: MatrixRegressor,
  options: ImpactPredictorOptions = {},
): ImpactPredictor {
  const action = "create impact predictor";
  const {
    scaler,
    featureSpec = DEFAULT_IMPACT_FEATURE_SPEC,
    target = { offset: 0, scale: 1 },
    label = "learned model",
  } = options;
  if (model === null || typeof model !== "object" || typeof model.predictMatrix !== "function") {
    throw new TypeError(
      `Cannot ${action}: model must have predictMatrix(data, rows): current value is ${model}`,
    );
  }
  const features = checkFeatureSpec(action, featureSpec).slice();
  if (model.inputs !== features.length) {
    throw new TypeError(
      `Cannot ${action}: the model takes ${model.inputs} inputs but featureSpec has ${features.length} features`,
    );
  }
  if (scaler !== undefined && scaler.width !== features.length) {
    throw new TypeError(
      `Cannot ${action}: the scaler has ${scaler.width} columns but featureSpec has ${features.length} features`,
    );
  }
  if (!Number.isFinite(target.offset)) {
    throw new RangeError(
      `Cannot ${action}: target.offset must be a finite number: current value is ${target.offset}`,
    );
  }
  if (!(target.scale > 0) || !Number.isFinite(target.scale)) {
    throw new RangeError(
      `Cannot ${action}: target.scale must be finite and > 0: current value is ${target.scale}`,
    );
  }
  const { offset, scale } = target;
  let buffer = new Float64Array(0);
  return {
    label,
    predictImpact(trades: ArrayLike<MetaorderFeaturesInput>): Float64Array {
      const n = trades?.length ?? 0;
      if (buffer.length < n * features.length) buffer = new Float64Array(n * features.length);
      const m: FlatMatrix = writeImpactFeatures("predict impact", trades, features, buffer);
      if (scaler) scaler.transformMatrix(m.data, m.rows);
      const out = model.predictMatrix(m.data, m.rows);
      for (let i = 0; i < out.length; i++) out[i] = (offset + scale * out[i]!) / BPS_PER_FRACTION;
      return out;
    },
  };
}

/**
 * The square-root law as an {@linkcode ImpactPredictor}, with each trade's own volatility and daily
 * volume: `I_i = volatility_i * eta * (|size_i| / averageDailyVolume_i)^delta` (Tóth et al. 2011, eq. 1),
 * side-adjusted, as a fraction. Pass the result of `calibrateSquareRoot` (or any `{ eta, delta }`).
 *
 * @param law `{ eta, delta }`: prefactor (> 0, dimensionless) and exponent (in (0, 2]).
 * @param options `label`, default `"square-root law"`.
 * @returns the predictor.
 * @throws {RangeError} if `eta` is not > 0 or `delta` is outside (0, 2].
 *
 * @example
 * ```ts
 * import { squareRootImpactPredictor } from "@lib/ml/mod.ts";
 * import assert from "node:assert/strict";
 * const law = squareRootImpactPredictor({ eta: 1, delta: 0.5 });
 * const trade = { size: -100, arrivalPrice: 50_000, spread: 1, averageDailyVolume: 10_000, dailyVolatility: 0.02 };
 * assert.ok(Math.abs(law.predictImpact([trade])[0]! - 0.002) < 1e-15); // 0.02 * sqrt(0.01)
 * ```
 */
export function squareRootImpactPredictor(
  law: ImpactLaw,
  { label = "square-root law" }: { label?: string } = {},
): ImpactPredictor {
  const action = "create square-root impact predictor";
  assertObject(action, "law", law, "{ eta, delta }");
  assertImpactLaw(action, law);
  const fitted: ImpactLaw = { eta: law.eta, delta: law.delta };
  const features = ["participation", "dailyVolatility"] as const;
  let buffer = new Float64Array(0);
  return {
    label,
    predictImpact(trades: ArrayLike<MetaorderFeaturesInput>): Float64Array {
      const n = trades?.length ?? 0;
      if (buffer.length < 2 * n) buffer = new Float64Array(2 * n);
      const { data, rows } = writeImpactFeatures("predict impact", trades, features, buffer);
      const out = new Float64Array(rows);
      for (let i = 0; i < rows; i++) out[i] = squareRootImpact(fitted, data[2 * i + 1]!, data[2 * i]!);
      return out;
    },
  };
}
