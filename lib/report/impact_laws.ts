/**
 * Prose comparing two impact laws evaluated at the same order sizes (notebook 01: the square-root law
 * against Almgren et al. 2005), written from the numbers.
 *
 * @module
 */

/** One order size with both laws' impact at completion, bps. */
export interface LawComparisonRow {
  /** Order size as a fraction of daily volume, > 0. */
  participation: number;
  /** First law's impact at completion, bps. */
  firstBps: number;
  /** Second law's impact at completion, bps. */
  secondBps: number;
}

/** Options of {@linkcode lawComparisonSentence}. */
export interface LawComparisonOptions {
  /** Name of the first law. Default `"the square-root law"`. */
  first?: string;
  /** Name of the second law. Default `"the Almgren et al. 2005 law"`. */
  second?: string;
}

const pct = (q: number) => `${Number((q * 100).toPrecision(3))} %`;

/**
 * One or two sentences comparing two laws' impact at completion over a range of sizes: both values at the
 * smallest and the largest participation, the ratio second / first at each end, and where the second law
 * crosses the first (the first participation, in the rows' order, at which the sign of
 * `second - first` changes), or that it stays above or below over the whole range. Impacts to 2 decimals
 * (bps), ratios to 2 decimals. Cost O(rows).
 *
 * @param rows at least two rows, sorted by increasing participation, with finite impacts > 0.
 * @param options the two laws' names.
 * @returns the sentences.
 * @throws {TypeError} if `rows` is not an array.
 * @throws {RangeError} if there are fewer than two rows, participations do not increase, or an impact is
 *   not finite and > 0.
 *
 * @example
 * ```ts
 * import { lawComparisonSentence } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const text = lawComparisonSentence([
 *   { participation: 0.0001, firstBps: 1, secondBps: 4 },
 *   { participation: 0.01, firstBps: 10, secondBps: 8 },
 * ]);
 * assert.match(text, /^At 0\.01 % of daily volume the Almgren et al\. 2005 law gives 4\.00 bps against 1\.00 bps/);
 * assert.match(text, /ratio 4\.00 and 0\.80/);
 * assert.match(text, /above the square-root law for small orders and below it from 1 % of daily volume/);
 * ```
 */
export function lawComparisonSentence(
  rows: readonly LawComparisonRow[],
  { first = "the square-root law", second = "the Almgren et al. 2005 law" }: LawComparisonOptions = {},
): string {
  const action = "compare two impact laws";
  if (!Array.isArray(rows)) {
    throw new TypeError(`Cannot ${action}: rows must be an array: current value is ${rows}`);
  }
  if (rows.length < 2) {
    throw new RangeError(
      `Cannot ${action}: rows must have at least 2 rows: current length is ${rows.length}`,
    );
  }
  rows.forEach((r, i) => {
    for (const key of ["participation", "firstBps", "secondBps"] as const) {
      const v = r?.[key];
      if (typeof v !== "number" || !Number.isFinite(v) || !(v > 0)) {
        throw new RangeError(
          `Cannot ${action}: rows[${i}].${key} must be a finite number > 0: current value is ${v}`,
        );
      }
    }
    if (i > 0 && !(r.participation > rows[i - 1]!.participation)) {
      throw new RangeError(
        `Cannot ${action}: rows[${i}].participation must be > rows[${
          i - 1
        }].participation: current value is ${r.participation}`,
      );
    }
  });
  const lo = rows[0]!, hi = rows.at(-1)!;
  const ratio = (r: LawComparisonRow) => (r.secondBps / r.firstBps).toFixed(2);
  const head = `At ${pct(lo.participation)} of daily volume ${second} gives ${lo.secondBps.toFixed(2)} bps ` +
    `against ${lo.firstBps.toFixed(2)} bps for ${first}; at ${pct(hi.participation)}, ${
      hi.secondBps.toFixed(2)
    } against ${hi.firstBps.toFixed(2)} bps (ratio ${ratio(lo)} and ${ratio(hi)}). `;
  const sign = (r: LawComparisonRow) => Math.sign(r.secondBps - r.firstBps);
  const crossing = rows.findIndex((r, i) => i > 0 && sign(r) !== sign(rows[i - 1]!));
  const side = (s: number) => (s > 0 ? "above" : s < 0 ? "below" : "equal to");
  const shortFirst = first.replace(/^the /, "");
  if (crossing < 0) return head + `Over this range ${second} stays ${side(sign(lo))} ${first}.`;
  return head +
    `It is ${side(sign(lo))} the ${shortFirst} for small orders and ${side(sign(rows[crossing]!))} ` +
    `it from ${pct(rows[crossing]!.participation)} of daily volume.`;
}
