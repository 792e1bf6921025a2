/**
 * Execution schedules beyond Almgren-Chriss (TWAP, VWAP from a volume profile, participation of volume
 * with a cap), as holdings trajectories `x_0..x_N` so that every schedule is priced by the same
 * Almgren-Chriss cost model and compared on one table.
 *
 * @module
 */
import type { AlmgrenChrissParameters } from "./almgren_chriss.ts";
import { toModel } from "./_model.ts";
import { costMoments, etaTildeOf, toTrajectory, validateGrid } from "./_trajectory.ts";
import {
  assertFinite,
  assertFiniteResult,
  assertObject,
  assertPositive,
  describeValue,
  toFiniteArray,
} from "../core/validate.ts";
import { toBps } from "../core/units.ts";

/** Volumes as a validated array of finite values >= 0 with a positive total. */
function toVolumes(action: string, name: string, values: ArrayLike<number>): Float64Array {
  const v = toFiniteArray(action, name, values);
  if (v.length === 0) throw new TypeError(`Cannot ${action}: ${name} is empty: current length is 0`);
  let total = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i]! < 0) {
      throw new RangeError(`Cannot ${action}: ${name}[${i}] must be >= 0: current value is ${v[i]}`);
    }
    total += v[i]!;
  }
  if (!(total > 0)) {
    throw new RangeError(`Cannot ${action}: ${name} must have a positive total: current total is ${total}`);
  }
  if (!Number.isFinite(total)) {
    throw new RangeError(
      `Cannot ${action}: ${name}'s total overflows double precision (rescale the volumes): current total is ${total}`,
    );
  }
  return v;
}

/**
 * Time-weighted average price (TWAP) schedule: the same quantity `X / N` in each of `N` periods,
 * `x_j = X (N - j) / N`. Under Almgren & Chriss (2000) it is the linear strategy, optimal for
 * `lambda = 0` (Section 2.4).
 *
 * @param shares order size `X` in shares (negative for a purchase).
 * @param steps number of periods `N`, integer >= 1.
 * @returns holdings `x_0..x_N`, `Float64Array` of length `N + 1`, `x_N = 0`.
 * @throws {RangeError} for non-finite `shares` or `steps < 1`.
 *
 * @example
 * ```ts
 * import { twapSchedule } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(Array.from(twapSchedule(100, 4)), [100, 75, 50, 25, 0]);
 * ```
 */
export function twapSchedule(shares: number, steps: number): Float64Array {
  validateGrid("build TWAP schedule", shares, steps);
  const x = new Float64Array(steps + 1);
  x[0] = shares;
  for (let j = 1; j < steps; j++) {
    x[j] = (shares * (steps - j)) / steps;
    // shares * (N - j) can overflow for |shares| near the largest double: divide first then.
    if (!Number.isFinite(x[j]!)) x[j] = shares * ((steps - j) / steps);
  }
  return x;
}

/**
 * Volume-weighted average price (VWAP) schedule: trade in proportion to the expected market volume of
 * each period, `n_j = X v_j / sum(v)`, so the average fill tracks the market VWAP (Berkowitz, Logue &
 * Noser 1988; Madhavan 2002). The profile is usually an intraday volume curve (share of the day's
 * volume per bin) averaged over past days; only its shape matters here.
 *
 * Under the Almgren-Chriss model impact does not depend on market volume, so VWAP is a constant-rate
 * schedule distorted by the profile, with a higher expected cost than TWAP; it pays off when liquidity
 * (`eta`) follows volume, which this cost model does not represent.
 *
 * @param shares order size `X` in shares (negative for a purchase).
 * @param volumeProfile expected market volume (or volume share) in each of the `N` periods, each >= 0,
 *   with a positive total; any unit, only proportions matter.
 * @returns holdings `x_0..x_N`, `Float64Array` of length `N + 1`, `x_N = 0`.
 * @throws {TypeError} if `volumeProfile` is not a non-empty array.
 * @throws {RangeError} for non-finite `shares`, a negative or non-finite volume (naming the index), or a
 *   zero total.
 *
 * @example
 * ```ts
 * import { vwapSchedule } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(Array.from(vwapSchedule(100, [2, 1, 1])), [100, 50, 25, 0]);
 * ```
 */
export function vwapSchedule(shares: number, volumeProfile: ArrayLike<number>): Float64Array {
  const action = "build VWAP schedule";
  assertFinite(action, "shares", shares);
  const v = toVolumes(action, "volumeProfile", volumeProfile);
  let total = 0;
  for (let i = 0; i < v.length; i++) total += v[i]!;
  const x = new Float64Array(v.length + 1);
  x[0] = shares;
  let cumulative = 0;
  for (let j = 1; j < v.length; j++) {
    cumulative += v[j - 1]!;
    x[j] = shares * ((total - cumulative) / total);
  }
  return x;
}

