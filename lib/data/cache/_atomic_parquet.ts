/**
 * How both caches (the candle months of `_kline_cache.ts` and the trade days of `_trade_cache.ts`) put a
 * parquet file in place (private to lib/data): written to a unique temporary file (`<name>.tmp-<pid>-<uuid>`,
 * in the target's folder unless the caller names another folder on the same file system), read back and
 * checked, flushed to disk, renamed over the target (atomic on one file system), and the folder flushed.
 * A reader sees the old file or the whole new one, never a part; a crash leaves at worst a stray temporary
 * file, removed by {@linkcode removeStaleTemps} after {@linkcode STALE_TEMP_MS}. The trade cache keeps its
 * temporary files in `<cacheDir>/.tmp/` ({@linkcode cacheTempDir}), outside the `trades/` tree that
 * polars' and DuckDB's scans read, so a writer killed mid-write leaves nothing a scan trips on.
 *
 * @module
 */
import pl from "npm:nodejs-polars@0.25.2";
import { Buffer } from "node:buffer";
import { basename, dirname, join } from "node:path";

/** The folder for temporary files of the caches under `cacheDir`: `<cacheDir>/.tmp` (a hidden name no scan of `trades/` or `bybit/` reaches). */
export function cacheTempDir(cacheDir: string): string {
  return join(cacheDir, ".tmp");
}

/** Temporary files older than this are leftovers of a crashed writer and may be removed, ms. */
export const STALE_TEMP_MS = 3_600_000;

/**
 * Writes `frame` to `path` (zstd parquet) as the module describes. `check` sees the file as read back from
 * disk and throws to refuse it; then nothing is published and the temporary file is removed.
 *
 * @param beforeRename runs after the temporary file is complete, checked and flushed, before the rename
 *   (tests inject crashes here).
 * @param tempDir folder of the temporary file (created when absent); default the target's folder. It must
 *   be on the target's file system (the rename is atomic only there).
 * @throws whatever `check` or `beforeRename` throws, and file system errors.
 */
export async function writeParquetAtomically(
  path: string,
  frame: pl.DataFrame,
  check: (readBack: pl.DataFrame) => void,
  beforeRename?: (temp: string) => void | Promise<void>,
  tempDir?: string,
): Promise<void> {
  if (tempDir !== undefined) await Deno.mkdir(tempDir, { recursive: true });
  const temp = join(tempDir ?? dirname(path), `${basename(path)}.tmp-${Deno.pid}-${crypto.randomUUID()}`);
  try {
    frame.writeParquet(temp, { compression: "zstd" });
    // nodejs-polars reads a string as a path only when it ends in ".parquet", so read the bytes.
    check(pl.readParquet(Buffer.from(await Deno.readFile(temp))));
    const file = await Deno.open(temp, { read: true, write: true });
    try {
      await file.sync();
    } finally {
      file.close();
    }
    await beforeRename?.(temp);
    await Deno.rename(temp, path);
  } finally {
    await Deno.remove(temp).catch(() => {});
  }
  await syncDir(dirname(path));
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

/** Removes `*.parquet.tmp-*` files in `dir` older than {@linkcode STALE_TEMP_MS} (leftovers of crashed writers). */
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
