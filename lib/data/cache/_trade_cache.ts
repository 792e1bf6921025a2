/**
 * The trade-day cache (private to lib/data; {@linkcode loadTrades} is the public face): one parquet file
 * per instrument and UTC day, in a hive-partitioned tree that DuckDB, Spark and Python polars scan as is:
 *
 * `<cacheDir>/trades/category=<category>/symbol=<SYMBOL>/date=<YYYY-MM-DD>/part-0.parquet`
 *
 * Invariants:
 * - a day file holds exactly the rows of Bybit's archive file for that day, schema
 *   {@linkcode TRADE_TAPE_SCHEMA} (the partition keys live only in the path), sorted by time then trade id,
 *   trade ids unique;
 * - a day is complete or absent: the file is written to `part-0.parquet.tmp-<pid>-<uuid>` in the same
 *   folder, read back, its row count, schema and trade-id uniqueness checked, flushed to disk, and only then
 *   renamed into place. A crash, a truncated download or a bad row leaves no `part-0.parquet`; stray
 *   temporary files are removed after an hour;
 * - two writers of the same day each publish a complete file (the later rename wins);
 * - a file that does not open as parquet or has another schema is moved aside to
 *   `part-0.parquet.corrupt-<ms>` and the day is fetched again.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { dirname, join } from "node:path";
import { assertBybitSymbolAndCategory, type BybitCategory } from "../kline_spec.ts";
import { parseTradeDay } from "../bybit/bybit_trade_archive.ts";
import { TRADE_TAPE_COLUMNS, TRADE_TAPE_SCHEMA } from "../trade_tape.ts";
import { removeStaleTemps, writeParquetAtomically } from "./_atomic_parquet.ts";

/** File name of a day inside its partition folder. */
export const TRADE_DAY_FILE = "part-0.parquet";

/**
 * Path of one day's file. Symbol, category and date are validated first, so no input can leave the tree.
 * @throws {RangeError} for a bad symbol, category or date.
 */
export function tradeDayPath(
  cacheDir: string,
  category: BybitCategory,
  symbol: string,
  date: string,
): string {
  const action = "build trade cache path";
  assertBybitSymbolAndCategory(action, symbol, category);
  parseTradeDay(action, date);
  return join(cacheDir, "trades", `category=${category}`, `symbol=${symbol}`, `date=${date}`, TRADE_DAY_FILE);
}

/**
 * Whether two polars types are the same; `Utf8` and `String` are one type (polars renamed it, and
 * nodejs-polars 0.25's `equals` tells them apart although every string column reads back as `String`).
 */
export function sameDtype(a: pl.DataType, b: pl.DataType): boolean {
  const isString = (t: pl.DataType) => String(t) === "DataType(Utf8)" || String(t) === "DataType(String)";
  return a.equals(b) || (isString(a) && isString(b));
}

/** Why a frame cannot be a day file, or `undefined` when its schema is the tape's. */
export function tradeSchemaProblem(
  columns: readonly string[],
  dtypes: readonly pl.DataType[],
): string | undefined {
  if (columns.length !== TRADE_TAPE_COLUMNS.length || columns.some((c, i) => c !== TRADE_TAPE_COLUMNS[i])) {
    return `columns are ${columns.join(", ")}, expected ${TRADE_TAPE_COLUMNS.join(", ")}`;
  }
  for (let i = 0; i < columns.length; i++) {
    const want = TRADE_TAPE_SCHEMA[columns[i] as keyof typeof TRADE_TAPE_SCHEMA];
    if (!sameDtype(dtypes[i]!, want)) return `${columns[i]} has type ${dtypes[i]}, expected ${want}`;
  }
  return undefined;
}

/** What a day file holds. */
export type TradeDayState =
  | { kind: "missing" }
  | { kind: "ok"; rows: number }
  | { kind: "corrupt"; reason: string; movedTo: string | undefined };

/**
 * Looks at a day file without reading its rows (parquet footer: schema and row count). A file written by
 * {@linkcode writeTradeDay} was fully checked before its rename; a file that does not open or has another
 * schema is moved aside.
 */
export function inspectTradeDay(path: string): TradeDayState {
  try {
    Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { kind: "missing" };
    throw error;
  }
  let reason: string | undefined;
  let rows = 0;
  try {
    const lazy = pl.scanParquet(path);
    const empty = lazy.limit(0).collectSync(); // schema from the footer, no rows read
    reason = tradeSchemaProblem(empty.columns, empty.dtypes);
    if (reason === undefined) rows = Number(lazy.select(pl.len()).collectSync().row(0)[0]);
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

/** Test hooks of {@linkcode writeTradeDay}. */
export interface WriteTradeDayHooks {
  /** Runs after the temporary file is complete and checked, before the rename (tests inject crashes here). */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

/**
 * Publishes one day's frame as its file, atomically, after checking the schema, the row count of the
 * written file and the uniqueness of the trade ids. Throws (and leaves no file) when a check fails.
 */
export async function writeTradeDay(
  path: string,
  frame: pl.DataFrame,
  hooks: WriteTradeDayHooks = {},
): Promise<void> {
  const fail = (problem: string): never => {
    throw new Error(`Cannot write the trade cache file ${path}: ${problem}`);
  };
  const problem = tradeSchemaProblem(frame.columns, frame.dtypes);
  if (problem !== undefined) fail(problem);
  const rows = frame.height;
  const unique = frame.getColumn("tradeId").nUnique();
  if (unique !== rows) fail(`trade ids must be unique: ${rows - unique} duplicates among ${rows} rows`);
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  await removeStaleTemps(dir);
  await writeParquetAtomically(path, frame, (check) => {
    const readBack = tradeSchemaProblem(check.columns, check.dtypes);
    if (readBack !== undefined) fail(`the written file does not read back: ${readBack}`);
    if (check.height !== rows) fail(`the written file holds ${check.height} rows, expected ${rows}`);
    if (check.getColumn("tradeId").nUnique() !== rows) fail("the written file repeats a trade id");
  }, hooks.beforeRename);
}
