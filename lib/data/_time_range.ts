/**
 * The half-open time range `[start, end)` of a request, checked the same way for candles
 * ({@linkcode resolveKlineSpec}) and trades ({@linkcode loadTrades}) (private to lib/data).
 *
 * @module
 */

/**
 * Converts `spec.start` and `spec.end` to UTC ms with the caller's `toMs` (which names the field and
 * throws on a bad value), then checks that the range is not empty.
 *
 * @param action what the caller is doing, for the message (`"load trades"`).
 * @param spec the request's `start` and `end`, as the caller accepts them.
 * @param toMs the caller's conversion: `(action, "start" | "end", value)` to UTC ms.
 * @returns `{ start, end }`, UTC ms, `start < end`.
 * @throws {RangeError} `end must be after start (<start ISO>): current value is <end ISO>`, and whatever
 *   `toMs` throws.
 */
export function resolveTimeRange(
  action: string,
  spec: { start: unknown; end: unknown },
  toMs: (action: string, name: "start" | "end", value: unknown) => number,
): { start: number; end: number } {
  const start = toMs(action, "start", spec.start);
  const end = toMs(action, "end", spec.end);
  if (end <= start) {
    throw new RangeError(
      `Cannot ${action}: end must be after start (${new Date(start).toISOString()}): current value is ${
        new Date(end).toISOString()
      }`,
    );
  }
  return { start, end };
}

/** Latest end of a request, UTC ms (exclusive): 2100-01-01, as the synthetic market and the parsers. */
export const MAX_RANGE_END_MS = Date.UTC(2100, 0, 1);

/** Longest range of one request, days (about ten years), as the synthetic market. */
export const MAX_RANGE_DAYS = 3_660;

/**
 * Refuses a range that ends after {@linkcode MAX_RANGE_END_MS} or spans more than `maxDays` days, before
 * any work (a far end would otherwise loop over millions of days or build a huge message).
 * @throws {RangeError} naming `end`.
 */
export function assertRangeBounds(
  action: string,
  start: number,
  end: number,
  maxDays: number | undefined = MAX_RANGE_DAYS,
): void {
  const iso = (t: number) => Number.isFinite(new Date(t).getTime()) ? new Date(t).toISOString() : String(t);
  if (end > MAX_RANGE_END_MS) {
    throw new RangeError(
      `Cannot ${action}: end must be on or before 2100-01-01: current value is ${iso(end)}`,
    );
  }
  const days = (end - start) / 86_400_000;
  if (maxDays !== undefined && days > maxDays) {
    throw new RangeError(
      `Cannot ${action}: end - start must span at most ${maxDays} days (about ten years; ask for a shorter range): ` +
        `current span is ${Math.ceil(days)} days, end is ${iso(end)}`,
    );
  }
}
