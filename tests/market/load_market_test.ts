/**
 * loadMarket: an empty cache gives the labelled simulated order book; a cached day of trades (a six-trade
 * fixture written here) gives the real tape, with quotes when a quote day is cached too; a corrupt cache file
 * is an error that reaches the caller, never a silent fallback.
 */
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { loadMarket } from "@lib/market/mod.ts";
import { TradeLoadError } from "@lib/data/load_trades.ts";
import { QuoteLoadError } from "@lib/data/load_quotes.ts";
import { tradeTapeToFrame } from "@lib/data/trade_tape.ts";
import { tradeDayPath, writeTradeDay } from "@lib/data/cache/_trade_cache.ts";
import { quoteDayPath, writeQuoteDay } from "@lib/data/cache/_quote_cache.ts";

const SPEC = { symbol: "BTCUSDT", start: "2025-06-01", end: "2025-06-02" } as const;
const T0 = Date.UTC(2025, 5, 1, 12);
const f = (a: number[]) => Float64Array.from(a);

/** Six trades at 12:00:00-12:00:05 UTC on 2025-06-01, alternating at the ask (buys) and the bid (sells). */
function fixtureTape() {
  return {
    timestamps: f([0, 1, 2, 3, 4, 5].map((k) => T0 + 1000 * k)),
    prices: f([100.5, 99.5, 100.5, 99.5, 100.5, 99.5]),
    sizes: f([1, 2, 1, 2, 1, 2]),
    signs: Int8Array.from([1, -1, 1, -1, 1, -1]),
    symbol: "BTCUSDT",
    source: "bybit" as const,
  };
}

async function withCache(run: (cacheDir: string) => Promise<void>): Promise<void> {
  const cacheDir = await Deno.makeTempDir();
  try {
    await run(cacheDir);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
}

const tradePath = (cacheDir: string) => tradeDayPath(cacheDir, "linear", "BTCUSDT", "2025-06-01");

Deno.test("an empty cache gives the seeded simulated order book, labelled, with quotes", async () => {
  await withCache(async (cacheDir) => {
    const options = { cacheDir, simulated: { seed: 5, trades: 1_500 } };
    const market = await loadMarket(SPEC, options);
    assert.equal(market.simulated, true);
    assert.equal(market.source, "simulated");
    assert.equal(market.label, "simulated order book");
    assert.equal(market.tape.source, "simulated");
    assert.equal(market.tape.prices.length, 1_500); // the trade count asked for
    assert.equal(market.tape.quotes!.mids.length, 1_500);
    assert.ok(market.quotes!.timestamps.length > 0);
    assert.match(market.description, /^simulated order book, seed 5: 1,500 trades and [\d,]+ quote updates/);
    assert.match(market.description, /tests the method, says nothing about markets/);
    assert.match(market.fallbackReason!, /2025-06-01: not cached and offline/);
    // Seeded: the same seed gives the same tape.
    const again = await loadMarket(SPEC, options);
    assert.deepEqual(again.tape.prices, market.tape.prices);
  });
});

Deno.test("a cached day of trades gives the real tape, trades only when no quotes are cached", async () => {
  await withCache(async (cacheDir) => {
    await writeTradeDay(tradePath(cacheDir), tradeTapeToFrame(fixtureTape()));
    const market = await loadMarket(SPEC, { cacheDir });
    assert.equal(market.simulated, false);
    assert.equal(market.source, "bybit");
    assert.equal(market.quotes, undefined);
    assert.equal(market.tape.quotes, undefined);
    assert.deepEqual([...market.tape.prices], [...fixtureTape().prices]); // the fixture, as written
    assert.deepEqual([...market.tape.signs], [1, -1, 1, -1, 1, -1]);
    assert.equal(
      market.description,
      "Bybit BTCUSDT linear trades, 2025-06-01 to 2025-06-01 UTC (1 day(s) from the cache, 0 fetched): 6 trades, " +
        "trades only (no quotes: 1 of 1 day(s) unavailable (2025-06-01: not cached and offline (option offline: true)))",
    );
  });
});

Deno.test("a cached quote day is joined: mids before each trade and the side agreement", async () => {
  await withCache(async (cacheDir) => {
    await writeTradeDay(tradePath(cacheDir), tradeTapeToFrame(fixtureTape()));
    // One quote 100 s before the trades: bid 99.5, ask 100.5, mid 100 for every trade.
    const quotes = {
      timestamps: f([T0 - 100_000]),
      bidPrices: f([99.5]),
      askPrices: f([100.5]),
      bidSizes: f([3]),
      askSizes: f([4]),
      symbol: "BTCUSDT",
      source: "bybit" as const,
    };
    const path = quoteDayPath(cacheDir, "bybit", "linear", "BTCUSDT", "2025-06-01");
    await Deno.mkdir(dirname(path), { recursive: true });
    await writeQuoteDay(path, "2025-06-01", quotes);
    const market = await loadMarket(SPEC, { cacheDir });
    assert.equal(market.simulated, false);
    assert.deepEqual([...market.tape.quotes!.mids], [100, 100, 100, 100, 100, 100]);
    // Buys at the ask and sells at the bid: every side agrees with the quote (hand count 6 of 6).
    assert.match(
      market.description,
      /with quotes \(1 best bid\/ask updates; the side agrees .* for 100\.0 % of trades\)/,
    );
  });
});

Deno.test("a corrupt trade cache file is an error, not a fallback to the simulation", async () => {
  await withCache(async (cacheDir) => {
    const path = tradePath(cacheDir);
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(path, "this is not parquet");
    const warn = console.warn;
    console.warn = () => {}; // the loader warns that it moved the file aside
    try {
      const error = await loadMarket(SPEC, { cacheDir }).catch((e) => e);
      assert.ok(error instanceof TradeLoadError, String(error));
      assert.match(error.message, /cached file was corrupt \(unreadable parquet/);
    } finally {
      console.warn = warn;
    }
  });
});

Deno.test("a corrupt quote cache file is an error too", async () => {
  await withCache(async (cacheDir) => {
    await writeTradeDay(tradePath(cacheDir), tradeTapeToFrame(fixtureTape()));
    const path = quoteDayPath(cacheDir, "bybit", "linear", "BTCUSDT", "2025-06-01");
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(path, "this is not parquet");
    const warn = console.warn;
    console.warn = () => {};
    try {
      const error = await loadMarket(SPEC, { cacheDir }).catch((e) => e);
      assert.ok(error instanceof QuoteLoadError, String(error));
      assert.match(error.message, /cached file was corrupt/);
    } finally {
      console.warn = warn;
    }
  });
});

Deno.test("a bad spec or options throw before anything is read", async () => {
  await assert.rejects(() => loadMarket({ ...SPEC, symbol: "btc usdt" }), RangeError);
  await assert.rejects(() => loadMarket(SPEC, null as never), /options must be an object/);
});
