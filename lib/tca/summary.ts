/**
 * Summaries of transaction cost analysis results: distribution statistics of every metric, overall and
 * broken down by participation bucket, side and UTC hour of day. The summary reads each column once into
 * a typed array and computes every breakdown in two passes per metric (`_typed_array_summary.ts`), with
 * polars aggregations for the frames that path leaves out (`_polars_summary.ts`).
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import type { TradeAnalysis } from "./trade.ts";
import type { TradesAnalysis } from "./analyze_trades.ts";
import { typedArraySummary } from "./_typed_array_summary.ts";
import { polarsSummary } from "./_polars_summary.ts";
import { isDataFrame } from "./_frame_checks.ts";
import type { TcaSummary } from "./summary_types.ts";
import { assertFinite, assertObject, assertPositive, describeValue } from "../core/validate.ts";

export type { TcaMetricStats } from "./_group_stats.ts";
export type { TcaGroupSummary, TcaSummary } from "./summary_types.ts";

/** Options of {@linkcode summarizeTca}. */
export interface TcaSummaryOptions {
  /**
   * Participation bucket edges, fractions of daily volume, increasing and > 0. Default
   * `[0.0001, 0.001, 0.01, 0.1]`: buckets `< 0.01%`, `0.01% to 0.1%`, `0.1% to 1%`, `1% to 10%`,
   * `>= 10%` of daily volume, each closed on the left.
   */
  participationEdges?: readonly number[];
  /**
   * Metric columns to summarise. Default: those of {@linkcode TCA_METRICS} present in the results,
   * then every `markout...` column.
   */
  metrics?: readonly string[];
}

/** The metric columns `analyzeTrades` may produce, in display order. */
export const TCA_METRICS: readonly string[] = [
  "implementationShortfall",
  "vwapSlippage",
  "spreadCost",
  "participation",
  "estimatedImpact",
  "predictedImpact",
  "impactCost",
  "timingCost",
];

/**
 * Labels of the participation buckets `[edge[k-1], edge[k])` for `edges` (fractions of daily volume),
 * shown in percent: one more label than edges.
 *
 * @param edges increasing bucket edges, fractions.
 * @returns the labels, lowest bucket first.
 *
 * @example
 * ```ts
 * import { participationBucketLabels } from "@lib/tca/mod.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(participationBucketLabels([0.001, 0.01]), ["< 0.1%", "0.1% to 1%", ">= 1%"]);
 * ```
 */
export function participationBucketLabels(edges: readonly number[]): string[] {
  const pct = (e: number) => `${Number((e * 100).toPrecision(6))}%`;
  return [
    `< ${pct(edges[0]!)}`,
    ...edges.slice(1).map((e, k) => `${pct(edges[k]!)} to ${pct(e)}`),
    `>= ${pct(edges[edges.length - 1]!)}`,
  ];
}

/** Turns per-trade analyses into a frame with the same column names as `analyzeTrades` results. */
function analysesToFrame(action: string, analyses: readonly TradeAnalysis[]): pl.DataFrame {
  analyses.forEach((a, i) => assertObject(action, `analysis[${i}]`, a, "(an analyzeTrade result)"));
  // A metric is a column when any analysis has it (analyses with and without an impact law can be mixed);
  // where an analysis lacks it the value is null, which the statistics skip, never NaN, which would poison
  // the mean.
  const series: pl.Series[] = [];
  for (const name of ["side", ...TCA_METRICS] as const) {
    const key = name as keyof TradeAnalysis;
    if (!analyses.some((a) => a[key] !== undefined)) continue;
    const values = analyses.map((a, i) => {
      const v = a[key];
      if (v === undefined) return null;
      assertFinite(action, `analysis[${i}].${name}`, v as number);
      return v as number;
    });
    series.push(pl.Series(name, values, pl.Float64));
  }
  return pl.DataFrame(series);
}

