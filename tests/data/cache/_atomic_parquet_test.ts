/** How both caches put a parquet file in place (`lib/data/cache/_atomic_parquet.ts`). */
import assert from "node:assert/strict";
import { join } from "node:path";
import pl from "nodejs-polars";
import { removeStaleTemps, STALE_TEMP_MS, writeParquetAtomically } from "@lib/data/cache/_atomic_parquet.ts";

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "atomic-parquet-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const names = async (dir: string) => (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();

Deno.test("writeParquetAtomically publishes the checked file and leaves no temporary file", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "2025-06.parquet");
    const frame = pl.DataFrame({ x: [1, 2, 3] });
    let seenRows = -1, seenTemp = "";
    await writeParquetAtomically(path, frame, (readBack) => {
      seenRows = readBack.height;
    }, (temp) => {
      seenTemp = temp;
    });
    assert.equal(seenRows, 3, "check sees the file as read back from disk");
    assert.match(seenTemp, new RegExp(`^${path.replaceAll(".", "\\.")}\\.tmp-${Deno.pid}-`));
    assert.deepEqual(await names(dir), ["2025-06.parquet"]);
    assert.deepEqual(pl.readParquet(path).getColumn("x").toArray(), [1, 2, 3]);
  });
});

Deno.test("a refused check or a failure before the rename keeps the old file and removes the temporary one", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "day.parquet");
    await writeParquetAtomically(path, pl.DataFrame({ x: [1] }), () => {});
    await assert.rejects(
      writeParquetAtomically(path, pl.DataFrame({ x: [7, 8] }), (readBack) => {
        throw new Error(`refused ${readBack.height} rows`);
      }),
      /refused 2 rows/,
    );
    await assert.rejects(
      writeParquetAtomically(path, pl.DataFrame({ x: [9] }), () => {}, () => {
        throw new Error("crash before rename");
      }),
      /crash before rename/,
    );
    assert.deepEqual(await names(dir), ["day.parquet"]);
    assert.deepEqual(pl.readParquet(path).getColumn("x").toArray(), [1]);
  });
});

Deno.test("removeStaleTemps removes only parquet temporary files older than STALE_TEMP_MS", async () => {
  await withDir(async (dir) => {
    const stale = join(dir, "a.parquet.tmp-1-x"), fresh = join(dir, "b.parquet.tmp-1-y");
    const other = join(dir, "notes.tmp-1-z"), kept = join(dir, "a.parquet");
    for (const f of [stale, fresh, other, kept]) await Deno.writeTextFile(f, "");
    const old = new Date(Date.now() - STALE_TEMP_MS - 60_000);
    for (const f of [stale, other, kept]) await Deno.utime(f, old, old);
    assert.deepEqual(await removeStaleTemps(dir), [stale]);
    assert.deepEqual(await names(dir), ["a.parquet", "b.parquet.tmp-1-y", "notes.tmp-1-z"]);
    assert.deepEqual(await removeStaleTemps(join(dir, "absent")), [], "a missing folder holds nothing stale");
  });
});
