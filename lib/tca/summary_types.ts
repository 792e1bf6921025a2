/**
 * What {@linkcode summarizeTca} returns: the summary and its groups (the statistics of one metric are
 * {@linkcode TcaMetricStats}).
 *
 * @module
 */
import type { TcaMetricStats } from "./_group_stats.ts";

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