/**
 * Summary statistics of transaction cost metrics, overall and by participation bucket, side and UTC hour.
 *
 * For each metric: count (non-null values), mean, sample standard deviation (divisor `n - 1`), median,
 * and the 5th and 95th percentiles by linear interpolation between order statistics (Hyndman & Fan 1996
 * type 7, numpy's and pandas' default: the p-quantile of sorted `x[0..n-1]` is at position `(n - 1) p`).
 * Breakdowns: participation buckets `[edge[k-1], edge[k])` (see {@linkcode TcaSummaryOptions}), side
 * (buy, sell) and UTC hour of day of `timestamp` (0-23, when the results carry an `hour` column).
 * Every group has the same statistics as the whole. Units are those of the metrics (fractions; use
 * {@linkcode tcaStatsRows} for basis points).
 *
 * Cost: O(n) per metric for every breakdown at once: two passes over typed arrays, the percentiles exact
 * from a histogram on bins at sample quantiles and a sort of the few bins holding the order statistics
 * (about 0.3 s for 7 metrics over 1,000,000 trades, `tests/tca/tca_bench.ts`). Frames with a null or NaN
 * participation rate or side or hour, or a non-numeric column, go through polars aggregations instead.
 *
 * @param analysis the output of `analyzeTrades`, its `results` frame (any frame with `side`,
 *   `participation` and metric columns; `markout...` columns joined from `markoutsFromCandles` are
 *   summarised too), or an array of `analyzeTrade` results.
 * @param options participation bucket edges and the metrics to summarise.
 * @returns a plain {@linkcode TcaSummary}.
 * @throws {TypeError} if the input has no `side` or `participation`, or a requested metric is missing.
 * @throws {RangeError} if there are no trades, or the edges are not increasing and > 0.
 *
 * @example
 * ```ts
 * import pl from "npm:nodejs-polars@0.25.2";
 * import { summarizeTca } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const results = pl.DataFrame({
 *   side: [1, 1, -1, -1, 1],
 *   participation: [0.00005, 0.0005, 0.005, 0.05, 0.5],
 *   implementationShortfall: [0.0001, 0.0002, 0.0003, 0.0004, 0.0005],
 * });
 * const summary = summarizeTca(results);
 * const is = summary.metrics.implementationShortfall!;
 * assert.equal(is.median, 0.0003);
 * assert.ok(Math.abs(is.p5 - 0.00012) < 1e-15); // position (5 - 1) * 0.05 = 0.2
 * assert.deepEqual(summary.byParticipation.map((g) => g.count), [1, 1, 1, 1, 1]);
 * assert.deepEqual(summary.bySide.map((g) => g.group), ["buy", "sell"]);
 * ```
 */
export function summarizeTca(
  analysis: TradesAnalysis | pl.DataFrame | readonly TradeAnalysis[],
  options: TcaSummaryOptions = {},
): TcaSummary {
  const action = "summarize TCA";
  let frame: pl.DataFrame;
  let badRowCount = 0;
  if (Array.isArray(analysis)) frame = analysesToFrame(action, analysis);
  else if (isDataFrame(analysis)) frame = analysis;
  else if (
    analysis !== null && typeof analysis === "object" && isDataFrame((analysis as TradesAnalysis).results)
  ) {
    frame = (analysis as TradesAnalysis).results;
    badRowCount = (analysis as TradesAnalysis).badRowCount ?? 0;
  } else {
    throw new TypeError(
      `Cannot ${action}: analysis must be an analyzeTrades result, a DataFrame or an array: current value is ${analysis}`,
    );
  }
  const present = new Set(frame.columns);
  for (const required of ["side", "participation"]) {
    if (!present.has(required)) {
      throw new TypeError(
        `Cannot ${action}: results must have a column ${required}: current columns are ${
          frame.columns.join(", ")
        }`,
      );
    }
  }
  if (frame.height === 0) throw new RangeError(`Cannot ${action}: there are no trades: current count is 0`);
  assertObject(action, "options", options);
  for (const key of ["metrics", "participationEdges"] as const) {
    if (options[key] !== undefined && !Array.isArray(options[key])) {
      throw new TypeError(
        `Cannot ${action}: options.${key} must be an array: current value is ${describeValue(options[key])}`,
      );
    }
  }
  const metrics = options.metrics ?? [
    ...TCA_METRICS.filter((m) => present.has(m)),
    ...frame.columns.filter((c) => c.startsWith("markout")),
  ];
  for (const m of metrics) {
    if (!present.has(m)) {
      throw new TypeError(
        `Cannot ${action}: options.metrics names a missing column, metric ${
          typeof m === "string" ? m : describeValue(m)
        } is not a column: current columns are ${frame.columns.join(", ")}`,
      );
    }
  }
  const edges = [...(options.participationEdges ?? [0.0001, 0.001, 0.01, 0.1])];
  if (edges.length === 0) {
    throw new RangeError(`Cannot ${action}: participationEdges is empty: current length is 0`);
  }
  edges.forEach((e, k) => {
    assertPositive(action, `participationEdges[${k}]`, e);
    if (k > 0 && !(e > edges[k - 1]!)) {
      throw new RangeError(
        `Cannot ${action}: participationEdges must increase: participationEdges[${k}] is ${e} after ${
          edges[k - 1]
        }`,
      );
    }
  });

  const labels = participationBucketLabels(edges);
  const breakdowns = typedArraySummary(frame, metrics, edges, labels, present.has("hour")) ??
    polarsSummary(frame, metrics, edges, labels, present.has("hour"));
  const summary: TcaSummary = {
    count: frame.height,
    badRowCount,
    ...breakdowns,
    participationEdges: edges,
    percentileMethod: "linear interpolation between order statistics (type 7)",
  };
  // Finite values so large that their spread overflows (a std of 1e300s) would come back as Infinity.
  const groups = [
    { group: "all trades", metrics: summary.metrics },
    ...summary.byParticipation,
    ...summary.bySide,
  ];
  for (const g of [...groups, ...summary.byHour]) {
    for (const [metric, stats] of Object.entries(g.metrics)) {
      for (const stat of ["mean", "std", "median", "p5", "p95"] as const) {
        const v = stats[stat];
        if (v !== null && !Number.isFinite(v)) {
          throw new RangeError(
            `Cannot ${action}: the ${stat} of ${metric} (${g.group}) overflows double precision (values too ` +
              `extreme; check the trades' prices): current value is ${v}`,
          );
        }
      }
    }
  }
  return summary;
}