/** Options of {@linkcode povSchedule}. */
export interface PovScheduleOptions {
  /** Target participation `p`: the fraction of each period's market volume to trade, in (0, 1]. */
  participationRate: number;
  /**
   * Cap `c >= p` on the participation in any period, in (0, 1]. Default `participationRate` (strict
   * POV). When trading at `p` would not finish by the last period, the schedule catches up at the
   * cap as late as possible; it never exceeds `c`.
   */
  maxParticipationRate?: number;
}

/**
 * Participation-of-volume (POV) schedule with a cap: trade a fraction `p` of the market volume of each
 * period until the order is done; if that pace would leave shares at the deadline, trade at the cap `c`
 * in the last periods, as late as possible:
 *
 * ```
 * n_j = min(R_{j-1}, max(p v_j, R_{j-1} - c sum_{i>j} v_i)),   R_j = R_{j-1} - n_j,   R_0 = |X|
 * ```
 *
 * so `n_j <= c v_j` always, the order completes by period `N`, and a fast pace (`p sum(v) > |X|`)
 * finishes early (holdings 0 from then on). Volumes are absolute (shares per period), because
 * participation is relative to what the market trades.
 *
 * @param shares order size `X` in shares (negative for a purchase).
 * @param marketVolumes expected market volume in each of the `N` periods, shares per period, each >= 0.
 * @param options `participationRate` and `maxParticipationRate` (see {@linkcode PovScheduleOptions}).
 * @returns holdings `x_0..x_N`, `Float64Array` of length `N + 1`, `x_N = 0`.
 * @throws {TypeError} if `marketVolumes` is not a non-empty array.
 * @throws {RangeError} for an invalid volume, a rate outside (0, 1], `maxParticipationRate <
 *   participationRate`, or an order that cannot complete under the cap (`|X| > c sum(v)`), with the
 *   participation it would need.
 *
 * @example
 * ```ts
 * import { povSchedule } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * // 10 % of 1,000 shares per period finishes 250 shares in three periods
 * assert.deepEqual(Array.from(povSchedule(250, [1000, 1000, 1000, 1000], { participationRate: 0.1 })),
 *   [250, 150, 50, 0, 0]);
 * // 5 % would leave shares at the end: catch up at the 20 % cap, as late as possible
 * assert.deepEqual(Array.from(povSchedule(500, [1000, 1000, 1000, 1000],
 *   { participationRate: 0.05, maxParticipationRate: 0.2 })), [500, 450, 400, 200, 0]);
 * ```
 */
export function povSchedule(
  shares: number,
  marketVolumes: ArrayLike<number>,
  options: PovScheduleOptions,
): Float64Array {
  const action = "build POV schedule";
  assertFinite(action, "shares", shares);
  const v = toVolumes(action, "marketVolumes", marketVolumes);
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `Cannot ${action}: options must be { participationRate }: current value is ${describeValue(options)}`,
    );
  }
  const { participationRate: p, maxParticipationRate: c = options.participationRate } = options;
  for (const [name, rate] of [["participationRate", p], ["maxParticipationRate", c]] as const) {
    if (typeof rate !== "number" || !(rate > 0 && rate <= 1)) {
      throw new RangeError(
        `Cannot ${action}: ${name} must be in (0, 1]: current value is ${describeValue(rate)}`,
      );
    }
  }
  if (c < p) {
    throw new RangeError(
      `Cannot ${action}: maxParticipationRate must be >= participationRate (${p}): current value is ${
        describeValue(c)
      }`,
    );
  }
  const n = v.length;
  const after = new Float64Array(n + 1); // after[j] = sum of v over periods j+1..N (1-based j)
  for (let j = n - 1; j >= 0; j--) after[j] = after[j + 1]! + v[j]!;
  const size = Math.abs(shares), side = Math.sign(shares);
  if (size > c * after[0]!) {
    throw new RangeError(
      `Cannot ${action}: the order needs a participation of |shares| / sum(marketVolumes) = ` +
        `${size / after[0]!} to complete, above maxParticipationRate: current value is ${describeValue(c)}`,
    );
  }
  const x = new Float64Array(n + 1);
  x[0] = shares;
  let remaining = size;
  for (let j = 1; j <= n; j++) {
    const trade = j === n
      ? remaining
      : Math.min(remaining, Math.max(p * v[j - 1]!, remaining - c * after[j]!));
    remaining = j === n ? 0 : remaining - trade;
    x[j] = side * remaining;
  }
  x[n] = 0;
  return x;
}

/**
 * The trade list `n_j = x_{j-1} - x_j` of any holdings trajectory (shares sold in period `j`).
 *
 * @param holdings `x_0..x_N` in shares, at least 2 values.
 * @returns `Float64Array` of length `N`.
 * @throws {TypeError} if `holdings` has fewer than 2 values.
 * @throws {RangeError} for a non-finite holding, naming the index.
 *
 * @example
 * ```ts
 * import { tradeListFromHoldings } from "@lib/execution/mod.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(Array.from(tradeListFromHoldings([10, 6, 0])), [4, 6]);
 * ```
 */
