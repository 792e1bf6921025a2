import assert from "node:assert/strict";
import { describeTape, loadTapeOrSynthetic } from "@lib/mod.ts";
import { tradeTapeToFrame } from "@lib/data/mod.ts";
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
  const failing = await loadTapeOrSynthetic(() => {
    throw new Error("Cannot load trades: offline");
  }, { synthetic });
  assert.equal(failing.fallbackReason, "Cannot load trades: offline");
  const empty = await loadTapeOrSynthetic(() => handTape([], []), { synthetic });
  assert.equal(empty.fallbackReason, "the loader returned no trades");
  assert.equal(empty.tape.source, "synthetic");
  assert.match(describeTape(empty.tape), /they are not findings about markets/);
});
