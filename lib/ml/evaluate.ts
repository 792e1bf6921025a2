/**
 * Out-of-sample comparison of impact models on the same walk-forward folds: a constant, the calibrated
 * square-root law, the linear model and the network, each refitted on every training window.
 *
 * @module
 */
import type { ImpactPredictor } from "../core/predictor.ts";
import { pick } from "../core/arrays.ts";
import { mean, sampleStandardDeviation } from "../core/statistics.ts";
import type { ComparisonRecord } from "../core/trade.ts";
import { BPS_PER_FRACTION, toBps } from "../core/units.ts";
import { calibrateAlmgren2005 } from "../impact/calibrate_almgren_2005.ts";
import { calibrateSquareRoot } from "../impact/calibrate_square_root.ts";
import {
  DEFAULT_IMPACT_FEATURE_SPEC,
  impactFeatures,
  type ImpactFeatureSpec,
  impactTargetBps,
} from "./features.ts";
import { LinearImpactModel } from "./linear.ts";
import { regressionMetrics } from "./metrics.ts";
import { type EpochReport, ImpactNetwork, type NetworkOptimizer, type TrainingHistory } from "./network.ts";
import { createImpactPredictor, squareRootImpactPredictor } from "./predictor.ts";
import { StandardScaler } from "./scaler.ts";
import { walkForwardFolds } from "./split.ts";
import { dieboldMariano, type DieboldMarianoOptions, type DieboldMarianoResult } from "./diebold_mariano.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** Network settings of {@linkcode compareImpactModelsWalkForward}. */
export interface ComparisonNetworkOptions {
  /** Hidden widths. Default `[32, 16]`. */
  hidden?: readonly number[];
  /** Seed (the same in every fold). Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
  /** Maximum epochs. Default 200. */
  epochs?: number;
  /** Batch size. Default 32. */
  batchSize?: number;
  /** Last fraction of each training window held out for early stopping. Default 0.2. */
  validationFraction?: number;
  /** Early-stopping patience, epochs. Default 20. */
  patience?: number;
  /** Optimizer. Default `"adam"`. */
  optimizer?: NetworkOptimizer;
  /** Learning rate. Default: the network's (1e-3 for Adam). */
  learningRate?: number;
}

/** Options of {@linkcode compareImpactModelsWalkForward}. */
export interface ComparisonOptions {
  /** Walk-forward test blocks. Default 5. */
  folds?: number;
  /** Rows left out between each training window and its test block. Default 0. */
  gap?: number;
  /** Features for the linear model and the network. Default the six default features. */
  featureSpec?: ImpactFeatureSpec;
  /** Ridge penalty of the linear model. Default 0. */
  ridge?: number;
  /** Network settings. */
  network?: ComparisonNetworkOptions;
  /** Square-root calibration method (see `calibrateSquareRoot`). Default `"binned"` with 20 bins. */
  squareRootMethod?: "binned" | "pointwise";
  /** Called after every network epoch with the fold (1-based); awaited, so a notebook display can update. */
  onEpoch?: (report: EpochReport, fold: number) => unknown;
}

/** One model on one fold. Errors in bps of side-adjusted impact. */
export interface FoldScore {
  /** Fold number, 1-based, in time order. */
  fold: number;
  /** Model label. */
  model: string;
  /** Orders in the training window. */
  trainSize: number;
  /** Orders in the test block. */
  testSize: number;
  /** First test time, UTC ms. */
  testFrom: number;
  /** Last test time, UTC ms. */
  testTo: number;
  /** R^2 against the test block's own mean, dimensionless. */
  rSquared: number;
  /** Root mean squared error, bps. */
  rmseBps: number;
  /** Mean absolute error, bps. */
  maeBps: number;
}

/** One model over all folds. */
export interface ModelSummary {
  /** Model label. */
  model: string;
  /** Mean of the folds' R^2. */
  meanRSquared: number;
  /** Sample standard deviation of the folds' R^2. */
  sdRSquared: number;
  /** R^2 of all out-of-sample predictions pooled (against their overall mean). */
  pooledRSquared: number;
  /** RMSE of all out-of-sample predictions pooled, bps. */
  pooledRmseBps: number;
  /** MAE of all out-of-sample predictions pooled, bps. */
  pooledMaeBps: number;
  /** Folds on which this model had the lowest RMSE. */
  foldsWon: number;
}

