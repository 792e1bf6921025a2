/**
 * The summary's breakdowns by polars aggregations (private to the area): the path `summarizeTca` takes
 * for the frames `_typed_array_summary.ts` leaves out (a null or NaN participation rate or key, a
 * non-numeric column, keys spread over more than 4,096 integers).
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import type { TcaMetricStats } from "./_group_stats.ts";
import type { TcaGroupSummary } from "./summary_types.ts";
import type { Breakdowns } from "./_typed_array_summary.ts";

const STATS = ["count", "mean", "std", "median", "p5", "p95"] as const;

function statExprs(metric: string): pl.Expr[] {
  const c = pl.col(metric);
  return [
    c.count().alias(`${metric}\u0000count`),
    c.mean().alias(`${metric}\u0000mean`),
    c.std().alias(`${metric}\u0000std`),
    c.median().alias(`${metric}\u0000median`),
    c.quantile(0.05, "linear").alias(`${metric}\u0000p5`),
    c.quantile(0.95, "linear").alias(`${metric}\u0000p95`),
  ];
}

function readStats(row: Record<string, unknown>, metrics: readonly string[]): Record<string, TcaMetricStats> {
  const out: Record<string, TcaMetricStats> = {};
  for (const m of metrics) {
    const get = (s: (typeof STATS)[number]) => row[`${m}\u0000${s}`] as number | null;
    const count = Number(get("count") ?? 0);
    if (count === 0) continue;
    out[m] = {
      count,
      mean: get("mean") ?? NaN,
      std: count < 2 ? null : get("std"),
      median: get("median") ?? NaN,
      p5: get("p5") ?? NaN,
      p95: get("p95") ?? NaN,
    };
  }
  return out;
}

function groupSummaries(
  frame: pl.DataFrame,
  key: pl.Expr,
  metrics: readonly string[],
  label: (key: number) => string,
  descending = false,
): TcaGroupSummary[] {
  const grouped = frame.lazy()
    .withColumns(key.alias("\u0000key"))
    .groupBy("\u0000key")
    .agg(pl.len().alias("\u0000n"), ...metrics.flatMap(statExprs))
    .sort("\u0000key", descending)
    .collectSync();
  return grouped.toRecords().map((row) => {
    const k = Number(row["\u0000key"]);
    return {
      group: label(k),
      key: k,
      count: Number(row["\u0000n"]),
      metrics: readStats(row as Record<string, unknown>, metrics),
    };
  });
}

/** The same breakdowns by polars aggregations (any frame `typedArraySummary` leaves out). */
export function polarsSummary(
  frame: pl.DataFrame,
  metrics: readonly string[],
  edges: readonly number[],
  labels: readonly string[],
  hasHour: boolean,
): Breakdowns {
  const overall = frame.select(...metrics.flatMap(statExprs)).toRecords()[0] as Record<string, unknown>;
  const bucket = pl.sumHorizontal(edges.map((e) => pl.col("participation").gtEq(e).cast(pl.Int32)));
  return {
    metrics: readStats(overall, metrics),
    byParticipation: groupSummaries(frame, bucket, metrics, (k) => labels[k]!),
    bySide: groupSummaries(
      frame,
      pl.col("side").cast(pl.Int32),
      metrics,
      (k) => (k > 0 ? "buy" : "sell"),
      true,
    ),
    byHour: hasHour
      ? groupSummaries(
        frame,
        pl.col("hour").cast(pl.Int32),
        metrics,
        (k) => `${String(k).padStart(2, "0")} UTC`,
      )
      : [],
  };
}
