/**
 * Transaction cost analysis: per-trade metrics (implementation shortfall, VWAP slippage, spread cost,
 * participation, estimated and predicted impact, the shortfall's spread/impact/timing parts), the same
 * vectorized over a polars DataFrame, summaries with breakdowns, and markouts from candles.
 * @module
 */
export * from "./trade.ts";
export * from "./analyze_trades.ts";
export * from "./summary.ts";
export * from "./markouts.ts";
export type { ImpactLaw, ImpactPredictor, TradeRecord } from "../core/mod.ts";
export * from "./parent_orders.ts";
export * from "./executed_records.ts";
export * from "./impact_training_records.ts";
