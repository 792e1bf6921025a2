/**
 * Checks of block specs, timestamps and lags shared by the tape estimators. Not exported from the area's face.
 * @module
 */
import {
  assertInteger,
  assertNumber,
  assertPositive,
  assertTimestamp,
  describeValue,
} from "../core/validate.ts";

/** How to cut a tape into blocks (the same type as `BlockSpec` of `blocks.ts`). */
type BlockSpec = "day" | { trades: number } | { seconds: number };

/**
 * Throws unless `spec` is a block spec: `"day"`, `{ trades }` with an integer >= 1, or `{ seconds }` with a
 * finite number > 0 (at most 1e12 s, 30,000 years: a longer block is one block).
 */
export function checkBlockSpec(action: string, spec: unknown): asserts spec is BlockSpec {
  if (spec === "day") return;
  if (spec !== null && typeof spec === "object" && "trades" in spec) {
    assertInteger(action, "spec.trades", (spec as { trades: number }).trades, 1);
    return;
  }
  if (spec !== null && typeof spec === "object" && "seconds" in spec) {
    const seconds = (spec as { seconds: number }).seconds;
    assertPositive(action, "spec.seconds", seconds);
    if (seconds > 1e12) {
      throw new RangeError(
        `Cannot ${action}: spec.seconds must be <= 1e12 (30,000 years): current value is ${seconds}`,
      );
    }
    return;
  }
  throw new RangeError(
    `Cannot ${action}: spec must be "day", { trades } or { seconds } (the blocks option): current value is ${
      describeValue(spec)
    }`,
  );
}

/** Throws unless `timestamps` is a Float64Array of finite, non-decreasing UTC times in ms. */
export function checkTimestamps(action: string, timestamps: Float64Array): void {
  if (!(timestamps instanceof Float64Array)) {
    throw new TypeError(
      `Cannot ${action}: timestamps must be a Float64Array: current value is ${describeValue(timestamps)}`,
    );
  }
  for (let i = 0; i < timestamps.length; i++) {
    assertTimestamp(action, `timestamps[${i}]`, timestamps[i]!);
    if (i > 0 && timestamps[i]! < timestamps[i - 1]!) {
      throw new RangeError(
        `Cannot ${action}: timestamps[${i}] must be >= the previous one (${
          timestamps[i - 1]
        }): current value is ${timestamps[i]}`,
      );
    }
  }
}

/**
 * Throws unless every lag `1..maxLag` has at least one pair of trades inside one block (else its
 * correlation or response would be 0 / 0): `maxLag` must be below the longest block's trade count.
 */
export function assertLagsFitBlocks(
  action: string,
  starts: Int32Array,
  maxLag: number,
  blocksDescription: string,
): void {
  let longest = 0;
  for (let b = 0; b + 1 < starts.length; b++) longest = Math.max(longest, starts[b + 1]! - starts[b]!);
  if (maxLag >= longest) {
    throw new RangeError(
      `Cannot ${action}: maxLag must be < the longest block's trade count (${longest}, ${blocksDescription}), ` +
        `so that every lag has a pair of trades inside a block: current value is ${maxLag}`,
    );
  }
}

/**
 * Throws unless the bootstrap settings of an estimator are valid: `bootstrapSamples` an integer >= 0,
 * `confidence` a number in (0, 1), `seed` a 32-bit integer or wider (>= -2^31).
 */
export function assertBootstrapSettings(
  action: string,
  bootstrapSamples: number,
  confidence: number,
  seed: number,
): void {
  assertInteger(action, "bootstrapSamples", bootstrapSamples, 0);
  assertNumber(action, "confidence", confidence);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`Cannot ${action}: confidence must be in (0, 1): current value is ${confidence}`);
  }
  assertInteger(action, "seed", seed, -(2 ** 31));
}
