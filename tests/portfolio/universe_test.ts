import assert from "node:assert/strict";
import { momentumForecast, syntheticUniverse } from "@lib/portfolio/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("synthetic universe: seeded, labelled, and its sample statistics match the model", () => {
  const u = syntheticUniverse({ assets: 8, days: 4_000, seed: 7, correlation: 0.5, driftStrength: 0 });
  assert.equal(u.source, "synthetic");
  assert.match(u.description, /^SYNTHETIC universe \(seed 7\): 8 assets, 4000 days/);
  assert.deepEqual(
    syntheticUniverse({ assets: 8, days: 4_000, seed: 7, correlation: 0.5, driftStrength: 0 }),
    u,
  );
  assert.notDeepEqual(
    syntheticUniverse({ assets: 8, days: 100, seed: 8 }).returns,
    u.returns.subarray(0, 800),
  );
  const n = 8, T = 4_000;
  const sd = (i: number) => {
    let s = 0, s2 = 0;
    for (let t = 0; t < T; t++) {
      s += u.returns[t * n + i]!;
      s2 += u.returns[t * n + i]! ** 2;
    }
    return Math.sqrt(s2 / T - (s / T) ** 2);
  };
  // Sample volatility within 5 % of the model's sigma_i (sampling error of a 4,000-day sd with t(5) tails ~2-3 %).
  for (let i = 0; i < n; i++) assertClose(sd(i), u.dailyVolatility[i]!, { rel: 0.05 }, `asset ${i}`);
  // Average pairwise correlation near rho = 0.5 (one factor): standard error ~0.01.
  let sum = 0, pairs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let c = 0;
      for (let t = 0; t < T; t++) c += u.returns[t * n + i]! * u.returns[t * n + j]!;
      sum += c / T / (sd(i) * sd(j));
      pairs++;
    }
  }
  assertClose(sum / pairs, 0.5, { abs: 0.03 });
  // Prices compound the returns; volumes and volatilities inside their ranges; spread from volume.
  assertClose(u.prices[n + 3]!, 100 * (1 + u.returns[3]!) * (1 + u.returns[n + 3]!), { rel: 1e-14 });
  for (let i = 0; i < n; i++) {
    assert.ok(u.dailyVolatility[i]! >= 0.025 && u.dailyVolatility[i]! <= 0.06);
    assert.ok(u.averageDailyVolume[i]! >= 2e7 && u.averageDailyVolume[i]! <= 2e10);
    assertClose(u.halfSpread[i]!, 0.5e-4 * Math.sqrt(2e10 / u.averageDailyVolume[i]!), { rel: 1e-15 });
  }
});

Deno.test("momentum forecast: IC * sigma * EWMA mean / its iid standard deviation, by hand", () => {
  const u = syntheticUniverse({ assets: 2, days: 5, seed: 1 });
  // halfLife 1: weights 1, 1/2, 1/4 on the 3 returns before day 3
  const mu = momentumForecast(u, 3, { halfLife: 1, informationCoefficient: 0.1 });
  for (let i = 0; i < 2; i++) {
    const r = [u.returns[2 * 2 + i]!, u.returns[1 * 2 + i]!, u.returns[i]!]; // days 2, 1, 0
    const m = (r[0]! + r[1]! / 2 + r[2]! / 4) / 1.75;
    const noise = Math.sqrt(1 + 1 / 4 + 1 / 16) / 1.75;
    assertClose(mu[i]!, (0.1 * m) / noise, { rel: 1e-13 }, `asset ${i}`);
  }
  assertThrowsWith(() => momentumForecast(u, 6), RangeError, /day must be <= universe\.days \(5\)/);
  assertThrowsWith(() => momentumForecast(u, 0), RangeError, /day/);
});

Deno.test("syntheticUniverse rejects options outside their domain", () => {
  assertThrowsWith(() => syntheticUniverse({ correlation: 1 }), RangeError, /correlation must be < 1/);
  assertThrowsWith(() => syntheticUniverse({ days: 1 }), RangeError, /days/);
  assertThrowsWith(
    () => syntheticUniverse({ volumeRange: [1e9, 1e8] }),
    RangeError,
    /volumeRange\[1\] must be >=/,
  );
  assertThrowsWith(
    () => syntheticUniverse({ degreesOfFreedom: 2 }),
    RangeError,
    /degreesOfFreedom must be an integer in \[3, 1000\] or Infinity/,
  );
});
