/**
 * Speed of the order-book archive replay: 100,000 messages of a 500-level book (one snapshot, then deltas of
 * 5-40 levels each near the top, as in Bybit's `orderbook.500` archive), from memory and from a zip file.
 * A day of `orderbook.500` at 100 ms is about 864,000 messages. Measured by hand on the shared 2-core
 * machine under load (load average 10): 1.2-3 s per 100,000 messages from memory, of which JSON.parse
 * alone takes about half; 2.8-4.2 s streamed from a zip.
 *
 * Run: `deno bench --allow-all tests/data/bybit/orderbook_archive_bench.ts` (or `deno task bench`).
 *
 * @module
 */
import { SeededRandom } from "@lib/core/mod.ts";
import { replayOrderbookArchive } from "@lib/data/mod.ts";
import { summarizeQuotedSpreads } from "@lib/market/mod.ts";
import { writeZip } from "../_zip.ts";

const rng = new SeededRandom(3);
const tick = 0.1;
const mid = 50_000;
const level = (p: number) => p.toFixed(1);
const lines: string[] = [];
{
  const b: [string, string][] = [], a: [string, string][] = [];
  for (let k = 0; k < 500; k++) {
    b.push([level(mid - tick * (k + 1)), (1 + rng.uniform() * 5).toFixed(3)]);
    a.push([level(mid + tick * (k + 1)), (1 + rng.uniform() * 5).toFixed(3)]);
  }
  lines.push(
    JSON.stringify({
      topic: "orderbook.500.BTCUSDT",
      type: "snapshot",
      ts: 0,
      data: { s: "BTCUSDT", b, a, u: 1_000, seq: 1 },
    }),
  );
}
for (let i = 1; i < 100_000; i++) {
  const b: [string, string][] = [], a: [string, string][] = [];
  const changes = 5 + rng.int(36);
  for (let c = 0; c < changes; c++) {
    const k = Math.floor(Math.abs(rng.normal()) * 10) + 1;
    const size = rng.uniform() < 0.2 ? "0" : (rng.uniform() * 5).toFixed(3);
    if (rng.uniform() < 0.5) b.push([level(mid - tick * k), size]);
    else a.push([level(mid + tick * k), size]);
  }
  lines.push(
    JSON.stringify({
      topic: "orderbook.500.BTCUSDT",
      type: "delta",
      ts: i * 100,
      data: { s: "BTCUSDT", b, a, u: 1_000 + i, seq: 1 + i },
    }),
  );
}
const dir = await Deno.makeTempDir({ prefix: "ob_bench_" });
await writeZip(`${dir}/ob.zip`, "ob500.data", lines.join("\n") + "\n");
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

Deno.bench("replay 100,000 order-book messages from memory and summarise the spread", async () => {
  const r = await replayOrderbookArchive(lines);
  if (r.quotes.timestamps.length !== 100_000) throw new Error("bench: wrong row count");
  summarizeQuotedSpreads(r.quotes, { tickSize: tick });
});

Deno.bench("replay 100,000 order-book messages streamed from a zip file", async () => {
  const r = await replayOrderbookArchive(`${dir}/ob.zip`);
  if (r.messages !== 100_000) throw new Error("bench: wrong message count");
});
