/**
 * The check of the labels a trade tape and a quote series carry (private to lib/data).
 *
 * @module
 */
import { describeValue } from "../core/validate.ts";

/**
 * Throws a `TypeError` unless `owner.symbol` is a string and `owner.source` one of `sources`, naming them
 * as `<name>.symbol` and `<name>.source`.
 */
export function assertSeriesMeta(
  action: string,
  name: string,
  owner: { symbol: unknown; source: unknown },
  sources: readonly string[],
): void {
  if (typeof owner.symbol !== "string") {
    throw new TypeError(
      `Cannot ${action}: ${name}.symbol must be a string: current value is ${describeValue(owner.symbol)}`,
    );
  }
  if (!sources.includes(owner.source as string)) {
    throw new TypeError(
      `Cannot ${action}: ${name}.source must be one of ${sources.join(", ")}: current value is ${
        describeValue(owner.source)
      }`,
    );
  }
}
