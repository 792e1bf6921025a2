/**
 * Speed of the Almgren-Chriss trajectory and frontier (`deno task bench`).
 * Figures are reported in README.md; nothing here asserts on time. The "frontier" group has a numpy
 * counterpart on the same sizes: `tests/execution/frontier_bench.py`.
 */
import { AlmgrenChriss, efficientFrontier } from "@lib/mod.ts";

const PAPER = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 };
const model = new AlmgrenChriss(PAPER);
const huge = new AlmgrenChriss({ ...PAPER, lambda: 1e3 });

Deno.bench("trajectory, N = 10,000 steps (lambda = 1e-6)", { group: "trajectory", baseline: true }, () => {
  model.trajectory(1e6, 10_000, 5 / 10_000);
});

Deno.bench("trajectory, N = 10,000 steps, huge kappa T (lambda = 1e3)", { group: "trajectory" }, () => {
  huge.trajectory(1e6, 10_000, 5 / 10_000);
});

Deno.bench("trajectory + E + V, N = 10,000 steps", { group: "trajectory" }, () => {
  const x = model.trajectory(1e6, 10_000, 5 / 10_000);
  model.expectedCost(x, 5 / 10_000);
  model.costVariance(x, 5 / 10_000);
});

Deno.bench("efficient frontier, 1,000 points at N = 1,000", { group: "frontier", baseline: true }, () => {
  efficientFrontier(model, { shares: 1e6, steps: 1_000, tau: 5 / 1_000, points: 1_000 });
});
