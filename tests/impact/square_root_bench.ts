/**
 * Speed of the square-root law: impacts, simulation and calibration (`deno task bench`). The group
 * "calibration 1M" has a numpy counterpart, `tests/impact/square_root_bench.py`, on the same sizes; the
 * measured figures are in `square_root_bench_notes.md` beside this file. Nothing here asserts on time.
 *
 * @module
 */
import { calibrateSquareRoot, SquareRootModel } from "@lib/mod.ts";
import { SeededRandom } from "@lib/core/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";

const law = new SquareRootModel({ eta: 0.8, delta: 0.5, dailyVolatility: 0.03, averageDailyVolume: 100_000 });
const orders = simulateMetaorders(10_000, { seed: 1 });
const sizes = orders.map((o) => o.size), impacts = orders.map((o) => o.realizedImpact);
const scale = {
  dailyVolatility: orders.map((o) => o.dailyVolatility),
  averageDailyVolume: orders.map((o) => o.averageDailyVolume),
};
const many = Float64Array.from({ length: 1_000_000 }, (_, i) => (i % 2 ? 1 : -1) * (1 + (i % 5_000)));

Deno.bench("square-root law: impact of one order", () => {
  law.impact(1_234.5);
});
Deno.bench("square-root law: impacts of 1,000,000 orders", () => {
  law.impacts(many);
});
Deno.bench("simulateMetaorders: 10,000 metaorders", () => {
  simulateMetaorders(10_000, { seed: 2 });
});
Deno.bench("calibrateSquareRoot pointwise: 10,000 orders, 1,000 bootstrap resamples", () => {
  calibrateSquareRoot({ sizes, impacts }, { ...scale, method: "pointwise" });
});
Deno.bench("calibrateSquareRoot binned: 10,000 orders, 20 bins, 1,000 bootstrap resamples", () => {
  calibrateSquareRoot({ sizes, impacts }, { ...scale, method: "binned" });
});

// 1,000,000 observations of the square-root law with log-normal noise: participation |Q| / V log-uniform
// on [1e-5, 0.2], eta = 0.8, delta = 0.5, noise sd 0.5 in log space (the same design as the numpy script).
const M = 1_000_000;
const rng = new SeededRandom(1);
const millionSizes = new Float64Array(M), millionImpacts = new Float64Array(M);
for (let i = 0; i < M; i++) {
  const q = Math.exp(Math.log(1e-5) + rng.uniform() * Math.log(0.2 / 1e-5));
  const side = rng.uniform() < 0.5 ? -1 : 1;
  millionSizes[i] = side * q * 1e6;
  millionImpacts[i] = side * 0.02 * 0.8 * Math.sqrt(q) * Math.exp(0.5 * rng.normal());
}

Deno.bench(
  "calibrateSquareRoot pointwise: 1,000,000 observations, 100 bootstrap resamples",
  { group: "calibration 1M", n: 3, warmup: 1 }, // seconds per run: three runs, not Deno's default dozens
  () => {
    calibrateSquareRoot(
      { sizes: millionSizes, impacts: millionImpacts },
      { dailyVolatility: 0.02, averageDailyVolume: 1e6, method: "pointwise", bootstrapSamples: 100 },
    );
  },
);

Deno.bench(
  "calibrateSquareRoot binned: 1,000,000 observations, 20 bins, 100 bootstrap resamples",
  { group: "calibration 1M", n: 3, warmup: 1 },
  () => {
    calibrateSquareRoot(
      { sizes: millionSizes, impacts: millionImpacts },
      { dailyVolatility: 0.02, averageDailyVolume: 1e6, method: "binned", bootstrapSamples: 100 },
    );
  },
);
