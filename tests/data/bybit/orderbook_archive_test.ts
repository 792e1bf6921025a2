import assert from "node:assert/strict";
import fc from "fast-check";
import { replayOrderbookArchive } from "@lib/data/mod.ts";
import { summarizeQuotedSpreads } from "@lib/market/mod.ts";
import { assertClose } from "../../_assert.ts";
import { writeGzip, writeZip } from "../_zip.ts";

const TOPIC = "orderbook.50.BTCUSDT";
const msg = (
  type: "snapshot" | "delta",
  u: number,
  ts: number,
  b: [string, string][],
  a: [string, string][],
) => JSON.stringify({ topic: TOPIC, type, ts, data: { s: "BTCUSDT", b, a, u, seq: 1000 + u }, cts: ts - 3 });

Deno.test("best bid and ask after each message follow the snapshot + delta rules", async () => {
  const lines = [
    msg("snapshot", 100, 1000, [["100.0", "1"], ["99.5", "2"], ["99.0", "3"]], [["100.5", "4"], [
      "101.0",
      "5",
    ]]),
    msg("delta", 101, 1100, [["100.0", "0"]], []), // best bid deleted
    msg("delta", 102, 1200, [["100.2", "7"]], [["100.5", "0.5"]]), // new best bid inside the spread, ask size changed
    msg("delta", 103, 1300, [], [["100.3", "1"], ["101.0", "0"]]), // new best ask, a deep level deleted
    msg("delta", 104, 1400, [["99.9", "0"]], []), // deleting a level that does not exist changes nothing
  ];
  const r = await replayOrderbookArchive(lines);
  assert.deepEqual([...r.quotes.bidPrices], [100, 99.5, 100.2, 100.2, 100.2]);
  assert.deepEqual([...r.quotes.askPrices], [100.5, 100.5, 100.5, 100.3, 100.3]);
  assert.deepEqual([...r.quotes.bidSizes], [1, 2, 7, 7, 7]);
  assert.deepEqual([...r.quotes.askSizes], [4, 4, 0.5, 1, 1]);
  assert.deepEqual([...r.quotes.timestamps], [1000, 1100, 1200, 1300, 1400]);
  assert.deepEqual([...r.updateIds], [100, 101, 102, 103, 104]);
  assert.equal(r.topic, TOPIC);
  assert.equal(r.symbol, "BTCUSDT");
  assert.deepEqual([r.messages, r.snapshots, r.deltas, r.gapCount, r.unreliableMessages], [5, 1, 4, 0, 0]);
  assertClose(r.smallestLevelGap, 0.5, { rel: 1e-12 });
  assert.equal(r.quotes.source, "bybit");
  assert.equal(r.quotes.symbol, "BTCUSDT");
  const onChange = await replayOrderbookArchive(lines, { emit: "on-change" });
  assert.equal(onChange.quotes.timestamps.length, 4); // the last message changed nothing at the top
});

Deno.test("a gap in u makes the book unreliable until the next snapshot; u = 1 is a restart snapshot", async () => {
  const lines = [
    msg("delta", 5, 0, [["1", "1"]], [["2", "1"]]), // before any snapshot: unreliable
    msg("snapshot", 10, 100, [["100", "1"]], [["101", "1"]]),
    msg("delta", 11, 200, [["100.5", "1"]], []),
    msg("delta", 14, 300, [["100.7", "1"]], []), // gap: 12 and 13 lost
    msg("delta", 15, 400, [], []),
    msg("delta", 1, 500, [["99", "2"]], [["99.5", "3"]]), // u = 1: service restart, a snapshot
    msg("delta", 2, 600, [["99.1", "1"]], []),
  ];
  const r = await replayOrderbookArchive(lines);
  assert.equal(r.gapCount, 1);
  assert.deepEqual(r.gaps, [{ line: 3, timestamp: 300, expectedUpdateId: 12, updateId: 14 }]);
  assert.equal(r.unreliableMessages, 3);
  assert.equal(r.snapshots, 2);
  assert.deepEqual([...r.quotes.timestamps], [100, 200, 500, 600]);
  assert.deepEqual([...r.quotes.bidPrices], [100, 100.5, 99, 99.1]);
  assert.deepEqual([...r.quotes.askPrices], [101, 101, 99.5, 99.5]); // the restart snapshot replaced the book
});

