/**
 * Summaries of transaction cost analysis results: distribution statistics of every metric, overall and
 * broken down by participation bucket, side and UTC hour of day, plus binned means for comparing an
 * impact estimate with realized costs. The summary reads each column once into a typed array and computes
 * every breakdown in two passes per metric; binned means use polars aggregations.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { BPS_PER_FRACTION } from "../core/units.ts";
import type { TradeAnalysis } from "./trade.ts";
import type { TradesAnalysis } from "./analyze_trades.ts";
import { groupedStats, groupedStatsScratch, type TcaMetricStats } from "./_group_stats.ts";

export type { TcaMetricStats } from "./_group_stats.ts";
import {
  assertFinite,
  assertInteger,
  assertObject,
  assertPositive,
  describeValue,
} from "../core/validate.ts";

/** Statistics of every metric within one group of trades. */
export interface TcaGroupSummary {
  /** Readable group label, e.g. `"0.1% to 1%"`, `"buy"`, `"13 UTC"`. */
  group: string;
  /** Sort key: the bucket number, the side (+1 / -1) or the UTC hour. */
  key: number;
  /** Trades in the group. */
  count: number;
  /** Statistics per metric name; a metric with no value in the group (e.g. a markout) is left out. */
  metrics: Record<string, TcaMetricStats>;
}

/** Result of {@linkcode summarizeTca}: a plain, JSON-serialisable object. */
export interface TcaSummary {
  /** Trades summarised (valid rows). */
  count: number;
  /** Bad input rows left out (from `analyzeTrades`; 0 when unknown). */
  badRowCount: number;
  /** Statistics per metric over all trades (a metric with no value at all is left out). */
  metrics: Record<string, TcaMetricStats>;
  /** By participation bucket `[edge[k-1], edge[k])` (lowest bucket first); empty buckets are omitted. */
  byParticipation: TcaGroupSummary[];
  /** By side: buys (key 1) then sells (key -1), when present. */
  bySide: TcaGroupSummary[];
  /** By UTC hour of day (0-23) of the trade's timestamp; empty when the results have no `hour` column. */
  byHour: TcaGroupSummary[];
  /** Participation bucket edges used, fractions of daily volume. */
  participationEdges: number[];
  /** How percentiles are computed. */
  percentileMethod: "linear interpolation between order statistics (type 7)";
}

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
  "participationRate",
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

/** The column as a Float64Array (nulls as 0), or null when it is not numeric. */
function floatColumn(frame: pl.DataFrame, name: string): Float64Array | null {
  const series = frame.getColumn(name);
  if (!series.isNumeric()) return null;
  const values = series.dtype.equals(pl.Float64) ? series : series.cast(pl.Float64);
  return (series.nullCount() > 0 ? values.fillNull("zero") : values).toTypedArray() as Float64Array;
}

/** Integer keys of one grouping: each row's key, and the distinct keys with each one's display slot. */
interface DenseKeys {
  /** Distinct keys in display order. */
  order: number[];
  /** Smallest key; `slot[key - min]` is the key's place in `order`. */
  min: number;
  slot: Int32Array;
}

/** Distinct values of integer `keys` in display order; null if spread over more than 4,096 integers. */
function denseKeys(keys: ArrayLike<number>, descending: boolean): DenseKeys | null {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  if (!(max - min <= 4096)) return null;
  const seen = new Uint8Array(max - min + 1);
  for (let i = 0; i < keys.length; i++) seen[keys[i]! - min] = 1;
  const order: number[] = [];
  for (let k = 0; k < seen.length; k++) if (seen[k]) order.push(k + min);
  if (descending) order.reverse();
  const slot = new Int32Array(seen.length);
  order.forEach((k, j) => (slot[k - min] = j));
  return { order, min, slot };
}

/** Polars integer types whose values `cast(Int32)` leaves unchanged (read without a cast). */
const SMALL_INTEGERS = [pl.Int8, pl.Int16, pl.Int32, pl.UInt8, pl.UInt16];

/** Integer keys of a numeric column without nulls, as polars' `cast(Int32)` gives them; null otherwise. */
function intKeys(frame: pl.DataFrame, name: string): ArrayLike<number> | null {
  const series = frame.getColumn(name);
  if (!series.isNumeric() || series.nullCount() > 0) return null;
  const small = SMALL_INTEGERS.some((t) => series.dtype.equals(t));
  return (small ? series : series.cast(pl.Int32)).toTypedArray() as ArrayLike<number>;
}

type Breakdowns = Pick<TcaSummary, "metrics" | "byParticipation" | "bySide" | "byHour">;

/**
 * Every statistic of every grouping by {@linkcode groupedStats}: two passes over typed arrays per metric
 * instead of a polars aggregation per grouping. Returns null when the frame is outside what it handles
 * (a null or NaN participation rate or key, a non-numeric column, keys spread over more than 4,096
 * integers); the polars path computes those.
 */
