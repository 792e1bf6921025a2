/**
 * Price impact modeling: what a notebook or a user of the library needs, from every area. Each area
 * also has its own face (`lib/<area>/mod.ts`, the `./<area>` subpath export), which adds the area's
 * helpers and lower-level pieces.
 *
 * Layers (an area imports only from the areas before it; `tests/layers_test.ts` enforces it):
 *
 * ```
 * core -> data -> book -> market -> impact -> tape -> execution | ml -> tca | portfolio | marketmaking -> report |
 *   plot -> notebooks
 * ```
 *
 * - {@link ./core/mod.ts}: the shared vocabulary: the square-root law's formula and checks, the metaorder
 *   record and its views, the `ImpactPredictor` interface, units, statistics, seeded random numbers.
 * - {@link ./data/mod.ts}: Bybit v5 client, parquet cache (`loadKlines`, `loadTrades`, `loadQuotes`), synthetic
 *   market, trade tapes and quotes (`joinQuotes`), CSV and Binance capture readers.
 * - {@link ./market/mod.ts}: candle statistics, quoted spreads, `chooseSpread`, tick size, `marketFromTape`,
 *   `marketFromCandles`, and `loadMarket`: the chapter's one market (cached trades and quotes, else the
 *   labelled simulated order book).
 * - {@link ./book/mod.ts}: the simulated order book (Santa Fe order flow with long-memory signs): a tape and
 *   quotes in the shapes of real data, parent orders executed inside it, calibration from summary statistics.
 * - {@link ./impact/mod.ts}: the square-root law, its calibration, metaorder simulators (self-contained
 *   and on candles), price paths, the sensitivity study.
 * - {@link ./execution/mod.ts}: Almgren-Chriss, efficient frontier, TWAP/VWAP/POV, parameters from market data.
 * - {@link ./ml/mod.ts}: features, scaler, splits, linear model, ReLU network, predictors, walk-forward comparison.
 * - {@link ./tca/mod.ts}: transaction cost analysis per trade and vectorized (polars), summaries, markouts.
 * - {@link ./marketmaking/mod.ts}: adverse selection and break-even spreads, VPIN, a quoting market maker in the simulated book.
 * - {@link ./portfolio/mod.ts}: one trading-cost object for an impact-aware optimiser and a backtest, the
 *   rebalancing study and the capacity curve.
 * - {@link ./tape/mod.ts}: impact measured on trade tapes: sign correlation, response function, aggregate impact,
 *   Kyle's lambda, synthetic metaorders and the square-root law, profile and decay measured on them.
 * - {@link ./report/mod.ts}: tables, Markdown and the prose written from results.
 * - {@link ./plot/mod.ts}: Observable Plot figures outside a browser, and each area's plot builders.
 *
 * @module
 */
