/**
 * Market making: the adverse selection a liquidity provider faces on a tape with quotes (markouts by
 * trade size and recent order-flow imbalance, the effective / realized spread and price impact split, the
 * break-even half-spread), flow toxicity (VPIN and what it says about the volatility that follows), and a
 * quoting market maker in the simulated order book (Avellaneda-Stoikov and symmetric-with-skew quotes,
 * P&L split into spread capture, adverse selection, inventory and hedging). See lib/marketmaking/README.md.
 *
 * @module
 */
export {
  type MarkoutHorizon,
  type TradeMarkoutOptions,
  type TradeMarkouts,
  tradeMarkouts,
} from "./markouts.ts";
export { signedVolumeImbalance, type SignedVolumeImbalanceOptions } from "./order_flow_imbalance.ts";
export {
  type AdverseSelectionOptions,
  type AdverseSelectionStudy,
  adverseSelectionStudy,
  type MarkoutRow,
  type SpreadDecompositionRow,
} from "./adverse_selection.ts";
export { averageRanks, spearmanCorrelation } from "./rank_correlation.ts";
export { normalCdf, vpin, type VpinOptions, type VpinSeries } from "./vpin.ts";
export { type VpinStudy, vpinStudy, type VpinStudyOptions } from "./vpin_study.ts";
export {
  type AvellanedaStoikovInputs,
  type AvellanedaStoikovQuotes,
  avellanedaStoikovQuotes,
} from "./avellaneda_stoikov.ts";
export {
  type AvellanedaStoikovPolicy,
  type HedgeImpactLaw,
  type HedgeRecord,
  type MarketMakerOptions,
  type MarketMakerPnl,
  type MarketMakerRun,
  runMarketMaker,
  type SymmetricPolicy,
} from "./market_maker.ts";
export {
  type AcrossSeeds,
  type MarketMakerStudy,
  marketMakerStudy,
  type MarketMakerStudyOptions,
  type MarketMakerSummary,
} from "./market_maker_study.ts";
