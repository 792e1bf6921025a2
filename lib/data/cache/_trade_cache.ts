/**
 * The trade-day cache (private to lib/data; {@linkcode loadTrades} is the public face): one parquet file
 * per instrument and UTC day, in a hive-partitioned tree that DuckDB, Spark and Python polars scan as is:
 *
 * `<cacheDir>/trades/category=<category>/symbol=<SYMBOL>/date=<YYYY-MM-DD>/part-0.parquet`
 *
 * Invariants:
 * - a day file holds exactly the rows of Bybit's archive file for that day, schema
 *   {@linkcode TRADE_TAPE_SCHEMA} (the partition keys live only in the path), in time order (the archive's
 *   own order within one timestamp), trade ids unique, at least one row, and every timestamp in
 *   `[date 00:00, date + 1 day)` UTC of its folder;
 * - a day is complete or absent: the file is written to `<cacheDir>/.tmp/part-0.parquet.tmp-<pid>-<uuid>`
 *   (outside `trades/`, so a scan of the tree never meets a half-written or orphaned file), read back, its
 *   row count, schema, trade-id uniqueness and day checked, flushed to disk, and only then renamed into
 *   place. A crash, a truncated download or a bad row leaves no `part-0.parquet`; stray temporary files in
 *   `.tmp/` are removed after an hour, and a `*.parquet.tmp-*` file inside a day folder (no writer puts one
 *   there) is removed whenever the day is opened;
 * - two writers of the same day each publish a complete file (the later rename wins);
 * - a file that reads as parquet but has another schema, no rows or rows of another day, or that does not
 *   parse as parquet, is moved aside to `part-0.parquet.corrupt-<ms>` and the day is fetched again. A file
 *   that cannot be read at all (not a regular file, permission denied) is not corrupt: it is left in place
 *   and opening the day throws an error naming it.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { dirname, join } from "node:path";
import { assertBybitSymbolAndCategory, type BybitCategory } from "../kline_spec.ts";
import { parseTradeDay } from "../bybit/_trade_day.ts";
import { TRADE_TAPE_COLUMNS, TRADE_TAPE_SCHEMA } from "../trade_tape.ts";
import { cacheTempDir, removeStaleTemps, writeParquetAtomically } from "./_atomic_parquet.ts";
import { DAY_MS } from "../_calendar.ts";
import { type DayFileState, inspectDayFile, schemaProblem } from "./_day_file.ts";

export { sameDtype } from "./_day_file.ts";

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

const DAY_PATH =
  /^(.*)[/\\]trades[/\\]category=[^/\\]+[/\\]symbol=[^/\\]+[/\\]date=(\d{4}-\d{2}-\d{2})[/\\]part-0\.parquet$/;

/**
 * The cache root and the UTC day of a path built by {@linkcode tradeDayPath}.
 * @throws {TypeError} for any other path.
 */
export function tradeDayPathParts(path: string): { cacheDir: string; date: string; dayStart: number } {
  const m = DAY_PATH.exec(path);
  if (!m) {
    throw new TypeError(
      `Cannot use the trade cache: path must be <cacheDir>/trades/category=<c>/symbol=<S>/date=<YYYY-MM-DD>/${TRADE_DAY_FILE}: current value is ${path}`,
    );
  }
  return { cacheDir: m[1]!, date: m[2]!, dayStart: parseTradeDay("use the trade cache", m[2]!) };
}

/** Why `frame`'s rows are not the trades of the UTC day starting at `dayStart`, or `undefined`. */
export function tradeDayProblem(frame: pl.DataFrame, dayStart: number): string | undefined {
  if (frame.height === 0) return "it holds no trades (an archive day always has some)";
  const [lo, hi] = frame.select(
    pl.col("timestamp").cast(pl.Int64).min().alias("lo"),
    pl.col("timestamp").cast(pl.Int64).max().alias("hi"),
  ).row(0).map(Number) as [number, number];
  if (lo < dayStart || hi >= dayStart + DAY_MS) {
    const iso = (t: number) => new Date(t).toISOString();
    return `its trades run from ${iso(lo)} to ${iso(hi)}, outside the day [${iso(dayStart)}, ${
      iso(dayStart + DAY_MS)
    })`;
  }
  return undefined;
}

