/**
 * Speed of the portfolio area: `deno bench --allow-all tests/portfolio/portfolio_bench.ts`. Figures are
 * written in tests/portfolio/portfolio_bench.md. Goals: a 100-asset single-period optimisation < 50 ms;
 * a one-year daily 100-asset backtest < 5 s.
 * @module
 */
import {
  backtestRebalancing,
  ledoitWolfCovariance,
  momentumForecast,
  optimizeRebalance,
  syntheticUniverse,
  TradingCost,
} from "@lib/portfolio/mod.ts";

const n = 100;
// SYNTHETIC universe: 60 days of covariance window + 365 traded days.
const universe = syntheticUniverse({ assets: n, days: 425, seed: 1 });
const rows = Array.from(
  { length: 60 },
  (_, t) => Array.from(universe.returns.subarray((t + 200) * n, (t + 201) * n)),
);
const { covariance } = ledoitWolfCovariance(rows);
const mu = momentumForecast(universe, 260);
const cost = new TradingCost({
  law: { eta: 0.7, delta: 0.5 },
  dailyVolatility: universe.dailyVolatility,
  averageDailyVolume: universe.averageDailyVolume,
  halfSpread: universe.halfSpread,
  fee: 0.00055,
});
const problem = {
  expectedReturns: mu,
  covariance,
  currentWeights: new Float64Array(n),
  riskAversion: 100,
  cost,
  portfolioValue: 1e8,
};

Deno.bench("single-period optimisation, 100 assets, impact-aware, dollar-neutral (tolerance 1e-12)", () => {
  optimizeRebalance({ ...problem, budget: 0 });
});

Deno.bench("single-period optimisation, 100 assets, impact-aware, long-only fully invested", () => {
  optimizeRebalance({
    ...problem,
    currentWeights: new Float64Array(n).fill(1 / n),
    longOnly: true,
    budget: 1,
  });
});

Deno.bench("single-period optimisation, 100 assets, cost-free, dollar-neutral", () => {
  const { cost: _, portfolioValue: __, ...free } = problem;
  optimizeRebalance({ ...free, budget: 0 });
});

Deno.bench("one-year daily backtest, 100 assets, impact-aware, 1e8 USDT", { n: 3, warmup: 1 }, () => {
  backtestRebalancing(universe, { capital: 1e8, strategy: "impact-aware" });
});

Deno.bench("one-year daily backtest, 100 assets, cost-free, 1e8 USDT", { n: 3, warmup: 1 }, () => {
  backtestRebalancing(universe, { capital: 1e8, strategy: "cost-free" });
});
