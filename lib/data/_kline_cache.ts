/**
 * The parquet month cache under `<cacheDir>/bybit/<category>/<symbol>/<interval>/<YYYY-MM>.parquet`
 * (private to lib/data; {@linkcode loadKlines} is the public face).
 *
 * Invariants, so that a file can be trusted without any side file:
 * - a month file holds only closed bars whose start is in that UTC month, ascending, unique;
 * - it is always a prefix of the month: written from a fetch that started at the month's first bar (or at
 *   the end of the previous prefix), so "every bar starting before `nextBarStart(last row)` is known" and
 *   its coverage is read off the data;
 * - an empty file is written only for a month that has ended and for which Bybit returned nothing (e.g.
 *   before a listing): it means "complete, no bars";
 * - writes go to a unique temporary file in the same folder (`<name>.tmp-<pid>-<uuid>`), are read back and
 *   checked, flushed to disk, then renamed over the target: readers see the old file or the new one,
 *   never half of one, and a crash leaves at worst a stray temporary file (removed after an hour);
 * - just before writing, the writer merges the file currently on disk, so two loaders filling the same
 *   month concurrently both publish valid prefixes (the later rename wins; nothing is corrupted);
 * - a file that fails to parse or breaks a rule above is moved aside to `<name>.corrupt-<ms>` (kept for
 *   inspection), reported, and the month is fetched again; other months are not touched.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { Buffer } from "node:buffer";
import { dirname, join } from "node:path";
import type { ResolvedKlineSpec } from "./kline_spec.ts";
import { monthKey, nextBarStart, nextMonthStart } from "./_calendar.ts";
import {
  KLINE_COLUMNS,
  type KlineColumns,
  klineColumns,
  klineFrame,
  klineProblem,
  mergeKlineColumns,
} from "./kline_frame.ts";

/** Temporary files older than this are leftovers of a crashed writer and may be removed, ms. */
export const STALE_TEMP_MS = 3_600_000;

/** Path of the month file for `spec` and the month starting at `monthStart`. */
export function monthFilePath(cacheDir: string, spec: ResolvedKlineSpec, monthStart: number): string {
  return join(
    cacheDir,
    "bybit",
    spec.category,
    spec.symbol,
    spec.interval,
    `${monthKey(monthStart)}.parquet`,
  );
}

/** What a month file holds. */
export type MonthState =
  | { kind: "missing" }
  | {
    kind: "ok";
    columns: KlineColumns;
    /** Every bar starting before this time (UTC ms) is in the file (or does not exist on Bybit). */
    coveredUntil: number;
  }
  | { kind: "corrupt"; reason: string; movedTo: string | undefined };

/** Reads and checks a month file; a corrupt file is moved aside. */
export function readMonth(path: string, spec: ResolvedKlineSpec, monthStart: number): MonthState {
  try {
    Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { kind: "missing" };
    throw error;
  }
  const monthEnd = nextMonthStart(monthStart);
  let reason: string | undefined;
  let columns: KlineColumns | undefined;
  try {
    const df = pl.readParquet(path);
    reason = schemaProblem(df);
    if (reason === undefined) {
      columns = klineColumns(df);
      reason = klineProblem(columns, spec.interval, monthStart, monthEnd);
    }
  } catch (error) {
    reason = `unreadable parquet: ${(error as Error)?.message ?? error}`;
  }
  if (reason !== undefined || columns === undefined) {
    const movedTo = `${path}.corrupt-${Date.now()}`;
    try {
      Deno.renameSync(path, movedTo);
      return { kind: "corrupt", reason: reason ?? "unknown", movedTo };
    } catch {
      return { kind: "corrupt", reason: reason ?? "unknown", movedTo: undefined };
    }
  }
  const n = columns.startTime.length;
  const coveredUntil = n > 0 ? nextBarStart(columns.startTime[n - 1]!, spec.interval) : monthEnd;
  return { kind: "ok", columns, coveredUntil };
}

function schemaProblem(df: pl.DataFrame): string | undefined {
  const names = df.columns;
  if (names.length !== KLINE_COLUMNS.length || names.some((n, i) => n !== KLINE_COLUMNS[i])) {
    return `columns are ${names.join(", ")}, expected ${KLINE_COLUMNS.join(", ")}`;
  }
  if (!df.getColumn("startTime").dtype.equals(pl.Datetime("ms", "UTC"))) {
    return `startTime has type ${df.getColumn("startTime").dtype}, expected Datetime(ms, UTC)`;
  }
  for (const name of KLINE_COLUMNS.slice(1)) {
    if (!df.getColumn(name).dtype.equals(pl.Float64)) {
      return `${name} has type ${df.getColumn(name).dtype}, expected Float64`;
    }
  }
  return undefined;
}

/** Test hooks of {@linkcode writeMonth}. */
export interface WriteMonthHooks {
  /** Runs after the temporary file is complete and checked, before the rename (tests inject crashes here). */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

/**
 * Publishes `columns` (closed bars of one month, a prefix of it) as the month file, atomically, after
 * merging whatever valid file is on disk now. Returns the merged columns.
 */
export async function writeMonth(
  path: string,
  spec: ResolvedKlineSpec,
  monthStart: number,
  columns: KlineColumns,
  hooks: WriteMonthHooks = {},
): Promise<KlineColumns> {
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  await removeStaleTemps(dir);
  const current = readMonth(path, spec, monthStart);
  const merged = current.kind === "ok" ? mergeKlineColumns(current.columns, columns) : columns;
  const problem = klineProblem(merged, spec.interval, monthStart, nextMonthStart(monthStart));
  if (problem !== undefined) throw new Error(`Cannot write the cache file ${path}: ${problem}`);
  const temp = `${path}.tmp-${Deno.pid}-${crypto.randomUUID()}`;
  try {
    klineFrame(merged).writeParquet(temp, { compression: "zstd" });
    // nodejs-polars reads a string as a path only when it ends in ".parquet", so read the bytes.
    const check = pl.readParquet(Buffer.from(await Deno.readFile(temp)));
    if (check.height !== merged.startTime.length || schemaProblem(check) !== undefined) {
      throw new Error(`Cannot write the cache file ${path}: the written file does not read back`);
    }
    const file = await Deno.open(temp, { read: true, write: true });
    try {
      await file.sync();
    } finally {
      file.close();
    }
    await hooks.beforeRename?.(temp);
    await Deno.rename(temp, path);
  } finally {
    await Deno.remove(temp).catch(() => {});
  }
  await syncDir(dir);
  return merged;
}

async function syncDir(dir: string): Promise<void> {
  try {
    const d = await Deno.open(dir, { read: true });
    try {
      await d.sync();
    } finally {
      d.close();
    }
  } catch {
    // Not every platform lets a directory be opened and flushed; the rename is atomic regardless.
  }
}

/** Removes `*.tmp-*` files in `dir` older than {@linkcode STALE_TEMP_MS} (leftovers of crashed writers). */
export async function removeStaleTemps(dir: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !/\.parquet\.tmp-/.test(entry.name)) continue;
      const p = join(dir, entry.name);
      try {
        const { mtime } = await Deno.stat(p);
        if (mtime && now - mtime.getTime() > STALE_TEMP_MS) {
          await Deno.remove(p);
          removed.push(p);
        }
      } catch {
        // Another process removed or renamed it meanwhile.
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return removed;
}
