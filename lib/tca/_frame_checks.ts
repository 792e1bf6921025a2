/**
 * Checks of the frames and column options that the TCA summaries read (private to the area).
 *
 * @module
 */
import type pl from "npm:nodejs-polars@0.25.2";
import { describeValue } from "../core/validate.ts";

/** Throws a `TypeError` unless every option naming a column is a string. */
export function assertColumnNames(action: string, names: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(names)) {
    if (typeof value !== "string") {
      throw new TypeError(
        `Cannot ${action}: options.${key} must be a column name (a string): current value is ${
          describeValue(value)
        }`,
      );
    }
  }
}

/** Throws a `TypeError` unless `frame` is a polars DataFrame. */
export function assertFrame(action: string, frame: unknown): void {
  if (!isDataFrame(frame)) {
    throw new TypeError(
      `Cannot ${action}: frame must be a polars DataFrame (analyzeTrades(...).results): current value is ${
        describeValue(frame)
      }`,
    );
  }
}

export function isDataFrame(value: unknown): value is pl.DataFrame {
  return value !== null && typeof value === "object" &&
    typeof (value as pl.DataFrame).getColumn === "function";
}

/**
 * Throws a `TypeError` unless every option naming a column is a string naming a column of `frame`
 * (`options.<key> names a missing column, <name> is not a column: current columns are ...`).
 */
export function assertColumnOptions(
  action: string,
  frame: pl.DataFrame,
  names: Record<string, unknown>,
): void {
  assertColumnNames(action, names);
  for (const [key, c] of Object.entries(names)) {
    if (!frame.columns.includes(c as string)) {
      throw new TypeError(
        `Cannot ${action}: options.${key} names a missing column, ${c} is not a column: current columns are ${
          frame.columns.join(", ")
        }`,
      );
    }
  }
}
