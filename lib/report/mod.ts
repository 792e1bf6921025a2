/**
 * Reporting: tables and Markdown for the Jupyter kernel, and the prose and tables written from the
 * results of the other areas (the walk-forward verdict and summary table).
 *
 * @module
 */
export * from "./almgren_chriss.ts";
export * from "./calibration.ts";
export * from "./display.ts";
export * from "./format.ts";
export * from "./impact_laws.ts";
export * from "./tca.ts";
export * from "./tca_takeaways.ts";
export * from "./walk_forward.ts";
export * from "./walk_forward_blocks.ts";
export { klineDataLabel } from "./data_label.ts";
export * from "./portfolio.ts";
export * from "./marketmaking.ts";
export * from "./execution_on_book.ts";
export * from "./almgren_chriss_example.ts";
