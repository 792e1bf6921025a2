/**
 * Parameters of the simulated order book (the Santa Fe zero-intelligence model with long-memory market
 * order signs), their defaults, and the model's dimensional-analysis predictions.
 *
 * Model (Daniels, Farmer, Gillemot, Iori & Smith 2003; Smith, Farmer, Gillemot & Krishnamurthy 2003;
 * Farmer, Patelli & Zovko 2005, PNAS 102(6)), every order of size `sigma`:
 * - limit orders arrive at rate `alpha` per tick per side, uniformly over the `L` ticks next to the
 *   opposite best: a buy at `a - k`, a sell at `b + k`, `k` uniform on `1..L`;
 * - market orders arrive at rate `mu` in total (`mu / 2` per side with sign memory off);
 * - every resting order is cancelled at rate `delta`.
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
  /** Size of every order `sigma`, base units. */
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
  /** Instrument label written on the tape. */
  symbol: string;
}

/** What a simulated tape, quote series or result is, written on every output. */
export const SIMULATED_BOOK_LABEL = "simulated order book";

/**
 * Defaults shaped like BTCUSDT perpetuals in ticks and trades per day: tick 0.1 USDT, price 60,000,
 * about 1,000,000 market orders a day (`mu = 1e6 / 86,400 = 11.57 /s`), order size 0.05 BTC (a mean
 * trade size of that order; 50,000 BTC a day). The book is thinner and the spread wider than BTCUSDT's
 * (about 2 ticks instead of 1.0-1.1, a few orders at the best instead of several BTC), and volatility,
 * intraday seasonality and trade size dispersion are not modelled (lib/book/README.md).
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
      `Cannot ${action}: parameters.initialPrice must be between ${
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
  return p;
}

/** The Santa Fe model's characteristic scales and predictions (Farmer, Patelli & Zovko 2005, Table 1). */
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
   * Predicted mean spread, ticks: `(mu / alpha) (0.28 + 1.86 epsilon^(3/4))`, the fitted form of
   * Farmer, Patelli & Zovko (2005) for a small tick (`dp / p_c` -> 0) and an unbounded order window.
   */
  meanSpreadTicks: number;
  /** Asymptotic depth far from the best, `alpha / delta`, orders per tick (Smith et al. 2003). */
  asymptoticDepthOrders: number;
  /** Events (limit, market, cancel) per market order in the steady state, `4 alpha L / mu` (about). */
  eventsPerTrade: number;
}

/**
 * The Santa Fe model's dimensional analysis for a parameter set (Smith et al. 2003, Sec. 3; Farmer,
 * Patelli & Zovko 2005, eq. 1-3): the characteristic scales, the granularity `epsilon`, the predicted mean
 * spread `E[s] = (mu / alpha) f(epsilon)` with `f(epsilon) = 0.28 + 1.86 epsilon^(3/4)`, and the depth far
 * from the best `alpha / delta`. In this simulator every order has size `sigma`, so in orders
 * `epsilon = 2 delta / mu` and `mu / alpha` is in ticks.
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
 * assert.ok(Math.abs(p.meanSpreadTicks - 10 * (0.28 + 1.86 * 0.01 ** 0.75)) < 1e-12);
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
    meanSpreadTicks: (mu / alpha) * (0.28 + 1.86 * Math.pow(granularity, 0.75)),
    asymptoticDepthOrders: alpha / delta,
    eventsPerTrade: (4 * alpha * p.limitWindowTicks) / mu,
  };
}
