import assert from "node:assert/strict";
import { bookStatistics, calibrateBook, simulateBookDay } from "@lib/book/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("calibration recovers the rates of a simulated market from its summary statistics", () => {
  // Known truth: simulate it, measure the statistics a user would measure, calibrate, compare the rates.
  const truth = {
    limitRate: 2,
    cancelRate: 0.4,
    marketRate: 8,
    orderSize: 0.02,
    limitWindowTicks: 15,
    signMemory: { metaorders: 5, lengthExponent: 1.5, maxLength: 100_000 },
  };
  const market = simulateBookDay({ seed: 99, trades: 100_000, parameters: truth, recordQuotes: "none" });
  const statistics = bookStatistics(market.tape, { tickSize: 0.1 });
  // Market order sizes are log-normal with mean 0.02 (the default dispersion); a sweep prints one row per
  // level, so the mean print is smaller.
  assert.ok(statistics.meanTradeSize < 0.02, `mean print ${statistics.meanTradeSize}`);
  const fit = calibrateBook(statistics, { limitWindowTicks: 15 });
  assert.ok(fit.converged, `spread error ${fit.spreadError}, depth error ${fit.depthError}`);
  // mu and sigma from the print count and mean print (corrected for sweeps that print several rows), alpha and
  // delta from spread and depth (the calibration's own runs are 40,000 trades: a few percent of noise), N from
  // C(1). Measured: alpha 2.04, delta 0.354, mu 7.92, sigma 0.0198, N 4.
  assertClose(fit.parameters.marketRate, 8, { rel: 0.02 });
  assertClose(fit.parameters.limitRate, 2, { rel: 0.12 });
  assertClose(fit.parameters.cancelRate, 0.4, { rel: 0.15 });
  assertClose(fit.parameters.orderSize, 0.02, { rel: 0.05 });
  assert.ok(
    Math.abs(fit.parameters.signMemory!.metaorders - 5) <= 1,
    `N ${fit.parameters.signMemory!.metaorders}`,
  );
  assert.equal(fit.label, "simulated order book");
});

Deno.test("bookStatistics and calibrateBook check their inputs", () => {
  const market = simulateBookDay({ seed: 1, trades: 100, recordQuotes: "none" });
  const { quotes: _quotes, ...bare } = market.tape;
  assertThrowsWith(
    () => bookStatistics(bare, { tickSize: 0.1 }),
    TypeError,
    /tape.quotes must hold the quote before each trade/,
  );
  const good = bookStatistics(market.tape, { tickSize: 0.1 });
  assertThrowsWith(
    () => calibrateBook({ ...good, meanSpreadTicks: 0.5 }),
    RangeError,
    /Cannot calibrate book: statistics.meanSpreadTicks must be in \[1, 500\]/,
  );
  assertThrowsWith(
    () => calibrateBook({ ...good, signCorrelationLag1: 1.5 }),
    RangeError,
    /signCorrelationLag1 must be in \[0, 1\)/,
  );
});
