/**
 * lib/tape/README.md's DuckDB query of the synthetic-metaorder table, run verbatim over a small hive-partitioned
 * trade cache, agrees row by row with `syntheticMetaorders` given the same trade-to-trader assignment.
 *
 * `syntheticMetaorders` draws its assignment from a seeded stream; SQL hashes the trade id instead. To use
 * one assignment in both, the test reads the SQL's `hash(tradeId) % N` back and runs `syntheticMetaorders`
 * with one trader on each trader's own sub-tape: a single trader's metaorders are exactly its runs of equal
 * sign within a day, which is the definition with `N` traders restricted to trader `k`.
 */
import assert from "node:assert/strict";
import { type DuckDbModule, loadDuckDb } from "../_duckdb.ts";
import { type TradeTape, tradeTapeToFrame } from "@lib/data/mod.ts";
import { tradeDayPath, writeTradeDay } from "@lib/data/cache/_trade_cache.ts";
import { blockDailyScales, syntheticMetaorders, tapeBlocks } from "@lib/tape/mod.ts";
import { randomTape } from "./_tapes.ts";

const TRADERS = 7;
const DAY_MS = 86_400_000;

/** lib/tape/README.md's query (the sql block under "Beyond one machine"), pointed at `dir` with `traders` traders. */
async function readmeQuery(dir: string, traders: number): Promise<string> {
  const readme = await Deno.readTextFile(new URL("../../lib/tape/README.md", import.meta.url));
  const section = readme.slice(readme.indexOf("## Beyond one machine"));
  const match = section.match(/```sql\n([\s\S]*?)```/);
  assert.ok(
    match,
    "lib/tape/README.md must hold the DuckDB metaorder query in a sql block under 'Beyond one machine'",
  );
  const query = match[1]!;
  assert.ok(query.includes("hash(tradeId) % 100") && query.includes("'data/trades/**/*.parquet'"));
  return query.replace("hash(tradeId) % 100", `hash(tradeId) % ${traders}`)
    .replace("'data/trades/**/*.parquet'", `'${dir}/trades/**/*.parquet'`)
    .replace("symbol = 'BTCUSDT'", "symbol = 'TESTUSDT'");
}

/** The trades of `tape` at `indices`, in order. */
function subTape(tape: TradeTape, indices: number[]): TradeTape {
  const pick = <T extends Float64Array | Int8Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(indices.length);
    indices.forEach((t, i) => (out[i] = a[t]!));
    return out;
  };
  return {
    timestamps: pick(tape.timestamps),
    prices: pick(tape.prices),
    sizes: pick(tape.sizes),
    signs: pick(tape.signs),
    symbol: tape.symbol,
    source: tape.source,
  };
}

// DuckDB is an optional test dependency (tests/_duckdb.ts): without it this test is skipped, and says why.
const duckdb = await loadDuckDb();
if (typeof duckdb === "string") console.log(`skipping the DuckDB test: ${duckdb}`);

Deno.test({
  name: "the README's DuckDB metaorder query agrees with syntheticMetaorders on the same assignment",
  ignore: typeof duckdb === "string",
}, async () => {
  const { DuckDBInstance } = duckdb as DuckDbModule;
  // 3 days of 1,200 trades each (strictly increasing timestamps, so the tape order is unambiguous).
  const tape = randomTape(3600, 3, 11);
  const ids = Array.from({ length: 3600 }, (_, i) => `trade-${i}`);
  const dir = await Deno.makeTempDir({ prefix: "duckdb_metaorders_test_" });
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const starts = tapeBlocks(tape.timestamps, "day");
    assert.equal(starts.length, 4);
    for (let b = 0; b < 3; b++) {
      const from = starts[b]!, to = starts[b + 1]!;
      const date = new Date(tape.timestamps[from]!).toISOString().slice(0, 10);
      const day = subTape(tape, Array.from({ length: to - from }, (_, i) => from + i));
      await writeTradeDay(
        tradeDayPath(dir, "linear", "TESTUSDT", date),
        tradeTapeToFrame(day, ids.slice(from, to)),
      );
    }
    // The assignment, as the query computes it.
    const assigned = await connection.runAndReadAll(
      `SELECT tradeId, hash(tradeId) % ${TRADERS} AS trader
       FROM read_parquet('${dir}/trades/**/*.parquet', hive_partitioning = true)`,
    );
    const traderOf = new Map(assigned.getRowObjectsJson().map((r) => [String(r.tradeId), Number(r.trader)]));
    assert.equal(traderOf.size, 3600);
    const members: number[][] = Array.from({ length: TRADERS }, () => []);
    ids.forEach((id, t) => members[traderOf.get(id)!]!.push(t));
    // Every trader gets a share (7 traders, 3,600 trades: about 514 each).
    for (const m of members) assert.ok(m.length > 300 && m.length < 750, `trader share ${m.length}`);

    // Reference: one trader at a time, run through syntheticMetaorders with traders: 1.
    const { averageDailyVolume } = blockDailyScales(tape, starts, 300);
    const expected: string[] = [];
    const key = (k: number, firstTime: number, values: number[]) =>
      `${k}|${new Date(firstTime).toISOString()}|${values.map((v) => v.toPrecision(12)).join("|")}`;
    for (let k = 0; k < TRADERS; k++) {
      const idx = members[k]!;
      const m = syntheticMetaorders(subTape(tape, idx), { traders: 1, minChildren: 2 });
      for (let i = 0; i < m.first.length; i++) {
        const f = idx[m.first[i]!]!, l = idx[m.last[i]!]!;
        const b = starts.findLastIndex((s) => s <= f);
        const before = f > starts[b]! ? f - 1 : f;
        assert.equal(m.durationSeconds[i], (tape.timestamps[l]! - tape.timestamps[f]!) / 1000);
        expected.push(key(k, tape.timestamps[f]!, [
          m.sign[i]!,
          m.children[i]!,
          m.volume[i]!,
          m.volume[i]! / averageDailyVolume[b]!,
          l - f,
          m.durationSeconds[i]!,
          m.sign[i]! * Math.log(tape.prices[l]! / tape.prices[before]!),
        ]));
      }
    }

    const reader = await connection.runAndReadAll(await readmeQuery(dir, TRADERS));
    const rows = reader.getRowObjectsJson();
    const actual = rows.map((r) =>
      key(Number(r.trader), Date.parse(String(r.start_time)), [
        Number(r.sign),
        Number(r.children),
        Number(r.q),
        Number(r.q_over_v),
        Number(r.duration_trades),
        Number(r.duration_seconds),
        Number(r.log_price_move),
      ])
    );
    // Hundreds of metaorders, each in both tables with the same children, Q, Q/V, durations and price move.
    assert.ok(expected.length > 300, `metaorders: ${expected.length}`);
    assert.equal(actual.length, expected.length);
    assert.deepEqual([...actual].sort(), [...expected].sort());
    // No metaorder crosses a day: each starts and ends on its row's date.
    for (const r of rows) {
      const date = String(r.date);
      assert.equal(String(r.start_time).slice(0, 10), date);
      assert.equal(String(r.end_time).slice(0, 10), date);
      assert.ok(Date.parse(String(r.end_time)) - Date.parse(String(r.start_time)) < DAY_MS);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    await Deno.remove(dir, { recursive: true });
  }
});
