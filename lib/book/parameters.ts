/**
 * Parameters of the simulated order book (the Santa Fe zero-intelligence model with long-memory market
 * order signs, dispersed market order sizes and a limit flow that reacts to the predictable sign), their
 * defaults, and the model's dimensional-analysis scales.
 *
 * Model (Daniels, Farmer, Gillemot, Iori & Smith 2003; Smith, Farmer, Gillemot & Krishnamurthy 2003;
 * Farmer, Patelli & Zovko 2005, PNAS 102(6)), limit orders of size `sigma`:
 * - limit orders arrive at rate `alpha` per tick per side, uniformly over the `L` ticks next to the
 *   opposite best: a buy at `a - k`, a sell at `b + k`, `k` uniform on `1..L`;
 * - market orders arrive at rate `mu` in total (`mu / 2` per side with sign memory off), of size
 *   `sigma exp(s Z - s^2 / 2)` with `Z` standard normal (log-normal, mean `sigma`; `s = 0`: all `sigma`);
 * - every resting order is cancelled at rate `delta`.
 *
 * Liquidity reaction (asymmetric liquidity, Lillo & Farmer 2004, Stud. Nonlinear Dyn. Econom. 8(3) 1;
 * Bouchaud, Gefen, Potters & Wyart 2004, Quant. Finance 4, 176): with `e` an exponentially weighted mean of
 * the past market order signs (weight `1 / M` on the newest, `M = reactionMemory` market orders), the limit
 * flow is split `alpha (1 - k e)` to the buy side and `alpha (1 + k e)` to the sell side (total unchanged).
 * At `k = 1` each side's limit flow is proportional to the market flow forecast to hit it,
 * `mu (1 +- e) / 2`, so a correct forecast leaves each side's ratio of market to limit flow as in the
 * unbiased book and the predictable part of the flow moves the price little; `k = 0` is the plain Santa Fe
 * book.
 *
 * Market order signs (Lillo, Mike & Farmer 2005, Phys. Rev. E 71, 066122): `N` hidden metaorders are live
 * at any time; each market order takes the sign of one of them picked uniformly, and a metaorder that
 * has sent its `L_m` orders is replaced by one with a random sign and a length drawn from a Pareto law
 * `P(L_m >= x) = x^-a` (`x >= 1`). For `1 < a < 2` the signs' autocorrelation decays as
 * `C(l) ~ l^-gamma` with `gamma = a - 1`, and `C(1) ~ 1 / N`.
 *
 * @module
 */
import {
  assertInteger,
  assertNumber,
  assertObject,
  assertPositive,
  describeValue,
} from "../core/validate.ts";

/** Long-memory market order signs from a pool of hidden metaorders (Lillo, Mike & Farmer 2005). */
export interface SignMemory {
  /** Live hidden metaorders `N`, integer >= 1; `C(1)` is about `1 / N`. */
  metaorders: number;
  /** Pareto tail exponent `a` of metaorder lengths, > 1; sign correlation `C(l) ~ l^-(a - 1)`. */
  lengthExponent: number;
  /** Cap on a metaorder's length, market orders, integer >= 1. */
  maxLength: number;
}

/** Parameters of the simulated book. Rates are per second of simulated time. */
export interface BookParameters {
  /** Tick size, quote currency per base unit. */
  tickSize: number;
  /** Initial mid, quote currency per base unit (rounded to the tick grid). */
  initialPrice: number;
  /** Size of every limit order and mean size of a market order `sigma`, base units. */
  orderSize: number;
  /** Limit order rate `alpha`, orders per tick per second, on each side. */
  limitRate: number;
  /** Market order rate `mu`, orders per second, both sides together. */
  marketRate: number;
  /** Cancellation rate `delta` of each resting order, per second. */
  cancelRate: number;
  /** Width `L` of the limit order window, ticks from the opposite best, integer >= 1. */
  limitWindowTicks: number;
  /** Long-memory market order signs, or `null` for i.i.d. signs (the plain Santa Fe model). */
  signMemory: SignMemory | null;
  /**
   * Dispersion `s` of market order sizes, the standard deviation of the log size, in [0, 3]: a size is
   * `sigma exp(s Z - s^2 / 2)` (log-normal with mean `sigma`); 0: every market order has size `sigma`.
   */
  marketSizeDispersion: number;
  /**
   * Strength `k` of the limit flow's reaction to the sign forecast `e`, in [0, 1]: limit buys arrive at
   * `alpha (1 - k e)` per tick, sells at `alpha (1 + k e)`; 0: the plain Santa Fe book.
   */
  reactionStrength: number;
  /** Memory `M` of the sign forecast, an EWMA of market order signs with weight `1 / M`, market orders, in [1, 1e6]. */
  reactionMemory: number;
  /** Instrument label written on the tape. */
  symbol: string;
}

