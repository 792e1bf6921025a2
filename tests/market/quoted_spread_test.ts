import assert from "node:assert/strict";
import type { QuoteSeries } from "@lib/mod.ts";
import { fetchOrderbook, type OrderbookSnapshot, synthesizeKlines } from "@lib/data/mod.ts";
import { chooseSpread, quotedSpreadFromOrderbook, summarizeQuotedSpreads } from "@lib/market/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";
import { startMockBybit } from "../data/_mock_bybit.ts";

const f = (a: number[]) => Float64Array.from(a);
const book = (bids: number[][], asks: number[][]): OrderbookSnapshot => ({
  symbol: "BTCUSDT",
  timestamp: Date.UTC(2025, 5, 1),
  updateId: 1,
  sequence: 1,
  bidPrices: f(bids.map((l) => l[0]!)),
  bidSizes: f(bids.map((l) => l[1]!)),
  askPrices: f(asks.map((l) => l[0]!)),
  askSizes: f(asks.map((l) => l[1]!)),
  bestBid: bids[0]?.[0] ?? NaN,
  bestAsk: asks[0]?.[0] ?? NaN,
  mid: NaN,
  spreadBps: NaN,
});
const series = (t: number[], bid: number[], ask: number[], symbol = "TEST"): QuoteSeries => ({
  timestamps: f(t),
  bidPrices: f(bid),
  askPrices: f(ask),
  bidSizes: f(t.map(() => 1)),
  askSizes: f(t.map(() => 2)),
  symbol,
  source: "csv",
});

Deno.test("order book snapshot: spread in quote units and bps of mid, L1 sizes", () => {
  const q = quotedSpreadFromOrderbook(book([[1.953, 6203], [1.9529, 680]], [[1.9532, 10480]]));
  assertClose(q.spread, 0.0002, { rel: 1e-9 });
  assertClose(q.mid, 1.9531, { rel: 1e-12 });
  assertClose(q.spreadBps, (1e4 * 0.0002) / 1.9531, { rel: 1e-9 }); // 1.024 bps, by hand
  assertClose(q.relativeSpread, q.spreadBps / 1e4, { rel: 1e-12 });
  assert.deepEqual([q.bidSize, q.askSize], [6203, 10480]);
  assertThrowsWith(
    () => quotedSpreadFromOrderbook(book([[100, 1]], [[100, 1]])),
    RangeError,
    /crossed or locked/,
  );
  assertThrowsWith(() => quotedSpreadFromOrderbook(book([], [[100, 1]])), RangeError, /0 bids, 1 asks/);
});

Deno.test("summary: time weights, weighted median, one-tick share and exclusions, by hand", () => {
  // Quotes at 0, 10, 40, 50, 60 s: spreads 1, 2, crossed, one-sided, 1 (tick 1.0, mids 1000 and 999.5).
  const s = summarizeQuotedSpreads(
    series([0, 10_000, 40_000, 50_000, 60_000], [999.5, 998.5, 1000, NaN, 999.5], [
      1000.5,
      1000.5,
      1000,
      1001,
      1000.5,
    ]),
    { lastDurationMs: 20_000 },
  );
  // Valid: 1 tick for 10 s, 2 ticks for 30 s, 1 tick for 20 s (last): weights 10, 30, 20.
  const b1 = 1e4 / 1000, b2 = 2e4 / 999.5;
  assertClose(s.meanSpreadBps, (10 * b1 + 30 * b2 + 20 * b1) / 60, { rel: 1e-12 });
  // One tick holds 10 + 20 = 30 of 60 s: the smallest spread whose cumulative weight reaches half.
  assertClose(s.medianSpreadBps, b1, { rel: 1e-12 });
  assertClose(s.oneTickShare, 0.5, { rel: 1e-12 });
  assert.equal(s.tickSize, 1);
  assert.equal(s.tickSizeSource, "inferred");
  assert.deepEqual([s.quotes, s.validQuotes, s.crossedOrLocked, s.oneSided], [5, 3, 1, 1]);
  assert.equal(s.coveredMs, 60_000);
  assertClose(s.meanSpread, (10 + 60 + 20) / 60, { rel: 1e-12 });
  assert.deepEqual([s.meanBidSize, s.meanAskSize], [1, 2]);
  // All quotes at one time: equal weights.
  const same = summarizeQuotedSpreads(series([5, 5], [99, 99.5], [101, 100.5]));
  assertClose(same.meanSpreadBps, (200 + 100) / 2, { rel: 1e-12 });
  assert.equal(same.coveredMs, 0);
});

