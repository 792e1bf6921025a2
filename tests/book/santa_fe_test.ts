/**
 * Known answers of the Santa Fe zero-intelligence model with sign memory off (Smith, Farmer, Gillemot &
 * Krishnamurthy 2003; Farmer, Patelli & Zovko 2005): the depth far from the best is alpha / delta, the mean
 * spread in units of mu / alpha depends on the granularity epsilon only (dimensional analysis), and the mid
 * diffuses (variance of mid changes linear in the horizon beyond a few t_c = 1 / delta).
 */
import assert from "node:assert/strict";
import { type BookParameters, BookSimulator, santaFePrediction } from "@lib/book/mod.ts";
import { assertClose } from "../_assert.ts";

/** Unit orders on a unit tick, far from price 0, i.i.d. signs. */
function plain(alpha: number, mu: number, delta: number, window: number): Partial<BookParameters> {
  return {
    limitRate: alpha,
    marketRate: mu,
    cancelRate: delta,
    limitWindowTicks: window,
    signMemory: null,
    tickSize: 1,
    initialPrice: 1e6,
    orderSize: 1,
  };
}

/** Mean spread (ticks) and mean depth (orders) at each distance from the own best, sampled on a grid. */
function measureBook(parameters: Partial<BookParameters>, seed: number, samples: number, distances: number) {
  const sim = new BookSimulator(parameters, { seed, recordTape: false, recordQuotes: "none" });
  const delta = sim.parameters.cancelRate;
  sim.advance(40 / delta);
  const step = 200 / delta / samples;
  let spread = 0, n = 0;
  const depth = new Float64Array(distances);
  for (let k = 0; k < samples; k++) {
    sim.advance(sim.time + step);
    const b = sim.book.bestBid, a = sim.book.bestAsk;
    if (b < 0 || a < 0) continue;
    spread += a - b;
    n++;
    for (let d = 0; d < distances; d++) {
      depth[d]! += (sim.book.ordersAt(b - d) + sim.book.ordersAt(a + d)) / 2;
    }
  }
  for (let d = 0; d < distances; d++) depth[d]! /= n;
  return { spread: spread / n, depth };
}

Deno.test("depth far from the best is alpha / delta orders per tick, depleted near the best", () => {
  // alpha / delta = 10 (Smith et al. 2003: far from the best, arrivals at alpha and cancellations at delta
  // per order balance at a Poisson mean alpha / delta). Sampled 10,000 times: the mean of a Poisson(10)
  // count over correlated samples is within a few percent.
  const p = plain(0.5, 10, 0.05, 120);
  const { depth } = measureBook(p, 11, 10_000, 90);
  const far = (depth[60]! + depth[70]! + depth[80]!) / 3;
  assertClose(
    far,
    santaFePrediction(p).asymptoticDepthOrders,
    { rel: 0.04 },
    "depth 60-80 ticks from the best",
  );
  // Near the best the book is thinner: market orders eat it.
  assert.ok(depth[0]! < 0.5 * far, `depth at the best ${depth[0]} vs far ${far}`);
});

Deno.test("the mean spread in units of mu / alpha is a function of epsilon only (dimensional analysis)", () => {
  // Same granularity epsilon = 2 delta / mu = 0.01, characteristic price p_c = mu / (2 alpha) of 10 and of 20
  // ticks (the tick is 1/10 and 1/20 of p_c): s alpha / mu must agree (Farmer et al. 2005, eq. 2).
  const a = plain(0.5, 10, 0.05, 200), b = plain(0.25, 10, 0.05, 300);
  const sa = measureBook(a, 1, 8_000, 1).spread, sb = measureBook(b, 2, 8_000, 1).spread;
  const fa = (sa * 0.5) / 10, fb = (sb * 0.25) / 10;
  assertClose(fa, fb, { rel: 0.1 }, "s alpha / mu at p_c = 10 and 20 ticks");
  // A coarser granularity widens the spread (f increases with epsilon; Farmer et al. 2005, Fig. 2).
  const c = plain(0.5, 10, 0.5, 200);
  const fc = (measureBook(c, 3, 4_000, 1).spread * 0.5) / 10;
  assert.ok(fc > 1.15 * fa, `f(0.1) = ${fc} vs f(0.01) = ${fa}`);
  // Against the fitted form (mu / alpha)(0.28 + 1.86 epsilon^(3/4)): this simulator's spread is 0.7-0.8 of
  // it at epsilon = 0.01 (lib/book/README.md gives the measured table); the band is stated, not tuned.
  const ratio = sa / santaFePrediction(a).meanSpreadTicks;
  assert.ok(ratio > 0.6 && ratio < 1, `measured / fitted spread ${ratio}`);
});

/** Variance of mid changes per unit horizon at horizons h (in grid steps of 5 s). */
function diffusion(parameters: Partial<BookParameters>, seed: number, horizons: number[]): number[] {
  const sim = new BookSimulator(parameters, { seed, recordTape: false, recordQuotes: "none" });
  sim.advance(200);
  const n = 8_000, step = 5;
  sim.sampleMids(sim.time, step, n);
  sim.advance(sim.time + n * step);
  const m = sim.sampledMids;
  return horizons.map((h) => {
    let s = 0, s2 = 0, c = 0;
    for (let i = h; i < n; i++) {
      const d = m[i]! - m[i - h]!;
      s += d;
      s2 += d * d;
      c++;
    }
    return (s2 / c - (s / c) ** 2) / h;
  });
}

Deno.test("with i.i.d. signs the mid diffuses: variance of mid changes grows linearly with the horizon", () => {
  // Horizons 100 s and 400 s (20 and 80 t_c, t_c = 1 / delta = 5 s). Over 40,000 s the variance per unit
  // horizon at 400 s has a relative standard error of about sqrt(2 * 400 / 40,000) = 14 % (overlapping windows
  // do a little better): the band is +-30 %.
  const p = plain(1, 10, 0.2, 30);
  const [v20, v80] = diffusion(p, 3, [20, 80]);
  const ratio = v80! / v20!;
  assert.ok(ratio > 0.7 && ratio < 1.3, `variance per second at 400 s / at 100 s = ${ratio}`);
  // The contrast that makes the check able to fail: long-memory signs (Lillo, Mike & Farmer 2005) make the
  // same book superdiffusive.
  const memory = { ...p, signMemory: { metaorders: 10, lengthExponent: 1.5, maxLength: 100_000 } };
  const [m20, m80] = diffusion(memory, 3, [20, 80]);
  assert.ok(m80! / m20! > 1.4, `with sign memory: ${m80! / m20!}`);
});