export {
  type ComparisonRecord,
  type ImpactLaw,
  type ImpactPredictor,
  type MetaorderFeaturesInput,
  type MetaorderRecord,
  type MetaorderTargetInput,
  pick,
  SeededRandom,
  squareRootImpact,
  toBps,
  type TradeRecord,
} from "./core/mod.ts";
export * from "./data/essentials.ts";
// The library's one tick-size estimator is lib/data's; named here so that no other face's export shadows it.
export { estimateTickSize, type TickSizeOptions } from "./data/essentials.ts";
export {
  CANDLE_SPREAD_ESTIMATOR_ERROR,
  chooseSpread,
  type ChosenSpread,
  type KlineDailyVolume,
  klineDailyVolume,
  type KlineInput,
  type KlineSpreadEstimate,
  klineSpreadEstimate,
  type KlineStatistics,
  klineStatistics,
  type KlineVolatility,
  klineVolatility,
  klineVolumeProfile,
  type LoadedMarket,
  loadMarket,
  type LoadMarketOptions,
  type MarketFromCandles,
  marketFromCandles,
  type MarketFromCandlesOptions,
  type MarketFromTape,
  marketFromTape,
  type MarketFromTapeOptions,
  type QuotedSpread,
  quotedSpreadFromOrderbook,
  type QuotedSpreadSummary,
  type QuotedSpreadSummaryOptions,
  type SpreadEstimator,
  type SpreadInputs,
  summarizeQuotedSpreads,
  tapeVolumeBins,
} from "./market/mod.ts";
export {
  type BookCalibration,
  type BookDepthProfile,
  bookDepthProfile,
  type BookExecution,
  type BookExecutionOptions,
  type BookParameters,
  type BookStatistics,
  bookStatistics,
  calibrateBook,
  type ChildSchedule,
  DEFAULT_BOOK_PARAMETERS,
  executeOnBook,
  type LimitRule,
  type ScheduleShortfalls,
  scheduleShortfalls,
  simulateBookDay,
  type SimulateBookOptions,
  SIMULATED_BOOK_LABEL,
  type SimulatedMarket,
} from "./book/mod.ts";
export * from "./impact/mod.ts";
export * from "./execution/mod.ts";
export * from "./tape/mod.ts";
export {
  arrivalFeatures,
  BOOK_IMPACT_FEATURES,
  permutationImportance,
  TAPE_IMPACT_FEATURES,
  tapeMetaorderRecords,
  withFixedLaw,
} from "./ml/mod.ts";
export {
  type CallLatency,
  chronologicalSplit,
  compareImpactModelsWalkForward,
  COMPARISON_MODELS,
  type ComparisonNetworkOptions,
  type ComparisonOptions,
  createImpactPredictor,
  createTrainingProgress,
  DEFAULT_IMPACT_FEATURE_SPEC,
  DEFAULT_IMPACT_FEATURES,
  dieboldMariano,
  type DieboldMarianoOptions,
  type DieboldMarianoResult,
  dieboldMarianoVerdict,
  type DieboldMarianoVerdictOptions,
  type EpochReport,
  type FitOptions,
  type FoldScore,
  IMPACT_FEATURE_NAMES,
  type ImpactFeatureName,
  impactFeatures,
  type ImpactFeatureSpec,
  ImpactNetwork,
  type ImpactNetworkJSON,
  type ImpactNetworkOptions,
  type ImpactPredictorOptions,
  impactTargetBps,
  LinearImpactModel,
  type LinearImpactModelJSON,
  type LinearImpactModelOptions,
  type MatrixRegressor,
  measureCallLatency,
  type ModelSummary,
  type NetworkOptimizer,
  overlappingOrders,
  type ProgressBundle,
  type ProgressDisplay,
  type RegressionMetrics,
  regressionMetrics,
  squareRootImpactPredictor,
  StandardScaler,
  type StandardScalerJSON,
  type TargetTransform,
  type TrainingHistory,
  type TrainingProgressOptions,
  type TrainTestIndices,
  type WalkForwardComparison,
  walkForwardDieboldMariano,
  walkForwardFolds,
  type WalkForwardOptions,
} from "./ml/mod.ts";
export {
  analyzeTrade,
  analyzeTrades,
  type ExecutedOrderRecord,
  type ExecutedOrderRecords,
  executedOrderRecords,
  executedOrders,
  impactDecayKernel,
  type ImpactTrainingKind,
  type ImpactTrainingOptions,
  type ImpactTrainingRecords,
  impactTrainingRecords,
  type MarkoutOptions,
  markoutsFromCandles,
  parentOrdersFromFills,
  summarizeTca,
  TCA_METRICS,
  type TcaBadRow,
  type TcaBin,
  tcaBinnedMeans,
  type TcaCandles,
  type TcaEstimateQuality,
  tcaEstimateQuality,
  type TcaGroupSummary,
  type TcaMetricStats,
  type TcaSummary,
  type TcaSummaryOptions,
  type TradeAnalysis,
  type TradeAnalysisBps,
  tradeAnalysisBps,
  type TradeAnalysisOptions,
  type TradesAnalysis,
  type TradesAnalysisOptions,
  tradesToTcaFrame,
} from "./tca/mod.ts";
export {
  type AdverseSelectionStudy,
  adverseSelectionStudy,
  type MarketMakerStudy,
  marketMakerStudy,
  runMarketMaker,
  type VpinStudy,
  vpinStudy,
} from "./marketmaking/mod.ts";
export {
  almgren2005ImpactPredictor,
  type AssetUniverse,
  type BacktestOptions,
  backtestRebalancing,
  type BacktestResult,
  type CapacityCurve,
  capacityCurve,
  type CapacityCurveOptions,
  ledoitWolfCovariance,
  loadUniverse,
  momentumForecast,
  optimizeRebalance,
  rebalanceOptimality,
  type RebalanceProblem,
  type RebalanceResult,
  type RebalancingStudy,
  rebalancingStudy,
  sharpeStandardError,
  syntheticUniverse,
  TradingCost,
  universeFromCandles,
} from "./portfolio/mod.ts";
export * from "./report/mod.ts";
export {
  aggregateImpactPlot,
  bookDepthPlot,
  bookWindowPlot,
  calibrationPlot,
  capacityCurvePlot,
  conditionedImpactPlot,
  costCurvePlot,
  deltaSensitivityPlot,
  efficientFrontierPlot,
  type EfficientFrontierPlotOptions,
  featureDistributionPlot,
  type Figure,
  type HoldingsSeries,
  holdingsTrajectoryPlot,
  impactCurvePlot,
  impactDecayPlot,
  impactPathPlot,
  impactScatterPlot,
  type LabelledLaw,
  learningCurvePlot,
  marketMakerInventoryPlot,
  marketMakerPnlPlot,
  markoutBucketPlot,
  metaorderLawPlot,
  metaorderPathPlot,
  methodSpreadPlot,
  predictedVsRealizedPlot,
  type PredictionSet,
  rebalancingStudyPlot,
  renderFigure,
  residualsByParticipationPlot,
  responsePlot,
  saveFigure,
  sensitivityPlot,
  shortfallComparisonPlot,
  signCorrelationPlot,
  spreadDecompositionPlot,
  spreadDistributionPlot,
  tcaBreakdownPlot,
  tcaDistributionPlot,
  type TcaDistributionSeries,
  tcaImpactComparisonPlot,
  tcaMarkoutPlot,
  tradeListPlot,
  vpinPlot,
} from "./plot/mod.ts";
