import assert from "node:assert/strict";
import { BookSimulator, simulateBookDay, simulateBookStream } from "@lib/book/mod.ts";
import { assertTradeTape, TRADE_TAPE_SCHEMA, tradeTapeToFrame } from "@lib/data/trade_tape.ts";
import { assertQuoteSeries } from "@lib/data/quote_series.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

/** FNV-1a over the bytes of typed arrays: a compact fingerprint of a tape. */
function fingerprint(...arrays: ArrayBufferView[]): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

Deno.test("the same seed gives the same tape and quotes, however the run is cut; another seed does not", () => {
  const a = simulateBookDay({ seed: 5, trades: 20_000 });
  const b = simulateBookDay({ seed: 5, trades: 20_000 });
  const c = simulateBookDay({ seed: 6, trades: 20_000 });
  const tapeA = a.tape, tapeB = b.tape;
  assert.equal(
    fingerprint(tapeA.timestamps, tapeA.prices, tapeA.sizes, tapeA.signs, a.quotes.bidPrices),
    fingerprint(tapeB.timestamps, tapeB.prices, tapeB.sizes, tapeB.signs, b.quotes.bidPrices),
  );
  assert.notDeepEqual(c.tape.prices, tapeA.prices);
  // Streamed in chunks of 3,000 trades: the same trades (the pending event survives each stop).
  const parts: number[] = [];
  for (const chunk of simulateBookStream({ seed: 5, trades: 20_000, chunkTrades: 3_000 })) {
    parts.push(...chunk.tape.prices);
  }
  assert.deepEqual(Float64Array.from(parts), tapeA.prices);
});

Deno.test("conservation: every traded share leaves a queue, the tape carries exactly what traded, no crossed book", () => {
  const sim = new BookSimulator({}, { seed: 9 });
  let taped = 0;
  for (let k = 1; k <= 40; k++) {
    sim.advance(k * 15);
    // Bookkeeping from scratch: queues, counts, best prices, bid < ask.
    const resting = sim.book.audit();
    const { addedVolume, tradedVolume, cancelledVolume } = sim.book;
    assertClose(addedVolume - tradedVolume - cancelledVolume, resting, { abs: 1e-6 }, `after ${k * 15} s`);
    const { tape, quotes } = sim.drain();
    for (const q of tape.sizes) taped += q;
    for (let i = 0; i < quotes.timestamps.length; i++) {
      assert.ok(quotes.bidPrices[i]! < quotes.askPrices[i]!, `crossed quote at ${i}`);
    }
    for (const spread of tape.quotes.spreads) assert.ok(spread > 0);
  }
  assertClose(taped, sim.book.tradedVolume, { abs: 1e-6 });
  assert.ok(sim.book.tradedVolume > 100, "the run traded");
});

Deno.test("the simulated tape and quotes have the shapes of real data and say what they are", () => {
  const market = simulateBookDay({ seed: 2, durationSeconds: 600 });
  assert.equal(market.label, "simulated order book");
  assert.equal(market.tape.source, "simulated");
  assert.equal(market.quotes.source, "simulated");
  assert.equal(market.tape.symbol, "BTCUSDT");
  assertTradeTape("check simulated tape", market.tape);
  assertQuoteSeries("check simulated quotes", market.quotes);
  const n = market.tape.timestamps.length;
  // About mu = 11.57 market orders a second for 600 s (Poisson: sd about 83); a market order that takes k
  // levels is k rows at one time stamp.
  let orders = 0;
  for (let i = 0; i < n; i++) {
    const ts = market.tape.timestamps, s = market.tape.signs;
    if (i === 0 || ts[i] !== ts[i - 1] || s[i] !== s[i - 1]) orders++;
  }
  assert.ok(Math.abs(orders - 6944) < 600, `market orders ${orders}`);
  assert.ok(n > orders, "log-normal sizes: some market orders take more than one level");
  const start = Date.UTC(2025, 5, 1);
  assert.ok(market.tape.timestamps[0]! >= start && market.tape.timestamps[n - 1]! <= start + 600_000);
  // Prices on the 0.1 tick grid near 60,000.
  for (const p of market.tape.prices.subarray(0, 100)) assertClose(Math.round(p * 10) / 10, p, { abs: 1e-6 });
  // A buy trades at or above the quote's mid, a sell at or below (it takes the far side).
  for (let i = 0; i < n; i++) {
    assert.ok(
      market.tape.signs[i]! * (market.tape.prices[i]! - market.tape.quotes.mids[i]!) > 0,
      `trade ${i}`,
    );
  }
  const frame = tradeTapeToFrame(market.tape);
  assert.deepEqual(frame.columns, Object.keys(TRADE_TAPE_SCHEMA));
  assert.equal(frame.height, n);
});

Deno.test("the quote before each trade is the quote series' last update strictly before it", () => {
  const { tape, quotes } = simulateBookDay({ seed: 4, durationSeconds: 120 });
  let j = -1;
  for (let i = 0; i < tape.timestamps.length; i++) {
    while (j + 1 < quotes.timestamps.length && quotes.timestamps[j + 1]! < tape.timestamps[i]!) j++;
    if (j < 0) continue;
    const mid = (quotes.bidPrices[j]! + quotes.askPrices[j]!) / 2;
    assertClose(tape.quotes.mids[i]!, mid, { abs: 1e-9 }, `trade ${i}`);
    assertClose(tape.quotes.askSizes[i]!, quotes.askSizes[j]!, { abs: 1e-9 }, `trade ${i}`);
  }
});

Deno.test("sampled quotes record the quote in force on a regular grid", () => {
  const { quotes } = simulateBookDay({ seed: 4, durationSeconds: 60, recordQuotes: 1000 });
  const start = Date.UTC(2025, 5, 1);
  assert.ok(quotes.timestamps.length >= 60 && quotes.timestamps.length <= 61);
  for (let i = 0; i < quotes.timestamps.length; i++) {
    assertClose(quotes.timestamps[i]!, start + i * 1000, { abs: 1e-3 });
  }
});

Deno.test("options are checked at the boundary", () => {
  assertThrowsWith(
    () => simulateBookDay({ trades: 0 }),
    RangeError,
    /Cannot simulate book day: trades must be an integer >= 1/,
  );
  assertThrowsWith(
    () => simulateBookDay({ parameters: { limitRate: -1 } }),
    RangeError,
    /parameters.limitRate must be finite and > 0: current value is -1/,
  );
  assertThrowsWith(
    () => new BookSimulator({ signMemory: { metaorders: 5, lengthExponent: 1, maxLength: 10 } }),
    RangeError,
    /signMemory.lengthExponent must be finite and > 1/,
  );
  assertThrowsWith(() => new BookSimulator({}, { recordQuotes: -5 }), RangeError, /recordQuotes/);
});
