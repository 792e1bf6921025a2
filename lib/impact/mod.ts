/**
 * Price impact laws: the square-root law, its calibration and confidence band, seeded metaorder
 * simulators (self-contained, and on candles), price paths and the calibration sensitivity study.
 * @module
 */
export * from "./square_root.ts";
export * from "./square_root_calibration.ts";
export * from "./calibrate_square_root.ts";
export * from "./calibration_band.ts";
export * from "./binned_fit.ts";
export * from "./simulate.ts";
export * from "./simulate_on_candles.ts";
export * from "./path.ts";
export * from "./sensitivity.ts";
export * from "./almgren_2005.ts";
export * from "./calibrate_almgren_2005.ts";
export type { ImpactLaw, MetaorderRecord } from "../core/mod.ts";
