import { BookSimulator } from "../lib/book/simulator.ts";
for (let rep = 0; rep < 3; rep++) for (const mem of [true, false]) for (const rec of [true, false]) {
  const sim = new BookSimulator(mem ? {} : { signMemory: null }, { seed: 1, recordTape: rec, recordQuotes: rec ? "changes" : "none" });
  const t0 = performance.now();
  sim.advance(8640);
  const dt = performance.now() - t0;
  console.log(rep, mem, rec, (sim.events / dt / 1e3).toFixed(2), "M ev/s");
}
