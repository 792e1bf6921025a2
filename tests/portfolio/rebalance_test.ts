import assert from "node:assert/strict";
import { SeededRandom } from "@lib/core/mod.ts";
import {
  ledoitWolfCovariance,
  optimizeRebalance,
  rebalanceOptimality,
  syntheticUniverse,
  TradingCost,
} from "@lib/portfolio/mod.ts";
import { powerShrink, proxScalar } from "../../lib/portfolio/_prox.ts";
import { assertAllClose, assertClose, assertThrowsWith } from "../_assert.ts";
import { rebalanceCases } from "./rebalance_cases.ts";

/** Solves the n x n system A x = b by Gaussian elimination with partial pivoting (independent of the solver). */
function solveLinear(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

const COV = [[4e-4, 1e-4, 5e-5], [1e-4, 9e-4, 2e-4], [5e-5, 2e-4, 6.25e-4]];
const MU = [0.001, 0.0005, -0.0002];

Deno.test("without costs: w = Sigma^-1 mu / lambda, and with a budget w = Sigma^-1 (mu - nu 1) / lambda", () => {
  // Closed forms of the mean-variance optimum (Markowitz), solved here by Gaussian elimination.
  const lambda = 5;
  const free = optimizeRebalance({
    expectedReturns: MU,
    covariance: COV,
    currentWeights: [0, 0, 0],
    riskAversion: lambda,
  });
  const expected = solveLinear(COV, MU).map((x) => x / lambda);
  assertAllClose(free.weights, expected, { abs: 1e-10 }, "free");
  assert.equal(free.cost, 0);
  const a = solveLinear(COV, MU), ones = solveLinear(COV, [1, 1, 1]);
  const sum = (x: number[]) => x.reduce((s, v) => s + v, 0);
  const nu = (sum(a) - lambda * 1) / sum(ones);
  const budgeted = optimizeRebalance({
    expectedReturns: MU,
    covariance: COV,
    currentWeights: [0.3, 0.3, 0.4],
    riskAversion: lambda,
    budget: 1,
  });
  assertAllClose(budgeted.weights, a.map((x, i) => (x - nu * ones[i]!) / lambda), { abs: 1e-10 }, "budget");
  assertClose(budgeted.budgetMultiplier, nu, { abs: 1e-12 });
});

Deno.test("the cvxopt SOCP solutions agree to 1e-6 in every weight, and our objective is no worse", async () => {
  // Independent solver: tests/portfolio/rebalance_cvxopt.py (cvxopt.solvers.coneqp on the SOCP form of the
  // 3/2-power cost), run by hand on tests/fixtures/portfolio/rebalance_cases.json; its weights are stored.
  const stored = JSON.parse(
    await Deno.readTextFile(new URL("../fixtures/portfolio/rebalance_cvxopt.json", import.meta.url)),
  ) as { name: string; status: string; weights: number[]; objective: number }[];
  const cases = rebalanceCases();
  assert.equal(stored.length, cases.length);
  for (const [k, c] of cases.entries()) {
    assert.equal(stored[k]!.name, c.name);
    assert.equal(stored[k]!.status, "optimal");
    const r = optimizeRebalance(c.problem);
    assert.ok(r.converged, c.name);
    assertAllClose(r.weights, stored[k]!.weights, { abs: 1e-6 }, c.name);
    assert.ok(
      -r.utility <= stored[k]!.objective + 1e-12,
      `${c.name}: ${-r.utility} vs cvxopt ${stored[k]!.objective}`,
    );
  }
});

Deno.test("KKT conditions hold at the optimum on seeded problems (free, long-only, budget, both)", () => {
  let checked = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const n = 3 + (seed % 4) * 5;
    const u = syntheticUniverse({ assets: n, days: 80, seed });
    const rows = Array.from({ length: 60 }, (_, t) => Array.from(u.returns.subarray(t * n, (t + 1) * n)));
    const { covariance } = ledoitWolfCovariance(rows);
    const rng = new SeededRandom(seed);
    const longOnly = seed % 2 === 0;
    const current = Array.from(
      { length: n },
      () => (longOnly ? rng.uniform() * (2 / n) : 0.2 * rng.normal()),
    );
    const budget = seed % 3 === 0 ? undefined : longOnly ? 1 : 0;
    const cost = new TradingCost({
      law: { eta: 0.5 + rng.uniform(), delta: [0.5, 0.4, 0.7][seed % 3]! },
      dailyVolatility: u.dailyVolatility,
      averageDailyVolume: u.averageDailyVolume,
      halfSpread: u.halfSpread,
      fee: 3e-4,
    });
    const problem = {
      expectedReturns: Array.from(u.dailyVolatility, (s) => 0.05 * s * rng.normal()),
      covariance,
      currentWeights: current,
      riskAversion: 10 + 90 * rng.uniform(),
      cost,
      portfolioValue: 10 ** (5 + 4 * rng.uniform()),
      longOnly,
      ...(budget === undefined ? {} : { budget }),
    };
    const r = optimizeRebalance(problem);
    const kkt = rebalanceOptimality(problem, r.weights);
    assert.ok(r.converged, `seed ${seed}`);
    assert.ok(
      kkt.stationarity <= 1e-8 * kkt.scale,
      `seed ${seed}: stationarity ${kkt.stationarity}, scale ${kkt.scale}`,
    );
    assert.ok(kkt.budgetError <= 1e-12, `seed ${seed}: budget error ${kkt.budgetError}`);
    assert.equal(kkt.boundViolation, 0);
    if (budget !== undefined) {
      assertClose(kkt.budgetMultiplier, r.budgetMultiplier, { abs: 1e-8 * kkt.scale });
    }
    // and the certificate is sharp: a feasible perturbation is worse
    const w = Float64Array.from(r.weights);
    w[0] = w[0]! + 1e-3;
    w[1] = w[1]! - 1e-3;
    if (!longOnly || w[1]! >= 0) assert.ok(rebalanceOptimality(problem, w).stationarity > 1e-6 * kkt.scale);
    checked++;
  }
  assert.equal(checked, 12);
});