/** Result of {@linkcode compareImpactModelsWalkForward}: plain data. */
export interface WalkForwardComparison {
  /** Model labels, in table order. */
  models: string[];
  /** Scores per fold and model. */
  scores: FoldScore[];
  /** Scores per model over all folds. */
  summary: ModelSummary[];
  /** Every out-of-sample prediction, for plots: record index, fold, realised and predicted bps per model. */
  outOfSample: {
    index: number[];
    fold: number[];
    realizedBps: number[];
    predictedBps: Record<string, number[]>;
  };
  /** The network's loss history in each fold. */
  histories: TrainingHistory[];
  /**
   * The square-root law calibrated on each training window; `reliable` false when the fit was flagged (its
   * parameters are then clamped into the law's domain, eta > 0 and delta in (0, 2], to predict).
   */
  squareRootFits: { eta: number; delta: number; reliable: boolean }[];
  /**
   * The Almgren et al. (2005) law calibrated on each training window (`calibrateAlmgren2005`, target
   * `"completion"`, beta fixed at the paper's 0.6); empty when the records have no `durationMinutes`.
   */
  almgren2005Fits: { gamma: number; eta: number; beta: number }[];
  /** The predictors fitted on the last (largest) training window. */
  lastPredictors: ImpactPredictor[];
}

/** Labels of the compared models. */
export const COMPARISON_MODELS: Readonly<
  { constant: string; squareRoot: string; almgren2005: string; linear: string }
> = Object.freeze({
  constant: "constant (training mean)",
  squareRoot: "square-root law",
  almgren2005: "Almgren et al. 2005",
  linear: "linear",
});

/**
 * Side-adjusted impact at completion predicted by the Almgren et al. (2005) law with per-order volatility,
 * daily volume and duration: `sigma_i (gamma q_i + eta (q_i / T_i)^beta)`, fraction of price.
 */
function almgren2005Predictor(
  fit: { gamma: number; eta: number; beta: number },
  label: string,
): ImpactPredictor {
  return {
    label,
    predictImpact: (trades) => {
      const out = new Float64Array(trades.length);
      for (let i = 0; i < trades.length; i++) {
        const t = trades[i] as ComparisonRecord;
        const q = Math.abs(t.size) / t.averageDailyVolume;
        const days = t.durationMinutes! / 1440;
        out[i] = t.dailyVolatility * (fit.gamma * q + fit.eta * Math.pow(q / days, fit.beta));
      }
      return out;
    },
  };
}

/**
 * Walk-forward comparison of four impact predictors on the same folds, all refitted on each training
 * window and scored on the following test block (errors in bps of side-adjusted impact,
 * `impactTargetBps`):
 *
 * 1. a constant: the training window's mean impact (the skill floor);
 * 2. the square-root law `sigma_i * eta * q_i^delta` with `(eta, delta)` from `calibrateSquareRoot` on the
 *    training window (per-order volatility and daily volume; binned by default, robust to market noise);
 * 2b. when every record has `durationMinutes > 0`: the Almgren et al. (2005) law at completion,
 *    `sigma_i (gamma q_i + eta (q_i / T_i)^0.6)` with `(gamma, eta)` from `calibrateAlmgren2005` on the same
 *    training window (target `"completion"`, the quantity the records' `realizedImpact` measures);
 * 3. the linear model (`LinearImpactModel`) on standardised features;
 * 4. the network (`ImpactNetwork`, default 6-32-16-1, Adam) on the same standardised features, with early
 *    stopping on the last `validationFraction` of the training window (still strictly before the test block).
 *
 * The feature scaler is fitted on each training window only. Folds come from `walkForwardFolds` on
 * the records' timestamps, so no test row is ever earlier than a training row. Deterministic for given
 * records and seeds. Cost: dominated by network training, O(folds * epochs * n * weights).
 *
 * @param records metaorders with timestamps and realised impacts (e.g. `simulateMetaorders(...)`).
 * @param options folds, features, model settings, progress callback.
 * @returns scores per fold, a summary per model, pooled out-of-sample predictions and fitted models.
 * @throws {TypeError | RangeError} for invalid records (naming the record and field) or options, or too
 *   few records for the folds.
 *
 * @example
 * ```ts
 * import { compareImpactModelsWalkForward } from "@lib/mod.ts";
 * import { simulateMetaorders } from "@lib/impact/mod.ts";
 * import assert from "node:assert/strict";
 * const records = simulateMetaorders(600, { seed: 2 });
 * const result = await compareImpactModelsWalkForward(records, { folds: 2, network: { epochs: 5 } });
 * assert.equal(result.scores.length, 2 * 5); // constant, square-root law, Almgren et al. 2005, linear, network
 * assert.equal(result.outOfSample.realizedBps.length, 2 * 200);
 * ```
 */
