/**
 * Optimal execution: the Almgren & Chriss (2000) model faithful to the paper (discrete `kappa`,
 * permanent-impact term, risk-seeking branch), its efficient frontier, TWAP/VWAP/POV schedules priced
 * by the same cost model, and parameters from market data.
 * @module
 */
export * from "./almgren_chriss.ts";
export * from "./frontier.ts";
export * from "./schedules.ts";
export * from "./parameters.ts";
export * from "./orders_in_book.ts";
export * from "./parent_order_plans.ts";
export * from "./measured_law_parameters.ts";
export * from "./schedules_on_book.ts";
