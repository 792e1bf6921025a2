/**
 * A seeded stream of parent orders to execute in the simulated book: the "own orders" of a desk whose impact
 * the chapter measures, learns and analyses. Sizes and durations are drawn log-uniformly so the orders span
 * decades of participation `Q/V`, as the impact literature's samples do (Tóth et al. 2011; Bucci et al. 2019);
 * each order is split into equal child market orders at a fixed interval (a TWAP).
 *
 * @module
 */
import { DEFAULT_SEED, SeededRandom } from "../core/random.ts";
import { assertObject } from "../core/validate.ts";
import type { ParentOrderPlan } from "./orders_in_book.ts";

/** Options of {@linkcode randomParentOrders}. */
export interface RandomParentOrderOptions {
  /** Number of parent orders. Default 500. */
  count?: number;
  /** Mean time between order starts, seconds (starts are spaced evenly with a uniform jitter of half of it). Default 300. */
  spacingSeconds?: number;
  /** Daily volume of the market the orders are sized against, base units per day. Required. */
  averageDailyVolume: number;
  /** Range of `Q/V`, fractions of a day's volume, drawn log-uniformly. Default `[1e-5, 1e-3]`. */
  participation?: readonly [number, number];
  /** Range of the planned duration, minutes, drawn log-uniformly. Default `[1, 30]`. */
  minutes?: readonly [number, number];
  /** Time between child orders, seconds. Default 10. */
  childSeconds?: number;
  /** Seed. Default `DEFAULT_SEED` (1, lib/core/random.ts). */
  seed?: number;
}

function range(action: string, name: string, r: readonly [number, number]): void {
  if (!Array.isArray(r) || r.length !== 2 || !(r[0] > 0) || !(r[1] >= r[0]) || !Number.isFinite(r[1])) {
    throw new RangeError(
      `Cannot ${action}: ${name} must be [low, high] with 0 < low <= high: current value is ${
        Array.isArray(r) ? `[${r.map(String).join(", ")}]` : String(r)
      }`,
    );
  }
}

/**
 * Seeded parent orders: order `i` starts at `i * spacing + U(0, spacing / 2)`, buys or sells with equal
 * odds, has `Q = V * exp(U(ln lo, ln hi))` and a duration `exp(U(ln lo, ln hi))` minutes, and is split into
 * `max(1, round(duration / childSeconds))` equal children `childSeconds` apart.
 *
 * @param options count, spacing, daily volume, ranges, child interval, seed.
 * @returns the plans, in start order, ids `"p0"`, `"p1"`, ...
 * @throws {RangeError} for a bad option.
 *
 * @example
 * ```ts
 * import { randomParentOrders } from "@lib/execution/parent_order_plans.ts";
 * import assert from "node:assert/strict";
 * const plans = randomParentOrders({ count: 3, averageDailyVolume: 50_000, seed: 1 });
 * assert.equal(plans.length, 3);
 * const q = plans.map((p) => Array.from(p.sizes).reduce((a, b) => a + b, 0) / 50_000);
 * assert.ok(q.every((x) => x >= 1e-5 * (1 - 1e-12) && x <= 1e-3 * (1 + 1e-12)));
 * ```
 */
export function randomParentOrders(options: RandomParentOrderOptions): ParentOrderPlan[] {
  const action = "draw parent orders";
  assertObject(action, "options", options);
  const {
    count = 500,
    spacingSeconds = 300,
    averageDailyVolume,
    participation = [1e-5, 1e-3],
    minutes = [1, 30],
    childSeconds = 10,
    seed = DEFAULT_SEED,
  } = options;
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`Cannot ${action}: count must be an integer >= 1: current value is ${count}`);
  }
  for (
    const [name, v] of [["spacingSeconds", spacingSeconds], ["averageDailyVolume", averageDailyVolume], [
      "childSeconds",
      childSeconds,
    ]] as const
  ) {
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new RangeError(`Cannot ${action}: ${name} must be finite and > 0: current value is ${v}`);
    }
  }
  if (count * spacingSeconds > 1e10) {
    throw new RangeError(
      `Cannot ${action}: count * spacingSeconds must be at most 1e10 s: current value is ${
        count * spacingSeconds
      }`,
    );
  }
  range(action, "participation", participation);
  range(action, "minutes", minutes);
  if (minutes[1] * 60 / childSeconds > 1e6) {
    throw new RangeError(
      `Cannot ${action}: childSeconds must leave at most 1,000,000 children per order: current value is ${childSeconds}`,
    );
  }
  const rng = new SeededRandom(seed);
  const logUniform = ([lo, hi]: readonly [number, number]) =>
    Math.exp(Math.log(lo) + rng.uniform() * Math.log(hi / lo));
  return Array.from({ length: count }, (_, i) => {
    const start = i * spacingSeconds + rng.uniform() * spacingSeconds / 2;
    const side: 1 | -1 = rng.uniform() < 0.5 ? 1 : -1;
    const q = averageDailyVolume * logUniform(participation);
    const seconds = 60 * logUniform(minutes);
    const n = Math.max(1, Math.round(seconds / childSeconds));
    const times = Float64Array.from({ length: n }, (_, k) => k * childSeconds);
    return { orderId: `p${i}`, side, startSeconds: start, times, sizes: new Float64Array(n).fill(q / n) };
  });
}
