/**
 * What the trade-day and quote-day caches share (private to lib/data): the check of a day file's schema
 * and the inspection of a file from its parquet footer, moving a corrupt one aside.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";

/** What a day file holds. */
export type DayFileState =
  | { kind: "missing" }
  | { kind: "ok"; rows: number }
  | { kind: "corrupt"; reason: string; movedTo: string | undefined };

/**
 * Whether two polars types are the same; `Utf8` and `String` are one type (polars renamed it, and
 * nodejs-polars 0.25's `equals` tells them apart although every string column reads back as `String`).
 */
export function sameDtype(a: pl.DataType, b: pl.DataType): boolean {
  const isString = (t: pl.DataType) => String(t) === "DataType(Utf8)" || String(t) === "DataType(String)";
  return a.equals(b) || (isString(a) && isString(b));
}

/** Why `columns` and `dtypes` are not exactly `expected` in order with the types of `schema`, or `undefined`. */
export function schemaProblem(
  columns: readonly string[],
  dtypes: readonly pl.DataType[],
  expected: readonly string[],
  schema: Readonly<Record<string, pl.DataType>>,
): string | undefined {
  if (columns.length !== expected.length || columns.some((c, i) => c !== expected[i])) {
    return `columns are ${columns.join(", ")}, expected ${expected.join(", ")}`;
  }
  for (let i = 0; i < columns.length; i++) {
    const want = schema[columns[i]!]!;
    if (!sameDtype(dtypes[i]!, want)) return `${columns[i]} has type ${dtypes[i]}, expected ${want}`;
  }
  return undefined;
}

/**
 * Reads an existing day file's schema and row count from its parquet footer (`schemaCheck`), then, when
 * given, checks its content (`contentCheck`, e.g. the timestamps' day). A file that does not parse or fails
 * a check is moved aside to `<path>.corrupt-<ms>`.
 */
export function inspectDayFile(
  path: string,
  schemaCheck: (columns: readonly string[], dtypes: readonly pl.DataType[]) => string | undefined,
  contentCheck?: (lazy: pl.LazyDataFrame) => string | undefined,
): DayFileState {
  let reason: string | undefined;
  let rows = 0;
  try {
    const lazy = pl.scanParquet(path);
    const empty = lazy.limit(0).collectSync(); // schema from the footer, no rows read
    reason = schemaCheck(empty.columns, empty.dtypes);
    if (reason === undefined) {
      rows = Number(lazy.select(pl.len()).collectSync().row(0)[0]);
      reason = contentCheck?.(lazy);
    }
  } catch (error) {
    reason = `unreadable parquet: ${String((error as Error)?.message ?? error).split("\n")[0]}`;
  }
  if (reason !== undefined) {
    const movedTo = `${path}.corrupt-${Date.now()}`;
    try {
      Deno.renameSync(path, movedTo);
      return { kind: "corrupt", reason, movedTo };
    } catch {
      return { kind: "corrupt", reason, movedTo: undefined };
    }
  }
  return { kind: "ok", rows };
}