/** What a simulated tape, quote series or result is, written on every output. */
export const SIMULATED_BOOK_LABEL = "simulated order book";

/**
 * Defaults shaped like BTCUSDT perpetuals in ticks and trades per day: tick 0.1 USDT, price 60,000,
 * about 1,000,000 market orders a day (`mu = 1e6 / 86,400 = 11.57 /s`), mean market order size 0.05 BTC
 * (log-normal, dispersion 1: 5-95 % range 0.006-0.16 BTC; 50,000 BTC a day), limit orders of 0.05 BTC, and
 * the liquidity reaction on (`k = 1`, forecast over 300 market orders). The book is thinner and the spread
 * wider than BTCUSDT's (about 2 ticks instead of 1.0-1.1, a few orders at the best instead of several BTC),
 * and volatility clustering and intraday seasonality are not modelled (lib/book/README.md).
 */
export const DEFAULT_BOOK_PARAMETERS: Readonly<BookParameters> = Object.freeze({
  tickSize: 0.1,
  initialPrice: 60_000,
  orderSize: 0.05,
  limitRate: 3,
  marketRate: 1e6 / 86_400,
  cancelRate: 0.25,
  limitWindowTicks: 10,
  signMemory: Object.freeze({ metaorders: 10, lengthExponent: 1.5, maxLength: 100_000 }),
  marketSizeDispersion: 1,
  reactionStrength: 1,
  reactionMemory: 300,
  symbol: "BTCUSDT",
});

/**
 * Fills in the defaults and checks every parameter.
 *
 * @param action what the caller is doing, for messages.
 * @param parameters overrides of {@linkcode DEFAULT_BOOK_PARAMETERS}.
 * @returns the full parameters.
 * @throws {TypeError} for a non-object or a non-number field.
 * @throws {RangeError} for a value out of its domain.
 *
 * @example
 * ```ts
 * import { resolveBookParameters } from "@lib/book/parameters.ts";
 * import assert from "node:assert/strict";
 * assert.equal(resolveBookParameters("simulate", { signMemory: null }).signMemory, null);
 * assert.throws(() => resolveBookParameters("simulate", { cancelRate: -1 }), /cancelRate must be finite and > 0/);
 * ```
 */
export function resolveBookParameters(
  action: string,
  parameters: Partial<BookParameters> = {},
): BookParameters {
  assertObject(action, "parameters", parameters);
  if (Array.isArray(parameters) || ArrayBuffer.isView(parameters)) {
    throw new TypeError(
      `Cannot ${action}: parameters must be an object of named parameters: current value is an array`,
    );
  }
  const p: BookParameters = { ...DEFAULT_BOOK_PARAMETERS, ...parameters };
  for (
    const name of ["tickSize", "initialPrice", "orderSize", "limitRate", "marketRate", "cancelRate"] as const
  ) {
    assertPositive(action, `parameters.${name}`, p[name]);
  }
  // Bounds that keep a run finite and short: rates per second (a simulated second costs about 4 alpha L + mu
  // events; a market order rate below 1e-3 would take days per trade; a cancellation rate below 1e-4 lets
  // orders pile up for hours), sizes in base units.
  const bounds = [
    ["limitRate", 1e-4, 1e5],
    ["marketRate", 1e-3, 1e5],
    ["cancelRate", 1e-4, 1e4],
    ["orderSize", 1e-12, 1e9],
  ] as const;
  for (const [name, low, high] of bounds) {
    if (p[name] < low || p[name] > high) {
      throw new RangeError(
        `Cannot ${action}: parameters.${name} must be in [${low}, ${high}]: current value is ${p[name]}`,
      );
    }
  }
  assertInteger(action, "parameters.limitWindowTicks", p.limitWindowTicks, 1);
  if (p.limitWindowTicks > 4096) {
    throw new RangeError(
      `Cannot ${action}: parameters.limitWindowTicks must be <= 4096: current value is ${p.limitWindowTicks}`,
    );
  }
  if (p.initialPrice / p.tickSize < 2 * p.limitWindowTicks + 2 || p.initialPrice / p.tickSize > 1e9) {
    throw new RangeError(
      `Cannot ${action}: parameters.initialPrice (with parameters.tickSize ${p.tickSize}) must be between ${
        (2 * p.limitWindowTicks + 2) * p.tickSize
      } and 1e9 ticks (${1e9 * p.tickSize}): current value is ${p.initialPrice}`,
    );
  }
  if (typeof p.symbol !== "string") {
    throw new TypeError(
      `Cannot ${action}: parameters.symbol must be a string: current value is ${describeValue(p.symbol)}`,
    );
  }
  if (p.signMemory !== null) {
    assertObject(action, "parameters.signMemory", p.signMemory, "or null");
    const m = p.signMemory;
    assertInteger(action, "parameters.signMemory.metaorders", m.metaorders, 1);
    if (m.metaorders > 1e6) {
      throw new RangeError(
        `Cannot ${action}: parameters.signMemory.metaorders must be <= 1e6: current value is ${m.metaorders}`,
      );
    }
    assertNumber(action, "parameters.signMemory.lengthExponent", m.lengthExponent);
    if (!(m.lengthExponent > 1) || !Number.isFinite(m.lengthExponent)) {
      throw new RangeError(
        `Cannot ${action}: parameters.signMemory.lengthExponent must be finite and > 1: current value is ${m.lengthExponent}`,
      );
    }
    assertInteger(action, "parameters.signMemory.maxLength", m.maxLength, 1);
  }
  const unit = [
    ["marketSizeDispersion", 0, 3],
    ["reactionStrength", 0, 1],
    ["reactionMemory", 1, 1e6],
  ] as const;
  for (const [name, low, high] of unit) {
    assertNumber(action, `parameters.${name}`, p[name]);
    if (!(p[name] >= low && p[name] <= high)) {
      throw new RangeError(
        `Cannot ${action}: parameters.${name} must be in [${low}, ${high}]: current value is ${p[name]}`,
      );
    }
  }
  return p;
}

