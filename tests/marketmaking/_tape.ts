/**
 * A hand-made tape with quotes for the market-making tests: five trades, the first two one market order
 * (same timestamp), with the mid in force before each.
 * @module
 */
import type { TradeQuotes } from "@lib/data/quote_series.ts";
import type { TradeTape } from "@lib/data/trade_tape.ts";

/** t (ms), price, side, size, mid before. */
export const ROWS = [
  [0, 100.1, 1, 1, 100.0],
  [0, 100.2, 1, 2, 100.0],
  [500, 100.05, -1, 1.5, 100.15],
  [1500, 100.3, 1, 3, 100.2],
  [3000, 100.1, -1, 0.5, 100.25],
] as const;

/** The tape of {@linkcode ROWS}. */
export function handTape(): TradeTape & { quotes: TradeQuotes } {
  const n = ROWS.length;
  return {
    timestamps: Float64Array.from(ROWS, (r) => r[0]),
    prices: Float64Array.from(ROWS, (r) => r[1]),
    signs: Int8Array.from(ROWS, (r) => r[2]),
    sizes: Float64Array.from(ROWS, (r) => r[3]),
    symbol: "HAND",
    source: "synthetic",
    quotes: {
      mids: Float64Array.from(ROWS, (r) => r[4]),
      spreads: new Float64Array(n).fill(0.1),
      bidSizes: new Float64Array(n).fill(1),
      askSizes: new Float64Array(n).fill(1),
    },
  };
}
