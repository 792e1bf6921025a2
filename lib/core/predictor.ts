/**
 * The one interface every impact model is used through, per trade: the square-root law, the linear
 * model and the network (`lib/ml`) implement it, and transaction cost analysis (`lib/tca`) consumes it.
 *
 * @module
 */
import type { MetaorderFeaturesInput } from "./trade.ts";

/**
 * Predicts the expected impact of trades.
 *
 * `predictImpact(trades)[i]` is the expected side-adjusted impact of `trades[i]` as a FRACTION of the
 * arrival price (0.001 = 10 bps): positive means the price is expected to move against the order (up
 * for a buy, down for a sell). Multiply by `sign(size)` for the signed price change, and by
 * `|size| * arrivalPrice` for a cost in quote currency.
 *
 * @example
 * ```ts
 * import type { ImpactPredictor } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * const flat: ImpactPredictor = { label: "10 bps", predictImpact: (t) => new Float64Array(t.length).fill(0.001) };
 * assert.equal(flat.predictImpact([]).length, 0);
 * ```
 */
export interface ImpactPredictor<T = MetaorderFeaturesInput> {
  /** Short description, e.g. `"network 6-32-16-1"`. */
  readonly label: string;
  /**
   * Expected side-adjusted impact of each trade, fraction of the arrival price.
   * Missing optional fields take the defaults of {@linkcode MetaorderFeaturesInput}: `momentum` 0,
   * `volumeShare` 1/24.
   * @throws {TypeError | RangeError} naming the trade and field that is missing or out of domain.
   */
  predictImpact(trades: ArrayLike<T>): Float64Array;
}