/** The Santa Fe model's characteristic scales and predictions (Smith et al. 2003; Farmer, Patelli & Zovko 2005). */
export interface SantaFePrediction {
  /** Characteristic price `p_c = mu / (2 alpha)`, ticks. */
  characteristicTicks: number;
  /** Characteristic depth `N_c = mu / (2 delta)`, orders. */
  characteristicOrders: number;
  /** Characteristic time `t_c = 1 / delta`, seconds. */
  characteristicSeconds: number;
  /** Granularity `epsilon = 2 delta sigma / mu` (`mu` in shares per second), nondimensional. */
  granularity: number;
  /** Tick size in units of `p_c`: `dp / p_c = 2 alpha dp / mu`, nondimensional. */
  relativeTick: number;
  /**
   * The spread's unit `mu / alpha`, ticks: dimensional analysis gives a mean spread
   * `(mu / alpha) f(epsilon, dp / p_c)` with `f` a function of the nondimensional numbers only, measured
   * on this simulator in lib/book/README.md (about 0.25 at `epsilon = 0.01`, small tick).
   */
  spreadUnitTicks: number;
  /** Asymptotic depth far from the best, `alpha / delta`, orders per tick (Smith et al. 2003). */
  asymptoticDepthOrders: number;
  /** Events (limit, market, cancel) per market order in the steady state, `4 alpha L / mu` (about). */
  eventsPerTrade: number;
}

/**
 * The Santa Fe model's dimensional analysis for a parameter set (Smith et al. 2003, Sec. 3; Farmer,
 * Patelli & Zovko 2005): the characteristic scales, the granularity `epsilon`, the spread's unit `mu / alpha`
 * (the mean spread is `(mu / alpha) f(epsilon, dp / p_c)`, `f` measured, not given in closed form: the
 * fitted constants quoted for it could not be verified), and the depth far from the best `alpha / delta`.
 * Limit orders have size `sigma` and market orders a mean size `sigma`, so in orders
 * `epsilon = 2 delta / mu` and `mu / alpha` is in ticks. The scales are those of the plain Santa Fe book
 * (reaction off); the reaction moves the split of the limit flow, not its total.
 *
 * @param parameters the book's parameters (defaults filled in).
 * @returns the scales and predictions.
 *
 * @example
 * ```ts
 * import { santaFePrediction } from "@lib/book/parameters.ts";
 * import assert from "node:assert/strict";
 * const p = santaFePrediction({ limitRate: 1, marketRate: 10, cancelRate: 0.05 });
 * assert.equal(p.granularity, 0.01);
 * assert.equal(p.spreadUnitTicks, 10);
 * assert.equal(p.asymptoticDepthOrders, 20);
 * ```
 */
export function santaFePrediction(parameters: Partial<BookParameters> = {}): SantaFePrediction {
  const p = resolveBookParameters("predict Santa Fe scales", parameters);
  const alpha = p.limitRate, mu = p.marketRate, delta = p.cancelRate;
  const granularity = (2 * delta) / mu;
  return {
    characteristicTicks: mu / (2 * alpha),
    characteristicOrders: mu / (2 * delta),
    characteristicSeconds: 1 / delta,
    granularity,
    relativeTick: (2 * alpha) / mu,
    spreadUnitTicks: mu / alpha,
    asymptoticDepthOrders: alpha / delta,
    eventsPerTrade: (4 * alpha * p.limitWindowTicks) / mu,
  };
}
