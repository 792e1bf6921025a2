/**
 * A user's parent order executed inside the simulated order book: child orders at given times and sizes
 * enter the running simulation, the background flow keeps going and reacts to the book they leave, and
 * the fills, the arrival mid and the mid path during and after are returned. Cost, impact and decay are
 * whatever the simulated book makes of the orders: nothing here is a model of impact.
 *
 * Implementation shortfall (Perold 1988) against the arrival mid `m_0`, per unit filled, as a fraction:
 * `IS = side * (sum_i p_i q_i - m_0 sum_i q_i) / (m_0 sum_i q_i)`.
 *
 * @module
 */
import {
  assertEach,
  assertFinite,
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
  toFiniteArray,
} from "../core/validate.ts";
import { type BookParameters, resolveBookParameters, SIMULATED_BOOK_LABEL } from "./parameters.ts";
import { BookSimulator } from "./simulator.ts";
import { DEFAULT_SEED } from "../core/random.ts";

/** A limit-order rule for the children of a {@linkcode ChildSchedule}. */
export interface LimitRule {
  /**
   * Price: the own side's best plus `offsetTicks` toward the other side (0 joins the best bid for a buy;
   * 1 improves it by a tick; a value reaching the opposite best makes the child marketable up to that
   * price). Integer. Default 0.
   */
  offsetTicks?: number;
  /** Seconds a child rests before what is left of it is cancelled, > 0. */
  timeLimitSeconds: number;
  /** What happens to the unfilled rest at the time limit: `"market"` (default) sends it as a market order, `"cancel"` drops it. */
  onExpiry?: "market" | "cancel";
}

/** A parent order as a schedule of child orders (plain arrays; the execution area builds them). */
export interface ChildSchedule {
  /** +1 buy, -1 sell. */
  side: 1 | -1;
  /** Child times, seconds after the arrival (the start of the execution), >= 0, non-decreasing. */
  times: ArrayLike<number>;
  /** Child sizes, base units, >= 0 (zero children are skipped). */
  sizes: ArrayLike<number>;
  /** Limit-order children with this rule; default market orders. */
  limit?: LimitRule;
}

/** Options of {@linkcode executeOnBook} and {@linkcode scheduleShortfalls}. */
export interface BookExecutionOptions {
  /** Overrides of the book's default parameters. */
  parameters?: Partial<BookParameters>;
  /** Simulated seconds before the arrival (the book reaches its steady state). Default `max(60, 20 / cancelRate)`. */
  warmupSeconds?: number;
  /** Seconds of mid path recorded after the last child (and its time limit). Default 300. */
  afterSeconds?: number;
  /** Step of the mid path, seconds. Default 1. */
  midStepSeconds?: number;
}

/** The fills, costs and mid path of one execution. */
export interface BookExecution {
  /** `"simulated order book"`. */
  label: string;
  side: 1 | -1;
  /** Mid at the arrival, quote per base unit. */
  arrivalMid: number;
  /**
   * Fills, in time order: one row per market order (child or expiry; `price` its average over the
   * `levels` it swept) and one per passive fill of a resting child (`levels` 0).
   */
  fills: {
    seconds: Float64Array;
    prices: Float64Array;
    sizes: Float64Array;
    levels: Int32Array;
    child: Int32Array;
  };
  /** Base units filled and left unfilled (cancelled at a time limit, or no liquidity). */
  filledSize: number;
  unfilledSize: number;
  /** Size-weighted average fill price (NaN if nothing filled). */
  averagePrice: number;
  /** Implementation shortfall against the arrival mid, fraction per unit filled (NaN if nothing filled). */
  shortfall: number;
  /** Seconds after the arrival when the last child ended (its time, or its time limit). */
  endSeconds: number;
  /** Mid path from the arrival: `mids[k]` at `k * midStepSeconds`, through `endSeconds + afterSeconds`. */
  midSeconds: Float64Array;
  mids: Float64Array;
  parameters: BookParameters;
}

interface Plan {
  side: 1 | -1;
  times: Float64Array;
  sizes: Float64Array;
  limit: Required<LimitRule> | null;
  end: number;
}

