/**
 * Mid-price markouts of each trade on a tape with quotes, and the effective / realized spread and price
 * impact decomposition of what a liquidity taker paid.
 *
 * For trade `i` with side `s` (+1 buyer-initiated), price `p`, mid `m` in force strictly before it and
 * `m_h` the mid a horizon `h` later (Huang & Stoll 1996, "Dealer versus auction markets", JFE 41(3);
 * Bessembinder 2003, "Issues in assessing trade execution costs", J. Financial Markets 6(3)):
 * - effective half-spread `e = s (p - m) / m`,
 * - realized half-spread `r_h = s (p - m_h) / m`, what the maker kept after the mid moved,
 * - price impact (markout) `a_h = s (m_h - m) / m`, positive when the mid moved the taker's way: the
 *   maker's adverse selection loss (Glosten & Milgrom 1985, JFE 14(1)),
 * so that `e = r_h + a_h` for every trade. All three are returned in basis points of `m`.
 *
 * @module
 */
import { assertInteger, assertObject, assertPositive } from "../core/validate.ts";
import type { TradeTape } from "../data/trade_tape.ts";
import { assertTapeWithQuotes } from "./_tape_quotes.ts";

/** Options of {@linkcode tradeMarkouts}. */
export interface TradeMarkoutOptions {
  /** Horizons in seconds, each > 0. Default `[1, 10, 60]`. */
  horizonsSeconds?: readonly number[];
  /**
   * Horizons in trade events, each an integer >= 1. Rows of one timestamp are one event (the levels one
   * market order took). Default `[]`.
   */
  horizonsTrades?: readonly number[];
}

/** One markout horizon. */
export interface MarkoutHorizon {
  /** `"1 s"`, `"10 trades"`. */
  label: string;
  /** Unit of `value`. */
  unit: "s" | "trades";
  /** Length of the horizon in `unit`. */
  value: number;
}

/** Per-trade markouts: one column per horizon, one value per trade. */
export interface TradeMarkouts {
  /** The horizons, seconds first then trade events, in the order given. */
  horizons: MarkoutHorizon[];
  /** Effective half-spread `s (p - m) / m`, bps; NaN before the first quote. */
  effectiveHalfSpreadBps: Float64Array;
  /** Per horizon, the markout (price impact) `s (m_h - m) / m`, bps; NaN where `m_h` is past the tape's end. */
  markoutBps: Float64Array[];
  /** Per horizon, the realized half-spread `s (p - m_h) / m`, bps (`e - a_h`). */
  realizedHalfSpreadBps: Float64Array[];
}

/**
 * Markouts of the mid after every trade, side-adjusted, with the spread decomposition.
 *
 * The mid `h` seconds after trade `i` is the mid in force strictly before the first trade at or after
 * `t_i + h` (the tape's own quotes, so at most one inter-trade gap late); `k` trade events after `i` it is
 * the mid before the first row of the `k`-th later timestamp. Cost O(n) per horizon.
 *
 * @param tape trades with `quotes` (the quote before each trade).
 * @param options horizons.
 * @returns per-trade effective half-spread, markouts and realized half-spreads, bps of the pre-trade mid.
 * @throws {TypeError} if the tape has no quotes or a column is malformed.
 * @throws {RangeError} for a bad horizon or tape value.
 *
 * @example
 * ```ts
 * import { tradeMarkouts } from "@lib/marketmaking/markouts.ts";
 * import assert from "node:assert/strict";
 * // A buy at 100.05 with mid 100 before it; the next trade, 2 s later, sees mid 100.10.
 * const tape = {
 *   timestamps: new Float64Array([0, 2000]), prices: new Float64Array([100.05, 100.15]),
 *   sizes: new Float64Array([1, 1]), signs: Int8Array.of(1, 1), symbol: "X", source: "synthetic" as const,
 *   quotes: { mids: new Float64Array([100, 100.1]), spreads: new Float64Array([0.1, 0.1]),
 *     bidSizes: new Float64Array(2), askSizes: new Float64Array(2) },
 * };
 * const m = tradeMarkouts(tape, { horizonsSeconds: [1] });
 * assert.ok(Math.abs(m.effectiveHalfSpreadBps[0]! - 5) < 1e-9); // 0.05 / 100
 * assert.ok(Math.abs(m.markoutBps[0]![0]! - 10) < 1e-9); // 0.10 / 100
 * assert.ok(Math.abs(m.realizedHalfSpreadBps[0]![0]! + 5) < 1e-9); // 5 - 10
 * assert.ok(Number.isNaN(m.markoutBps[0]![1]!)); // nothing after the last trade
 * ```
 */
