/**
 * Tables of transaction cost analysis in display units: basis points for costs, impacts and markouts
 * (`fraction * 10,000`), percent of daily volume for participation (`* 100`).
 *
 * @module
 */
import type { TcaGroupSummary, TcaMetricStats } from "../tca/summary.ts";
import { tcaMetricLabel, tcaMetricScale, tcaMetricUnit } from "../tca/metric_labels.ts";
import { type Table, table } from "./display.ts";
import { fixed } from "./format.ts";

/** A row of {@linkcode tcaStatsRows}: one metric's statistics in its display unit. */
export interface TcaStatsRow extends TcaMetricStats {
  /** Metric column name. */
  metric: string;
  /** Readable name, see `tcaMetricLabel`. */
  label: string;
  /** Display unit: `"bps"` or `"%"`. */
  unit: string;
}

/**
 * Table rows (one per metric) of summary statistics in display units: basis points for costs, impacts
 * and markouts (`* 1e4`), percent of daily volume for participation (`* 100`). For `table(...)`.
 *
 * @param metrics `summary.metrics` or a group's `metrics`.
 * @returns one row per metric, in the order given.
 *
 * @example
 * ```ts
 * import { tcaStatsRows } from "@lib/report/mod.ts";
 * import assert from "node:assert/strict";
 * const rows = tcaStatsRows({
 *   implementationShortfall: { count: 2, mean: 0.001, std: 0, median: 0.001, p5: 0.001, p95: 0.001 },
 * });
 * assert.equal(rows[0]!.unit, "bps");
 * assert.ok(Math.abs(rows[0]!.mean - 10) < 1e-12);
 * ```
 */
export function tcaStatsRows(metrics: Record<string, TcaMetricStats>): TcaStatsRow[] {
  return Object.entries(metrics).map(([metric, s]) => {
    const k = tcaMetricScale(metric);
    return {
      metric,
      label: tcaMetricLabel(metric),
      unit: tcaMetricUnit(metric),
      count: s.count,
      mean: s.mean * k,
      std: s.std === null ? null : s.std * k,
      median: s.median * k,
      p5: s.p5 * k,
      p95: s.p95 * k,
    };
  });
}

/**
 * Table rows of a breakdown: one row per group with its trade count and, for each metric, the chosen
 * statistic in display units, under a key that names the metric (`tcaMetricLabel`) and says the
 * unit, e.g. `"shortfall mean (bps)"`.
 *
 * @param groups `summary.byParticipation`, `summary.bySide` or `summary.byHour`.
 * @param options `metrics` to show (default every metric of the first group), `stat` (default `"mean"`).
 * @returns rows for `table(...)`.
 *
 * @example
 * ```ts
 * import { tcaBreakdownRows } from "@lib/report/mod.ts";
 * import assert from "node:assert/strict";
 * const s = { count: 1, mean: 0.001, std: null, median: 0.001, p5: 0.001, p95: 0.001 };
 * const rows = tcaBreakdownRows([{ group: "buy", key: 1, count: 1, metrics: { vwapSlippage: s } }]);
 * assert.equal(rows[0]!["VWAP slippage mean (bps)"], 10);
 * ```
 */
export function tcaBreakdownRows(
  groups: readonly TcaGroupSummary[],
  { metrics, stat = "mean" }: {
    metrics?: readonly string[];
    stat?: "mean" | "median" | "p5" | "p95" | "std";
  } = {},
): Record<string, string | number | null>[] {
  const names = metrics ?? Object.keys(groups[0]?.metrics ?? {});
  return groups.map((g) => {
    const row: Record<string, string | number | null> = { group: g.group, trades: g.count };
    for (const m of names) {
      const v = g.metrics[m]?.[stat];
      row[`${tcaMetricLabel(m)} ${stat} (${tcaMetricUnit(m)})`] = v === undefined || v === null
        ? null
        : v * tcaMetricScale(m);
    }
    return row;
  });
}

/**
 * The statistics table of {@linkcode tcaStatsRows}: metric, unit, trades, mean, std, 5th percentile,
 * median and 95th percentile, each to `digits` decimals in its display unit (`"-"` for a missing std).
 *
 * @param metrics `summary.metrics` or a group's `metrics`.
 * @param options `caption` (default none), `digits` (default 3).
 * @returns a `table(...)` displayable.
 *
 * @example
 * ```ts
 * import { tcaStatsTable } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const t = tcaStatsTable({ spreadCost: { count: 1, mean: 0.0001, std: null, median: 0.0001, p5: 0.0001, p95: 0.0001 } });
 * assert.deepEqual(t.rows[0], ["spread cost", "bps", "1", "1.000", "-", "1.000", "1.000", "1.000"]);
 * ```
 */
export function tcaStatsTable(
  metrics: Record<string, TcaMetricStats>,
  { caption, digits = 3 }: { caption?: string; digits?: number } = {},
): Table {
  const f = fixed(digits);
  return table(tcaStatsRows(metrics), {
    columns: [
      { key: "label", label: "metric" },
      { key: "unit" },
      { key: "count", label: "trades" },
      { key: "mean", format: f },
      { key: "std", label: "std", format: f },
      { key: "p5", label: "5th pct", format: f },
      { key: "median", format: f },
      { key: "p95", label: "95th pct", format: f },
    ],
    ...(caption === undefined ? {} : { caption }),
  });
}

/**
 * The table of a breakdown ({@linkcode tcaBreakdownRows}): the group, its trade count, and each metric's
 * statistic in its display unit to `digits` decimals (`"-"` where a group has no value).
 *
 * @param groups `summary.byParticipation`, `summary.bySide` or `summary.byHour`.
 * @param options `metrics`, `stat` (as {@linkcode tcaBreakdownRows}), `caption`, `digits` (default 2).
 * @returns a `table(...)` displayable.
 *
 * @example
 * ```ts
 * import { tcaBreakdownTable } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const s = { count: 3, mean: 0.001, std: null, median: 0.001, p5: 0.001, p95: 0.001 };
 * const t = tcaBreakdownTable([{ group: "buy", key: 1, count: 3, metrics: { vwapSlippage: s } }]);
 * assert.deepEqual(t.headers, ["group", "trades", "VWAP slippage mean (bps)"]);
 * assert.deepEqual(t.rows[0], ["buy", "3", "10.00"]);
 * ```
 */
export function tcaBreakdownTable(
  groups: readonly TcaGroupSummary[],
  { metrics, stat, caption, digits = 2 }: {
    metrics?: readonly string[];
    stat?: "mean" | "median" | "p5" | "p95" | "std";
    caption?: string;
    digits?: number;
  } = {},
): Table {
  const rows = tcaBreakdownRows(groups, {
    ...(metrics === undefined ? {} : { metrics }),
    ...(stat === undefined ? {} : { stat }),
  });
  const cell = (v: string | number | null | undefined) =>
    typeof v === "number" ? v.toFixed(digits) : String(v ?? "-");
  const keys = Object.keys(rows[0] ?? {});
  return table(rows, {
    columns: keys.map((key) => (key === "trades" ? { key } : { key, format: cell })),
    ...(caption === undefined ? {} : { caption }),
  });
}
