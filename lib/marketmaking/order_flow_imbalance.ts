/**
 * Recent order-flow imbalance before each trade: the signed-volume imbalance of the trades that preceded
 * it, a trade-tape proxy of order flow pressure (Chordia & Subrahmanyam 2004, "Order imbalance and
 * individual stock returns", JFE 72(3)). Not the Cont, Kukanov & Stoikov (2014) OFI, which needs every
 * change of the best quotes' sizes.
 *
 * @module
 */
import { assertInteger, assertObject } from "../core/validate.ts";
import { assertTradeTape, type TradeTape } from "../data/trade_tape.ts";

/** Options of {@linkcode signedVolumeImbalance}. */
export interface SignedVolumeImbalanceOptions {
  /** Trades (rows) in the trailing window, integer >= 1. Default 50. */
  windowTrades?: number;
}

/**
 * Signed-volume imbalance `I_i = sum_j s_j v_j / sum_j v_j` over the `W` trades before trade `i` with an
 * earlier timestamp (rows of trade `i`'s own timestamp are left out: they are the same market order), in
 * `[-1, 1]`; NaN while fewer than `W` earlier trades exist. Cost O(n) with prefix sums.
 *
 * @param tape the trades.
 * @param options the window.
 * @returns `I_i` per trade.
 * @throws {TypeError} / {RangeError} for a malformed tape or a bad window.
 *
 * @example
 * ```ts
 * import { signedVolumeImbalance } from "@lib/marketmaking/order_flow_imbalance.ts";
 * import assert from "node:assert/strict";
 * const tape = {
 *   timestamps: new Float64Array([0, 1, 2, 3]), prices: new Float64Array([1, 1, 1, 1]),
 *   sizes: new Float64Array([3, 1, 2, 5]), signs: Int8Array.of(1, -1, 1, 1), symbol: "X",
 *   source: "synthetic" as const,
 * };
 * const imbalance = signedVolumeImbalance(tape, { windowTrades: 2 });
 * assert.ok(Number.isNaN(imbalance[1]!));
 * assert.equal(imbalance[2], (3 - 1) / 4);
 * assert.equal(imbalance[3], (-1 + 2) / 3);
 * ```
 */
export function signedVolumeImbalance(
  tape: TradeTape,
  options: SignedVolumeImbalanceOptions = {},
): Float64Array {
  const action = "compute signed-volume imbalance";
  assertTradeTape(action, tape);
  assertObject(action, "options", options);
  const { windowTrades = 50 } = options;
  assertInteger(action, "windowTrades", windowTrades, 1);
  const { timestamps: t, sizes: v, signs: s } = tape;
  const n = t.length;
  const signed = new Float64Array(n + 1), volume = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    signed[i + 1] = signed[i]! + s[i]! * v[i]!;
    volume[i + 1] = volume[i]! + v[i]!;
  }
  const out = new Float64Array(n);
  let first = 0; // first row of the current timestamp
  for (let i = 0; i < n; i++) {
    if (i > 0 && t[i]! !== t[i - 1]!) first = i;
    if (first < windowTrades) {
      out[i] = NaN;
      continue;
    }
    const lo = first - windowTrades;
    out[i] = (signed[first]! - signed[lo]!) / (volume[first]! - volume[lo]!);
  }
  return out;
}
