import assert from "node:assert/strict";
import { joinQuotes, marketFromTape, type TradeTape } from "@lib/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const f = (a: number[]) => Float64Array.from(a);
const HOUR = 3_600_000;

Deno.test("marketFromTape: rates per day, tick, realized volatility and quote fields, by hand", () => {
  // Six trades over 6 hours (0.25 day), one per hour after the first, prices on a 0.5 grid.
  const tape: TradeTape = {
    timestamps: f([0, HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR]),
    prices: f([100, 101, 100, 100.5, 101, 100]),
    sizes: f([1, 2, 3, 1, 2, 1]),
    signs: Int8Array.from([1, 1, -1, 1, 1, -1]),
    symbol: "BTCUSDT",
    source: "csv",
  };
  const m = marketFromTape(tape, { sampleMs: HOUR });
  assert.equal(m.spanDays, 0.25);
  assert.equal(m.tradesPerDay, 24);
  assert.equal(m.averageDailyVolume, 40); // 10 BTC in a quarter day
  assertClose(m.vwap, (100 + 202 + 300 + 100.5 + 202 + 100) / 10, { rel: 1e-12 });
  assert.equal(m.tickSize, 0.5);
  assert.equal(m.tickSizeSource, "estimated");
  // Hourly bins 0..4 and 6 (bin 5 empty): returns between consecutive non-empty bins, 5 of them.
  const r = [
    Math.log(101 / 100),
    Math.log(100 / 101),
    Math.log(100.5 / 100),
    Math.log(101 / 100.5),
    Math.log(100 / 101),
  ];
  assert.equal(m.returns, 5);
  assertClose(m.dailyVolatility, Math.sqrt(r.reduce((s, x) => s + x * x, 0) / 0.25), { rel: 1e-12 });
  assert.deepEqual([m.quotedTrades, m.meanSpread, m.meanDepth, m.quoteAgreement], [0, null, null, null]);

  // With quotes: a 1.0-wide quote at t = -1 (mid 100.5), then 0.5-wide from 2.5 h (mid 100.75).
  const joined = joinQuotes(tape, {
    timestamps: f([-1, 2.5 * HOUR]),
    bidPrices: f([100, 100.5]),
    askPrices: f([101, 101]),
    bidSizes: f([2, 4]),
    askSizes: f([4, 6]),
    symbol: "BTCUSDT",
    source: "csv",
  });
  const q = marketFromTape(joined, { tickSize: 0.5 });
  assert.equal(q.tickSizeSource, "given");
  assert.equal(q.quotedTrades, 6);
  assertClose(q.meanSpread!, (3 * 1 + 3 * 0.5) / 6, { rel: 1e-12 });
  assertClose(q.meanSpreadBps!, (3 * 1e4 / 100.5 + 3 * 0.5e4 / 100.75) / 6, { rel: 1e-12 });
  assertClose(q.meanDepth!, (3 * 3 + 3 * 5) / 6, { rel: 1e-12 });
  // Sides against the mid: 100 sell... by hand: +1@100 vs 100.5 no, +1@101 yes, -1@100 yes,
  // +1@100.5 vs 100.75 no, +1@101 yes, -1@100 yes: 4 of 6.
  assertClose(q.quoteAgreement!, 4 / 6, { rel: 1e-12 });
});

Deno.test("marketFromTape refuses a tape without span and bad options", () => {
  const tape: TradeTape = {
    timestamps: f([5, 5]),
    prices: f([1, 2]),
    sizes: f([1, 1]),
    signs: Int8Array.from([1, -1]),
    symbol: "X",
    source: "csv",
  };
  assertThrowsWith(() => marketFromTape(tape), RangeError, /must span some time/);
  assertThrowsWith(
    () => marketFromTape({ ...tape, timestamps: f([0, 1]) }, { sampleMs: 0 }),
    RangeError,
    /sampleMs must be finite and > 0/,
  );
});
