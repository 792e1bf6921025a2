/**
 * UTC calendar arithmetic for Bybit bars and the monthly cache files (private to lib/data).
 * @module
 */
import type { BybitInterval } from "./kline_spec.ts";

const MINUTE_MS = 60_000;
/** One UTC day in milliseconds. */
export const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05T00:00Z, the first Monday after the epoch: weekly bars are aligned on it. */
const FIRST_MONDAY_MS = 4 * DAY_MS;

/** Length of a fixed-length bar in milliseconds, or `undefined` for the calendar month `M`. */
export function intervalMs(interval: BybitInterval): number | undefined {
  switch (interval) {
    case "D":
      return DAY_MS;
    case "W":
      return WEEK_MS;
    case "M":
      return undefined;
    default:
      return Number(interval) * MINUTE_MS;
  }
}

/** Start of the UTC month containing `t` (ms). */
export function monthStartOf(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Start of the UTC month after the one containing `t` (ms). */
export function nextMonthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** `"YYYY-MM"` of the UTC month containing `t`. */
export function monthKey(t: number): string {
  return new Date(t).toISOString().slice(0, 7);
}

/** Start (UTC ms) of the bar of `interval` that contains `t`. */
export function barStartOf(t: number, interval: BybitInterval): number {
  if (interval === "M") return monthStartOf(t);
  if (interval === "W") return Math.floor((t - FIRST_MONDAY_MS) / WEEK_MS) * WEEK_MS + FIRST_MONDAY_MS;
  const ms = intervalMs(interval)!;
  return Math.floor(t / ms) * ms;
}

/** Start (UTC ms) of the bar after the one starting at (or containing) `t`. */
export function nextBarStart(t: number, interval: BybitInterval): number {
  if (interval === "M") return nextMonthStart(t);
  return barStartOf(t, interval) + intervalMs(interval)!;
}

/** First bar start `>= t`. */
export function firstBarAtOrAfter(t: number, interval: BybitInterval): number {
  const s = barStartOf(t, interval);
  return s === t ? t : nextBarStart(s, interval);
}

/** Whether `t` is the start of a bar of `interval`. */
export function isBarStart(t: number, interval: BybitInterval): boolean {
  return barStartOf(t, interval) === t;
}
