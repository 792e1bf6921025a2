/**
 * The parquet month cache under `<cacheDir>/bybit/<category>/<symbol>/<interval>/<YYYY-MM>.parquet`
 * (private to lib/data; {@linkcode loadKlines} is the public face).
 *
 * Invariants, so that a file can be trusted without any side file:
 * - a month file holds only closed bars whose start is in that UTC month, ascending, unique;
 * - its coverage is read off the bars themselves ({@linkcode findGaps}): a bar start between two rows
 *   that is not in the file is a hole (a short answer from Bybit, never "no trading"), and is fetched
 *   again; so is everything after the last row, up to the month's end;
 * - the time before the first row of a file whose first row is after the month's start is known to have
 *   no bars (the instrument was not listed yet): the loader writes such a file only after Bybit
 *   confirmed that no bar exists before that first row;
 * - an empty file is written only for a month that has ended and for which Bybit confirmed that no bar
 *   exists before the month's end (e.g. before a listing): it means "complete, no bars";
 * - writes go to a unique temporary file in the same folder (`<name>.tmp-<pid>-<uuid>`), are read back and
 *   checked, flushed to disk, then renamed over the target: readers see the old file or the new one,
 *   never half of one, and a crash leaves at worst a stray temporary file (removed after an hour);
 * - writers of one month take its lock file (`<name>.lock`, created exclusively, holding the pid, host
 *   and time), then merge the file currently on disk with their new bars, publish, and release: a write
 *   never drops a bar another writer published, so the file only grows. A lock older than
 *   {@linkcode STALE_LOCK_MS}, or left by a process of this host that no longer runs, is stale and
 *   broken (its holder crashed); a writer that cannot get the lock within {@linkcode LOCK_WAIT_MS} fails;
 * - a file that fails to parse or breaks a rule above is moved aside to `<name>.corrupt-<ms>` (kept for
 *   inspection), reported, and the month is fetched again; other months are not touched.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { dirname, join } from "node:path";
import type { ResolvedKlineSpec } from "../kline_spec.ts";
import { firstBarAtOrAfter, monthKey, nextBarStart, nextMonthStart } from "../_calendar.ts";
import { sleep } from "../bybit/_retry.ts";
import { lowerBound } from "../../core/arrays.ts";
import { removeStaleTemps, writeParquetAtomically } from "./_atomic_parquet.ts";
import { KLINE_COLUMNS, type KlineColumns, klineColumns } from "../kline_frame.ts";
import { klineFrame, klineProblem, mergeKlineColumns } from "../_kline_columns.ts";

/** A lock file older than this belongs to a crashed or hung writer and may be broken, ms. */
export const STALE_LOCK_MS = 60_000;

/** Longest wait for a month's lock before a write fails, ms. */
export const LOCK_WAIT_MS = 120_000;

/** A half-open range of UTC ms `[start, end)`. */
export interface TimeRange {
  start: number;
  end: number;
}

/**
 * The bar starts of `interval` in `[from, to)` that are not in `startTime` (ascending), as ranges.
 * With `includeHead` false, the time before the first bar in `[from, to)` is not a gap (a listing);
 * when there is no bar at all, the whole range is one gap regardless.
 */