Deno.test("property: the typed-array book matches a naive Map book after random deltas", async () => {
  const level = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 3 }));
  const delta = fc.record({ b: fc.array(level, { maxLength: 8 }), a: fc.array(level, { maxLength: 8 }) });
  await fc.assert(
    fc.asyncProperty(fc.array(delta, { minLength: 1, maxLength: 40 }), async (deltas) => {
      // Bids at ticks 1..60 below 1000, asks at ticks 1..60 above 1000 (never crossed); size 0 deletes.
      const bidPrice = (k: number) => (1000 - k * 0.5).toFixed(1),
        askPrice = (k: number) => (1000 + k * 0.5).toFixed(1);
      const bids = new Map<number, number>(), asks = new Map<number, number>();
      const lines = [msg("snapshot", 1000, 0, [[bidPrice(30), "1"]], [[askPrice(30), "1"]])];
      bids.set(Number(bidPrice(30)), 1);
      asks.set(Number(askPrice(30)), 1);
      const expectedBid = [985], expectedAsk = [1015];
      deltas.forEach((d, j) => {
        const b = d.b.map(([k, s]) => [bidPrice(k), String(s)] as [string, string]);
        const a = d.a.map(([k, s]) => [askPrice(k), String(s)] as [string, string]);
        for (const [p, s] of b) Number(s) === 0 ? bids.delete(Number(p)) : bids.set(Number(p), Number(s));
        for (const [p, s] of a) Number(s) === 0 ? asks.delete(Number(p)) : asks.set(Number(p), Number(s));
        lines.push(msg("delta", 1001 + j, j + 1, b, a));
        expectedBid.push(bids.size ? Math.max(...bids.keys()) : NaN);
        expectedAsk.push(asks.size ? Math.min(...asks.keys()) : NaN);
      });
      const r = await replayOrderbookArchive(lines);
      assert.deepEqual([...r.quotes.bidPrices], expectedBid);
      assert.deepEqual([...r.quotes.askPrices], expectedAsk);
    }),
    { numRuns: 60 },
  );
});

Deno.test("reads the archive from zip, gzip and plain files, streamed, with the same result", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lines = [
      msg("snapshot", 7, 0, [["50000.1", "0.5"], ["50000", "1"]], [["50000.2", "2"]]),
      msg("delta", 8, 100, [["50000.1", "0"]], [["50000.2", "1.5"]]),
    ];
    const text = lines.join("\n") + "\n";
    await writeZip(`${dir}/a.zip`, "2024-12-01_BTCUSDT_ob50.data", text);
    await writeGzip(`${dir}/a.data.gz`, text);
    await Deno.writeTextFile(`${dir}/a.data`, text.replaceAll("\n", "\r\n"));
    const expected = await replayOrderbookArchive(lines);
    for (const name of ["a.zip", "a.data.gz", "a.data"]) {
      const r = await replayOrderbookArchive(`${dir}/${name}`);
      assert.deepEqual([...r.quotes.bidPrices], [...expected.quotes.bidPrices], name);
      assert.deepEqual([...r.quotes.askSizes], [2, 1.5], name);
    }
    const s = summarizeQuotedSpreads((await replayOrderbookArchive(`${dir}/a.zip`)).quotes, {
      lastDurationMs: 100,
    });
    // 0.1 for 100 ms, 0.2 for 100 ms at mids 50000.15 and 50000.1
    assertClose(s.meanSpreadBps, (1e4 * (0.1 / 50000.15 + 0.2 / 50000.1)) / 2, { rel: 1e-9 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad input gets clear errors", async () => {
  await assert.rejects(replayOrderbookArchive(["not json"]), /line 0 is not JSON/);
  await assert.rejects(
    replayOrderbookArchive([JSON.stringify({ type: "x", data: {} })]),
    /type "snapshot" or "delta"/,
  );
  await assert.rejects(
    replayOrderbookArchive([msg("snapshot", 1, 0, [["-1", "1"]], [])]),
    /data\.b\[0\] must be \[price > 0, size >= 0\]/,
  );
  const other = JSON.stringify({
    topic: "orderbook.1.ETHUSDT",
    type: "delta",
    ts: 1,
    data: { b: [], a: [], u: 2 },
  });
  await assert.rejects(replayOrderbookArchive([msg("snapshot", 1, 0, [], []), other]), /pass options\.topic/);
  const picked = await replayOrderbookArchive([msg("snapshot", 1, 0, [["1", "1"]], [["2", "1"]]), other], {
    topic: TOPIC,
  });
  assert.equal(picked.messages, 1);
  await assert.rejects(replayOrderbookArchive([], { emit: "sometimes" as "on-change" }), RangeError);
});
