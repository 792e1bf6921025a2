import { BookSimulator } from "../lib/book/simulator.ts";
import { santaFePrediction } from "../lib/book/parameters.ts";
for (const mem of [true, false]) {
  const sim = new BookSimulator(mem ? {} : { signMemory: null }, { seed: 1, recordQuotes: "changes" });
  const t0 = performance.now();
  sim.advance(86400 / 10);
  const dt = performance.now() - t0;
  const { tape, quotes } = sim.drain();
  const n = tape.prices.length;
  let sp = 0; for (let i = 0; i < n; i++) sp += tape.quotes.spreads[i]!;
  console.log({ mem, events: sim.events, ms: dt.toFixed(0), evPerSec: (sim.events / dt * 1000 / 1e6).toFixed(2) + "M", trades: n, quotes: quotes.timestamps.length, meanSpreadTicks: sp / n / 0.1, bestBidSize: tape.quotes.bidSizes.reduce((a, b) => a + b) / n, mid0: tape.quotes.mids[0], midEnd: tape.quotes.mids[n - 1], unfilled: sim.unfilledMarketOrders, resting: sim.book.orderCount });
}
console.log(santaFePrediction());
