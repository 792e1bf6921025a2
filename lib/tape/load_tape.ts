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
import { unavailableReason } from "../data/unavailable.ts";

/** What a tape loader may return: typed-array columns, a polars DataFrame, or a LazyFrame (collected here). */
export type LoadedTape = TradeTape | pl.DataFrame | pl.LazyDataFrame;

/** Result of {@linkcode loadTapeOrSynthetic}. */
export interface TapeChoice {
  tape: TradeTape;
  /** One sentence: which data, how many trades, over which dates; synthetic tapes say so. */
  description: string;
  /** True when the synthetic tape was used. */
  synthetic: boolean;
  /** Why the loader was not used (no loader, or the message of its "not available offline" error). */
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
 * tape ({@linkcode synthesizeTrades}) only when there is no loader or the real tape is not available
 * offline: the policy of {@linkcode unavailableReason} (offline with the range not cached, or Bybit
 * unreachable). Every other error of the loader (a bad symbol or range, a corrupt or unreadable cache
 * file, an invalid archive day) propagates: synthetic data must not hide a mistake. The result says which
 * tape was used, so a notebook can print it.
 *
 * @param loader optional async function returning a tape, a tape frame or a lazy frame.
 * @param options `symbol` and `source` for a frame (default `"BTCUSDT"`, `"bybit"`), `synthetic` options.
 * @returns the tape, a description and whether it is synthetic.
 * @throws whatever `loader` throws that is not "not available offline".
 * @throws {RangeError} when the loader returns no trades (a real range with no trade is a mistake too).
 *
 * @example
 * ```ts
 * import { loadTapeOrSynthetic } from "@lib/tape/mod.ts";
 * import { loadTrades } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const cacheDir = await Deno.makeTempDir();
 * const spec = { symbol: "BTCUSDT", start: "2025-06-01", end: "2025-06-02" };
 * const choice = await loadTapeOrSynthetic(async () => (await loadTrades(spec, { offline: true, cacheDir })).frame, {
 *   synthetic: { days: 1, tradesPerDay: 1000 },
 * });
 * assert.equal(choice.synthetic, true);
 * assert.match(choice.fallbackReason ?? "", /not cached and offline/);
 * // A mistake is not hidden:
 * await assert.rejects(loadTapeOrSynthetic(() => loadTrades({ ...spec, symbol: "btc" }, { offline: true, cacheDir }).then((l) => l.frame)), RangeError);
 * await Deno.remove(cacheDir, { recursive: true });
 * ```
 */
export async function loadTapeOrSynthetic(
  loader?: () => Promise<LoadedTape> | LoadedTape,
  options: { symbol?: string; source?: "bybit" | "csv"; synthetic?: SyntheticTradeOptions } = {},
): Promise<TapeChoice> {
  const { symbol = "BTCUSDT", source = "bybit", synthetic = {} } = options;
  let reason = "no tape loader available";
  if (loader) {
    let loaded: LoadedTape | undefined;
    try {
      loaded = await loader();
    } catch (error) {
      const why = unavailableReason(error);
      if (why === undefined) throw error;
      reason = why;
    }
    if (loaded !== undefined) {
      if (typeof (loaded as pl.LazyDataFrame).collect === "function" && !("getColumn" in loaded)) {
        loaded = await (loaded as pl.LazyDataFrame).collect();
      }
      const tape = "timestamps" in loaded
        ? loaded as TradeTape
        : tradeTapeFromFrame(loaded as pl.DataFrame, { symbol, source });
      if (tape.timestamps.length === 0) {
        throw new RangeError(
          "Cannot load tape: the loader must return at least one trade: current value is an empty tape",
        );
      }
      return { tape, description: describeTape(tape), synthetic: tape.source === "synthetic" };
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