Deno.test("summary: bad input gets clear errors", () => {
  assertThrowsWith(
    () => summarizeQuotedSpreads(series([1, 0], [1, 1], [2, 2])),
    RangeError,
    /must not decrease/,
  );
  assertThrowsWith(() => summarizeQuotedSpreads(series([0], [2], [1])), RangeError, /no valid quote/);
  assertThrowsWith(
    () => summarizeQuotedSpreads({ ...series([0, 1], [1, 1], [2, 2]), askPrices: f([2]) }),
    TypeError,
    /askPrices has 1 rows/,
  );
  assertThrowsWith(
    () => summarizeQuotedSpreads(series([0], [1], [2]), { tickSize: 0 }),
    RangeError,
    /tickSize/,
  );
});

Deno.test("chooseSpread prefers quotes, then a snapshot, then the labelled candle estimator", () => {
  const quotes = series([0, 1000], [99.99, 99.98], [100.01, 100.02], "BTCUSDT");
  const candles = synthesizeKlines({
    symbol: "BTCUSDT",
    interval: "1",
    start: Date.UTC(2025, 0, 1),
    end: Date.UTC(2025, 0, 2),
  });
  const fromQuotes = chooseSpread({ quotes, orderbook: book([[100, 1]], [[100.5, 1]]), candles });
  assert.equal(fromQuotes.source, "quotes");
  assertClose(fromQuotes.spreadBps, summarizeQuotedSpreads(quotes).meanSpreadBps, { rel: 1e-12 });
  assertClose(fromQuotes.relativeSpread, fromQuotes.spreadBps / 1e4, { rel: 1e-12 });
  assert.match(fromQuotes.label, /quoted spread from csv BTCUSDT: time-weighted mean/);
  const fromSummary = chooseSpread({ quotes: summarizeQuotedSpreads(quotes) });
  assert.equal(fromSummary.spreadBps, fromQuotes.spreadBps);
  const fromBook = chooseSpread({ orderbook: book([[100, 1]], [[100.5, 1]]), candles });
  assert.equal(fromBook.source, "orderbook snapshot");
  assertClose(fromBook.spreadBps, 1e4 * 0.5 / 100.25, { rel: 1e-12 });
  const fromCandles = chooseSpread({ candles }, { estimator: "corwin-schultz" });
  assert.equal(fromCandles.source, "candle estimator");
  assert.match(fromCandles.label, /^corwin-schultz estimate from candles, not a quoted spread/);
  assert.match(fromCandles.label, /0 on 22 of 29 days/);
  assertThrowsWith(() => chooseSpread({}), TypeError, /give quotes, an orderbook snapshot or candles/);
});

Deno.test("end to end: fetchOrderbook from the mock Bybit, then its quoted spread", async () => {
  const mock = await startMockBybit({ now: Date.UTC(2025, 6, 15, 12) });
  try {
    const snapshot = await fetchOrderbook({ symbol: "BTCUSDT", limit: 5 }, {
      baseUrl: mock.baseUrl,
      retry: { maxAttempts: 1 },
    });
    const q = quotedSpreadFromOrderbook(snapshot);
    assertClose(q.spreadBps, snapshot.spreadBps, { rel: 1e-12 });
    assertClose(q.spread, snapshot.bestAsk - snapshot.bestBid, { rel: 1e-12 });
    assert.equal(q.bidSize, snapshot.bidSizes[0]);
    assert.equal(chooseSpread({ orderbook: snapshot }).source, "orderbook snapshot");
  } finally {
    await mock.close();
  }
});
