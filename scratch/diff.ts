import { BookSimulator } from "../lib/book/mod.ts";
for (const mem of [null, { metaorders: 10, lengthExponent: 1.5, maxLength: 100000 }]) {
  const sim = new BookSimulator({ limitRate: 1, marketRate: 10, cancelRate: 0.2, limitWindowTicks: 30, signMemory: mem, tickSize: 1, initialPrice: 1e6, orderSize: 1 }, { seed: 3, recordTape: false, recordQuotes: "none" });
  sim.advance(200);
  const n = 12000, step = 5;
  sim.sampleMids(sim.time, step, n);
  const t0 = performance.now();
  sim.advance(sim.time + n * step);
  const m = sim.sampledMids;
  const v = (h: number) => { let s = 0, s2 = 0, c = 0; for (let i = h; i < n; i++) { const d = m[i]! - m[i - h]!; s += d; s2 += d * d; c++; } return s2 / c - (s / c) ** 2; };
  console.log(mem !== null, performance.now() - t0, [1, 5, 20, 80].map((h) => (v(h) / h).toFixed(3)), sim.events);
}
