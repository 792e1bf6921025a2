/**
 * The shared vocabulary of the library, imported by every other area and importing none of them: the
 * square-root law's shape, validation and formula, the metaorder record and its views, the
 * `ImpactPredictor` interface, units, descriptive statistics, seeded random numbers and boundary
 * validation, typed-array helpers (`GrowingArray`, `concatArrays`, `lowerBound`) and bins.
 *
 * @module
 */
export {
  assertImpactLaw,
  type ImpactArithmetic,
  type ImpactLaw,
  isImpactExponent,
  squareRootImpact,
  squareRootImpactIn,
  type SquareRootImpactKernel,
} from "./impact_law.ts";
export type {
  ComparisonRecord,
  MetaorderArrivalExtras,
  MetaorderFeaturesInput,
  MetaorderRecord,
  MetaorderTargetInput,
  TradeRecord,
} from "./trade.ts";
export type { ImpactPredictor } from "./predictor.ts";
export { BPS_PER_FRACTION, MS_PER_DAY, MS_PER_HOUR, toBps } from "./units.ts";
export { mean, quantileSorted, sampleStandardDeviation } from "./statistics.ts";
export {
  concatArrays,
  GrowingArray,
  type JoinableArray,
  type JoinableArrayConstructor,
  lowerBound,
  pick,
} from "./arrays.ts";
export { logBins, quantileBins } from "./bins.ts";
export {
  assertBlockSpec,
  assertBootstrapSettings,
  assignBlocks,
  blockBootstrapCounts,
  blockResampler,
  type BlockSpec,
  blockStarts,
  type BootstrapInterval,
  bootstrapInterval,
  type BootstrapOptions,
  chooseBlocks,
  describeBlockSpec,
  MIN_INTERVAL_BLOCKS,
  percentileInterval,
  type ResamplingUnits,
  resamplingUnits,
  SLIVER_FRACTION,
  SLIVER_MIN_OBSERVATIONS,
} from "./bootstrap.ts";
export { DEFAULT_SEED, SeededRandom } from "./random.ts";
export { fitLine, type LineFit, lineFromSums } from "./ols.ts";
export {
  assertCandleColumns,
  assertEach,
  assertFinite,
  assertFiniteResult,
  assertInteger,
  assertNonNegative,
  assertNumber,
  assertObject,
  assertPositive,
  assertSameLength,
  assertTimestamp,
  type CandleColumnsLike,
  describeValue,
  MAX_TIMESTAMP_MS,
  positivePerObservation,
  toFiniteArray,
} from "./validate.ts";