function typedArraySummary(
  frame: pl.DataFrame,
  metrics: readonly string[],
  edges: readonly number[],
  labels: readonly string[],
  hasHour: boolean,
): Breakdowns | null {
  const n = frame.height;
  const participation = participationColumn(frame, "participationRate");
  if (participation === null) return null;
  const bucketKeys = new Uint8Array(n);
  if (edges.length > 255) return null;
  for (let i = 0; i < n; i++) {
    const p = participation[i]!;
    if (p !== p) return null;
    let k = 0;
    while (k < edges.length && p >= edges[k]!) k++;
    bucketKeys[i] = k;
  }
  const sideKeys = intKeys(frame, "side");
  const hourKeys = hasHour ? intKeys(frame, "hour") : new Uint8Array(n);
  if (sideKeys === null || hourKeys === null) return null;
  const buckets = denseKeys(bucketKeys, false), sides = denseKeys(sideKeys, true);
  const hours = denseKeys(hourKeys, false);
  if (buckets === null || sides === null || hours === null) return null;
  const nb = buckets.order.length, ns = sides.order.length, nh = hours.order.length;
  const cellCount = nb * ns * nh;
  if (cellCount > 20_000) return null;
  const cell = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    cell[i] =
      (buckets.slot[bucketKeys[i]! - buckets.min]! * ns + sides.slot[sideKeys[i]! - sides.min]!) * nh +
      hours.slot[hourKeys[i]! - hours.min]!;
  }
  // Group ids: 0 all trades, then the buckets, the sides and the hours.
  const groupCount = 1 + nb + ns + nh;
  const overallOf = new Int32Array(cellCount), bucketOf = new Int32Array(cellCount);
  const sideOf = new Int32Array(cellCount), hourOf = new Int32Array(cellCount);
  for (let c = 0; c < cellCount; c++) {
    const h = c % nh, s = Math.floor(c / nh) % ns, b = Math.floor(c / (nh * ns));
    bucketOf[c] = 1 + b;
    sideOf[c] = 1 + nb + s;
    hourOf[c] = 1 + nb + ns + h;
  }
  const maps = hasHour ? [overallOf, bucketOf, sideOf, hourOf] : [overallOf, bucketOf, sideOf];
  const groupRows = new Float64Array(groupCount);
  groupRows[0] = n;
  for (let i = 0; i < n; i++) {
    const c = cell[i]!;
    groupRows[bucketOf[c]!]!++;
    groupRows[sideOf[c]!]!++;
    groupRows[hourOf[c]!]!++;
  }
  const perGroup: Record<string, TcaMetricStats>[] = Array.from({ length: groupCount }, () => ({}));
  const scratch = groupedStatsScratch(n);
  for (const m of metrics) {
    const values = floatColumn(frame, m);
    if (values === null) return null;
    const series = frame.getColumn(m);
    const valid = series.nullCount() > 0
      ? series.isNotNull().cast(pl.UInt8).toTypedArray() as Uint8Array
      : null;
    groupedStats(values, valid, cell, cellCount, maps, groupCount, scratch).forEach((stats, g) => {
      if (stats !== null) perGroup[g]![m] = stats;
    });
  }
  const groups = (first: number, keys: number[], label: (key: number) => string): TcaGroupSummary[] =>
    keys.map((key, j) => ({
      group: label(key),
      key,
      count: groupRows[first + j]!,
      metrics: perGroup[first + j]!,
    }));
  return {
    metrics: perGroup[0]!,
    byParticipation: groups(1, buckets.order, (k) => labels[k]!),
    bySide: groups(1 + nb, sides.order, (k) => (k > 0 ? "buy" : "sell")),
    byHour: hasHour ? groups(1 + nb + ns, hours.order, (k) => `${String(k).padStart(2, "0")} UTC`) : [],
  };
}

/** The participation rates as a Float64Array, or null when the column is not numeric or has a null. */
function participationColumn(frame: pl.DataFrame, name: string): Float64Array | null {
  return frame.getColumn(name).nullCount() > 0 ? null : floatColumn(frame, name);
}

/** The same breakdowns by polars aggregations (any frame `typedArraySummary` leaves out). */
function polarsSummary(
  frame: pl.DataFrame,
  metrics: readonly string[],
  edges: readonly number[],
  labels: readonly string[],
  hasHour: boolean,
): Breakdowns {
  const overall = frame.select(...metrics.flatMap(statExprs)).toRecords()[0] as Record<string, unknown>;
  const bucket = pl.sumHorizontal(edges.map((e) => pl.col("participationRate").gtEq(e).cast(pl.Int32)));
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

/** Throws a `TypeError` unless every option naming a column is a string. */
function assertColumnNames(action: string, names: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(names)) {
    if (typeof value !== "string") {
      throw new TypeError(
        `Cannot ${action}: options.${key} must be a column name (a string): current value is ${
          describeValue(value)
        }`,
      );
    }
  }
}

