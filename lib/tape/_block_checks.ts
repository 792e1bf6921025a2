/**
 * Checks of block specs and lags shared by the tape estimators. Not exported from the area's face.
 * @module
 */
import { assertBlockSpec, type BlockSpec } from "../core/bootstrap.ts";

export { assertBootstrapSettings } from "../core/bootstrap.ts";

/** Throws unless `spec` is a block spec (`"day"`, `{ seconds }` or `{ count }`; the `blocks` option). */
export function checkBlockSpec(action: string, spec: unknown): asserts spec is BlockSpec {
  assertBlockSpec(action, spec, "blocks");
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
