/**
 * Blocks of time-ordered observations for the block bootstrap: observations that overlap in time or share a
 * day are not independent, so an i.i.d. bootstrap understates the error; resampling whole blocks with
 * replacement keeps the dependence inside each block (the non-overlapping block bootstrap of Carlstein 1986;
 * Künsch 1989; Lahiri 2003, ch. 2). Shared by the impact calibration and the tape estimators.
 *
 * @module
 */
import { assertInteger, assertPositive, describeValue } from "./validate.ts";
import { MS_PER_DAY } from "./units.ts";

/**
 * How to cut observations into blocks: UTC calendar days, windows of a fixed duration in ms (starting at the
 * earliest timestamp), or runs of a fixed number of consecutive observations in time order.
 */
export type TimeBlockSpec = "day" | { ms: number } | { count: number };

/** A plain description of a block spec, e.g. `"UTC days"`, `"blocks of 3,600,000 ms"`, `"blocks of 50 observations"`. */
export function describeTimeBlocks(spec: TimeBlockSpec): string {
  if (spec === "day") return "UTC days";
  if ("ms" in spec) return `blocks of ${spec.ms.toLocaleString("en-US")} ms`;
  return `blocks of ${spec.count.toLocaleString("en-US")} observations`;
}

/**
 * Assigns each observation to a block, numbered 0, 1, ... in time order.
 *
 * `"day"`: the UTC calendar day of the timestamp; `{ ms }`: `floor((t - min t) / ms)`; `{ count }`: the
 * observations sorted by time (ties in input order) cut into runs of `count` (the last one the rest). Empty
 * days or windows get no number, so block numbers are dense. Timestamps need not be sorted. Cost
 * O(n) on sorted timestamps, else O(n log n) (one sort).
 *
 * @param timestamps observation times, UTC ms, finite (validated by the caller).
 * @param spec the block spec.
 * @param name the spec's name in error messages (default `"block"`).
 * @returns `block[i]`, the block of observation i, and `count`, the number of blocks (0 for no observation).
 * @throws {RangeError} if `ms` is not > 0, `count` is not an integer >= 1, or the spec is of another shape.
 *
 * @example
 * ```ts
 * import { assignTimeBlocks } from "@lib/core/mod.ts";
 * import assert from "node:assert/strict";
 * const day = 86_400_000;
 * const { block, count } = assignTimeBlocks([3 * day, 1, day + 5, 2], "day");
 * assert.deepEqual([...block], [2, 0, 1, 0]);
 * assert.equal(count, 3);
 * assert.deepEqual([...assignTimeBlocks([40, 10, 30, 20], { count: 2 }).block], [1, 0, 1, 0]);
 * ```
 */
export function assignTimeBlocks(
  timestamps: ArrayLike<number>,
  spec: TimeBlockSpec,
  name = "block",
): { block: Int32Array; count: number } {
  const action = "cut observations into blocks";
  const n = timestamps.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = timestamps[i - 1]! <= timestamps[i]!;
  if (!sorted) order.sort((a, b) => timestamps[a]! - timestamps[b]! || a - b);
  const block = new Int32Array(n);
  let count = 0;
  if (spec === "day" || (typeof spec === "object" && spec !== null && "ms" in spec)) {
    let width = MS_PER_DAY, origin = 0;
    if (spec !== "day") {
      assertPositive(action, `${name}.ms`, spec.ms);
      width = spec.ms;
      origin = n > 0 ? timestamps[order[0]!]! : 0;
    }
    let current = NaN;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const key = Math.floor((timestamps[i]! - origin) / width);
      if (key !== current) {
        count++;
        current = key;
      }
      block[i] = count - 1;
    }
  } else if (typeof spec === "object" && spec !== null && "count" in spec) {
    assertInteger(action, `${name}.count`, spec.count, 1);
    for (let k = 0; k < n; k++) block[order[k]!] = Math.floor(k / spec.count);
    count = Math.ceil(n / spec.count);
  } else {
    throw new RangeError(
      `Cannot ${action}: ${name} must be "day", { ms } or { count } (with ${name}.ms or ${name}.count a ` +
        `positive number): current value is ${describeValue(spec)}`,
    );
  }
  return { block, count };
}
