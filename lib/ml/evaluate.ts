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
import { calibrateSquareRoot } from "../impact/square_root.ts";
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

/** Network settings of {@linkcode compareImpactModelsWalkForward}. */
export interface ComparisonNetworkOptions {
  /** Hidden widths. Default `[32, 16]`. */
  hidden?: readonly number[];
  /** Seed (the same in every fold). Default 1. */
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
  /** The square-root law calibrated on each training window. */
  squareRootFits: { eta: number; delta: number }[];
  /** The predictors fitted on the last (largest) training window. */
  lastPredictors: ImpactPredictor[];
}

/** Labels of the compared models. */
export const COMPARISON_MODELS: Readonly<{ constant: string; squareRoot: string; linear: string }> = Object
  .freeze({
    constant: "constant (training mean)",
    squareRoot: "square-root law",
    linear: "linear",
  });

/**
 * Walk-forward comparison of four impact predictors on the same folds, all refitted on each training
 * window and scored on the following test block (errors in bps of side-adjusted impact,
 * `impactTargetBps`):
 *
 * 1. a constant: the training window's mean impact (the skill floor);
 * 2. the square-root law `sigma_i * eta * q_i^delta` with `(eta, delta)` from `calibrateSquareRoot` on the
 *    training window (per-order volatility and daily volume; binned by default, robust to market noise);
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
 * import { compareImpactModelsWalkForward, simulateMetaorders } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const records = simulateMetaorders(600, { seed: 2 });
 * const result = await compareImpactModelsWalkForward(records, { folds: 2, network: { epochs: 5 } });
 * assert.equal(result.scores.length, 2 * 4);
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
    seed = 1,
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
  const models = [
    COMPARISON_MODELS.constant,
    COMPARISON_MODELS.squareRoot,
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
  const squareRootFits: { eta: number; delta: number }[] = [];
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
        volatility: trainRecords.map((r) => r.volatility),
        averageDailyVolume: trainRecords.map((r) => r.averageDailyVolume),
        method: squareRootMethod,
        bootstrapSamples: 0,
      },
    );
    squareRootFits.push({ eta: calibration.eta, delta: calibration.delta });
    const law = squareRootImpactPredictor(calibration, { label: COMPARISON_MODELS.squareRoot });
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
  return { models, scores, summary, outOfSample, histories, squareRootFits, lastPredictors };
}
