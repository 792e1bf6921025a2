/**
 * The summary's breakdowns by typed arrays (private to the area): every statistic of every grouping in two
 * passes per metric over typed arrays, by `groupedStats`. `summarizeTca` uses it for every frame it
 * handles and falls back to `_polars_summary.ts` for the others.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { groupedStats, groupedStatsScratch } from "./_group_stats.ts";
import type { TcaMetricStats } from "./_group_stats.ts";
import type { TcaGroupSummary, TcaSummary } from "./summary_types.ts";

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

export type Breakdowns = Pick<TcaSummary, "metrics" | "byParticipation" | "bySide" | "byHour">;

/**
 * Every statistic of every grouping by {@linkcode groupedStats}: two passes over typed arrays per metric
 * instead of a polars aggregation per grouping. Returns null when the frame is outside what it handles
 * (a null or NaN participation rate or key, a non-numeric column, keys spread over more than 4,096
 * integers); the polars path computes those.
 */
export function typedArraySummary(
  frame: pl.DataFrame,
  metrics: readonly string[],
  edges: readonly number[],
  labels: readonly string[],
  hasHour: boolean,
): Breakdowns | null {
  const n = frame.height;
  const participation = participationColumn(frame, "participation");
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
