/**
 * How well a pre-trade cost estimate tracks the realized cost across trades: means, their ratio, the
 * correlation and the least-squares line.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { assertObject } from "../core/validate.ts";
import { assertColumnOptions, assertFrame } from "./_frame_checks.ts";

/** Result of {@linkcode tcaEstimateQuality}: how well a pre-trade estimate tracks a realized cost. */
export interface TcaEstimateQuality {
  /** Column of the estimate. */
  estimate: string;
  /** What it is compared with: the realized column, net of `netOf` when given (e.g. `"implementationShortfall - spreadCost"`). */
  realized: string;
  /** Trades with finite estimate and realized cost. */
  count: number;
  /** Mean estimate, fraction of the price. */
  meanEstimate: number;
  /** Mean realized cost, fraction of the price. */
  meanRealized: number;
  /** `meanRealized / meanEstimate`: the share of the estimate that was realized on average. */
  realizedShare: number;
  /** Pearson correlation between estimate and realized cost across trades, in [-1, 1]. */
  correlation: number;
  /** Least-squares slope of realized cost on the estimate, `cov(x, y) / var(x)`, dimensionless. */
  slope: number;
  /** Least-squares intercept, `mean(y) - slope * mean(x)`, fraction of the price. */
  intercept: number;
}

/**
 * How well a pre-trade cost estimate (e.g. `estimatedImpact` or `predictedImpact`) tracks the realized
 * cost across trades: means, their ratio, the Pearson correlation and the least-squares line
 * `realized = intercept + slope * estimate` (ordinary least squares, Greene 2012 ch. 3). With `netOf`, the
 * realized cost is taken net of another column, e.g. the shortfall net of the half spread, the part an
 * impact estimate should explain. Rows with a null or non-finite value are left out. Vectorized (polars).
 *
 * @param frame `analyzeTrades` results (or any frame with the columns).
 * @param options `estimate` column (default `"estimatedImpact"`), `realized` column (default
 *   `"implementationShortfall"`), optional `netOf` column subtracted from `realized`.
 * @returns a plain {@linkcode TcaEstimateQuality}.
 * @throws {TypeError} if a column is missing.
 * @throws {RangeError} if fewer than 2 rows are usable or the estimate does not vary.
 *
 * @example
 * ```ts
 * import pl from "npm:nodejs-polars@0.25.2";
 * import { tcaEstimateQuality } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const frame = pl.DataFrame({ estimatedImpact: [1, 2, 3], implementationShortfall: [1.5, 2.5, 3.5], spreadCost: [0.5, 0.5, 0.5] });
 * const q = tcaEstimateQuality(frame, { netOf: "spreadCost" });
 * assert.ok(Math.abs(q.slope - 1) < 1e-12 && Math.abs(q.intercept) < 1e-12 && Math.abs(q.realizedShare - 1) < 1e-12);
 * ```
 */
export function tcaEstimateQuality(
  frame: pl.DataFrame,
  options: {
    estimate?: string;
    realized?: string;
    netOf?: string;
  } = {},
): TcaEstimateQuality {
  const action = "compare a cost estimate with realized costs";
  assertFrame(action, frame);
  assertObject(action, "options", options);
  const { estimate = "estimatedImpact", realized = "implementationShortfall", netOf } = options;
  assertColumnOptions(action, frame, { estimate, realized, ...(netOf === undefined ? {} : { netOf }) });
  const y = netOf === undefined
    ? pl.col(realized).cast(pl.Float64)
    : pl.col(realized).cast(pl.Float64).sub(pl.col(netOf).cast(pl.Float64));
  const row = frame.lazy()
    .select(pl.col(estimate).cast(pl.Float64).alias("x"), y.alias("y"))
    .filter(pl.col("x").isFinite().and(pl.col("y").isFinite()).fillNull(false))
    .select(
      pl.len().alias("n"),
      pl.col("x").mean().alias("mx"),
      pl.col("y").mean().alias("my"),
      pl.col("x").var().alias("vx"),
      pl.cov("x", "y").alias("cxy"),
      pl.pearsonCorr("x", "y").alias("r"),
    )
    .collectSync()
    .toRecords()[0]! as Record<string, number | null>;
  const n = Number(row.n);
  if (n < 2) throw new RangeError(`Cannot ${action}: fewer than 2 usable rows: current count is ${n}`);
  const vx = row.vx ?? 0;
  if (!(vx > 0)) {
    throw new RangeError(`Cannot ${action}: ${estimate} does not vary: current variance is ${vx}`);
  }
  const mx = row.mx!, my = row.my!;
  const slope = row.cxy! / vx;
  return {
    estimate,
    realized: netOf === undefined ? realized : `${realized} - ${netOf}`,
    count: n,
    meanEstimate: mx,
    meanRealized: my,
    realizedShare: my / mx,
    correlation: row.r ?? NaN,
    slope,
    intercept: my - slope * mx,
  };
}
