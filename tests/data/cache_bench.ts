/**
 * Speed of the candle cache: reloading a month of 1-minute candles (43,200 rows) from its parquet file,
 * and fetching the same month from the local mock Bybit (44 pages of at most 1000 bars), with and
 * without writing the cache. Targets: reload under 50 ms, fetch under 2 s.
 *
 * Run: `deno bench --allow-all tests/data/cache_bench.ts` (or `deno task bench`).
 *
 * @module
 */
import pl from "nodejs-polars";
import { loadKlines } from "@lib/mod.ts";
import { fetchKlines, synthesizeKlines } from "@lib/data/mod.ts";
import { startMockBybit } from "./_mock_bybit.ts";

const NOW = Date.UTC(2025, 6, 15, 12);
const MONTH = {
  symbol: "BTCUSDT",
  interval: "1",
  start: Date.UTC(2025, 5, 1),
  end: Date.UTC(2025, 6, 1),
} as const;
const RETRY = { maxAttempts: 2, baseDelayMs: 1 };

// A cache holding June 2025, filled once from the mock.
const cacheDir = await Deno.makeTempDir({ prefix: "kline_bench_" });
{
  const mock = await startMockBybit({ now: NOW });
  const df = await loadKlines(MONTH, {
    baseUrl: mock.baseUrl,
    cacheDir,
    offline: false,
    now: NOW,
    retry: RETRY,
  });
  await mock.close();
  if (df.height !== 43_200) throw new Error(`bench setup: expected 43,200 rows, got ${df.height}`);
}
const file = `${cacheDir}/bybit/linear/BTCUSDT/1/2025-06.parquet`;
globalThis.addEventListener("unload", () => Deno.removeSync(cacheDir, { recursive: true }));

Deno.bench("reload a month of 1-minute candles (43,200 rows) with loadKlines from the cache", {
  group: "reload",
  baseline: true,
}, async () => {
  const df = await loadKlines(MONTH, { cacheDir, offline: true, now: NOW });
  if (df.height !== 43_200) throw new Error("wrong row count");
});

Deno.bench("raw pl.readParquet of the same month file (reference)", { group: "reload" }, () => {
  if (pl.readParquet(file).height !== 43_200) throw new Error("wrong row count");
});

Deno.bench("synthesize the same month (offline fallback, reference)", { group: "reload" }, () => {
  if (synthesizeKlines(MONTH).height !== 43_200) throw new Error("wrong row count");
});

Deno.bench("fetch a month of 1-minute candles from the local mock with fetchKlines (44 pages)", {
  group: "fetch",
  baseline: true,
  n: 10,
  warmup: 2,
}, async (b) => {
  const mock = await startMockBybit({ now: NOW });
  b.start();
  const df = await fetchKlines(MONTH, { baseUrl: mock.baseUrl, retry: RETRY });
  b.end();
  await mock.close();
  if (df.height !== 43_200) throw new Error("wrong row count");
});

Deno.bench("fetch the month into an empty cache with loadKlines (fetch, validate, write parquet)", {
  group: "fetch",
  n: 10,
  warmup: 2,
}, async (b) => {
  const mock = await startMockBybit({ now: NOW });
  const dir = await Deno.makeTempDir({ prefix: "kline_bench_cold_" });
  b.start();
  const df = await loadKlines(MONTH, {
    baseUrl: mock.baseUrl,
    cacheDir: dir,
    offline: false,
    now: NOW,
    retry: RETRY,
  });
  b.end();
  await mock.close();
  await Deno.remove(dir, { recursive: true });
  if (df.height !== 43_200) throw new Error("wrong row count");
});