function plan(action: string, schedule: ChildSchedule, name: string): Plan {
  assertObject(action, name, schedule);
  if (schedule.side !== 1 && schedule.side !== -1) {
    throw new RangeError(
      `Cannot ${action}: ${name}.side must be +1 or -1: current value is ${schedule.side}`,
    );
  }
  const times = toFiniteArray(action, `${name}.times`, schedule.times);
  const sizes = toFiniteArray(action, `${name}.sizes`, schedule.sizes);
  if (times.length !== sizes.length || times.length === 0) {
    throw new TypeError(
      `Cannot ${action}: ${name}.times and ${name}.sizes must have the same length >= 1: current lengths are ${times.length} and ${sizes.length}`,
    );
  }
  for (let i = 0; i < times.length; i++) {
    assertNonNegative(action, `${name}.sizes[${i}]`, sizes[i]!);
    if (sizes[i]! > 1e15) {
      throw new RangeError(
        `Cannot ${action}: ${name}.sizes[${i}] must be <= 1e15 base units: current value is ${sizes[i]}`,
      );
    }
    if (times[i]! > 7 * 86_400) {
      throw new RangeError(
        `Cannot ${action}: ${name}.times[${i}] must be <= 7 days (604,800 s): current value is ${times[i]}`,
      );
    }
    if (times[i]! < 0 || (i > 0 && times[i]! < times[i - 1]!)) {
      throw new RangeError(
        `Cannot ${action}: ${name}.times[${i}] must be >= 0 and >= the previous time: current value is ${
          times[i]
        }`,
      );
    }
  }
  let limit: Required<LimitRule> | null = null;
  if (schedule.limit !== undefined) {
    assertObject(action, `${name}.limit`, schedule.limit);
    const { offsetTicks = 0, timeLimitSeconds, onExpiry = "market" } = schedule.limit;
    assertInteger(action, `${name}.limit.offsetTicks`, offsetTicks, -1e6);
    assertPositive(action, `${name}.limit.timeLimitSeconds`, timeLimitSeconds);
    if (onExpiry !== "market" && onExpiry !== "cancel") {
      throw new RangeError(
        `Cannot ${action}: ${name}.limit.onExpiry must be "market" or "cancel": current value is ${onExpiry}`,
      );
    }
    limit = { offsetTicks, timeLimitSeconds, onExpiry };
  }
  const end = times[times.length - 1]! + (limit ? limit.timeLimitSeconds : 0);
  if (end > 7 * 86_400) {
    throw new RangeError(
      `Cannot ${action}: ${name} must end within 7 days of the arrival (${name}.times[${
        times.length - 1
      }] plus the time limit): current end is ${end} s`,
    );
  }
  return { side: schedule.side, times, sizes, limit, end };
}

interface ResolvedOptions {
  parameters: Partial<BookParameters>;
  warmupSeconds: number;
  afterSeconds: number;
  midStepSeconds: number;
}

function resolveOptions(action: string, options: BookExecutionOptions): ResolvedOptions {
  assertObject(action, "options", options);
  const { parameters = {}, afterSeconds = 300, midStepSeconds = 1 } = options;
  assertObject(action, "parameters", parameters);
  if (options.warmupSeconds === null) {
    throw new TypeError(`Cannot ${action}: warmupSeconds must be a number or absent: current value is null`);
  }
  const cancelRate = resolveBookParameters(action, parameters).cancelRate;
  const warmupSeconds = options.warmupSeconds ?? Math.min(86_400, Math.max(60, 20 / cancelRate));
  assertEach(action, "non-negative", { warmupSeconds, afterSeconds });
  assertPositive(action, "midStepSeconds", midStepSeconds);
  if (warmupSeconds > 86_400) {
    throw new RangeError(
      `Cannot ${action}: warmupSeconds must be <= 86,400 (a day): current value is ${warmupSeconds}`,
    );
  }
  if (afterSeconds > 7 * 86_400) {
    throw new RangeError(
      `Cannot ${action}: afterSeconds must be <= 7 days (604,800): current value is ${afterSeconds}`,
    );
  }
  return { parameters, warmupSeconds, afterSeconds, midStepSeconds };
}

/** Fill rows, grown as needed. */
class Fills {
  n = 0;
  seconds = new Float64Array(64);
  prices = new Float64Array(64);
  sizes = new Float64Array(64);
  levels = new Int32Array(64);
  child = new Int32Array(64);
  push(seconds: number, price: number, size: number, levels: number, child: number): void {
    if (this.n === this.seconds.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.seconds = grow(this.seconds);
      this.prices = grow(this.prices);
      this.sizes = grow(this.sizes);
      this.levels = grow(this.levels);
      this.child = grow(this.child);
    }
    const i = this.n++;
    this.seconds[i] = seconds;
    this.prices[i] = price;
    this.sizes[i] = size;
    this.levels[i] = levels;
    this.child[i] = child;
  }
}

