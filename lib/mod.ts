/**
 * Price impact modeling: the public surface of the library.
 *
 * - {@link ./impact/mod.ts}: the square-root law, its calibration, a seeded metaorder simulator, price paths.
 * - {@link ./data/mod.ts}: Bybit v5 client, parquet cache (`loadKlines`), synthetic market, candle statistics,
 *   metaorders simulated on candles.
 * - {@link ./ml/mod.ts}: features, scaler, splits, linear model, ReLU network, predictors, walk-forward comparison.
 * - {@link ./tca/mod.ts}: transaction cost analysis per trade and vectorized (polars), summaries, markouts.
 * - {@link ./execution/mod.ts}: Almgren-Chriss, efficient frontier, TWAP/VWAP/POV, parameters from market data.
 * - {@link ./tape/mod.ts}: impact measured on trade tapes: sign correlation, response function, aggregate impact,
 *   Kyle's lambda, synthetic metaorders and the square-root law, profile and decay measured on them.
 * - {@link ./plot/mod.ts}: Observable Plot figures outside a browser, and each area's plot builders.
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
export * from "./tape/mod.ts";
export * from "./plot/mod.ts";
export * from "./display.ts";
export * from "./random.ts";
