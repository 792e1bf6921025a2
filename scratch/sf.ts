import { BookSimulator, santaFePrediction } from "../lib/book/mod.ts";
for (const [alpha, mu, delta, L] of [[0.5, 10, 0.05, 200], [0.5, 10, 0.5, 200], [0.25, 10, 0.05, 300], [1, 10, 0.2, 100], [0.5,10,0.01,200]]) {
  const params = { limitRate: alpha, marketRate: mu, cancelRate: delta, limitWindowTicks: L, signMemory: null, orderSize: 1, tickSize: 1, initialPrice: 100000 };
  const sim = new BookSimulator(params, { seed: 11, recordTape: false, recordQuotes: "none" });
  sim.advance(40 / delta);
  // sample spread on a grid of 1 s over T
  const T = 400 / delta; let sum = 0, n = 0; const prof = new Float64Array(60);
  for (let t = sim.time + 1; n < 20000; t += T / 20000) {
    sim.advance(t); const b = sim.book.bestBid, a = sim.book.bestAsk;
    if (b >= 0 && a >= 0) { sum += a - b; n++; for (let k = 0; k < 60; k++) prof[k] += (sim.book.ordersAt(b - k) + sim.book.ordersAt(a + k)) / 2; }
  }
  const pred = santaFePrediction(params);
  console.log({ alpha, mu, delta, L, spread: sum / n, pred: pred.meanSpreadTicks, eps: pred.granularity, dpRel: pred.relativeTick, depthFar: prof[50] / n, depth0: prof[0]/n, pc: pred.characteristicTicks, asym: pred.asymptoticDepthOrders, events: sim.events });
}