/**
 * Runs a plan on a simulator from its current time (the arrival) and returns the fills; the simulator is
 * left at the plan's end. `fills === null` only counts the cost (the cheap path of the seed loops).
 */
function runPlan(
  sim: BookSimulator,
  p: Plan,
  fills: Fills | null,
): { cost: number; filled: number; unfilled: number } {
  const t0 = sim.time, tick = sim.parameters.tickSize;
  let cost = 0, filled = 0, unfilled = 0;
  const market = (size: number, child: number) => {
    const sweep = sim.marketOrder(p.side, size);
    let value = 0;
    for (let i = 0; i < sweep.levels; i++) value += sweep.ticks[i]! * tick * sweep.sizes[i]!;
    if (sweep.filled > 0) {
      cost += value;
      filled += sweep.filled;
      fills?.push(sim.time - t0, value / sweep.filled, sweep.filled, sweep.levels, child);
    }
    // Sums of float sizes leave residues of order 1e-15: a rest below 1e-9 of the child is filled.
    if (size - sweep.filled > size * 1e-9) unfilled += size - sweep.filled;
  };
  const n = p.times.length;
  if (p.limit === null) {
    for (let i = 0; i < n; i++) {
      if (!(p.sizes[i]! > 0)) continue;
      sim.advance(t0 + p.times[i]!);
      market(p.sizes[i]!, i);
    }
    return { cost, filled, unfilled };
  }
  const rule = p.limit;
  const slots = new Int32Array(n).fill(-1);
  sim.onMakerFill = (tag, _slot, size, fillTick) => {
    cost += fillTick * tick * size;
    filled += size;
    fills?.push(sim.time - t0, fillTick * tick, size, 0, tag);
  };
  // Children and their expiries, merged in time order (both lists are sorted).
  let i = 0, j = 0;
  while (i < n || j < n) {
    const placeNext = i < n && (j >= n || t0 + p.times[i]! <= t0 + p.times[j]! + rule.timeLimitSeconds);
    if (placeNext) {
      const size = p.sizes[i]!;
      if (size > 0) {
        sim.advance(t0 + p.times[i]!);
        const book = sim.book;
        const own = p.side > 0 ? book.bestBid : book.bestAsk;
        const other = p.side > 0 ? book.bestAsk : book.bestBid;
        const base = own >= 0 ? own : (other >= 0 ? other - p.side : Math.round(sim.midTicks - p.side / 2));
        const price = Math.max(1, base + p.side * rule.offsetTicks);
        const placed = sim.limitOrder(p.side, price, size, i);
        slots[i] = placed.slot;
        if (placed.filled > 0) {
          filled += placed.filled;
          cost += placed.value;
          fills?.push(sim.time - t0, placed.value / placed.filled, placed.filled, placed.levels, i);
        }
      }
      i++;
    } else {
      sim.advance(t0 + p.times[j]! + rule.timeLimitSeconds);
      const slot = slots[j]!;
      // A filled child's slot may hold another order since: cancel only if it is still child j's.
      if (slot >= 0 && sim.book.orderTag[slot] === j && sim.book.sizeOf(slot) > 0) {
        const rest = sim.cancel(slot);
        slots[j] = -1;
        if (rest > 0) {
          if (rule.onExpiry === "market") market(rest, j);
          else unfilled += rest;
        }
      }
      j++;
    }
  }
  sim.onMakerFill = null;
  return { cost, filled, unfilled };
}

/**
 * Executes one parent order in the simulated order book: warms the book up for `warmupSeconds`, takes
 * the arrival mid, sends the children at their times (market orders, or limit orders with a price rule and
 * a time limit) while the background flow keeps running, and records the mid every `midStepSeconds`
 * through `afterSeconds` after the end.
 *
 * @param schedule the parent order as child times and sizes.
 * @param options seed, parameters, warm-up, recording.
 * @returns fills, arrival mid, shortfall and mid path (see {@linkcode BookExecution}).
 * @throws {TypeError} / {RangeError} for a bad schedule or option.
 *
 * @example
 * ```ts
 * import { executeOnBook } from "@lib/book/execute.ts";
 * import assert from "node:assert/strict";
 * const run = executeOnBook({ side: 1, times: [0, 30, 60], sizes: [0.5, 0.5, 0.5] }, { seed: 4 });
 * assert.equal(run.filledSize, 1.5);
 * assert.ok(run.shortfall > 0); // buying at the ask costs at least half a spread
 * assert.equal(run.label, "simulated order book");
 * ```
 */
