/**
 * Means of a realized cost in equal-count bins of an estimate: the conditional-average view of TCA results.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { assertInteger, assertObject } from "../core/validate.ts";
import { assertColumnOptions, assertFrame } from "./_frame_checks.ts";

/** One bin of {@linkcode tcaBinnedMeans}. */
export interface TcaBin {
  /** Bin number, 0 = smallest `x`. */
  bin: number;
  /** Trades in the bin. */
  count: number;
  /** Mean of `x` in the bin (unit of `x`). */
  x: number;
  /** Mean of `y` in the bin (unit of `y`). */
  y: number;
  /** Standard error of the mean of `y`, `std / sqrt(count)`; 0 for a single trade. */
  yStdError: number;
}

/**
 * Means of `y` in equal-count bins of `x`: the conditional-average view used to compare an impact
 * estimate (`x`, e.g. `estimatedImpact`) with realized costs (`y`, e.g. `implementationShortfall`), as in
 * Tóth et al. (2011, Fig. 1). Rows with a null or non-finite `x` or `y` are left out. Bins are formed by
 * the ordinal rank of `x`: bin `floor((rank - 1) * bins / n)`.
 *
 * @param frame results with both columns.
 * @param options `x` and `y` column names (default `"estimatedImpact"` and `"implementationShortfall"`),
 *   `bins` (default 20, integer >= 1).
 * @returns one {@linkcode TcaBin} per non-empty bin, by increasing `x`.
 * @throws {TypeError} if a column is missing.
 * @throws {RangeError} if `bins` is not an integer >= 1 or no row has finite `x` and `y`.
 *
 * @example
 * ```ts
 * import pl from "npm:nodejs-polars@0.25.2";
 * import { tcaBinnedMeans } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const frame = pl.DataFrame({ estimatedImpact: [1, 2, 3, 4], implementationShortfall: [2, 4, 6, 8] });
 * const bins = tcaBinnedMeans(frame, { bins: 2 });
 * assert.deepEqual(bins.map((b) => [b.x, b.y, b.count]), [[1.5, 3, 2], [3.5, 7, 2]]);
 * ```
 */
export function tcaBinnedMeans(
  frame: pl.DataFrame,
  options: {
    x?: string;
    y?: string;
    bins?: number;
  } = {},
): TcaBin[] {
  const action = "bin TCA results";
  assertFrame(action, frame);
  assertObject(action, "options", options);
  const { x = "estimatedImpact", y = "implementationShortfall", bins = 20 } = options;
  assertColumnOptions(action, frame, { x, y });
  assertInteger(action, "bins", bins, 1);
  const usable = frame.lazy()
    .select(pl.col(x).cast(pl.Float64).alias("x"), pl.col(y).cast(pl.Float64).alias("y"))
    .filter(pl.col("x").isFinite().and(pl.col("y").isFinite()).fillNull(false))
    .collectSync();
  const n = usable.height;
  if (n === 0) throw new RangeError(`Cannot ${action}: no row has finite ${x} and ${y}: current count is 0`);
  const out = usable.lazy()
    .withColumns(
      pl.col("x").rank("ordinal").cast(pl.Float64).sub(1).mul(bins).div(n).floor().cast(pl.Int32).alias(
        "bin",
      ),
    )
    .groupBy("bin")
    .agg(
      pl.len().alias("count"),
      pl.col("x").mean(),
      pl.col("y").mean().alias("y"),
      pl.col("y").std().alias("sd"),
    )
    .sort("bin")
    .collectSync()
    .toRecords();
  return out.map((r) => {
    const count = Number(r.count);
    const sd = r.sd as number | null;
    return {
      bin: Number(r.bin),
      count,
      x: r.x as number,
      y: r.y as number,
      yStdError: count < 2 || sd === null ? 0 : sd / Math.sqrt(count),
    };
  });
}