export function tradeMarkouts(tape: TradeTape, options: TradeMarkoutOptions = {}): TradeMarkouts {
  const action = "compute trade markouts";
  assertTapeWithQuotes(action, tape);
  assertObject(action, "options", options);
  const { horizonsSeconds = [1, 10, 60], horizonsTrades = [] } = options;
  assertHorizonList(action, "horizonsSeconds", horizonsSeconds, false);
  assertHorizonList(action, "horizonsTrades", horizonsTrades, true);
  if (horizonsSeconds.length + horizonsTrades.length === 0) {
    throw new RangeError(`Cannot ${action}: options must name at least one horizon: current count is 0`);
  }
  const { timestamps: t, prices: p, signs: s } = tape;
  const mids = tape.quotes.mids;
  const n = p.length;
  const effective = new Float64Array(n);
  for (let i = 0; i < n; i++) effective[i] = (s[i]! * (p[i]! - mids[i]!) / mids[i]!) * 1e4;
  const horizons: MarkoutHorizon[] = [];
  const after: Int32Array[] = [];
  for (const h of horizonsSeconds) {
    horizons.push({ label: `${h} s`, unit: "s", value: h });
    const idx = new Int32Array(n);
    let j = 0;
    for (let i = 0; i < n; i++) {
      const target = t[i]! + h * 1000;
      if (j < i + 1) j = i + 1;
      while (j < n && t[j]! < target) j++;
      idx[i] = j;
    }
    after.push(idx);
  }
  if (horizonsTrades.length > 0) {
    // First row of each trade event (rows sharing a timestamp), and the event of each row.
    const eventOf = new Int32Array(n);
    const firstRow: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i === 0 || t[i]! !== t[i - 1]!) firstRow.push(i);
      eventOf[i] = firstRow.length - 1;
    }
    for (const k of horizonsTrades) {
      horizons.push({ label: `${k} trade${k === 1 ? "" : "s"}`, unit: "trades", value: k });
      const idx = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const e = eventOf[i]! + k;
        idx[i] = e < firstRow.length ? firstRow[e]! : n;
      }
      after.push(idx);
    }
  }
  const markoutBps: Float64Array[] = [], realizedHalfSpreadBps: Float64Array[] = [];
  for (const idx of after) {
    const a = new Float64Array(n), r = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const j = idx[i]!;
      const later = j < n ? mids[j]! : NaN;
      a[i] = (s[i]! * (later - mids[i]!) / mids[i]!) * 1e4;
      r[i] = effective[i]! - a[i]!;
    }
    markoutBps.push(a);
    realizedHalfSpreadBps.push(r);
  }
  return { horizons, effectiveHalfSpreadBps: effective, markoutBps, realizedHalfSpreadBps };
}

function assertHorizonList(action: string, name: string, list: readonly number[], integer: boolean): void {
  if (!Array.isArray(list)) {
    throw new TypeError(`Cannot ${action}: ${name} must be an array of numbers: current value is ${list}`);
  }
  list.forEach((h, k) => {
    if (integer) assertInteger(action, `${name}[${k}]`, h, 1);
    else assertPositive(action, `${name}[${k}]`, h);
  });
}
