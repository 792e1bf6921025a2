/**
 * The simulated order book: a limit order book on a tick grid driven by Santa Fe zero-intelligence order
 * flow with long-memory market order signs, seeded; its trade tape and quotes in the shapes of real data;
 * a user's parent orders executed inside it; its rates calibrated from summary statistics. Everything it
 * outputs is labelled "simulated order book" and says nothing about markets (lib/book/README.md).
 *
 * @module
 */
export { BACKGROUND_OWNER, BOOK_LEVEL_WINDOW, LimitOrderBook, type SweepResult } from "./order_book.ts";
export {
  type BookParameters,
  DEFAULT_BOOK_PARAMETERS,
  resolveBookParameters,
  type SantaFePrediction,
  santaFePrediction,
  type SignMemory,
  SIMULATED_BOOK_LABEL,
} from "./parameters.ts";
export { BookSimulator, type BookSimulatorOptions, type MakerFillListener } from "./simulator.ts";
export {
  simulateBookDay,
  type SimulateBookOptions,
  simulateBookStream,
  type SimulatedChunk,
  type SimulatedMarket,
} from "./simulate_day.ts";
export {
  type BookExecution,
  type BookExecutionOptions,
  type ChildSchedule,
  executeOnBook,
  type LimitRule,
  type ScheduleShortfallOptions,
  type ScheduleShortfalls,
  scheduleShortfalls,
} from "./execute.ts";
export {
  type BookCalibration,
  type BookStatistics,
  bookStatistics,
  calibrateBook,
  type CalibrateBookOptions,
} from "./calibrate.ts";
export { type BookDepthProfile, bookDepthProfile } from "./depth_profile.ts";
