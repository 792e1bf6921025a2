/**
 * Price impact modeling, the curated front door: exactly the names the chapter's notebooks and the README's
 * quick start use, plus the types of the shared vocabulary (`ImpactLaw`, `ImpactPredictor`, `MetaorderRecord`,
 * `TradeRecord`, `TradeTape`, `QuoteSeries`, `MeasuredLaw`). Everything else is on its area's face
 * (`lib/<area>/mod.ts`, the `./<area>` subpath export), which carries the area's whole public surface:
 * `import { SeededRandom } from "./lib/core/mod.ts"`. `tests/root_face_test.ts` keeps this list equal to what
 * the notebooks and the README import.
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
  chooseBlocks,
  type ImpactLaw,
  type ImpactPredictor,
  type MetaorderRecord,
  pick,
  toBps,
  type TradeRecord,
} from "./core/mod.ts";
export {
  describeKlineSource,
  joinQuotes,
  loadKlines,
  quoteAgreement,
  type QuoteSeries,
  readKlinesCsv,
  readQuotesCsv,
  readTradesCsv,
  type TradeTape,
  tradeTapeFromFrame,
} from "./data/mod.ts";
export { klineStatistics, loadMarket, marketFromTape, tapeVolumeBins } from "./market/mod.ts";
export { bookDepthProfile, scheduleShortfalls, simulateBookDay } from "./book/mod.ts";
export {
  Almgren2005Model,
  calibrateAlmgren2005,
  calibrateSquareRoot,
  calibrationSensitivity,
  impactPath,
  simulateMetaordersOnCandles,
  SquareRootModel,
} from "./impact/mod.ts";
export {
  aggregateImpact,
  blockDailyScales,
  conditionedImpact,
  describeBlocks,
  describeMeasuredLaw,
  impactDecay,
  isExtrapolation,
  type MeasuredLaw,
  measuredLaw,
  measuredLawFromOrders,
  mergeSameTimeFills,
  metaorderCrossoverLaw,
  metaorderImpactPath,
  metaorderSquareRootLaw,
  methodSpread,
  responseFunction,
  signExponent,
  signsAndResponse,
  syntheticMetaorders,
  tapeConclusions,
  tapeLaw,
  tapePlacebos,
} from "./tape/mod.ts";
export {
  AlmgrenChriss,
  almgrenChrissFromMeasuredLaw,
  almgrenChrissRulesOfThumb,
  childScheduleFromHoldings,
  efficientFrontier,
  evaluateSchedules,
  executeOrdersInBook,
  lambdaForHalfLife,
  povSchedule,
  randomParentOrders,
  shortfallComparison,
  twapSchedule,
  vwapSchedule,
} from "./execution/mod.ts";
export {
  BOOK_IMPACT_FEATURES,
  chronologicalSplit,
  compareImpactModelsWalkForward,
  COMPARISON_MODELS,
  createImpactPredictor,
  createTrainingProgress,
  dieboldMarianoVerdict,
  impactFeatures,
  ImpactNetwork,
  impactTargetBps,
  LinearImpactModel,
  measureCallLatency,
  overlappingOrders,
  permutationImportance,
  type ProgressBundle,
  squareRootImpactPredictor,
  StandardScaler,
  tapeMetaorderRecords,
  walkForwardDieboldMariano,
  withFixedLaw,
} from "./ml/mod.ts";
export {
  analyzeTrade,
  analyzeTrades,
  executedOrderRecords,
  executedOrders,
  impactTrainingRecords,
  parentOrdersFromFills,
  summarizeTca,
  tcaBinnedMeans,
  tcaEstimateQuality,
  tradeAnalysisBps,
  tradesToTcaFrame,
} from "./tca/mod.ts";
export { adverseSelectionStudy, marketMakerStudy, vpinStudy } from "./marketmaking/mod.ts";
export {
  almgren2005ImpactPredictor,
  capacityCurve,
  ledoitWolfCovariance,
  loadUniverse,
  momentumForecast,
  optimizeRebalance,
  rebalanceOptimality,
  rebalancingStudy,
  sharpeStandardError,
  TradingCost,
} from "./portfolio/mod.ts";
export {
  almgrenChrissParameterTable,
  almgrenChrissRegimeTable,
  almgrenChrissStrategyTable,
  almgrenChrissTakeaways,
  bps,
  calibrationTable,
  calibrationVersusComplexity,
  capacityConclusions,
  coverageConclusions,
  coverageTable,
  type DataLabel,
  executionOnBookTakeaways,
  fixed,
  grouped,
  klineDataLabel,
  lawComparisonSentence,
  markdown,
  marketMakerConclusions,
  notebookSummary,
  rebalancingConclusions,
  scheduleFrontierTable,
  table,
  tcaBreakdownTable,
  tcaStatsTable,
  tcaTakeaways,
  tradeListTable,
  utcMinute,
  walkForwardBlocks,
  walkForwardNoiseSentence,
  walkForwardSummaryTable,
  walkForwardVerdict,
} from "./report/mod.ts";
export {
  aggregateImpactPlot,
  bookDepthPlot,
  bookWindowPlot,
  calibrationPlot,
  capacityCurvePlot,
  conditionedImpactPlot,
  costCurvePlot,
  efficientFrontierPlot,
  featureDistributionPlot,
  holdingsTrajectoryPlot,
  impactCurvePlot,
  impactDecayPlot,
  impactPathPlot,
  impactScatterPlot,
  learningCurvePlot,
  marketMakerInventoryPlot,
  marketMakerPnlPlot,
  markoutBucketPlot,
  metaorderLawPlot,
  metaorderPathPlot,
  methodSpreadPlot,
  rebalancingStudyPlot,
  renderFigure,
  responsePlot,
  sensitivityPlot,
  shortfallComparisonPlot,
  signCorrelationPlot,
  spreadDecompositionPlot,
  spreadDistributionPlot,
  tcaBreakdownPlot,
  tcaDistributionPlot,
  tcaImpactComparisonPlot,
  tcaMarkoutPlot,
  tradeListPlot,
  vpinPlot,
} from "./plot/mod.ts";