Deno.test("the optimum beats random feasible points (utility is maximal)", () => {
  const c = rebalanceCases()[3]!; // 20 assets, long-only, fully invested
  const r = optimizeRebalance(c.problem);
  const cost = c.problem.cost!;
  const rng = new SeededRandom(5);
  const n = r.weights.length;
  for (let k = 0; k < 200; k++) {
    const w = Float64Array.from(r.weights);
    const i = rng.int(n), j = rng.int(n);
    const d = Math.min(w[j]!, 0.01 * rng.uniform());
    w[i] = w[i]! + d;
    w[j] = w[j]! - d;
    const mu = c.json.mu, s = c.json.sigma;
    let ret = 0, variance = 0;
    for (let a = 0; a < n; a++) {
      ret += mu[a]! * w[a]!;
      for (let b = 0; b < n; b++) variance += w[a]! * s[a]![b]! * w[b]!;
    }
    const trades = w.map((x, a) => x - c.json.current[a]!);
    const utility = ret - 25 * variance - cost.value(trades, c.problem.portfolioValue!);
    assert.ok(utility <= r.utility + 1e-15, `perturbation ${k}`);
  }
});

Deno.test("costs shrink the trade, more so at larger capital; no trade when the current weights are optimal", () => {
  const base = {
    expectedReturns: MU,
    covariance: COV,
    currentWeights: [0, 0.5, 0.5],
    riskAversion: 5,
    budget: 1,
  };
  const cost = new TradingCost({
    law: { eta: 1, delta: 0.5 },
    dailyVolatility: [0.02, 0.03, 0.025],
    averageDailyVolume: [1e8, 1e8, 1e8],
    halfSpread: 1e-4,
  });
  let previous = optimizeRebalance(base).turnover;
  for (const W of [1e4, 1e6, 1e8, 1e10]) {
    const r = optimizeRebalance({ ...base, cost, portfolioValue: W });
    assert.ok(r.turnover < previous, `W = ${W}: ${r.turnover} >= ${previous}`);
    previous = r.turnover;
  }
  const optimum = optimizeRebalance(base).weights;
  const stay = optimizeRebalance({ ...base, currentWeights: optimum, cost, portfolioValue: 1e8 });
  assertAllClose(stay.trades, [0, 0, 0], { abs: 1e-12 });
});