/** Throws a `TypeError` unless `frame` is a polars DataFrame. */
function assertFrame(action: string, frame: unknown): void {
  if (!isDataFrame(frame)) {
    throw new TypeError(
      `Cannot ${action}: frame must be a polars DataFrame (analyzeTrades(...).results): current value is ${
        describeValue(frame)
      }`,
    );
  }
}

function isDataFrame(value: unknown): value is pl.DataFrame {
  return value !== null && typeof value === "object" &&
    typeof (value as pl.DataFrame).getColumn === "function";
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
 *   `participationRate` and metric columns; `markout...` columns joined from `markoutsFromCandles` are
 *   summarised too), or an array of `analyzeTrade` results.
 * @param options participation bucket edges and the metrics to summarise.
 * @returns a plain {@linkcode TcaSummary}.
 * @throws {TypeError} if the input has no `side` or `participationRate`, or a requested metric is missing.
 * @throws {RangeError} if there are no trades, or the edges are not increasing and > 0.
 *
 * @example
 * ```ts
 * import pl from "npm:nodejs-polars@0.25.2";
 * import { summarizeTca } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const results = pl.DataFrame({
 *   side: [1, 1, -1, -1, 1],
 *   participationRate: [0.00005, 0.0005, 0.005, 0.05, 0.5],
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
  for (const required of ["side", "participationRate"]) {
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

/**
 * Display unit of a metric: `"%"` (of daily volume) for participation, `"bps"` for every cost, impact
 * and markout.
 *
 * @param metric a metric column name.
 * @returns the unit.
 *
 * @example
 * ```ts
 * import { tcaMetricUnit } from "@lib/tca/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(tcaMetricUnit("participationRate"), "%");
 * assert.equal(tcaMetricUnit("markout5m"), "bps");
 * ```
 */
export function tcaMetricUnit(metric: string): "%" | "bps" {
  return metric === "participationRate" ? "%" : "bps";
}

/**
 * Multiplier from a metric's fraction to its display unit: 100 for `"%"` (participation), 10,000 for
 * `"bps"` (`BPS_PER_FRACTION`; every cost, impact and markout).
 *
 * @param metric a metric column name.
 * @returns the multiplier.
 *
 * @example
 * ```ts
 * import { tcaMetricScale } from "@lib/tca/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(tcaMetricScale("participationRate"), 100);
 * assert.equal(tcaMetricScale("implementationShortfall"), 10_000);
 * ```
 */
export function tcaMetricScale(metric: string): number {
  return tcaMetricUnit(metric) === "%" ? 100 : BPS_PER_FRACTION;
}

const METRIC_LABELS: Record<string, string> = {
  implementationShortfall: "shortfall",
  vwapSlippage: "VWAP slippage",
  spreadCost: "spread cost",
  participationRate: "participation",
  estimatedImpact: "estimated impact (law)",
  predictedImpact: "predicted impact",
  impactCost: "impact part (law)",
  timingCost: "timing part",
};

/**
 * Short readable name of a metric for tables and legends: `"shortfall"`, `"VWAP slippage"`,
 * `"estimated impact (law)"`, `"markout 5 min"`; unknown names are returned as they are.
 *
 * @param metric a metric column name.
 * @returns its label.
 *
 * @example
 * ```ts
 * import { tcaMetricLabel } from "@lib/tca/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(tcaMetricLabel("implementationShortfall"), "shortfall");
 * assert.equal(tcaMetricLabel("markout60m"), "markout 60 min");
 * ```
 */
export function tcaMetricLabel(metric: string): string {
  const markout = /^markout(.+)m$/.exec(metric);
  return METRIC_LABELS[metric] ?? (markout ? `markout ${markout[1]} min` : metric);
}

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
  assertColumnNames(action, { x, y });
  for (const [key, c] of Object.entries({ x, y })) {
    if (!frame.columns.includes(c)) {
      throw new TypeError(
        `Cannot ${action}: options.${key} names a missing column, ${c} is not a column: current columns are ${
          frame.columns.join(", ")
        }`,
      );
    }
  }
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
  assertColumnNames(action, { estimate, realized, ...(netOf === undefined ? {} : { netOf }) });
  for (const [key, c] of Object.entries({ estimate, realized, ...(netOf === undefined ? {} : { netOf }) })) {
    if (!frame.columns.includes(c)) {
      throw new TypeError(
        `Cannot ${action}: options.${key} names a missing column, ${c} is not a column: current columns are ${
          frame.columns.join(", ")
        }`,
      );
    }
  }
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