export async function compareImpactModelsWalkForward(
  records: readonly ComparisonRecord[],
  options: ComparisonOptions = {},
): Promise<WalkForwardComparison> {
  const action = "compare impact models";
  if (!Array.isArray(records)) {
    throw new TypeError(
      `Cannot ${action}: records must be an array of metaorders: current value is ${records}`,
    );
  }
  const {
    folds = 5,
    gap = 0,
    featureSpec = DEFAULT_IMPACT_FEATURE_SPEC,
    ridge = 0,
    network = {},
    squareRootMethod = "binned",
    onEpoch,
  } = options;
  const {
    hidden = [32, 16],
    seed = DEFAULT_SEED,
    epochs = 200,
    batchSize = 32,
    validationFraction = 0.2,
    patience = 20,
    optimizer = "adam",
    learningRate,
  } = network;
  const X = impactFeatures(records, featureSpec);
  const y = Array.from(impactTargetBps(records));
  const timestamps = records.map((r, i) => {
    if (typeof r.timestamp !== "number" || !Number.isFinite(r.timestamp)) {
      throw new RangeError(
        `Cannot ${action}: records[${i}].timestamp must be a finite number: current value is ${r.timestamp}`,
      );
    }
    return r.timestamp;
  });
  const splits = walkForwardFolds(timestamps, { folds, gap });
  const networkLabel = `network ${[featureSpec.features.length, ...hidden, 1].join("-")}`;
  const withDurations = records.every((r) =>
    typeof r.durationMinutes === "number" && Number.isFinite(r.durationMinutes) && r.durationMinutes > 0
  );
  const models = [
    COMPARISON_MODELS.constant,
    COMPARISON_MODELS.squareRoot,
    ...(withDurations ? [COMPARISON_MODELS.almgren2005] : []),
    COMPARISON_MODELS.linear,
    networkLabel,
  ];
  const scores: FoldScore[] = [];
  const outOfSample: WalkForwardComparison["outOfSample"] = {
    index: [],
    fold: [],
    realizedBps: [],
    predictedBps: Object.fromEntries(models.map((m) => [m, [] as number[]])),
  };
  const histories: TrainingHistory[] = [];
  const squareRootFits: { eta: number; delta: number; reliable: boolean }[] = [];
  const almgren2005Fits: { gamma: number; eta: number; beta: number }[] = [];
  let lastPredictors: ImpactPredictor[] = [];

  for (let k = 0; k < splits.length; k++) {
    const { train, test } = splits[k]!;
    const trainRecords = pick(records, train), testRecords = pick(records, test);
    const yTrain = pick(y, train), yTest = pick(y, test);
    const scaler = new StandardScaler().fit(pick(X, train));
    const XTrain = scaler.transform(pick(X, train));

    const meanBps = yTrain.reduce((a, b) => a + b, 0) / yTrain.length;
    const constant: ImpactPredictor = {
      label: COMPARISON_MODELS.constant,
      predictImpact: (trades) => new Float64Array(trades.length).fill(meanBps / BPS_PER_FRACTION),
    };
    const calibration = calibrateSquareRoot(
      { sizes: trainRecords.map((r) => r.size), impacts: trainRecords.map((r) => r.realizedImpact) },
      {
        dailyVolatility: trainRecords.map((r) => r.dailyVolatility),
        averageDailyVolume: trainRecords.map((r) => r.averageDailyVolume),
        method: squareRootMethod,
        bootstrapSamples: 0,
      },
    );
    squareRootFits.push({ eta: calibration.eta, delta: calibration.delta, reliable: calibration.reliable });
    // A fit flagged unreliable still predicts, as fitted, inside the law's domain (delta in (0, 2], eta > 0):
    // the walk-forward judges what calibration gives, and `squareRootFits` says which folds were unreliable.
    const law = squareRootImpactPredictor(
      calibration.reliable ? calibration : {
        eta: calibration.eta > 0 ? calibration.eta : Number.MIN_VALUE,
        delta: Math.min(2, Math.max(1e-6, calibration.delta)),
      },
      { label: COMPARISON_MODELS.squareRoot },
    );
    const almgren: ImpactPredictor[] = [];
    if (withDurations) {
      const fit = calibrateAlmgren2005(
        { sizes: trainRecords.map((r) => r.size), impacts: trainRecords.map((r) => r.realizedImpact) },
        {
          dailyVolatility: trainRecords.map((r) => r.dailyVolatility),
          averageDailyVolume: trainRecords.map((r) => r.averageDailyVolume),
          durationDays: trainRecords.map((r) => r.durationMinutes! / 1440),
          target: "completion",
        },
      );
      const coefficients = { gamma: fit.gamma, eta: fit.eta, beta: fit.beta };
      almgren2005Fits.push(coefficients);
      almgren.push(almgren2005Predictor(coefficients, COMPARISON_MODELS.almgren2005));
    }
    const linear = new LinearImpactModel({ ridge }).fit(XTrain, yTrain);
    const net = new ImpactNetwork({
      inputs: featureSpec.features.length,
      hidden,
      seed,
      optimizer,
      ...(learningRate !== undefined ? { learningRate } : {}),
    });
    const history = await net.fitAsync(XTrain, yTrain, {
      epochs,
      batchSize,
      validation: validationFraction,
      earlyStopping: { patience },
      ...(onEpoch ? { onEpoch: (report: EpochReport) => onEpoch(report, k + 1) } : {}),
    });
    histories.push(history);
    const predictors = [
      constant,
      law,
      ...almgren,
      createImpactPredictor(linear, { scaler, featureSpec, label: COMPARISON_MODELS.linear }),
      createImpactPredictor(net, { scaler, featureSpec, label: networkLabel }),
    ];
    lastPredictors = predictors;
    for (const predictor of predictors) {
      const predicted = Array.from(predictor.predictImpact(testRecords), toBps);
      const m = regressionMetrics(yTest, predicted);
      scores.push({
        fold: k + 1,
        model: predictor.label,
        trainSize: train.length,
        testSize: test.length,
        testFrom: testRecords[0]!.timestamp,
        testTo: testRecords[testRecords.length - 1]!.timestamp,
        rSquared: m.rSquared,
        rmseBps: m.rmse,
        maeBps: m.mae,
      });
      outOfSample.predictedBps[predictor.label]!.push(...predicted);
    }
    outOfSample.index.push(...test);
    outOfSample.fold.push(...Array.from(test, () => k + 1));
    outOfSample.realizedBps.push(...yTest);
  }

  const summary: ModelSummary[] = models.map((model) => {
    const mine = scores.filter((s) => s.model === model);
    const pooled = regressionMetrics(outOfSample.realizedBps, outOfSample.predictedBps[model]!);
    const r2 = mine.map((s) => s.rSquared);
    return {
      model,
      meanRSquared: mean(r2),
      sdRSquared: sampleStandardDeviation(r2),
      pooledRSquared: pooled.rSquared,
      pooledRmseBps: pooled.rmse,
      pooledMaeBps: pooled.mae,
      foldsWon: mine.filter((s) => {
        const best = Math.min(...scores.filter((o) => o.fold === s.fold).map((o) => o.rmseBps));
        return s.rmseBps === best;
      }).length,
    };
  });
  return { models, scores, summary, outOfSample, histories, squareRootFits, almgren2005Fits, lastPredictors };
}

