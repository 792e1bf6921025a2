/**
 * Choosing the tape a notebook runs on: a real tape from a loader when it works, else the labelled synthetic
 * tape, and a sentence saying which.
 *
 * @module
 */
import type pl from "npm:nodejs-polars@0.25.2";
import { assertTradeTape, type TradeTape, tradeTapeFromFrame } from "../data/trade_tape.ts";
import { assertTimestamp } from "../core/validate.ts";
import { synthesizeTrades, type SyntheticTradeOptions } from "../data/synthetic/synthetic_trades.ts";

/** What a tape loader may return: typed-array columns, a polars DataFrame, or a LazyFrame (collected here). */
export type LoadedTape = TradeTape | pl.DataFrame | pl.LazyDataFrame;

/** Result of {@linkcode loadTapeOrSynthetic}. */
export interface TapeChoice {
  tape: TradeTape;
  /** One sentence: which data, how many trades, over which dates; synthetic tapes say so. */
  description: string;
  /** True when the synthetic tape was used. */
  synthetic: boolean;
  /** Why the loader was not used (no loader, or its error message). */
  fallbackReason?: string;
}

/**
 * A sentence describing a tape: source, symbol, trade count and UTC date range; a synthetic tape is
 * labelled as such, with the reminder that results on it test the estimators only.
 *
 * @example
 * ```ts
 * import { describeTape } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const tape = {
 *   timestamps: Float64Array.from([Date.UTC(2025, 5, 1), Date.UTC(2025, 5, 2)]),
 *   prices: Float64Array.from([1, 1]), sizes: Float64Array.from([1, 1]), signs: Int8Array.from([1, -1]),
 *   symbol: "SYNTHETIC", source: "synthetic" as const,
 * };
 * assert.match(describeTape(tape), /^SYNTHETIC tape/);
 * assert.match(describeTape(tape), /2 trades, 2025-06-01 to 2025-06-02/);
 * ```
 */
export function describeTape(tape: TradeTape): string {
  const action = "describe tape";
  assertTradeTape(action, tape, 0);
  const n = tape.timestamps.length;
  if (n > 0) {
    assertTimestamp(action, "tape.timestamps[0]", tape.timestamps[0]!);
    assertTimestamp(action, `tape.timestamps[${n - 1}]`, tape.timestamps[n - 1]!);
  }
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const range = n > 0 ? `${day(tape.timestamps[0]!)} to ${day(tape.timestamps[n - 1]!)} (UTC)` : "no trades";
  const count = `${n.toLocaleString("en-US")} trades, ${range}`;
  if (tape.source === "synthetic") {
    return `SYNTHETIC tape (seeded propagator model with long-memory order signs, not market data): ${count}. ` +
      `Results on it test the estimators; they are not findings about markets.`;
  }
  const where = tape.source === "bybit" ? "Bybit public trades" : "trades read from a CSV file";
  return `${tape.symbol} ${where}: ${count}.`;
}

/**
 * Loads a real tape with `loader` (e.g. `() => loadTrades(spec)`), and falls back to the seeded synthetic
 * tape ({@linkcode synthesizeTrades}) when there is no loader or it fails (offline, nothing cached). The
 * result says which, so a notebook can print it.
 *
 * @param loader optional async function returning a tape, a tape frame or a lazy frame.
 * @param options `symbol` and `source` for a frame (default `"BTCUSDT"`, `"bybit"`), `synthetic` options.
 * @returns the tape, a description and whether it is synthetic.
 *
 * @example
 * ```ts
 * import { loadTapeOrSynthetic } from "@lib/tape/mod.ts";
 * import assert from "node:assert/strict";
 * const choice = await loadTapeOrSynthetic(() => Promise.reject(new Error("offline")), {
 *   synthetic: { days: 1, tradesPerDay: 1000 },
 * });
 * assert.equal(choice.synthetic, true);
 * assert.equal(choice.fallbackReason, "offline");
 * assert.equal(choice.tape.source, "synthetic");
 * ```
 */
export async function loadTapeOrSynthetic(
  loader?: () => Promise<LoadedTape> | LoadedTape,
  options: { symbol?: string; source?: "bybit" | "csv"; synthetic?: SyntheticTradeOptions } = {},
): Promise<TapeChoice> {
  const { symbol = "BTCUSDT", source = "bybit", synthetic = {} } = options;
  let reason = "no tape loader available";
  if (loader) {
    try {
      let loaded = await loader();
      if (loaded && typeof (loaded as pl.LazyDataFrame).collect === "function" && !("getColumn" in loaded)) {
        loaded = await (loaded as pl.LazyDataFrame).collect();
      }
      const tape = "timestamps" in loaded
        ? loaded as TradeTape
        : tradeTapeFromFrame(loaded as pl.DataFrame, { symbol, source });
      if (tape.timestamps.length > 0) {
        return { tape, description: describeTape(tape), synthetic: tape.source === "synthetic" };
      }
      reason = "the loader returned no trades";
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  const tape = synthesizeTrades(synthetic);
  return {
    tape,
    description: `${describeTape(tape)} (Real tape not used: ${reason}.)`,
    synthetic: true,
    fallbackReason: reason,
  };
}
