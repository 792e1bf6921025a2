import { BookSimulator } from "../lib/book/simulator.ts";
for (const seed of [1, 3, 4, 5]) {
  const sim = new BookSimulator({}, { seed });
  sim.advance(8640);
  const { tape } = sim.drain();
  const n = tape.prices.length;
  console.log(seed, n, sim.events, tape.timestamps[n-1]! - tape.timestamps[0]!, [0, 1000, 20000, 50000, 90000].map(i => tape.quotes.mids[i]));
}
