/**
 * Price impact laws: the square-root law, its calibration, and a seeded metaorder simulator.
 * @module
 */
export * from "./square_root.ts";
export * from "./simulate.ts";
export * from "./path.ts";
export * from "./sensitivity.ts";
export * from "./almgren_2005.ts";
