/**
 * Seeded rebalance problems shared by the tests and the independent cvxopt solver
 * (`rebalance_cvxopt.py`). Run `deno run --allow-write tests/portfolio/rebalance_cases.ts` to rewrite
 * `tests/fixtures/portfolio/rebalance_cases.json` (the inputs, with the cost already reduced to its
 * convex terms `a_i |u| + b_i |u|^p`), then `/usr/bin/python3 tests/portfolio/rebalance_cvxopt.py` to solve
 * them with cvxopt and write `rebalance_cvxopt.json` beside it.
 * @module
 */
import { SeededRandom } from "@lib/core/mod.ts";
import { ledoitWolfCovariance, syntheticUniverse, TradingCost } from "@lib/portfolio/mod.ts";
import type { RebalanceProblem } from "@lib/portfolio/mod.ts";

/** One case: the problem as optimizeRebalance takes it, and its convex terms as cvxopt reads them. */
export interface RebalanceCase {
  name: string;
  problem: RebalanceProblem;
  json: {
    mu: number[];
    sigma: number[][];
    current: number[];
    lambda: number;
    linear: number[];
    power: number[];
    exponent: number;
    longOnly: boolean;
    budget: number | null;
  };
}

/** The cases: sizes 5, 20 and 50, with and without long-only and budget, capital 1e6 to 1e9 USDT. */
export function rebalanceCases(): RebalanceCase[] {
  const specs = [
    { name: "5 assets, free, W = 1e8", n: 5, longOnly: false, budget: null, capital: 1e8, seed: 11 },
    {
      name: "5 assets, long-only fully invested, W = 1e9",
      n: 5,
      longOnly: true,
      budget: 1,
      capital: 1e9,
      seed: 12,
    },
    { name: "20 assets, dollar-neutral, W = 1e8", n: 20, longOnly: false, budget: 0, capital: 1e8, seed: 13 },
    {
      name: "20 assets, long-only fully invested, W = 1e7",
      n: 20,
      longOnly: true,
      budget: 1,
      capital: 1e7,
      seed: 14,
    },
    { name: "50 assets, dollar-neutral, W = 1e9", n: 50, longOnly: false, budget: 0, capital: 1e9, seed: 15 },
  ] as const;
  return specs.map(({ name, n, longOnly, budget, capital, seed }) => {
    const u = syntheticUniverse({ assets: n, days: 120, seed });
    const rows = Array.from({ length: 60 }, (_, t) => Array.from(u.returns.subarray(t * n, (t + 1) * n)));
    const { covariance } = ledoitWolfCovariance(rows);
    const rng = new SeededRandom(seed);
    const mu = Array.from(u.dailyVolatility, (s) => 0.05 * s * rng.normal());
    const current = Array.from({ length: n }, () => (longOnly ? rng.uniform() : rng.normal() * 0.1));
    if (longOnly) {
      const total = current.reduce((a, b) => a + b, 0);
      current.forEach((_, i) => (current[i] = current[i]! / total));
    }
    const cost = new TradingCost({
      law: { eta: 0.7, delta: 0.5 },
      dailyVolatility: u.dailyVolatility,
      averageDailyVolume: u.averageDailyVolume,
      halfSpread: u.halfSpread,
      fee: 0.00055,
    });
    const terms = cost.convexTerms(capital);
    const problem: RebalanceProblem = {
      expectedReturns: mu,
      covariance,
      currentWeights: current,
      riskAversion: 50,
      cost,
      portfolioValue: capital,
      longOnly,
      ...(budget === null ? {} : { budget }),
    };
    return {
      name,
      problem,
      json: {
        mu,
        sigma: Array.from({ length: n }, (_, i) => Array.from(covariance.subarray(i * n, (i + 1) * n))),
        current,
        lambda: 50,
        linear: Array.from(terms.linear),
        power: Array.from(terms.power),
        exponent: terms.exponent,
        longOnly,
        budget,
      },
    };
  });
}

if (import.meta.main) {
  const path = new URL("../fixtures/portfolio/rebalance_cases.json", import.meta.url);
  const cases = rebalanceCases().map(({ name, json }) => ({ name, ...json }));
  await Deno.writeTextFile(path, JSON.stringify(cases) + "\n");
  console.log(`wrote ${cases.length} cases to ${path.pathname}`);
}
