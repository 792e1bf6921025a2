/**
 * Portfolio applications of the impact models: one trading-cost object shared by an impact-aware
 * optimiser and a backtest, the rebalancing study and the capacity curve.
 * @module
 */
export * from "./trading_cost.ts";
export {
  optimizeRebalance,
  type RebalanceOptions,
  type RebalanceProblem,
  type RebalanceResult,
} from "./rebalance.ts";
export * from "./optimality.ts";
export * from "./shrinkage.ts";
export * from "./universe.ts";
export { momentumForecast, type MomentumForecastOptions } from "./signal.ts";
export * from "./backtest.ts";
export * from "./study.ts";
export * from "./capacity.ts";
export * from "./sharpe_error.ts";
export * from "./load_universe.ts";
export * from "./almgren_2005_predictor.ts";
