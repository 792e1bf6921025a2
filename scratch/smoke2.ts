import { BookSimulator } from "../lib/book/simulator.ts";
for (const seed of [1, 2]) {
  const sim = new BookSimulator({}, { seed });
  sim.advance(8640);
  const { tape } = sim.drain();
  const n = tape.prices.length;
  let mn = Infinity, mx = -Infinity, buys = 0;
  for (let i = 0; i < n; i++) { mn = Math.min(mn, tape.quotes.mids[i]!); mx = Math.max(mx, tape.quotes.mids[i]!); if (tape.signs[i] === 1) buys++; }
  // sign autocorrelation
  const c = (l: number) => { let s = 0; for (let i = l; i < n; i++) s += tape.signs[i]! * tape.signs[i - l]!; return s / (n - l); };
  console.log({ seed, n, mn, mx, buys, c1: c(1), c10: c(10), c100: c(100), c1000: c(1000), end: tape.quotes.mids[n - 1] });
}
