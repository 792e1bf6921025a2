/**
 * A trade-cache writer to be killed (tests/data/load_trades_hostile_test.ts): writes a two-trade day of
 * 2025-06-01 under the cache root `Deno.args[0]`, and at the moment its temporary file is complete, just
 * before the rename, writes the marker file `Deno.args[1]` and waits forever for its SIGKILL.
 *
 * @module
 */
import { tradeDayPath, writeTradeDay } from "@lib/data/cache/_trade_cache.ts";
import { tradeTapeToFrame } from "@lib/data/trade_tape.ts";

const [cacheDir, marker] = Deno.args as [string, string];
const t = Date.UTC(2025, 5, 1, 12);
const frame = tradeTapeToFrame({
  timestamps: Float64Array.from([t, t + 1]),
  prices: Float64Array.from([1, 2]),
  sizes: Float64Array.from([1, 1]),
  signs: Int8Array.from([1, -1]),
  symbol: "BTCUSDT",
  source: "bybit",
});
await writeTradeDay(tradeDayPath(cacheDir, "linear", "BTCUSDT", "2025-06-01"), frame, {
  beforeRename: async () => {
    await Deno.writeTextFile(marker, "ready");
    await new Promise((resolve) => setTimeout(resolve, 3_600_000)); // until killed
  },
});