export function executeOnBook(
  schedule: ChildSchedule,
  options: BookExecutionOptions & { seed?: number } = {},
): BookExecution {
  const action = "execute on book";
  const o = resolveOptions(action, options);
  const p = plan(action, schedule, "schedule");
  const { seed = DEFAULT_SEED } = options;
  assertInteger(action, "seed", seed, -(2 ** 52));
  const sim = new BookSimulator(o.parameters, { seed, recordTape: false, recordQuotes: "none" });
  sim.advance(o.warmupSeconds);
  const arrivalMid = sim.mid;
  const count = Math.floor((p.end + o.afterSeconds) / o.midStepSeconds) + 1;
  if (count > 1e7) {
    throw new RangeError(
      `Cannot ${action}: midStepSeconds must leave at most 1e7 mid points over ${
        p.end + o.afterSeconds
      } s: current value is ${o.midStepSeconds}`,
    );
  }
  sim.sampleMids(sim.time, o.midStepSeconds, count);
  const fills = new Fills();
  const result = runPlan(sim, p, fills);
  sim.advance(o.warmupSeconds + p.end + o.afterSeconds);
  const averagePrice = result.filled > 0 ? result.cost / result.filled : NaN;
  const midSeconds = new Float64Array(count);
  for (let k = 0; k < count; k++) midSeconds[k] = k * o.midStepSeconds;
  const f = fills.n;
  return {
    label: SIMULATED_BOOK_LABEL,
    side: p.side,
    arrivalMid,
    fills: {
      seconds: fills.seconds.slice(0, f),
      prices: fills.prices.slice(0, f),
      sizes: fills.sizes.slice(0, f),
      levels: fills.levels.slice(0, f),
      child: fills.child.slice(0, f),
    },
    filledSize: result.filled,
    unfilledSize: result.unfilled,
    averagePrice,
    shortfall: result.filled > 0 ? (p.side * (averagePrice - arrivalMid)) / arrivalMid : NaN,
    endSeconds: p.end,
    midSeconds,
    mids: sim.sampledMids,
    parameters: sim.parameters,
  };
}

/** Options of {@linkcode scheduleShortfalls}. */
export interface ScheduleShortfallOptions extends Omit<BookExecutionOptions, "midStepSeconds"> {
  /** Seeds: a count `n` (seeds `1..n`) or the seeds themselves. Default 100. */
  seeds?: number | ArrayLike<number>;
  /**
   * Seconds after the arrival at which the mid change is read, for every schedule and the baseline.
   * Default: the latest schedule end plus `afterSeconds`.
   */
  horizonSeconds?: number;
}

/** Per-seed results of {@linkcode scheduleShortfalls}, one row per seed in each array. */
export interface ScheduleShortfalls {
  /** `"simulated order book"`. */
  label: string;
  seeds: Float64Array;
  /** Mid at the arrival, per seed. */
  arrivalMids: Float64Array;
  /** Per schedule: implementation shortfall against the arrival mid, fraction per unit filled. */
  shortfalls: Float64Array[];
  /** Per schedule: unfilled size, base units (0 for market schedules unless the book ran dry). */
  unfilled: Float64Array[];
  /** Per schedule: mid change from the arrival to the horizon, `(m_H - m_0) / m_0` (signed, not side-adjusted). */
  midChanges: Float64Array[];
  /** The same mid change without any user order (same seed and continuation): the paired baseline. */
  baselineMidChanges: Float64Array;
  horizonSeconds: number;
  parameters: BookParameters;
}

/**
 * Executes several parent orders over many seeds in the simulated order book and returns each one's
 * implementation shortfall per seed, with the mid change at a common horizon, and the same mid change
 * without any order (the paired baseline). For each seed the book is warmed up once; every schedule
 * and the baseline then start from a copy of that state and continue with the same random stream, so
 * differences between schedules (and against the baseline) are paired and come from the orders alone.
 *
 * Cost: about 10 book events per background trade at 5-12 M events per second; 100 seeds x 5 schedules of
 * 10 minutes at the default 11.6 trades per second is about 80 M events, a few seconds (lib/book/BENCH.md).
 *
 * @param schedules the parent orders (child times in seconds after the arrival, sizes in base units).
 * @param options seeds, parameters, warm-up, horizon.
 * @returns per seed: shortfalls, mid changes and the baseline.
 * @throws {TypeError} / {RangeError} for a bad schedule or option.
 *
 * @example
 * ```ts
 * import { scheduleShortfalls } from "@lib/book/execute.ts";
 * import assert from "node:assert/strict";
 * const times = [0, 20, 40, 60, 80];
 * const r = scheduleShortfalls([
 *   { side: 1, times, sizes: [0.2, 0.2, 0.2, 0.2, 0.2] },
 *   { side: 1, times, sizes: [1, 1, 1, 1, 1] },
 * ], { seeds: 8, afterSeconds: 0 });
 * const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;
 * assert.equal(r.shortfalls[0]!.length, 8);
 * assert.ok(mean(r.shortfalls[1]!) > mean(r.shortfalls[0]!)); // the larger order costs more
 * ```
 */
