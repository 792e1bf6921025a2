/**
 * The check of a `YYYY-MM-DD` UTC day that every archive reader and cache shares.
 *
 * @module
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parses a UTC day `YYYY-MM-DD` (a real calendar day, 2000-2099) to its start, UTC ms.
 * @throws {RangeError} naming the value.
 */
export function parseTradeDay(action: string, date: unknown): number {
  const m = typeof date === "string" ? DAY_PATTERN.exec(date) : null;
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || !Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== date || Number(m[1]) < 2000) {
    throw new RangeError(
      `Cannot ${action}: date must be a UTC day YYYY-MM-DD from 2000 on: current value is ${
        JSON.stringify(date)
      }`,
    );
  }
  return t;
}
