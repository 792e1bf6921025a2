/**
 * Range algebra of the candle loader (private to lib/data): half-open ranges of bar starts `[start, end)`
 * in UTC ms, clipped to a request, merged, counted in bars and described in words.
 *
 * @module
 */
import type { ResolvedKlineSpec } from "./kline_spec.ts";
import { firstBarAtOrAfter, intervalMs, nextBarStart } from "./_calendar.ts";
import type { TimeRange } from "./cache/_kline_cache.ts";

/** The parts of `ranges` inside `[from, to)`, in order. */
export function clipRanges(ranges: readonly TimeRange[], from: number, to: number): TimeRange[] {
  const out: TimeRange[] = [];
  for (const r of ranges) {
    const a = Math.max(r.start, from), b = Math.min(r.end, to);
    if (a < b) out.push({ start: a, end: b });
  }
  return out;
}

/** Sorted `ranges` with the overlapping and touching ones joined. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const out: TimeRange[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last !== undefined && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** Bar starts of `interval` in `[start, end)`. */
export function countBars(r: TimeRange, interval: ResolvedKlineSpec["interval"]): number {
  const ms = intervalMs(interval);
  const first = firstBarAtOrAfter(r.start, interval);
  if (ms !== undefined) return first < r.end ? Math.ceil((r.end - first) / ms) : 0;
  let n = 0;
  for (let t = first; t < r.end; t = nextBarStart(t, interval)) n++;
  return n;
}

/** `"2025-06-10 00:00 to 2025-06-11 00:00 UTC, ..."` (at most 5 ranges, then how many more). */
export function describeRanges(ranges: readonly TimeRange[]): string {
  const shown = ranges.slice(0, 5).map((r) => `${stamp(r.start)} to ${stamp(r.end)}`);
  const more = ranges.length > 5 ? `, and ${ranges.length - 5} more range(s)` : "";
  return `${shown.join(", ")} UTC${more}`;
}

/** `"2025-06-10 00:00"`: a UTC time to the minute. */
export function stamp(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace("T", " ");
}

/** `"2025-06-01"` for a midnight, else `"2025-06-01T12:00Z"`: a UTC time as short as it goes. */
export function iso(t: number): string {
  return new Date(t).toISOString().replace(":00.000Z", "Z").replace("T00:00Z", "");
}
