/**
 * Timestamp parsing shared by the CSV readers (private to lib/data): epoch numbers in s / ms / us / ns
 * (given, or detected from their magnitude) and ISO 8601 strings with a UTC offset.
 *
 * @module
 */

/** Unit of an epoch timestamp column. */
export type TimeUnit = "s" | "ms" | "us" | "ns";

/** Milliseconds per unit. */
export const MS_PER_UNIT: Readonly<Record<TimeUnit, number>> = Object.freeze({
  s: 1000,
  ms: 1,
  us: 1e-3,
  ns: 1e-6,
});

const Y1990_MS = Date.UTC(1990, 0, 1), Y2100_MS = Date.UTC(2100, 0, 1);

/** The unit whose reading of `value` falls in 1990-2100 UTC, or `undefined` (none or more than one). */
export function unitOf(value: number): TimeUnit | undefined {
  const hits = (Object.keys(MS_PER_UNIT) as TimeUnit[]).filter((u) => {
    const ms = value * MS_PER_UNIT[u];
    return ms >= Y1990_MS && ms < Y2100_MS;
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * Detects the unit of epoch timestamps: every value must read as a date in 1990-2100 UTC in the same
 * unit. Throws a RangeError naming the column, the row and the value otherwise, and asking for `timeUnit`.
 */
export function detectTimeUnit(values: ArrayLike<number>, action: string, column: string): TimeUnit {
  let unit: TimeUnit | undefined;
  for (let i = 0; i < values.length; i++) {
    const u = unitOf(values[i]!);
    if (u === undefined) {
      throw new RangeError(
        `Cannot ${action}: ${column}[${i}] = ${
          values[i]
        } is not a 1990-2100 epoch time in s, ms, us or ns: pass timeUnit`,
      );
    }
    if (unit !== undefined && u !== unit) {
      throw new RangeError(
        `Cannot ${action}: ${column} mixes units (row 0 reads as ${unit}, row ${i} = ${
          values[i]
        } as ${u}): pass timeUnit`,
      );
    }
    unit = u;
  }
  if (unit === undefined) throw new RangeError(`Cannot ${action}: ${column} is empty`);
  return unit;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date-time to UTC ms: `2025-05-30 16:39:00+00:00`, `2022-11-11T15:10:00+01:00`,
 * `...Z`, `...+0100`, fractional seconds. Without an offset the result is `undefined` unless
 * `naiveIsUtc` (then UTC is assumed). Returns `NaN` for text that is not such a date.
 */
export function parseIsoTime(text: string, naiveIsUtc: boolean): number | undefined {
  const m = ISO.exec(text.trim());
  if (m === null) return NaN;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac, offset] = m;
  const month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
  let t = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (new Date(t).getUTCDate() !== day) return NaN; // 2025-02-30
  if (frac !== undefined) t += Math.round(Number(frac) * 1000);
  if (offset === undefined) return naiveIsUtc ? t : undefined;
  if (offset === "Z" || offset === "z") return t;
  const sign = offset[0] === "-" ? -1 : 1;
  const digits = offset.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0);
  return t - sign * minutes * 60_000;
}