/** Why a frame cannot be a day file, or `undefined` when its schema is the tape's. */
export function tradeSchemaProblem(
  columns: readonly string[],
  dtypes: readonly pl.DataType[],
): string | undefined {
  return schemaProblem(columns, dtypes, TRADE_TAPE_COLUMNS, TRADE_TAPE_SCHEMA);
}

/** What a day file holds. */
export type TradeDayState = DayFileState;

/** How {@linkcode inspectTradeDay} probes a file (tests inject a permission error here). */
export interface InspectTradeDayHooks {
  /** Throws when the file cannot be opened for reading. Default: opens and closes it. */
  probeReadable?: (path: string) => void;
}

/**
 * Looks at a day file: schema and row count from the parquet footer, and the timestamp column's range.
 * A file written by {@linkcode writeTradeDay} was fully checked before its rename; a file that does not
 * parse, has another schema, no rows, or rows outside its day is moved aside. Orphaned temporary files in
 * the day's folder are removed.
 *
 * @throws {Error} naming the file when it exists but cannot be read (not a regular file, permission
 *   denied): such a file is not corrupt, and is left where it is.
 */
export function inspectTradeDay(path: string, hooks: InspectTradeDayHooks = {}): TradeDayState {
  const { dayStart } = tradeDayPathParts(path);
  sweepOrphanTemps(dirname(path));
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { kind: "missing" };
    throw unreadable(path, error);
  }
  if (!info.isFile) {
    throw new Error(
      `Cannot read the trade cache file ${path}: it is not a regular file (a ${
        info.isDirectory ? "directory" : "special file"
      } is in its place); remove it to fetch the day again`,
    );
  }
  try {
    (hooks.probeReadable ?? probeReadable)(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  return inspectDayFile(
    path,
    tradeSchemaProblem,
    (lazy) => tradeDayProblem(lazy.select("timestamp").collectSync(), dayStart),
  );
}

function probeReadable(path: string): void {
  Deno.openSync(path, { read: true }).close();
}

function unreadable(path: string, error: unknown): Error {
  const e = error as Error;
  return new Error(
    `Cannot read the trade cache file ${path}: ${e?.name ?? "Error"}: ${
      String(e?.message ?? error).split("\n")[0]
    } (the file is left in place: fix its permissions or remove it)`,
    { cause: error },
  );
}

/** Removes `*.parquet.tmp-*` files from a day folder: the writers put their temporary files in `.tmp/`. */
function sweepOrphanTemps(dir: string): void {
  try {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isFile && /\.parquet\.tmp-/.test(entry.name)) {
        try {
          Deno.removeSync(join(dir, entry.name));
        } catch {
          // Removed by another process meanwhile.
        }
      }
    }
  } catch {
    // No folder yet (or unreadable: the day file's own check reports that).
  }
}

/** Test hooks of {@linkcode writeTradeDay}. */
export interface WriteTradeDayHooks {
  /** Runs after the temporary file is complete and checked, before the rename (tests inject crashes here). */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

/**
 * Publishes one day's frame as its file, atomically, after checking the schema, the row count of the
 * written file, the uniqueness of the trade ids and that every row lies in the path's UTC day (and that
 * there is at least one). Throws (and leaves no file) when a check fails.
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
  const { cacheDir, dayStart } = tradeDayPathParts(path);
  const dayProblem = tradeDayProblem(frame, dayStart);
  if (dayProblem !== undefined) fail(dayProblem);
  const rows = frame.height;
  const unique = frame.getColumn("tradeId").nUnique();
  if (unique !== rows) fail(`trade ids must be unique: ${rows - unique} duplicates among ${rows} rows`);
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  const tempDir = cacheTempDir(cacheDir);
  await removeStaleTemps(tempDir);
  await writeParquetAtomically(
    path,
    frame,
    (check) => {
      const readBack = tradeSchemaProblem(check.columns, check.dtypes);
      if (readBack !== undefined) fail(`the written file does not read back: ${readBack}`);
      if (check.height !== rows) fail(`the written file holds ${check.height} rows, expected ${rows}`);
      if (check.getColumn("tradeId").nUnique() !== rows) fail("the written file repeats a trade id");
    },
    hooks.beforeRename,
    tempDir,
  );
}
