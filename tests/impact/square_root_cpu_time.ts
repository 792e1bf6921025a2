/**
 * CPU time of the "calibration 1M" bench case, for comparisons on a loaded machine: one
 * `calibrateSquareRoot` pointwise fit of 1,000,000 observations with 100 bootstrap resamples (the design of
 * `square_root_bench.ts`), i.i.d. and then by blocks of UTC days (the observations spread over 100 days,
 * 8,640 ms apart), each after a warm-up, printing wall and CPU (user + system) seconds. Wall-clock
 * benches are meaningless when other jobs share the cores; CPU time is much less affected. Not a test.
 *
 * Run: `deno run -A tests/impact/square_root_cpu_time.ts [lib root, default this checkout]`; the numpy
 * counterpart is `/usr/bin/python3 tests/impact/square_root_bench.py --cpu`.
 *
 * @module
 */
import process from "node:process";

const root = Deno.args[0] ?? new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const { calibrateSquareRoot } = await import(`${root}/lib/impact/mod.ts`);
const { SeededRandom } = await import(`${root}/lib/core/mod.ts`);
const M = 1_000_000;
const rng = new SeededRandom(1);
const sizes = new Float64Array(M), impacts = new Float64Array(M);
for (let i = 0; i < M; i++) {
  const q = Math.exp(Math.log(1e-5) + rng.uniform() * Math.log(0.2 / 1e-5));
  const side = rng.uniform() < 0.5 ? -1 : 1;
  sizes[i] = side * q * 1e6;
  impacts[i] = side * 0.02 * 0.8 * Math.sqrt(q) * Math.exp(0.5 * rng.normal());
}
const timestamps = Float64Array.from({ length: M }, (_, i) => Date.UTC(2025, 0, 1) + i * 8_640);
const base = { dailyVolatility: 0.02, averageDailyVolume: 1e6, method: "pointwise", bootstrapSamples: 100 };
for (
  const [label, options] of [
    ["i.i.d.", base],
    ["day blocks", { ...base, timestamps, blocks: "day" }],
  ] as const
) {
  calibrateSquareRoot({ sizes, impacts }, { ...options, bootstrapSamples: 5 }); // warm-up
  const cpu0 = process.cpuUsage(), t0 = performance.now();
  const fit = calibrateSquareRoot({ sizes, impacts }, options);
  const wall = (performance.now() - t0) / 1000, cpu = process.cpuUsage(cpu0);
  console.log(
    `calibrateSquareRoot pointwise, ${
      M.toLocaleString("en-US")
    } observations x 100 ${label} resamples: wall ${wall.toFixed(2)} s, cpu ${
      ((cpu.user + cpu.system) / 1e6).toFixed(2)
    } s (delta ${fit.delta.toFixed(4)}, interval ${
      JSON.stringify(fit.deltaInterval?.map((v: number) => +v.toFixed(4)))
    }, ${fit.resampling.units} units)`,
  );
}