Deno.test("the prox of a |u| + b |u|^p solves its optimality equation for p = 1.3, 1.5, 2, 2.5", () => {
  for (const p of [1.3, 1.5, 2, 2.5]) {
    for (const [r, c] of [[1e-3, 0.5], [2, 0.01], [1e-8, 3], [0.7, 0]]) {
      const s = powerShrink(r!, c!, p);
      assertClose(
        s + c! * Math.pow(s, p - 1),
        r!,
        { rel: 1e-13, abs: 1e-20 },
        `p = ${p}, r = ${r}, c = ${c}`,
      );
    }
  }
  // dead zone: |z - w0| <= t a gives no trade; long-only clips at 0
  const cost = {
    current: Float64Array.of(0.1),
    linear: Float64Array.of(0.01),
    power: Float64Array.of(1),
    exponent: 1.5,
    longOnly: true,
  };
  const slope = new Float64Array(1);
  assert.equal(proxScalar(cost, 0, 0.1 + 0.5 * 0.01, 1, slope), 0.1);
  assert.equal(slope[0], 0);
  assert.equal(proxScalar(cost, 0, -5, 1, slope), 0);
});

Deno.test("optimizeRebalance and rebalanceOptimality reject invalid input", () => {
  const ok = { expectedReturns: MU, covariance: COV, currentWeights: [0, 0, 0], riskAversion: 5 };
  assertThrowsWith(
    () => optimizeRebalance({ ...ok, riskAversion: 0 }),
    RangeError,
    /riskAversion must be finite and > 0/,
  );
  assertThrowsWith(
    () => optimizeRebalance({ ...ok, currentWeights: [0, 0] }),
    TypeError,
    /currentWeights must hold one weight per asset \(3, the length of expectedReturns\): current length is 2/,
  );
  assertThrowsWith(
    () => optimizeRebalance({ ...ok, covariance: [[1, 2, 3], [0, 1, 0], [3, 0, 1]] }),
    RangeError,
    /covariance must be symmetric/,
  );
  assertThrowsWith(
    () => optimizeRebalance({ ...ok, covariance: [1, 2] }),
    TypeError,
    /covariance must be 3 rows of 3/,
  );
  assertThrowsWith(
    () => optimizeRebalance({ ...ok, expectedReturns: [NaN, 0, 0] }),
    RangeError,
    /expectedReturns\[0\]/,
  );
  const cost = new TradingCost({
    law: { eta: 1, delta: 0.5 },
    dailyVolatility: [0.02, 0.02, 0.02],
    averageDailyVolume: [1e8, 1e8, 1e8],
    halfSpread: 0,
  });
  assertThrowsWith(
    () => optimizeRebalance({ ...ok, cost }),
    RangeError,
    /portfolioValue must be given with a cost/,
  );
  assertThrowsWith(
    () => optimizeRebalance({ ...ok, longOnly: true, budget: -1 }),
    RangeError,
    /budget must be >= 0 with longOnly/,
  );
  assertThrowsWith(() => rebalanceOptimality(ok, [1]), TypeError, /weights must hold one weight per asset/);
  // covariance as a flat row-major array gives the same answer
  const flat = optimizeRebalance({ ...ok, covariance: COV.flat() });
  assertAllClose(flat.weights, optimizeRebalance(ok).weights, { abs: 0 + 1e-300 });
});
