/**
 * Events per second, a 1 M-trade day's time and the process's peak memory, for lib/book/BENCH.md:
 * `deno run --allow-all --v8-flags=--expose-gc tests/book/book_memory.ts [stream|day|events]`.
 * One mode per process, so that each peak is its own.
 */
import { BookSimulator, simulateBookDay, simulateBookStream } from "@lib/book/mod.ts";

const mode = Deno.args[0] ?? "events";
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
let peak = 0;
const sample = () => (peak = Math.max(peak, Deno.memoryUsage().rss));
const timer = setInterval(sample, 20);
const t0 = performance.now();
if (mode === "events") {
  for (const memory of [true, false]) {
    const sim = new BookSimulator(memory ? {} : { signMemory: null }, {
      seed: 1,
      recordTape: false,
      recordQuotes: "none",
    });
    sim.advance(600); // warm the JIT
    const start = performance.now(), before = sim.events;
    sim.advance(600 + 86_400 / 4);
    const seconds = (performance.now() - start) / 1000;
    console.log(`sign memory ${memory}: ${((sim.events - before) / seconds / 1e6).toFixed(2)} M events/s`);
  }
} else if (mode === "stream") {
  let n = 0;
  for (const chunk of simulateBookStream({ seed: 1, trades: 1_000_000 })) {
    n += chunk.tape.prices.length;
    sample();
  }
  console.log(`stream: ${n} trades in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
} else {
  const market = simulateBookDay({ seed: 1, trades: 1_000_000 });
  console.log(
    `day: ${market.tape.prices.length} trades, ${market.quotes.timestamps.length} quotes, ${market.events} events, ` +
      `${(market.seconds / 3600).toFixed(1)} simulated hours in ${
        ((performance.now() - t0) / 1000).toFixed(2)
      } s`,
  );
}
clearInterval(timer);
sample();
console.log(`peak rss ${mb(peak)} MiB`);
