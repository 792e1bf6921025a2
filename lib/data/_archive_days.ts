/**
 * The day-by-day loop that {@linkcode loadTrades} and {@linkcode loadQuotes} share (private to lib/data):
 * for each UTC day of `[start, end)`, the cached file when it is sound, else (unless offline) one download
 * per day file and process (concurrent callers share it), with every day that cannot be had reported with
 * a reason and a cause. A corrupt cached file is moved aside by the cache and reported; offline, it is a
 * failed day (a fault), never a merely missing one. A day that answers HTTP 429 with a long `Retry-After`
 * stops the range at once, and so do {@linkcode RATE_LIMITED_DAYS_TO_STOP} consecutive days that ran out of
 * retries on HTTP 429: the days not requested are failed with cause `"rate-limited"`.
 *
 * @module
 */
import { BybitRateLimitError, BybitUnavailableError } from "./bybit/bybit_http.ts";
import { parseTradeDay } from "./bybit/_trade_day.ts";
import { DAY_MS } from "./_calendar.ts";
import type { DayFileState } from "./cache/_day_file.ts";

/** After this many consecutive days that ended in rate limiting, the rest of the range is not requested. */
export const RATE_LIMITED_DAYS_TO_STOP = 2;

/** Why a day could not be had (see `TradeDayReport.cause`). */
export type DayCause =
  | "offline"
  | "unreachable"
  | "not-published"
  | "rate-limited"
  | "suspicious"
  | "invalid";

/** What happened to one UTC day: the fields the trade and quote day reports share. */
export interface DayReport {
  date: string;
  status: "cached" | "fetched" | "missing" | "failed";
  rows?: number;
  reason?: string;
  cause?: DayCause;
}

/** What a download of one day gives: its rows, a note for the report, and fields of its own. */
export interface FetchedDay {
  rows: number;
  note?: string;
  details?: Record<string, unknown>;
}

/** The parts of the loop that differ between trades and quotes. */
export interface ArchiveDayLoop<Day extends DayReport> {
  /** The public function's name, for warnings (`loadTrades`). */
  name: string;
  start: number;
  end: number;
  offline: boolean;
  /** Why offline, for the reasons (`BYBIT_OFFLINE is set`). */
  offlineWhy: string;
  signal?: AbortSignal;
  /** The cache file of a day. */
  pathOf(date: string): string;
  /** What the cached file holds (a corrupt one is moved aside). */
  inspect(path: string): DayFileState;
  /** Downloads, checks and caches a day. */
  fetch(path: string, date: string): Promise<FetchedDay>;
  /** The reason of a day the archive does not publish (HTTP 404), or undefined for any other error. */
  notPublished(error: unknown): string | undefined;
  /** The cause of any other failed download (default: unreachable, rate-limited or invalid). */
  causeOf?(error: unknown): DayCause | undefined;
  onDay?: (day: Day) => void;
}

/** `YYYY-MM-DD` of a UTC ms instant. */
export const dayKey = (t: number): string => new Date(t).toISOString().slice(0, 10);

/**
 * A range bound of a day request as UTC ms: a day `YYYY-MM-DD` (its 00:00), a Date or integer ms from
 * 2000 on.
 * @throws {RangeError} naming `name` for anything else.
 */
export function dayRangeMs(action: string, name: string, value: unknown): number {
  if (typeof value === "string") return parseTradeDay(action, value);
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== "number" || !Number.isSafeInteger(ms) || ms < Date.UTC(2000, 0, 1)) {
    throw new RangeError(
      `Cannot ${action}: ${name} must be a day YYYY-MM-DD, a Date or integer UTC ms from 2000 on: current value is ${
        String(value)
      }`,
    );
  }
  return ms;
}

/** Downloads of the same day file in this process share one request. */
const inflight = new Map<string, Promise<FetchedDay>>();

/**
 * Settles every UTC day of `[start, end)` in order (cached, fetched, missing or failed), calling `onDay`
 * for each. Throws only when `signal` aborts.
 *
 * @returns the day reports, the rows of the available days and their files, in day order.
 */
export async function settleArchiveDays<Day extends DayReport>(
  loop: ArchiveDayLoop<Day>,
): Promise<{ days: Day[]; rows: number; paths: string[] }> {
  const { name, offline, offlineWhy } = loop;
  const days: Day[] = [], paths: string[] = [];
  let rows = 0, rateLimitedDays = 0;
  let stopped: string | undefined;
  for (let d = Math.floor(loop.start / DAY_MS) * DAY_MS; d < loop.end; d += DAY_MS) {
    const date = dayKey(d);
    const path = loop.pathOf(date);
    const state = loop.inspect(path);
    let day: DayReport;
    if (state.kind === "ok") {
      day = { date, status: "cached", rows: state.rows };
    } else {
      const replaced = state.kind === "corrupt"
        ? `cached file was corrupt (${state.reason}; ${
          state.movedTo ? `moved to ${state.movedTo}` : `could not move ${path}`
        })`
        : undefined;
      if (replaced) console.warn(`${name}: ${date}: ${replaced}`);
      if (offline) {
        // A corrupt file is a fault, not an absence: it is failed (cause "invalid"), never merely missing.
        day = replaced
          ? {
            date,
            status: "failed",
            reason: `${replaced}; not fetched again: offline (${offlineWhy})`,
            cause: "invalid",
          }
          : { date, status: "missing", reason: `not cached and offline (${offlineWhy})`, cause: "offline" };
      } else if (stopped !== undefined) {
        day = { date, status: "failed", reason: `not requested: ${stopped}`, cause: "rate-limited" };
      } else {
        try {
          let pending = inflight.get(path);
          if (!pending) {
            pending = loop.fetch(path, date);
            inflight.set(path, pending);
            pending.finally(() => inflight.delete(path)).catch(() => {});
          }
          const { rows, note, details } = await pending;
          const why = [replaced, note].filter((x) => x !== undefined).join("; ");
          day = { date, status: "fetched", rows, ...details, ...(why ? { reason: why } : {}) };
          rateLimitedDays = 0;
        } catch (error) {
          if (loop.signal?.aborted) throw error;
          day = dayFailure(loop, date, error);
          const on429 = error instanceof BybitUnavailableError && /^HTTP 429/.test(error.lastError);
          rateLimitedDays = on429 ? rateLimitedDays + 1 : 0;
          if (error instanceof BybitRateLimitError) {
            stopped = `the range stopped at ${date}: ${error.message}`;
          } else if (rateLimitedDays >= RATE_LIMITED_DAYS_TO_STOP) {
            stopped =
              `the range stopped after ${rateLimitedDays} consecutive days rate limited (HTTP 429), ` +
              `the last at ${date}`;
          }
        }
      }
    }
    days.push(day as Day);
    if (day.rows !== undefined) {
      rows += day.rows;
      paths.push(path);
    }
    loop.onDay?.(day as Day);
  }
  return { days, rows, paths };
}

function dayFailure<Day extends DayReport>(
  loop: ArchiveDayLoop<Day>,
  date: string,
  error: unknown,
): DayReport {
  const missing = loop.notPublished(error);
  if (missing !== undefined) return { date, status: "missing", reason: missing, cause: "not-published" };
  const reason = String((error as Error)?.message ?? error);
  const cause: DayCause = loop.causeOf?.(error) ??
    (error instanceof BybitRateLimitError
      ? "rate-limited"
      : error instanceof BybitUnavailableError
      ? (/^HTTP 429/.test(error.lastError) ? "rate-limited" : "unreachable")
      : "invalid");
  return { date, status: "failed", reason, cause };
}
