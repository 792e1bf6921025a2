/**
 * The square-root law of market impact as a model (its calibration is `calibrate_square_root.ts`).
 *
 * The law (Tóth et al. 2011, eq. 1; Bouchaud, Bonart, Donier & Gould 2018, ch. 12; for Bitcoin metaorders,
 * Donier & Bonart 2015, "A million metaorder analysis of market impact on the Bitcoin", Market
 * Microstructure and Liquidity 1(2), 1550008, who find delta close to 1/2). Almgren, Thum, Hauptmann & Li
 * (2005) do not support a square root for temporary impact: they reject it in favour of a 3/5 power of
 * the trading rate, with a linear permanent term (see {@linkcode Almgren2005Model}).
 *
 * ```
 * I(Q) = sigma * sign(Q) * eta * (|Q| / V)^delta
 * ```
 *
 * with `I` the expected fractional price change (0.001 = 10 bps) caused by a metaorder of signed size `Q`
 * (base units, positive = buy), `sigma` the daily volatility (fraction per day), `V` the average daily
 * volume (base units per day), `eta` (the "Y" constant, dimensionless, of order one) and `delta` (about
 * 1/2 empirically).
 *
 * @module
 */
import { assertImpactLaw, type ImpactLaw, squareRootImpact } from "../core/impact_law.ts";
import {
  assertFinite,
  assertFiniteResult,
  assertObject,
  assertPositive,
  toFiniteArray,
} from "../core/validate.ts";

/** Parameters of {@linkcode SquareRootModel}. */
export interface SquareRootParameters extends ImpactLaw {
  /** Daily volatility `sigma` as a fraction per day (0.03 = 3 %/day), > 0. */
  dailyVolatility: number;
  /** Average daily volume `V` in base units per day (e.g. BTC/day), > 0. */
  averageDailyVolume: number;
}

/**
 * The square-root impact law `I(Q) = sigma * sign(Q) * eta * (|Q| / V)^delta`.
 *
 * A plain, JSON-serialisable value: `JSON.stringify(model)` gives its four parameters.
 *
 * @example
 * ```ts
 * import { SquareRootModel } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const law = new SquareRootModel({ eta: 1, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1_000_000 });
 * // 1 % of daily volume moves the price by sigma * sqrt(0.01) = 0.2 % = 20 bps
 * assert.ok(Math.abs(law.impact(10_000) - 0.002) < 1e-15);
 * assert.ok(Math.abs(law.impact(-10_000) + 0.002) < 1e-15);
 * ```
 */
export class SquareRootModel implements SquareRootParameters {
  readonly eta: number;
  readonly delta: number;
  readonly dailyVolatility: number;
  readonly averageDailyVolume: number;

  /**
   * @throws {RangeError} if a parameter is non-finite, `eta`, `dailyVolatility` or `averageDailyVolume` is <= 0,
   *   `delta` is outside (0, 2], or `parameters` is a calibration flagged `reliable: false`.
   */
  constructor(parameters: SquareRootParameters) {
    const action = "create SquareRootModel";
    assertObject(action, "parameters", parameters, "{ eta, delta, dailyVolatility, averageDailyVolume }");
    const { eta, delta, dailyVolatility, averageDailyVolume } = parameters;
    assertPositive(action, "eta", eta);
    assertPositive(action, "dailyVolatility", dailyVolatility);
    assertPositive(action, "averageDailyVolume", averageDailyVolume);
    assertImpactLaw(action, parameters); // also refuses a calibration flagged reliable: false
    this.eta = eta;
    this.delta = delta;
    this.dailyVolatility = dailyVolatility;
    this.averageDailyVolume = averageDailyVolume;
  }

  /**
   * Expected signed fractional price change of a metaorder, `sigma * sign(Q) * eta * (|Q|/V)^delta`.
   *
   * @param orderSize signed size `Q` in base units (positive buys, negative sells).
   * @returns fraction of the price (0.001 = 10 bps); 0 for `Q = 0`.
   * @throws {RangeError} if `orderSize` is not finite.
   */
  impact(orderSize: number): number {
    assertFinite("compute impact", "orderSize", orderSize);
    if (orderSize === 0) return 0;
    const participation = Math.abs(orderSize) / this.averageDailyVolume;
    const impact = Math.sign(orderSize) * squareRootImpact(this, this.dailyVolatility, participation);
    assertFiniteResult("compute impact", "the impact", impact, {
      orderSize,
      averageDailyVolume: this.averageDailyVolume,
    });
    return impact;
  }

  /**
   * Impact cost in quote currency, `|I(Q)| * midPrice * |Q|`: always >= 0, for buys and sells alike.
   *
   * This values the whole order at the *peak* impact `I(Q)`, the price move at completion that the law is
   * calibrated on: an upper bound. An order trading at a constant rate sees its impact build up as
   * `(t/T)^delta` and pays on average `I(Q) / (1 + delta)`, so its expected cost is `cost / (1 + delta)`
   * (2/3 of this for the square-root law; Farmer, Gerig, Lillo & Waelbroeck 2013).
   *
   * @param orderSize signed size `Q` in base units.
   * @param midPrice mid price in quote currency per base unit, > 0.
   * @returns cost in quote currency (e.g. USDT).
   * @throws {RangeError} if `orderSize` is not finite or `midPrice` is not > 0.
   */
  cost(orderSize: number, midPrice: number): number {
    const action = "compute impact cost";
    assertPositive(action, "midPrice", midPrice);
    const cost = Math.abs(this.impact(orderSize)) * midPrice * Math.abs(orderSize);
    assertFiniteResult(action, "the cost |I(Q)| midPrice |Q|", cost, { orderSize, midPrice });
    return cost;
  }

  /**
   * Impact for many sizes at once.
   * @param orderSizes signed sizes in base units.
   * @returns signed fractional price changes, one per size.
   */
  impacts(orderSizes: ArrayLike<number>): Float64Array {
    const sizes = toFiniteArray("compute impacts", "orderSizes", orderSizes);
    const out = new Float64Array(sizes.length);
    for (let i = 0; i < sizes.length; i++) {
      const q = sizes[i]!;
      out[i] = q === 0
        ? 0
        : Math.sign(q) * squareRootImpact(this, this.dailyVolatility, Math.abs(q) / this.averageDailyVolume);
      if (!Number.isFinite(out[i]!)) {
        assertFiniteResult("compute impacts", `the impact of orderSizes[${i}]`, out[i]!, {
          [`orderSizes[${i}]`]: q,
          averageDailyVolume: this.averageDailyVolume,
        });
      }
    }
    return out;
  }

  /** The four parameters as a plain object. */
  toJSON(): SquareRootParameters {
    return {
      eta: this.eta,
      delta: this.delta,
      dailyVolatility: this.dailyVolatility,
      averageDailyVolume: this.averageDailyVolume,
    };
  }
}