export function findGaps(
  startTime: Float64Array,
  interval: ResolvedKlineSpec["interval"],
  from: number,
  to: number,
  includeHead = true,
): TimeRange[] {
  const out: TimeRange[] = [];
  let expected = firstBarAtOrAfter(from, interval);
  let i = lowerBound(startTime, from);
  if (!includeHead && i < startTime.length && startTime[i]! < to) expected = startTime[i]!;
  for (; i < startTime.length && startTime[i]! < to; i++) {
    const t = startTime[i]!;
    if (t > expected) out.push({ start: expected, end: t });
    expected = nextBarStart(t, interval);
  }
  if (expected < to) out.push({ start: expected, end: to });
  return out;
}

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
 * Publishes `columns` (closed bars of one month) as the month file, atomically, under the month's lock,
 * after merging whatever valid file is on disk now (so the file never loses a bar). Returns the merged
 * columns.
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
  const release = await acquireLock(path);
  try {
    const current = readMonth(path, spec, monthStart);
    const merged = current.kind === "ok" ? mergeKlineColumns(current.columns, columns) : columns;
    const problem = klineProblem(merged, spec.interval, monthStart, nextMonthStart(monthStart));
    if (problem !== undefined) throw new Error(`Cannot write the cache file ${path}: ${problem}`);
    if (current.kind === "ok" && merged.startTime.length < current.columns.startTime.length) {
      throw new Error(`Cannot write the cache file ${path}: the merge would drop cached bars`);
    }
    await writeParquetAtomically(path, klineFrame(merged), (check) => {
      if (check.height !== merged.startTime.length || schemaProblem(check) !== undefined) {
        throw new Error(`Cannot write the cache file ${path}: the written file does not read back`);
      }
    }, hooks.beforeRename);
    return merged;
  } finally {
    await release();
  }
}

/** What a lock file holds: who took it and when. */
interface LockOwner {
  pid: number;
  host: string;
  time: number;
  token: string;
}

function hostName(): string {
  try {
    return Deno.hostname();
  } catch {
    return "";
  }
}

/** Whether the process `pid` of this host still runs (Linux `/proc`; elsewhere assumed running). */
function processRuns(pid: number): boolean {
  if (Deno.build.os !== "linux") return true;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch (error) {
    return !(error instanceof Deno.errors.NotFound);
  }
}

function readLock(lock: string): { text: string; owner: LockOwner | undefined } | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(lock);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    return Number.isFinite(o.pid) && Number.isFinite(o.time)
      ? { text, owner: o }
      : { text, owner: undefined };
  } catch {
    return { text, owner: undefined }; // being written, or torn by a crash: judged by its age below
  }
}

/**
 * Takes the lock of the month file `path` (`<path>.lock`, created exclusively) and returns its release.
 * Breaks a stale lock: older than {@linkcode STALE_LOCK_MS}, or held by a process of this host that no
 * longer runs.
 */
export async function acquireLock(path: string, now: () => number = Date.now): Promise<() => Promise<void>> {
  const lock = `${path}.lock`;
  const host = hostName();
  const token = crypto.randomUUID();
  const started = now();
  for (let attempt = 0;; attempt++) {
    try {
      const file = await Deno.open(lock, { createNew: true, write: true });
      try {
        const owner: LockOwner = { pid: Deno.pid, host, time: now(), token };
        await file.write(new TextEncoder().encode(JSON.stringify(owner)));
      } finally {
        file.close();
      }
      return async () => {
        const held = readLock(lock);
        if (held?.owner?.token === token) await Deno.remove(lock).catch(() => {});
      };
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
    const held = readLock(lock);
    if (held === undefined) continue; // released meanwhile
    let age: number;
    try {
      age = now() - (held.owner?.time ?? Deno.statSync(lock).mtime?.getTime() ?? now());
    } catch {
      continue;
    }
    const dead = held.owner !== undefined && held.owner.host === host && held.owner.pid !== Deno.pid &&
      !processRuns(held.owner.pid);
    if (age > STALE_LOCK_MS || dead) {
      // Break it only if it is still the same lock (another writer may have broken and re-taken it).
      if (readLock(lock)?.text === held.text) await Deno.remove(lock).catch(() => {});
      continue;
    }
    if (now() - started > LOCK_WAIT_MS) {
      throw new Error(
        `Cannot write the cache file ${path}: its lock ${lock} is held by pid ${held.owner?.pid} for ${
          Math.round(age / 1000)
        } s`,
      );
    }
    await sleep(5 + ((attempt * 7 + Deno.pid) % 11) * 3); // spread retries without a random source
  }
}
