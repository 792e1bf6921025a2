/**
 * Speed of the trade-day cache on a day of synthetic-sized trades (2,000,000 rows, Bybit-like: sorted
 * ms timestamps, prices around 100,000, sizes 0.001-1, 36-character trdMatchID-like ids; generated here
 * with a fixed seed, not real data). Target: reload of one day under 100 ms.
 *
 * Also: the same day parsed from Bybit's archive CSV (parse, validate, sort) and written to the cache
 * (write, read back, check, fsync, rename), for the figures in the README.
 *
 * Run: `deno bench --allow-all tests/data/trades_cache_bench.ts` (or `deno task bench`).
 *
 * @module
 */
import pl from "nodejs-polars";
import { loadTrades, TRADE_TAPE_SCHEMA, tradeTapeFromFrame } from "@lib/data/mod.ts";
import { SeededRandom } from "@lib/core/random.ts";
import { tradeDayPath, writeTradeDay } from "@lib/data/cache/_trade_cache.ts";
import { parseTradeArchiveCsv } from "@lib/data/bybit/_trade_archive_csv.ts";
import { LINEAR_HEADER } from "./_mock_archive.ts";

const ROWS = 2_000_000;
const CSV_ROWS = 1_000_000;
const DAY = Date.UTC(2025, 5, 1);
const SPEC = { symbol: "BTCUSDT", category: "linear", start: "2025-06-01", end: "2025-06-02" } as const;

function hex(rng: SeededRandom, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += "0123456789abcdef"[rng.int(16)];
  return s;
}

/** A seeded day: times sorted on [0, 1 day), a random-walk price, log-uniform sizes, UUID-shaped ids. */
function syntheticDay(n: number, seed: number) {
  const rng = new SeededRandom(seed);
  const t = new Float64Array(n), price = new Float64Array(n), size = new Float64Array(n);
  const side = new Int8Array(n), ids: string[] = new Array(n);
  let p = 100_000;
  for (let i = 0; i < n; i++) {
    t[i] = DAY + Math.floor(((i + rng.uniform()) / n) * 86_400_000);
    p = Math.max(1, p + (rng.uniform() < 0.5 ? -0.1 : 0.1));
    price[i] = Math.round(p * 10) / 10;
    size[i] = Math.round(10 ** (-3 + 3 * rng.uniform()) * 1000) / 1000 || 0.001;
    side[i] = rng.uniform() < 0.5 ? 1 : -1;
    ids[i] = `${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${String(i).padStart(12, "0")}`;
  }
  return { t, price, size, side, ids };
}

const day = syntheticDay(ROWS, 1);
const frame = pl.DataFrame({
  timestamp: pl.Series("timestamp", day.t, pl.Float64).cast(pl.Int64).cast(TRADE_TAPE_SCHEMA.timestamp),
  price: pl.Series("price", day.price, pl.Float64),
  size: pl.Series("size", day.size, pl.Float64),
  side: pl.Series("side", day.side, pl.Int8),
  tradeId: pl.Series("tradeId", day.ids, pl.Utf8),
});
const cacheDir = await Deno.makeTempDir({ prefix: "trades_bench_" });
const path = tradeDayPath(cacheDir, "linear", "BTCUSDT", "2025-06-01");
await writeTradeDay(path, frame);
globalThis.addEventListener("unload", () => Deno.removeSync(cacheDir, { recursive: true }));
console.log(
  `one day: ${ROWS.toLocaleString("en-US")} trades, ${
    (Deno.statSync(path).size / 1e6).toFixed(1)
  } MB parquet (zstd)`,
);

// Bybit archive CSV of the first CSV_ROWS trades (seconds with 4 decimals), written in reverse order.
const lines = [LINEAR_HEADER];
for (let i = CSV_ROWS - 1; i >= 0; i--) {
  const s = day.side[i] === 1 ? "Buy" : "Sell";
  lines.push(
    `${(day.t[i]! / 1000).toFixed(4)},BTCUSDT,${s},${day.size[i]},${day.price[i]},PlusTick,${day.ids[i]},1,${
      day.size[i]
    },1`,
  );
}
const csv = new TextEncoder().encode(lines.join("\n") + "\n");
lines.length = 0;
console.log(
  `archive CSV: ${CSV_ROWS.toLocaleString("en-US")} trades, ${(csv.length / 1e6).toFixed(0)} MB uncompressed`,
);

Deno.bench("reload one day (2 M trades) with loadTrades and collect every column", {
  group: "reload",
  baseline: true,
}, async () => {
  const { frame } = await loadTrades(SPEC, { cacheDir, offline: true });
  if ((await frame.collect()).height !== ROWS) throw new Error("wrong row count");
});

Deno.bench("reload one day (2 M trades) with loadTrades, numeric columns only (no trade ids)", {
  group: "reload",
}, async () => {
  const { frame } = await loadTrades(SPEC, { cacheDir, offline: true });
  const df = await frame.select("timestamp", "price", "size", "side").collect();
  if (df.height !== ROWS) throw new Error("wrong row count");
});

Deno.bench("raw pl.readParquet of the day file (reference)", { group: "reload" }, () => {
  if (pl.readParquet(path).height !== ROWS) throw new Error("wrong row count");
});

Deno.bench(
  "reload + tradeTapeFromFrame (typed arrays, validated)",
  { group: "reload", n: 10, warmup: 1 },
  async () => {
    const { frame } = await loadTrades(SPEC, { cacheDir, offline: true });
    const df = await frame.select("timestamp", "price", "size", "side").collect();
    const tape = tradeTapeFromFrame(df, { symbol: "BTCUSDT", source: "bybit" });
    if (tape.prices.length !== ROWS) throw new Error("wrong row count");
  },
);

Deno.bench("parse 1 M trades of Bybit archive CSV (validate, sort by time then id)", {
  group: "ingest",
  n: 5,
  warmup: 1,
}, () => {
  if (parseTradeArchiveCsv("linear", csv, "bench").height !== CSV_ROWS) throw new Error("wrong row count");
});

Deno.bench("write one day (2 M trades) to the cache (write, read back, check, fsync, rename)", {
  group: "ingest",
  n: 5,
  warmup: 1,
}, async () => {
  await writeTradeDay(path, frame);
});
