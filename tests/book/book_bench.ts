/**
 * Speed of the simulated order book (figures and the machine they came from in lib/book/BENCH.md):
 * `deno bench --allow-all tests/book/book_bench.ts`. Memory and events per second are printed by
 * `deno run --allow-all tests/book/book_memory.ts`.
 */
import { BookSimulator, scheduleShortfalls, simulateBookDay, simulateBookStream } from "@lib/book/mod.ts";

Deno.bench("book events: one simulated hour with the defaults (about 430,000 events), nothing recorded", () => {
  const sim = new BookSimulator({}, { seed: 1, recordTape: false, recordQuotes: "none" });
  sim.advance(3_600);
});

Deno.bench("book events: one simulated hour, i.i.d. signs, tape and quotes recorded", () => {
  const sim = new BookSimulator({ signMemory: null }, { seed: 1 });
  sim.advance(3_600);
  sim.drain();
});

Deno.bench("simulateBookDay: 1 M trades with quotes on every change", { n: 3 }, () => {
  simulateBookDay({ seed: 1, trades: 1_000_000 });
});

Deno.bench("simulateBookStream: 1 M trades in chunks of 100,000, nothing kept", { n: 3 }, () => {
  let n = 0;
  for (const chunk of simulateBookStream({ seed: 1, trades: 1_000_000 })) n += chunk.tape.prices.length;
  if (n !== 1_000_000) throw new Error(`${n} trades`);
});

const minutes = (m: number, children: number, total: number) => {
  const times = Array.from({ length: children }, (_, i) => (i * m * 60) / children);
  return { side: 1 as const, times, sizes: times.map(() => total / children) };
};

Deno.bench("scheduleShortfalls: 100 seeds x 5 schedules of 10 minutes (and the baseline)", { n: 2 }, () => {
  scheduleShortfalls([1, 2, 4, 8, 16].map((q) => minutes(10, 20, q)), { seeds: 100, afterSeconds: 0 });
});
