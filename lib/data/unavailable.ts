/**
 * The one fallback policy of the loaders: when a caller may use other data (the labelled synthetic market
 * or tape) instead of what it asked for. Only "not available here and now" qualifies: offline with the
 * range not cached, or Bybit unreachable after every retry. Every other failure (a bad symbol or range, a
 * corrupt or unreadable cache file, a refused or invalid archive day, rate limiting) is a mistake to fix,
 * and synthetic data must not hide it.
 *
 * {@linkcode loadKlines} applies it inside (its `fallback` option); {@linkcode loadTrades} never falls back
 * and throws {@linkcode TradeLoadError}, which `loadTapeOrSynthetic` (lib/tape) reads with
 * {@linkcode unavailableReason}.
 *
 * @module
 */
import { BybitUnavailableError } from "./bybit/bybit_http.ts";
import { TradeLoadError } from "./load_trades.ts";

/**
 * Why `error` means the data is only not available offline (so a fallback is allowed), or `undefined`
 * when it is any other failure (which must propagate).
 *
 * - {@linkcode BybitUnavailableError}: Bybit could not be used after every attempt (network, timeouts,
 *   5xx): allowed.
 * - {@linkcode TradeLoadError}: allowed when every day that is not available is `missing` because the
 *   loader is offline, or `failed` because Bybit was unreachable (`cause` `"offline"` or `"unreachable"`);
 *   a day not published (404), invalid, suspicious or rate limited is not a reason to fall back.
 * - anything else (RangeError, TypeError, a cache file that cannot be read, ...): not allowed.
 *
 * @param error what a loader threw.
 * @returns the reason to print, or `undefined`.
 *
 * @example
 * ```ts
 * import { unavailableReason, BybitUnavailableError } from "@lib/data/mod.ts";
 * import assert from "node:assert/strict";
 * const down = new BybitUnavailableError("fetch klines", { attempts: 3, lastError: "network error", request: "GET /x" });
 * assert.match(unavailableReason(down) ?? "", /unavailable after 3 attempts/);
 * assert.equal(unavailableReason(new RangeError("Cannot load trades: symbol must be ...")), undefined);
 * ```
 */
export function unavailableReason(error: unknown): string | undefined {
  if (error instanceof BybitUnavailableError) return error.message;
  if (error instanceof TradeLoadError) {
    const bad = error.report.days.filter((d) => d.status === "missing" || d.status === "failed");
    const offlineOnly = bad.length > 0 &&
      bad.every((d) => d.cause === "offline" || d.cause === "unreachable");
    return offlineOnly ? error.message : undefined;
  }
  return undefined;
}