export function tradeListFromHoldings(holdings: ArrayLike<number>): Float64Array {
  const x = toFiniteArray("compute trade list", "holdings", holdings);
  if (x.length < 2) {
    throw new TypeError(
      `Cannot compute trade list: holdings must have at least 2 values: current length is ${x.length}`,
    );
  }
  const n = new Float64Array(x.length - 1);
  for (let j = 1; j < x.length; j++) n[j - 1] = x[j - 1]! - x[j]!;
  return n;
}

/** A named schedule for {@linkcode evaluateSchedules}. */
export interface NamedSchedule {
  /** Row label, e.g. `"TWAP"`. */
  name: string;
  /** Holdings `x_0..x_N` in shares, ending at 0. */
  holdings: ArrayLike<number>;
}

/** One row of {@linkcode evaluateSchedules}. */
export interface ScheduleEvaluation {
  /** The schedule's name. */
  name: string;
  /** Periods `N`. */
  steps: number;
  /** Expected cost `E[x]` in currency. */
  expectedCost: number;
  /** Cost variance `V[x]` in currency squared. */
  variance: number;
  /** `sqrt(V[x])` in currency. */
  standardDeviation: number;
  /** `E[x] + lambda V[x]` in currency, with the model's `lambda`. */
  utility: number;
  /** Expected cost in basis points of the arrival notional `|X| price`; present when `price` is given. */
  expectedCostBps?: number;
  /** Standard deviation in basis points of the arrival notional; present when `price` is given. */
  standardDeviationBps?: number;
}

/**
 * Prices several schedules with one Almgren-Chriss cost model (Almgren & Chriss 2000, Section 1.5:
 * `E[x] = gamma X^2 / 2 + epsilon sum |n_j| + (etaTilde / tau) sum n_j^2`, `V[x] = sigma^2 tau sum x_k^2`,
 * utility `E + lambda V`), so that TWAP, VWAP, POV and the optimal trajectory sit on one table.
 *
 * @param model the model (an `AlmgrenChriss` or its parameters); its `lambda` weights the utility.
 * @param options `schedules` (named holdings, all on the same period length), `tau` (period length in
 *   time units, > 0), and optionally `price` (arrival price, currency per share, > 0) for costs in bps.
 * @returns one plain row per schedule, in the given order.
 * @throws {TypeError} for a schedule that is not an array of at least 2 holdings.
 * @throws {RangeError} for invalid parameters, `tau`, `price`, a non-finite holding or one not ending at 0.
 *
 * @example
 * ```ts
 * import { evaluateSchedules, twapSchedule } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const paper = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 };
 * const [twap] = evaluateSchedules(paper, { schedules: [{ name: "TWAP", holdings: twapSchedule(1e6, 5) }], tau: 1 });
 * assert.equal(twap!.expectedCost, 662_500);
 * ```
 */
export function evaluateSchedules(
  model: AlmgrenChrissParameters,
  options: { schedules: readonly NamedSchedule[]; tau: number; price?: number },
): ScheduleEvaluation[] {
  const action = "evaluate schedules";
  const m = toModel(action, model);
  if (options === null || typeof options !== "object" || !Array.isArray(options.schedules)) {
    throw new TypeError(`Cannot ${action}: options.schedules must be an array of { name, holdings }`);
  }
  const { schedules, tau, price } = options;
  const etaTilde = etaTildeOf(action, m, tau);
  if (price !== undefined) assertPositive(action, "price", price);
  return schedules.map((schedule, i) => {
    assertObject(action, `schedules[${i}]`, schedule, "{ name, holdings }");
    const { name, holdings } = schedule;
    if (typeof name !== "string") {
      throw new TypeError(
        `Cannot ${action}: schedules[${i}].name must be a string: current value is ${describeValue(name)}`,
      );
    }
    const x = toTrajectory(`${action} (${name})`, holdings, `schedules[${i}].holdings`);
    const { expectedCost, variance } = costMoments(x, tau, m, etaTilde, action, `schedules[${i}].holdings`);
    const standardDeviation = Math.sqrt(variance);
    const row: ScheduleEvaluation = {
      name,
      steps: x.length - 1,
      expectedCost,
      variance,
      standardDeviation,
      utility: expectedCost + m.lambda * variance,
    };
    if (price !== undefined) {
      const notional = Math.abs(x[0]!) * price;
      assertFiniteResult(action, `schedules[${i}]'s arrival notional |x_0| price`, notional, {
        [`schedules[${i}].holdings[0]`]: x[0],
        price,
      });
      if (notional > 0) {
        row.expectedCostBps = toBps(expectedCost / notional);
        row.standardDeviationBps = toBps(standardDeviation / notional);
        const inputs = { [`schedules[${i}].holdings[0]`]: x[0], price };
        assertFiniteResult(action, `schedules[${i}]'s expected cost in bps`, row.expectedCostBps, inputs);
        assertFiniteResult(
          action,
          `schedules[${i}]'s standard deviation in bps`,
          row.standardDeviationBps,
          inputs,
        );
      }
    }
    return row;
  });
}
