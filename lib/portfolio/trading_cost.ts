/**
 * One trading-cost object for a portfolio, used by the optimiser and by the backtest alike (the cvxportfolio
 * design: Boyd, Busseti, Diamond, Kahn, Koh, Nystrup & Speth 2017, "Multi-Period Trading via Convex
 * Optimization", Foundations and Trends in Optimization 3(1), Section 2.3, eq. 2.4 for the transaction cost).
 *
 * @module
 */
import type { ImpactLaw } from "../core/impact_law.ts";
import { assertImpactLaw, squareRootImpact } from "../core/impact_law.ts";
import type { ImpactPredictor } from "../core/predictor.ts";
import type { MetaorderFeaturesInput } from "../core/trade.ts";
import {
  assertFiniteResult,
  assertNonNegative,
  assertObject,
  assertPositive,
  describeValue,
  toFiniteArray,
} from "../core/validate.ts";

/** Parameters of {@linkcode TradingCost}. */
export interface TradingCostParameters {
  /** The square-root law `{ eta, delta }` (dimensionless; `delta` in (0, 2]): the convex impact the optimiser sees. */
  law: ImpactLaw;
  /** Daily volatility `sigma_i` of each asset, fraction per day, > 0. */
  dailyVolatility: ArrayLike<number>;
  /** Average daily volume `V_i` of each asset in QUOTE currency per day (USDT/day), > 0. */
  averageDailyVolume: ArrayLike<number>;
  /** Half the quoted bid-ask spread, fraction of the price (0.0001 = 1 bp): one number or one per asset, >= 0. */
  halfSpread: number | ArrayLike<number>;
  /** Exchange fee per unit of notional traded, fraction (0.00055 = 5.5 bps), >= 0. Default 0. */
  fee?: number;
  /**
   * The impact model the backtest charges ({@linkcode TradingCost.charge}): any `ImpactPredictor` (the law,
   * Almgren et al. 2005, the network). Default: the square-root law above, so that the backtest charges
   * exactly what the optimiser minimised.
   */
  predictor?: ImpactPredictor;
  /** Execution time of each rebalancing trade in days, > 0, passed to the predictor as `durationMinutes`. Default 1. */
  durationDays?: number;
}

/** The optimiser's view of the cost at a portfolio value: `cost_i(u) = linear_i |u| + power_i |u|^exponent`. */
export interface ConvexCostTerms {
  /** `halfSpread_i + fee`, fraction of the traded notional (so of `W` per unit of weight). */
  linear: Float64Array;
  /** `sigma_i eta (W / V_i)^delta`, fraction of `W` per unit of `|u|^exponent`. */
  power: Float64Array;
  /** `1 + delta`: 3/2 for the square-root law. */
  exponent: number;
}

/** What one rebalancing costs, per asset and in total, in quote currency. */
export interface TradeCharges {
  /** `|u_i| W`, quote currency. */
  notional: Float64Array;
  /** Predicted impact times the notional, quote currency (the predictor's sign is kept). */
  impact: Float64Array;
  /** `halfSpread_i |u_i| W`, quote currency. */
  spread: Float64Array;
  /** `fee |u_i| W`, quote currency. */
  fee: Float64Array;
  /** Sum over assets of impact + spread + fee, quote currency. */
  total: number;
  /** Sum of `notional`, quote currency. */
  traded: number;
}

/** Options of {@linkcode TradingCost.charge}. */
export interface ChargeOptions {
  /** Portfolio value `W` before the trade, quote currency, > 0. */
  portfolioValue: number;
  /** Mid price of each asset, quote per base unit, > 0. Default 1 for every asset (sizes in quote units). */
  prices?: ArrayLike<number>;
}

/**
 * The trading cost of moving a portfolio of value `W` (quote currency) by weights `u = w - w_current`:
 *
 * ```
 * cost_i = (halfSpread_i + fee) |u_i| W  +  sigma_i eta (|u_i| W / V_i)^delta  |u_i| W
 * ```
 *
 * the square-root law (Tóth et al. 2011 eq. 1) charged on the traded notional, plus half the spread and the
 * fee; as a fraction of `W` it is `a_i |u_i| + b_i |u_i|^(1 + delta)` with `b_i = sigma_i eta (W/V_i)^delta`,
 * convex for every `delta > 0` (a 3/2-power cost for `delta = 1/2`). The optimiser reads
 * {@linkcode TradingCost.convexTerms}; the backtest calls {@linkcode TradingCost.charge}, which prices the
 * impact with the `predictor` (default: this law, so both see the same number).
 *
 * The law's impact is the peak impact at completion of a metaorder, charged on the whole notional: an upper
 * bound on the expected cost of a trade spread over the day (the average fill pays about
 * `1 / (1 + delta)` of it; see `SquareRootModel.cost`).
 *
 * @example
 * ```ts
 * import { TradingCost } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const cost = new TradingCost({
 *   law: { eta: 1, delta: 0.5 }, dailyVolatility: [0.02], averageDailyVolume: [1e8], halfSpread: 1e-4, fee: 5e-4,
 * });
 * // W = 1e6, u = 0.5: notional 5e5 = 0.5 % of V; impact 0.02 * sqrt(0.005) = 14.1 bps on 5e5
 * const expected = (1e-4 + 5e-4) * 5e5 + 0.02 * Math.sqrt(0.005) * 5e5;
 * assert.ok(Math.abs(cost.charge([0.5], { portfolioValue: 1e6 }).total - expected) < 1e-9);
 * assert.ok(Math.abs(cost.value([0.5], 1e6) * 1e6 - expected) < 1e-9);
 * ```
 */
