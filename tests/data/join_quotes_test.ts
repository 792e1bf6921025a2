import assert from "node:assert/strict";
import fc from "fast-check";
import { joinQuotes, quoteAgreement, type QuoteSeries, type TradeTape } from "@lib/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

const f = (a: number[]) => Float64Array.from(a);
const tapeOf = (t: number[], p: number[], s: number[], symbol = "BTCUSDT"): TradeTape => ({
  timestamps: f(t),
  prices: f(p),
  sizes: f(t.map(() => 1)),
  signs: Int8Array.from(s),
  symbol,
  source: "binance",
});
const quotesOf = (t: number[], b: number[], a: number[], symbol = "BTCUSDT"): QuoteSeries => ({
  timestamps: f(t),
  bidPrices: f(b),
  askPrices: f(a),
  bidSizes: f(t.map((_, i) => 10 + i)),
  askSizes: f(t.map((_, i) => 20 + i)),
  symbol,
  source: "binance",
});

Deno.test("joinQuotes: the quote strictly before each trade, by hand", () => {
  // Quotes at 10 (100/101), 20 (100.5/101), 20 (100/100.5), 30 (one-sided: no ask).
  const quotes = quotesOf([10, 20, 20, 30], [100, 100.5, 100, 99], [101, 101, 100.5, NaN]);
  // Trades at 5 (before any quote), 10 (tie with the first quote: not strictly before), 11, 20 (tie), 25, 31.
  const tape = tapeOf([5, 10, 11, 20, 25, 31], [101, 101, 101, 101, 100.5, 99], [1, 1, 1, 1, 1, -1]);
  const q = joinQuotes(tape, quotes).quotes!;
  // Expected by hand: trade -> quote index: none, none, 0, 0, 2 (last of the two at 20), 3.
  const expectMid = [NaN, NaN, 100.5, 100.5, 100.25, NaN];
  const expectSpread = [NaN, NaN, 1, 1, 0.5, NaN];
  assert.deepEqual([...q.mids], expectMid);
  assert.deepEqual([...q.spreads], expectSpread);
  assert.deepEqual([...q.bidSizes], [NaN, NaN, 10, 10, 12, 13]);
  assert.deepEqual([...q.askSizes], [NaN, NaN, 20, 20, 22, 23]);
  const joined = joinQuotes(tape, quotes);
  assert.equal(joined.prices, tape.prices); // columns shared, not copied
  // Agreement: trades 2, 3 buy at 101 > 100.5 (agree); trade 4 buys at 100.5 > 100.25 (agree); 3 quoted.
  const a = quoteAgreement(joined);
  assert.deepEqual(a, { trades: 6, quoted: 3, agreeing: 3, disagreeing: 0, atMid: 0, share: 1 });
});

Deno.test("quoteAgreement: wrong side and at-mid trades count against the share, by hand", () => {
  const quotes = quotesOf([0], [99], [101]);
  // buy above mid (agree), buy below (disagree), sell below (agree), sell above (disagree), sell at mid.
  const tape = tapeOf([1, 2, 3, 4, 5], [101, 99.5, 99, 100.5, 100], [1, 1, -1, -1, -1]);
  const a = quoteAgreement(joinQuotes(tape, quotes));
  assert.deepEqual([a.quoted, a.agreeing, a.disagreeing, a.atMid], [5, 2, 2, 1]);
  assert.equal(a.share, 2 / 5);
  // Clocks shifted by one trade: every quote now comes after its trade, so no trade is quoted.
  assert.ok(Number.isNaN(quoteAgreement(joinQuotes(tape, quotesOf([10], [99], [101]))).share));
});

Deno.test("joinQuotes and quoteAgreement refuse bad input with clear errors", () => {
  const tape = tapeOf([1], [100], [1]);
  assertThrowsWith(
    () => joinQuotes(tape, quotesOf([0], [100], [100])),
    RangeError,
    /askPrices\[0\] must be > the bid/,
  );
  assertThrowsWith(
    () => joinQuotes(tape, quotesOf([0], [99], [101], "ETHUSDT")),
    RangeError,
    /quotes\.symbol must be the tape's symbol \(BTCUSDT\): current value is ETHUSDT/,
  );
  assertThrowsWith(() => quoteAgreement(tape), TypeError, /join the quotes first/);
});

Deno.test("property: joinQuotes matches a brute-force search for the last quote strictly before", () => {
  const times = fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 0, maxLength: 30 });
  fc.assert(
    fc.property(times, times, (tradeTimes, quoteTimes) => {
      const tt = [...tradeTimes].sort((x, y) => x - y), qt = [...quoteTimes].sort((x, y) => x - y);
      const tape = tapeOf(tt, tt.map(() => 100), tt.map(() => 1));
      const quotes = quotesOf(qt, qt.map((_, i) => 90 + i), qt.map((_, i) => 91 + i));
      const q = joinQuotes(tape, quotes).quotes!;
      tt.forEach((t, i) => {
        let j = -1;
        for (let k = 0; k < qt.length; k++) if (qt[k]! < t) j = k;
        const expected = j < 0 ? NaN : 90.5 + j;
        assert.ok(Object.is(q.mids[i], expected), `trade ${i} at ${t}: ${q.mids[i]} vs ${expected}`);
      });
    }),
    { numRuns: 200 },
  );
});