/**
 * The paired Diebold-Mariano test of two models of a walk-forward comparison on their out-of-sample errors
 * (realised minus predicted, bps), pooled over the folds: the mean loss differential is taken over every test
 * order, and the autocovariances of the long-run variance only within a fold (see `dieboldMariano`). Loss
 * squared by default, so the test compares the two models' mean squared errors, the square of the pooled RMSE
 * the summary table ranks them by.
 *
 * State `horizon` when orders overlap in time: an order's market noise is shared by the orders that start
 * before it ends, so the differentials are correlated up to that many lags (see
 * {@linkcode overlappingOrders}). Cost O(n h).
 *
 * @param comparison the result of {@linkcode compareImpactModelsWalkForward}.
 * @param models labels of model A and model B (e.g. `[COMPARISON_MODELS.squareRoot, "linear"]`).
 * @param options as `dieboldMariano` (except `folds` and `unit`, set here): loss, horizon, kernel, correction.
 * @returns the test result, `lossUnit` `"bps^2"` for squared loss; negative statistic when A is more accurate.
 * @throws {RangeError} if a model is not in the comparison, or as `dieboldMariano`.
 *
 * @example
 * ```ts
 * import { compareImpactModelsWalkForward, walkForwardDieboldMariano } from "@lib/mod.ts";
 * import { simulateMetaorders } from "@lib/impact/mod.ts";
 * import assert from "node:assert/strict";
 * const result = await compareImpactModelsWalkForward(simulateMetaorders(600, { seed: 2 }), { folds: 2, network: { epochs: 5 } });
 * const test = walkForwardDieboldMariano(result, ["square-root law", "linear"], { horizon: 2 });
 * assert.equal(test.n, 400);
 * assert.equal(test.folds, 2);
 * assert.ok(test.pValue >= 0 && test.pValue <= 1);
 * ```
 */