export class TradingCost {
  /** The square-root law the optimiser uses. */
  readonly law: ImpactLaw;
  /** Daily volatility per asset, fraction per day. */
  readonly dailyVolatility: Float64Array;
  /** Average daily volume per asset, quote currency per day. */
  readonly averageDailyVolume: Float64Array;
  /** Half spread per asset, fraction of the price. */
  readonly halfSpread: Float64Array;
  /** Fee, fraction of the notional. */
  readonly fee: number;
  /** The backtest's impact model, or `undefined` for the law itself. */
  readonly predictor: ImpactPredictor | undefined;
  /** Execution time of a rebalancing trade, days. */
  readonly durationDays: number;

  /**
   * @throws {TypeError} for arrays of different lengths or a non-object.
   * @throws {RangeError} for a volatility, volume or execution time not > 0, a negative spread or fee, or an
   *   invalid law.
   */
  constructor(parameters: TradingCostParameters) {
    const action = "create TradingCost";
    assertObject(
      action,
      "parameters",
      parameters,
      "{ law, dailyVolatility, averageDailyVolume, halfSpread }",
    );
    assertImpactLaw(action, parameters.law, "law");
    this.law = { eta: parameters.law.eta, delta: parameters.law.delta };
    this.dailyVolatility = toFiniteArray(action, "dailyVolatility", parameters.dailyVolatility);
    const n = this.dailyVolatility.length;
    if (n === 0) {
      throw new TypeError(
        `Cannot ${action}: dailyVolatility must hold one value per asset: current length is 0`,
      );
    }
    this.dailyVolatility.forEach((v, i) => assertPositive(action, `dailyVolatility[${i}]`, v));
    this.averageDailyVolume = toFiniteArray(action, "averageDailyVolume", parameters.averageDailyVolume);
    assertLength(action, "averageDailyVolume", this.averageDailyVolume, n);
    this.averageDailyVolume.forEach((v, i) => assertPositive(action, `averageDailyVolume[${i}]`, v));
    const { halfSpread, fee = 0, predictor, durationDays = 1 } = parameters;
    this.halfSpread = typeof halfSpread === "number"
      ? new Float64Array(n).fill(halfSpread)
      : toFiniteArray(action, "halfSpread", halfSpread);
    assertLength(action, "halfSpread", this.halfSpread, n);
    this.halfSpread.forEach((v, i) => assertNonNegative(action, `halfSpread[${i}]`, v));
    assertNonNegative(action, "fee", fee);
    this.fee = fee;
    if (predictor !== undefined && (predictor === null || typeof predictor.predictImpact !== "function")) {
      throw new TypeError(
        `Cannot ${action}: predictor must be an ImpactPredictor { label, predictImpact }: current value is ${
          describeValue(predictor)
        }`,
      );
    }
    this.predictor = predictor;
    assertPositive(action, "durationDays", durationDays);
    this.durationDays = durationDays;
  }

  /** Number of assets. */
  get assets(): number {
    return this.dailyVolatility.length;
  }

  /** Label of the backtest's impact model. */
  get impactLabel(): string {
    return this.predictor?.label ?? "square-root law";
  }

