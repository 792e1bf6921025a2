/**
 * Price impact modeling: what a notebook or a user of the library needs, from every area. Each area
 * also has its own face (`lib/<area>/mod.ts`, the `./<area>` subpath export), which adds the area's
 * helpers and lower-level pieces.
 *
 * Layers (an area imports only from the areas before it; `tests/layers_test.ts` enforces it):
 *
 * ```
 * core -> data -> book -> impact -> tape -> execution | ml -> tca | portfolio | marketmaking -> report | plot -> notebooks
 * ```
 *
 * - {@link ./core/mod.ts}: the shared vocabulary: the square-root law's formula and checks, the metaorder
 *   record and its views, the `ImpactPredictor` interface, units, statistics, seeded random numbers.
 * - {@link ./data/mod.ts}: Bybit v5 client, parquet cache (`loadKlines`), synthetic market, candle statistics.
 * - {@link ./impact/mod.ts}: the square-root law, its calibration, metaorder simulators (self-contained
 *   and on candles), price paths, the sensitivity study.
 * - {@link ./execution/mod.ts}: Almgren-Chriss, efficient frontier, TWAP/VWAP/POV, parameters from market data.
 * - {@link ./ml/mod.ts}: features, scaler, splits, linear model, ReLU network, predictors, walk-forward comparison.
 * - {@link ./tca/mod.ts}: transaction cost analysis per trade and vectorized (polars), summaries, markouts.
 * - {@link ./portfolio/mod.ts}: one trading-cost object for an impact-aware optimiser and a backtest, the
 *   rebalancing study and the capacity curve.
 * - {@link ./marketmaking/mod.ts}: adverse selection and break-even spreads, VPIN, a quoting market maker in the simulated book.
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
export * from "./impact/mod.ts";
export * from "./execution/mod.ts";
export * from "./tape/mod.ts";
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
  impactDecayKernel,
  type MarkoutOptions,
  markoutsFromCandles,
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
export { simulateBookDay, SIMULATED_BOOK_LABEL, type SimulatedMarket } from "./book/mod.ts";
export {
  type AdverseSelectionStudy,
  adverseSelectionStudy,
  type MarketMakerStudy,
  marketMakerStudy,
  runMarketMaker,
  type VpinStudy,
  vpinStudy,
} from "./marketmaking/mod.ts";
export * from "./report/mod.ts";
export {
  aggregateImpactPlot,
  calibrationPlot,
  capacityCurvePlot,
  costCurvePlot,
  deltaSensitivityPlot,
  efficientFrontierPlot,
  type EfficientFrontierPlotOptions,
  featureDistributionPlot,
  type Figure,
  type HoldingsSeries,
  holdingsTrajectoryPlot,
  impactCurvePlot,
  impactPathPlot,
  impactScatterPlot,
  type LabelledLaw,
  learningCurvePlot,
  marketMakerInventoryPlot,
  marketMakerPnlPlot,
  markoutBucketPlot,
  metaorderLawPlot,
  metaorderPathPlot,
  predictedVsRealizedPlot,
  type PredictionSet,
  rebalancingStudyPlot,
  renderFigure,
  residualsByParticipationPlot,
  responsePlot,
  saveFigure,
  sensitivityPlot,
  signCorrelationPlot,
  spreadDecompositionPlot,
  tcaBreakdownPlot,
  tcaDistributionPlot,
  type TcaDistributionSeries,
  tcaImpactComparisonPlot,
  tcaMarkoutPlot,
  tradeListPlot,
  vpinPlot,
} from "./plot/mod.ts";