export function walkForwardDieboldMariano(
  comparison: Pick<WalkForwardComparison, "outOfSample">,
  models: readonly [string, string],
  options: Omit<DieboldMarianoOptions, "folds" | "unit"> = {},
): DieboldMarianoResult {
  const action = "test two walk-forward models";
  const { realizedBps, predictedBps, fold } = comparison.outOfSample;
  const errors = (model: string) => {
    const predicted = predictedBps[model];
    if (!predicted) {
      throw new RangeError(
        `Cannot ${action}: the comparison must contain the model "${model}": current models are ${
          Object.keys(predictedBps).join(", ")
        }`,
      );
    }
    return realizedBps.map((r, i) => r - predicted[i]!);
  };
  if (!Array.isArray(models) || models.length !== 2) {
    throw new TypeError(`Cannot ${action}: models must be [modelA, modelB]: current value is ${models}`);
  }
  return dieboldMariano(errors(models[0]), errors(models[1]), { ...options, folds: fold, unit: "bps" });
}

/**
 * The number of later orders that start before an order's execution ends, as the mean and the maximum over
 * the orders (time order by `timestamp`). Two orders whose executions overlap share the market's moves, so
 * their forecast errors are correlated: a Diebold-Mariano `horizon` of `1 + ceil(mean)` covers the typical
 * overlap (Diebold & Mariano 1995: an h-step forecast error is MA(h - 1)). Cost O(n log n).
 *
 * @param records orders with `timestamp` (UTC ms) and `durationMinutes` (>= 0).
 * @returns `{ mean, max }` later orders overlapping one order, and the suggested `horizon`.
 * @throws {RangeError} if a timestamp or duration is not finite, or a duration is negative.
 *
 * @example
 * ```ts
 * import { overlappingOrders } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * // 0-10 min overlaps the orders starting at 5 and 9 min; 5-6 min none; 9-29 min the one at 20 min
 * const minute = 60_000;
 * const r = overlappingOrders([0, 5, 9, 20].map((t, i) => ({ timestamp: t * minute, durationMinutes: [10, 1, 20, 1][i]! })));
 * assert.deepEqual(r, { mean: 0.75, max: 2, horizon: 2 });
 * ```
 */