  /**
   * The cost as the optimiser sees it at portfolio value `W`: `cost_i(u)/W = linear_i |u| + power_i |u|^exponent`.
   * @param portfolioValue `W`, quote currency, > 0.
   * @returns the coefficients (fresh arrays).
   * @throws {RangeError} if `portfolioValue` is not > 0.
   */
  convexTerms(portfolioValue: number): ConvexCostTerms {
    assertPositive("compute convex cost terms", "portfolioValue", portfolioValue);
    const n = this.assets;
    const linear = new Float64Array(n), power = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      linear[i] = this.halfSpread[i]! + this.fee;
      power[i] = this.dailyVolatility[i]! * this.law.eta *
        Math.pow(portfolioValue / this.averageDailyVolume[i]!, this.law.delta);
    }
    return { linear, power, exponent: 1 + this.law.delta };
  }

  /**
   * The law's cost of trades `u` as a fraction of `W` (what the optimiser minimises): `sum_i cost_i / W`.
   * @param trades `u_i`, weight changes (fractions of `W`), one per asset.
   * @param portfolioValue `W`, quote currency, > 0.
   * @returns cost, fraction of `W`.
   */
  value(trades: ArrayLike<number>, portfolioValue: number): number {
    const action = "compute trading cost";
    const u = toFiniteArray(action, "trades", trades);
    assertLength(action, "trades", u, this.assets);
    assertPositive(action, "portfolioValue", portfolioValue);
    let total = 0;
    for (let i = 0; i < u.length; i++) {
      const q = Math.abs(u[i]!);
      if (q === 0) continue;
      total += (this.halfSpread[i]! + this.fee) * q +
        squareRootImpact(
            this.law,
            this.dailyVolatility[i]!,
            (q * portfolioValue) / this.averageDailyVolume[i]!,
          ) *
          q;
    }
    assertFiniteResult(action, "the cost", total, { portfolioValue, trades: u });
    return total;
  }

  /**
   * What the backtest charges for trades `u`: per asset, the impact predicted by `predictor` (default the law)
   * times the notional, half the spread and the fee, in quote currency. Each nonzero trade is passed to the
   * predictor as a metaorder `{ size: u_i W / price_i, arrivalPrice: price_i, spread: 2 halfSpread_i price_i,
   * averageDailyVolume: V_i / price_i, dailyVolatility: sigma_i, durationMinutes: 1440 durationDays }`.
   *
   * @param trades `u_i`, weight changes, one per asset.
   * @param options `portfolioValue` and optional `prices`.
   * @returns the charges; `total = sum(impact + spread + fee)`.
   * @throws {TypeError | RangeError} for bad input, or a predictor returning the wrong length or a non-finite value.
   */
  charge(trades: ArrayLike<number>, options: ChargeOptions): TradeCharges {
    const action = "charge trading cost";
    assertObject(action, "options", options, "{ portfolioValue }");
    const u = toFiniteArray(action, "trades", trades);
    const n = this.assets;
    assertLength(action, "trades", u, n);
    const { portfolioValue } = options;
    assertPositive(action, "portfolioValue", portfolioValue);
    let prices: Float64Array | undefined;
    if (options.prices !== undefined) {
      prices = toFiniteArray(action, "prices", options.prices);
      assertLength(action, "prices", prices, n);
      prices.forEach((p, i) => assertPositive(action, `prices[${i}]`, p));
    }
    const notional = new Float64Array(n), impact = new Float64Array(n);
    const spread = new Float64Array(n), fee = new Float64Array(n);
    const traded: number[] = [];
    for (let i = 0; i < n; i++) {
      const q = Math.abs(u[i]!) * portfolioValue;
      notional[i] = q;
      spread[i] = this.halfSpread[i]! * q;
      fee[i] = this.fee * q;
      if (q > 0) traded.push(i);
    }
    if (this.predictor === undefined) {
      for (const i of traded) {
        impact[i] =
          squareRootImpact(this.law, this.dailyVolatility[i]!, notional[i]! / this.averageDailyVolume[i]!) *
          notional[i]!;
      }
    } else if (traded.length > 0) {
      const records: (MetaorderFeaturesInput & { durationMinutes: number })[] = traded.map((i) => {
        const price = prices?.[i] ?? 1;
        return {
          size: (u[i]! * portfolioValue) / price,
          arrivalPrice: price,
          spread: 2 * this.halfSpread[i]! * price,
          averageDailyVolume: this.averageDailyVolume[i]! / price,
          dailyVolatility: this.dailyVolatility[i]!,
          durationMinutes: 1440 * this.durationDays,
        };
      });
      const predicted = this.predictor.predictImpact(records);
      if (predicted?.length !== records.length) {
        throw new TypeError(
          `Cannot ${action}: predictor.predictImpact must return one impact per trade (${records.length}): ` +
            `current length is ${predicted?.length}`,
        );
      }
      traded.forEach((i, k) => {
        const p = predicted[k]!;
        if (!Number.isFinite(p)) {
          throw new RangeError(
            `Cannot ${action}: the impact ${this.impactLabel} predicts for asset ${i} must be finite: current value is ${p}`,
          );
        }
        impact[i] = p * notional[i]!;
      });
    }
    let total = 0, sum = 0;
    for (let i = 0; i < n; i++) {
      total += impact[i]! + spread[i]! + fee[i]!;
      sum += notional[i]!;
    }
    assertFiniteResult(action, "the total charge", total, { portfolioValue, trades: u });
    return { notional, impact, spread, fee, total, traded: sum };
  }

  /** The parameters as a plain object (the predictor by its label). */
  toJSON():
    & Omit<TradingCostParameters, "predictor" | "dailyVolatility" | "averageDailyVolume" | "halfSpread">
    & {
      dailyVolatility: number[];
      averageDailyVolume: number[];
      halfSpread: number[];
      predictor: string;
    } {
    return {
      law: { ...this.law },
      dailyVolatility: Array.from(this.dailyVolatility),
      averageDailyVolume: Array.from(this.averageDailyVolume),
      halfSpread: Array.from(this.halfSpread),
      fee: this.fee,
      durationDays: this.durationDays,
      predictor: this.impactLabel,
    };
  }
}

function assertLength(action: string, name: string, values: ArrayLike<number>, n: number): void {
  if (values.length !== n) {
    throw new TypeError(
      `Cannot ${action}: ${name} must hold one value per asset (${n}, the length of dailyVolatility): current length is ${values.length}`,
    );
  }
}
