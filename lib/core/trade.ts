/**
 * One record for a traded metaorder, and the views of it that each area reads. A simulated or
 * recorded {@linkcode MetaorderRecord} can be passed as is to features, predictors, the walk-forward
 * comparison and transaction cost analysis, which each ask only for the fields they use.
 *
 * @module
 */

/** One simulated (or recorded) metaorder, with everything transaction cost analysis needs. */
export interface MetaorderRecord {
  /** Start of execution, UTC milliseconds since the epoch. */
  timestamp: number;
  /** Instrument, e.g. `"BTCUSDT"`. */
  symbol: string;
  /** Signed size in base units (positive buys, negative sells), nonzero. */
  size: number;
  /** Execution time in minutes, >= 0. */
  durationMinutes: number;
  /** Mid price at the decision (arrival) time, quote per base unit, > 0. */
  arrivalPrice: number;
  /** Average fill price, quote per base unit, > 0. */
  executionPrice: number;
  /** Market volume-weighted average price over the execution window, quote per base unit, > 0. */
  vwap: number;
  /** Mid price when execution ends, quote per base unit. */
  endPrice: number;
  /** Quoted bid-ask spread at arrival, quote per base unit, >= 0. */
  spread: number;
  /** Average daily volume, base units per day, > 0. */
  averageDailyVolume: number;
  /** Daily volatility, fraction per day (0.02 = 2 %/day), > 0. */
  dailyVolatility: number;
  /** `|size| / averageDailyVolume`, fraction of a day's volume. */
  participation: number;
  /** Signed fractional price change from arrival to end, `(endPrice - arrivalPrice) / arrivalPrice`. */
  realizedImpact: number;
  /** Return over the hour before arrival, fraction. */
  momentum: number;
  /** Share of the day's volume that trades in the arrival hour (UTC), fraction in (0, 1]; 1/24 is average. */
  volumeShare: number;
  /** Where the record came from. */
  source: "synthetic" | "bybit";
}

/**
 * The view of a record that transaction cost analysis reads: one executed order (a fill or a whole
 * metaorder). `timestamp` serves hour-of-day breakdowns and markouts, which are measured from
 * `timestamp + durationMinutes`.
 */
export type TradeRecord =
  & Pick<
    MetaorderRecord,
    "size" | "executionPrice" | "arrivalPrice" | "vwap" | "spread" | "averageDailyVolume" | "dailyVolatility"
  >
  & Partial<Pick<MetaorderRecord, "timestamp" | "durationMinutes" | "symbol">>;

/**
 * The view of a record that impact features read. `timestamp` is not a feature (it orders records in
 * time); a missing `momentum` means 0 (no trend) and a missing `volumeShare` means 1/24 (an average hour).
 */
export type MetaorderFeaturesInput =
  & Readonly<
    Pick<MetaorderRecord, "size" | "arrivalPrice" | "spread" | "averageDailyVolume" | "dailyVolatility">
  >
  & Readonly<Partial<Pick<MetaorderRecord, "timestamp" | "momentum" | "volumeShare" | "durationMinutes">>>
  & Readonly<Partial<MetaorderArrivalExtras>>;

/**
 * Optional arrival features of a metaorder measured on a tape (`tapeMetaorderRecords` in lib/ml): read only
 * by the features that ask for them.
 */
export interface MetaorderArrivalExtras {
  /** `|Q|` over the volume expected during execution, fraction. */
  executionParticipation: number;
  /** Level-1 depth imbalance at arrival signed with the order, in [-1, 1]. */
  depthImbalance: number;
  /** Order-flow imbalance before arrival signed with the order, over the mean level-1 depth. */
  orderFlowImbalance: number;
}

/** The view of a record with its realised outcome, the training target of impact models. */
export type MetaorderTargetInput = Readonly<Pick<MetaorderRecord, "size" | "realizedImpact">>;

/** The view of a record a walk-forward comparison of impact models reads: features, time and outcome. */
export type ComparisonRecord =
  & MetaorderFeaturesInput
  & Readonly<Pick<MetaorderRecord, "timestamp" | "realizedImpact">>
  & Readonly<Partial<Pick<MetaorderRecord, "durationMinutes">>>;