export function overlappingOrders(
  records: readonly { timestamp: number; durationMinutes?: number }[],
): { mean: number; max: number; horizon: number } {
  const action = "count overlapping orders";
  const rows = records.map((r, i) => {
    if (!Number.isFinite(r?.timestamp)) {
      throw new RangeError(
        `Cannot ${action}: records[${i}].timestamp must be finite: current value is ${r?.timestamp}`,
      );
    }
    const d = r.durationMinutes;
    if (typeof d !== "number" || !(d >= 0) || !Number.isFinite(d)) {
      throw new RangeError(
        `Cannot ${action}: records[${i}].durationMinutes must be a finite number >= 0: current value is ${d}`,
      );
    }
    return { start: r.timestamp, end: r.timestamp + d * 60_000 };
  }).sort((a, b) => a.start - b.start);
  const n = rows.length;
  if (n === 0) return { mean: 0, max: 0, horizon: 1 };
  let total = 0, max = 0;
  for (let i = 0; i < n; i++) {
    // later orders starting strictly before this one ends: binary search on the sorted starts
    let lo = i + 1, hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid]!.start < rows[i]!.end) lo = mid + 1;
      else hi = mid;
    }
    const count = lo - i - 1;
    total += count;
    if (count > max) max = count;
  }
  const mean = total / n;
  return { mean, max, horizon: 1 + Math.ceil(mean) };
}

/**
 * Adds a fixed, uncalibrated square-root law to a walk-forward comparison's out-of-sample predictions, so
 * that a paired test can ask how much calibration buys: the same rows, `sigma * eta * (|Q|/V)^delta` with
 * each order's own `sigma` and `V` and parameters chosen before seeing the data (e.g. the textbook
 * `eta = 1, delta = 1/2`).
 *
 * @param comparison a result of {@linkcode compareImpactModelsWalkForward}.
 * @param records the records it was run on (the same array).
 * @param law the fixed `{ eta, delta }`.
 * @param label the model's label. Default `"textbook law"`.
 * @returns a copy of the comparison whose `outOfSample.predictedBps` and `models` include the fixed law.
 * @throws {RangeError} if the law is outside its domain or the label is taken.
 *
 * @example
 * ```ts
 * import { compareImpactModelsWalkForward, withFixedLaw } from "@lib/mod.ts";
 * import { simulateMetaorders } from "@lib/impact/mod.ts";
 * import assert from "node:assert/strict";
 * const records = simulateMetaorders(300, { seed: 2 });
 * const c = withFixedLaw(await compareImpactModelsWalkForward(records, { folds: 2, network: { epochs: 2 } }), records, { eta: 1, delta: 0.5 });
 * assert.equal(c.outOfSample.predictedBps["textbook law"]!.length, c.outOfSample.realizedBps.length);
 * ```
 */
export function withFixedLaw(
  comparison: WalkForwardComparison,
  records: readonly ComparisonRecord[],
  law: { eta: number; delta: number },
  label = "textbook law",
): WalkForwardComparison {
  if (label in comparison.outOfSample.predictedBps) {
    throw new RangeError(
      `Cannot add a fixed law to the comparison: label must be new: current value is ${label}`,
    );
  }
  const predictor = squareRootImpactPredictor(law, { label });
  const rows = comparison.outOfSample.index.map((i) => records[i]!);
  const predicted = Array.from(predictor.predictImpact(rows), (v) => toBps(v));
  return {
    ...comparison,
    models: [...comparison.models, label],
    outOfSample: {
      ...comparison.outOfSample,
      predictedBps: { ...comparison.outOfSample.predictedBps, [label]: predicted },
    },
  };
}
