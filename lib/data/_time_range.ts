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
