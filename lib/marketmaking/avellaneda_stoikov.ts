/**
 * The Avellaneda & Stoikov (2008) quotes of an inventory-averse market maker ("High-frequency trading in
 * a limit order book", Quantitative Finance 8(3), 217-224).
 *
 * With mid `s`, inventory `q` (base units, > 0 long), risk aversion `gamma`, mid volatility `sigma`
 * (quote currency per base unit per sqrt second), time left `T - t` (seconds) and fill intensity
 * `lambda(d) = A exp(-k d)` at distance `d` from the mid (`k` per quote currency):
 * - reservation price (eq. 29) `r = s - q gamma sigma^2 (T - t)`,
 * - optimal total spread (eq. 30) `d_a + d_b = gamma sigma^2 (T - t) + (2 / gamma) ln(1 + gamma / k)`,
 * quoted symmetrically around `r`: bid `r - spread / 2`, ask `r + spread / 2`.
 *
 * @module
 */
import { assertEach, assertFinite, assertObject } from "../core/validate.ts";

/** Inputs of {@linkcode avellanedaStoikovQuotes}. */
export interface AvellanedaStoikovInputs {
  /** Mid price `s`, quote currency per base unit, > 0. */
  mid: number;
  /** Inventory `q`, base units (long > 0). */
  inventory: number;
  /** Risk aversion `gamma`, per (quote currency x base unit), > 0. */
  gamma: number;
  /** Mid volatility `sigma`, quote currency per base unit per sqrt(second), >= 0. */
  sigma: number;
  /** Time left `T - t`, seconds, >= 0. */
  timeLeftSeconds: number;
  /** Decay `k` of the fill intensity with distance from the mid, per quote currency, > 0. */
  k: number;
}

/** Quotes of {@linkcode avellanedaStoikovQuotes}, quote currency per base unit. */
export interface AvellanedaStoikovQuotes {
  /** Reservation price `r`. */
  reservationPrice: number;
  /** Optimal total spread `d_a + d_b`. */
  spread: number;
  /** `r - spread / 2`. */
  bid: number;
  /** `r + spread / 2`. */
  ask: number;
}

/**
 * Reservation price and optimal quotes of Avellaneda & Stoikov (2008) eq. 29-30 (before rounding to a
 * tick). Cost O(1).
 *
 * @param inputs mid, inventory, gamma, sigma, time left, k.
 * @returns reservation price, spread, bid, ask.
 * @throws {TypeError} / {RangeError} for a non-finite or out-of-domain input.
 *
 * @example
 * ```ts
 * import { avellanedaStoikovQuotes } from "@lib/marketmaking/avellaneda_stoikov.ts";
 * import assert from "node:assert/strict";
 * // s = 100, q = 2, gamma = 0.1, sigma = 2, T - t = 1, k = 1.5:
 * // r = 100 - 2 * 0.1 * 4 * 1 = 99.2; spread = 0.4 + 20 ln(1 + 0.1 / 1.5) = 1.6908
 * const q = avellanedaStoikovQuotes({ mid: 100, inventory: 2, gamma: 0.1, sigma: 2, timeLeftSeconds: 1, k: 1.5 });
 * assert.ok(Math.abs(q.reservationPrice - 99.2) < 1e-12);
 * assert.ok(Math.abs(q.spread - (0.4 + 20 * Math.log(1 + 0.1 / 1.5))) < 1e-12);
 * assert.ok(Math.abs(q.ask - q.bid - q.spread) < 1e-12);
 * ```
 */
export function avellanedaStoikovQuotes(inputs: AvellanedaStoikovInputs): AvellanedaStoikovQuotes {
  const action = "compute Avellaneda-Stoikov quotes";
  assertObject(action, "inputs", inputs);
  const { mid, inventory, gamma, sigma, timeLeftSeconds, k } = inputs;
  assertFinite(action, "inventory", inventory);
  assertEach(action, "positive", { mid, gamma, k });
  assertEach(action, "non-negative", { sigma, timeLeftSeconds });
  const risk = gamma * sigma * sigma * timeLeftSeconds;
  const reservationPrice = mid - inventory * risk;
  const spread = risk + (2 / gamma) * Math.log1p(gamma / k);
  return { reservationPrice, spread, bid: reservationPrice - spread / 2, ask: reservationPrice + spread / 2 };
}
