/**
 * Price impact modeling: the public surface of the library.
 *
 * - {@link ./impact/mod.ts}: the square-root law, its calibration, a seeded metaorder simulator.
 * - {@link ./plot/mod.ts}: Observable Plot figures outside a browser.
 * - {@link ./display.ts}: tables and Markdown for the Jupyter kernel.
 * - {@link ./random.ts}: seeded random numbers.
 *
 * @module
 */
export * from "./impact/mod.ts";
export * from "./data/mod.ts";
export * from "./ml/mod.ts";
export * from "./tca/mod.ts";
export * from "./execution/mod.ts";
export * from "./plot/mod.ts";
export * from "./display.ts";
export * from "./random.ts";
