import assert from "node:assert/strict";
import { describeTape, loadTapeOrSynthetic } from "@lib/tape/mod.ts";
import { BybitUnavailableError, loadTrades, TradeLoadError, tradeTapeToFrame } from "@lib/data/mod.ts";
import { handTape } from "./_tapes.ts";

const real = { ...handTape([100, 101], [1, -1]), symbol: "BTCUSDT", source: "bybit" as const };

Deno.test("loadTapeOrSynthetic uses the loader's tape, frame or lazy frame when it works", async () => {
  const fromTape = await loadTapeOrSynthetic(() => real);
  assert.equal(fromTape.synthetic, false);
  assert.equal(fromTape.tape, real);
  assert.match(fromTape.description, /^BTCUSDT Bybit public trades: 2 trades, 2025-06-01 to 2025-06-01/);
  const fromFrame = await loadTapeOrSynthetic(() => Promise.resolve(tradeTapeToFrame(real)), {
    symbol: "ETHUSDT",
  });
  assert.deepEqual(fromFrame.tape.prices, real.prices);
  assert.equal(fromFrame.tape.symbol, "ETHUSDT");
  assert.equal(fromFrame.tape.source, "bybit");
  const fromLazy = await loadTapeOrSynthetic(() => tradeTapeToFrame(real).lazy(), { source: "csv" });
  assert.deepEqual(fromLazy.tape.signs, real.signs);
  assert.match(fromLazy.description, /trades read from a CSV file/);
});

Deno.test("loadTapeOrSynthetic falls back to the labelled synthetic tape and says why", async () => {
  const synthetic = { days: 1, tradesPerDay: 500 };
  const none = await loadTapeOrSynthetic(undefined, { synthetic });
  assert.equal(none.synthetic, true);
  assert.equal(none.fallbackReason, "no tape loader available");
  assert.match(
    none.description,
    /^SYNTHETIC tape .* not market data.*Real tape not used: no tape loader available/,
  );
  const down = new BybitUnavailableError("download trades", {
    attempts: 2,
    lastError: "network error",
    request: "GET /x",
  });
  const failing = await loadTapeOrSynthetic(() => {
    throw down;
  }, { synthetic });
  assert.equal(failing.fallbackReason, down.message);
  assert.equal(failing.tape.source, "synthetic");
  assert.match(describeTape(failing.tape), /they are not findings about markets/);
});

// Each case below fell back to synthetic data before the loader contract: the error must propagate.
Deno.test("loadTapeOrSynthetic propagates every error that is not 'not available offline'", async (t) => {
  const synthetic = { days: 1, tradesPerDay: 500 };
  const cacheDir = await Deno.makeTempDir({ prefix: "load_tape_test_" });
  try {
    await t.step("a bad symbol (RangeError from loadTrades)", async () => {
      await assert.rejects(
        loadTapeOrSynthetic(
          async () =>
            (await loadTrades({ symbol: "btc usdt", start: "2025-06-01", end: "2025-06-02" }, {
              cacheDir,
              offline: true,
            })).frame,
          { synthetic },
        ),
        (e: unknown) => e instanceof RangeError && /symbol/.test(e.message),
      );
    });
    await t.step("a bad range (end 9999-12-31)", async () => {
      await assert.rejects(
        loadTapeOrSynthetic(
          async () =>
            (await loadTrades({ symbol: "BTCUSDT", start: "2025-06-01", end: "9999-12-31" }, {
              cacheDir,
              offline: true,
            })).frame,
          { synthetic },
        ),
        /end must be on or before 2100-01-01/,
      );
    });
    await t.step("a plain error and an invalid archive day", async () => {
      await assert.rejects(
        loadTapeOrSynthetic(() => Promise.reject(new Error("corrupt cache")), { synthetic }),
        /corrupt cache/,
      );
      const report = {
        symbol: "BTCUSDT",
        category: "linear" as const,
        start: 0,
        end: 1,
        source: "bybit" as const,
        rows: 0,
        days: [{
          date: "2025-06-01",
          status: "failed" as const,
          reason: "another symbol",
          cause: "invalid" as const,
        }],
      };
      await assert.rejects(
        loadTapeOrSynthetic(() => Promise.reject(new TradeLoadError("another symbol", report)), {
          synthetic,
        }),
        TradeLoadError,
      );
    });
    await t.step("an empty tape", async () => {
      await assert.rejects(loadTapeOrSynthetic(() => handTape([], []), { synthetic }), /at least one trade/);
    });
    await t.step("offline with nothing cached still falls back", async () => {
      const choice = await loadTapeOrSynthetic(
        async () =>
          (await loadTrades({ symbol: "BTCUSDT", start: "2025-06-01", end: "2025-06-02" }, {
            cacheDir,
            offline: true,
          })).frame,
        { synthetic },
      );
      assert.equal(choice.synthetic, true);
      assert.match(choice.fallbackReason ?? "", /not cached and offline/);
    });
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});