export function scheduleShortfalls(
  schedules: readonly ChildSchedule[],
  options: ScheduleShortfallOptions = {},
): ScheduleShortfalls {
  const action = "compute schedule shortfalls";
  if (!Array.isArray(schedules) || schedules.length === 0) {
    throw new TypeError(
      `Cannot ${action}: schedules must be a non-empty array: current value is ${schedules}`,
    );
  }
  const o = resolveOptions(action, options);
  // Array.from visits holes too (map would skip them).
  const plans = Array.from(schedules, (s, k) => plan(action, s, `schedules[${k}]`));
  const { seeds: seedOption = 100 } = options;
  let seeds: Float64Array;
  if (typeof seedOption === "number") {
    assertInteger(action, "seeds", seedOption, 1);
    if (seedOption > 100_000) {
      throw new RangeError(`Cannot ${action}: seeds must be <= 100,000 runs: current value is ${seedOption}`);
    }
    seeds = new Float64Array(seedOption);
    for (let k = 0; k < seedOption; k++) seeds[k] = k + 1;
  } else {
    seeds = toFiniteArray(action, "seeds", seedOption);
    if (seeds.length === 0 || seeds.length > 100_000) {
      throw new TypeError(
        `Cannot ${action}: seeds must hold 1 to 100,000 seeds: current length is ${seeds.length}`,
      );
    }
    for (let k = 0; k < seeds.length; k++) assertInteger(action, `seeds[${k}]`, seeds[k]!, -(2 ** 31));
  }
  const latest = plans.reduce((m, p) => Math.max(m, p.end), 0);
  const horizon = options.horizonSeconds ?? latest + o.afterSeconds;
  assertFinite(action, "horizonSeconds", horizon);
  if (horizon > 7 * 86_400) {
    throw new RangeError(
      `Cannot ${action}: horizonSeconds must be <= 7 days (604,800): current value is ${horizon}`,
    );
  }
  if (horizon < latest) {
    throw new RangeError(
      `Cannot ${action}: horizonSeconds must be >= the latest schedule end (${latest} s): current value is ${horizon}`,
    );
  }
  const ns = seeds.length;
  const shortfalls = plans.map(() => new Float64Array(ns));
  const unfilled = plans.map(() => new Float64Array(ns));
  const midChanges = plans.map(() => new Float64Array(ns));
  const baselineMidChanges = new Float64Array(ns), arrivalMids = new Float64Array(ns);
  let parameters: BookParameters | null = null;
  for (let s = 0; s < ns; s++) {
    const seed = seeds[s]!;
    const warm = new BookSimulator(o.parameters, { seed, recordTape: false, recordQuotes: "none" });
    parameters = warm.parameters;
    warm.advance(o.warmupSeconds);
    const m0 = warm.mid, t0 = warm.time;
    arrivalMids[s] = m0;
    // The continuation's seed: a fixed function of the seed, shared by the schedules and the baseline.
    const continuation = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x2545f491) | 0;
    const base = warm.fork(continuation);
    base.advance(t0 + horizon);
    baselineMidChanges[s] = (base.mid - m0) / m0;
    for (let k = 0; k < plans.length; k++) {
      const sim = warm.fork(continuation);
      const r = runPlan(sim, plans[k]!, null);
      sim.advance(t0 + horizon);
      shortfalls[k]![s] = r.filled > 0 ? (plans[k]!.side * (r.cost / r.filled - m0)) / m0 : NaN;
      unfilled[k]![s] = r.unfilled;
      midChanges[k]![s] = (sim.mid - m0) / m0;
    }
  }
  return {
    label: SIMULATED_BOOK_LABEL,
    seeds,
    arrivalMids,
    shortfalls,
    unfilled,
    midChanges,
    baselineMidChanges,
    horizonSeconds: horizon,
    parameters: parameters!,
  };
}
