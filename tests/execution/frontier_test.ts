import assert from "node:assert/strict";
import fc from "fast-check";
import { AlmgrenChriss, efficientFrontier } from "@lib/mod.ts";
import { frontierCostAtVariance } from "@lib/execution/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";
import { fillOptimalHoldings, hyperbolicSums, trajectorySums } from "../../lib/execution/_trajectory.ts";

const PAPER = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 };
const GRID = { shares: 1e6, steps: 5, tau: 1 };

Deno.test("frontier ends: linear 662,500 $ / 1.083e12 $^2 and immediate 2,562,500 $ / 0 (paper example)", () => {
  const f = efficientFrontier(PAPER, GRID);
  assert.equal(f.points.length, 101);
  assert.equal(f.points[0]!.lambda, 0);
  assertClose(f.linear.expectedCost, 662_500, { rel: 1e-14 });
  assertClose(f.linear.variance, 1.083e12, { rel: 1e-14 });
  assert.equal(f.minimumVariance.lambda, null);
  assertClose(f.minimumVariance.expectedCost, 2_562_500, { rel: 1e-14 });
  assert.equal(f.minimumVariance.variance, 0);
  // the default mark is the model's lambda, with the golden values of almgren_chriss_test.ts
  assert.equal(f.marks.length, 1);
  assert.equal(f.marks[0]!.lambda, 1e-6);
  assertClose(f.marks[0]!.expectedCost, 911226.98630379355148, { rel: 1e-6 });
  assertClose(f.marks[0]!.variance, 364128572058.14100175, { rel: 1e-6 });
  // the default grid spans kappa T from 0.05 to 50: last point is close to immediate liquidation
  const last = f.points.at(-1)!;
  assert.ok(last.variance < 1e-6 * f.linear.variance);
  assert.deepEqual(JSON.parse(JSON.stringify(f)), f); // plain and serialisable
});

Deno.test("each frontier point equals the model's own trajectory, E and V", () => {
  const lambdas = [0, 3e-7, 1e-6, 2e-6, 5e-5, -2e-7];
  const f = efficientFrontier(PAPER, { ...GRID, lambdas, marks: [{ label: "C", lambda: -2e-7 }] });
  assert.deepEqual(f.points.map((p) => p.lambda), [...lambdas].sort((a, b) => a - b));
  for (const p of f.points) {
    const model = new AlmgrenChriss({ ...PAPER, lambda: p.lambda! });
    const x = model.trajectory(GRID.shares, GRID.steps, GRID.tau);
    // optimal points come from closed-form sums, the model sums its trajectory: equal to rounding
    assertClose(p.expectedCost, model.expectedCost(x, GRID.tau), { rel: 1e-13 });
    assertClose(p.variance, model.costVariance(x, GRID.tau), { rel: 1e-13 });
    assert.equal(p.standardDeviation, Math.sqrt(p.variance));
  }
  // C (risk-seeking) is inefficient: more variance and more expected cost than the linear strategy
  assert.ok(f.marks[0]!.variance > f.linear.variance && f.marks[0]!.expectedCost > f.linear.expectedCost);
});

Deno.test("the tangent of slope -lambda touches the frontier at the lambda-optimal point", () => {
  // U = E + lambda V is minimal over the frontier at the point computed for lambda.
  const f = efficientFrontier(PAPER, { ...GRID, points: 2001 });
  const mark = f.marks[0]!;
  const uMark = mark.expectedCost + 1e-6 * mark.variance;
  for (const p of f.points) assert.ok(p.expectedCost + 1e-6 * p.variance >= uMark * (1 - 1e-12));
});

Deno.test("property: along the frontier, lower variance costs more", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1e-8, max: 1e-5, noNaN: true }),
      fc.double({ min: 0.1, max: 3, noNaN: true }),
      fc.integer({ min: 2, max: 200 }),
      fc.integer({ min: 3, max: 60 }),
      (eta, sigma, steps, points) => {
        const f = efficientFrontier(
          { gamma: eta / 10, eta, epsilon: 0.01, sigma, lambda: 0 },
          { shares: 1e5, steps, tau: 1 / steps, points },
        );
        for (let i = 1; i < f.points.length; i++) {
          const a = f.points[i - 1]!, b = f.points[i]!;
          assert.ok(b.lambda! > a.lambda!);
          assert.ok(b.variance < a.variance, `V not decreasing at ${i}`);
          assert.ok(b.expectedCost > a.expectedCost, `E not increasing at ${i}`);
        }
        assert.ok(f.minimumVariance.expectedCost > f.points.at(-1)!.expectedCost);
      },
    ),
    { numRuns: 150, seed: 30000 },
  );
});

Deno.test("efficientFrontier rejects invalid input", () => {
  assertThrowsWith(
    () => efficientFrontier({ ...PAPER, sigma: 0 }, GRID),
    RangeError,
    /sigma must be finite and > 0/,
  );
  assertThrowsWith(
    () => efficientFrontier(PAPER, { ...GRID, points: 1 }),
    RangeError,
    /points must be an integer >= 2/,
  );
  assertThrowsWith(
    () => efficientFrontier(PAPER, { ...GRID, lambdas: [0, NaN] }),
    RangeError,
    /lambdas\[1\]/,
  );
  assertThrowsWith(() => efficientFrontier(PAPER, { ...GRID, lambdas: [-1e-5] }), RangeError, /lambda < 0/);
  assertThrowsWith(() => efficientFrontier({ ...PAPER, eta: -1 }, GRID), RangeError, /eta/);
  assertThrowsWith(() => efficientFrontier(PAPER, { ...GRID, tau: 21 }), RangeError, /etaTilde/);
});

Deno.test("frontierCostAtVariance reads the efficient cost at a variance", () => {
  const f = efficientFrontier(PAPER, { ...GRID, points: 2001, marks: [{ label: "C", lambda: -2e-7 }] });
  // at a computed point it returns that point's cost; between points, the chord (an upper bound)
  for (const p of f.points.filter((_, i) => i % 97 === 0)) {
    assertClose(frontierCostAtVariance(f, p.variance), p.expectedCost, { rel: 1e-12 });
  }
  const exact = efficientFrontier(PAPER, { ...GRID, lambdas: [1e-6] }).points[0]!;
  const coarse = efficientFrontier(PAPER, { ...GRID, points: 11 });
  assert.ok(frontierCostAtVariance(coarse, exact.variance) >= exact.expectedCost);
  assertClose(frontierCostAtVariance(f, exact.variance), exact.expectedCost, { rel: 1e-4 });
  // risk-seeking points are not efficient: past the linear strategy the answer is the linear cost
  assert.equal(frontierCostAtVariance(f, 1.5e12), 662_500);
  assert.equal(frontierCostAtVariance(f, 0), 2_562_500);
  assertThrowsWith(() => frontierCostAtVariance(f, -1), RangeError, /variance/);
});

Deno.test("the frontier refuses overflowing costs and frontierCostAtVariance a null frontier", () => {
  const ac = new AlmgrenChriss({ gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 });
  assertThrowsWith(
    () => efficientFrontier(ac, { shares: 1e200, steps: 5, tau: 1 }),
    RangeError,
    /^Cannot compute efficient frontier: the expected cost overflows double precision with shares = 1e\+200/,
  );
  // sigma so small that the default grid's lambda = 4 etaTilde sinh^2(a/2) / (sigma tau)^2 overflows.
  assertThrowsWith(
    () => efficientFrontier({ ...ac.toJSON(), sigma: 1e-200 }, { shares: 1e6, steps: 5, tau: 1 }),
    RangeError,
    /the default grid's lambda 1 overflows double precision with sigma = 1e-200/,
  );
  assertThrowsWith(
    () => frontierCostAtVariance(null as never, 0),
    TypeError,
    /^Cannot read the frontier's cost: frontier must be an object \(an efficientFrontier result\): current value is null$/,
  );
  assertThrowsWith(
    () => frontierCostAtVariance({ points: 3 } as never, 0),
    TypeError,
    /frontier\.points must be an array/,
  );
});

Deno.test("closed-form sums of the optimal trajectory match the summed trajectory to 1e-12 over kappa T", () => {
  // Independent computation: the trajectory written out (fillOptimalHoldings) and summed term by term.
  // The grid crosses every branch: the series for sinh(y) - y (Y a < 1), the direct difference, the
  // decaying-exponential form (Y a > 40), sinh(a N) overflowing, and holdings underflowing to 0.
  let compared = 0;
  for (const steps of [2, 3, 5, 17, 100, 1_000, 10_000]) {
    const x = new Float64Array(steps + 1);
    for (let e = -9; e <= 4.5; e += 0.25) {
      const a = 10 ** e / steps;
      for (const shares of [1e6, -3.7]) {
        const closed = hyperbolicSums(shares, steps, a);
        if (closed === null) continue;
        fillOptimalHoldings(x, shares, steps, { kind: "hyperbolic", value: a });
        const loop = trajectorySums(x);
        const at = `N = ${steps}, a N = 1e${e}, X = ${shares}`;
        assertClose(closed.absTrades, loop.absTrades, { rel: 1e-12 }, at);
        assertClose(closed.squaredTrades, loop.squaredTrades, { rel: 1e-12 }, at);
        // holdings far below X^2 * 1e-300 underflow differently; compare them on the scale of X^2
        assert.ok(
          Math.abs(closed.squaredHoldings - loop.squaredHoldings) <=
            1e-12 * Math.max(loop.squaredHoldings, 1e-290 * shares * shares),
          `${at}: ${closed.squaredHoldings} vs ${loop.squaredHoldings}`,
        );
        compared++;
      }
    }
  }
  assert.ok(compared > 500, `compared ${compared} cases`);
  assert.equal(hyperbolicSums(1e6, 1_000, 1e-13), null); // below the linear limit: the loop's linear path
  assert.equal(hyperbolicSums(1e6, 1_000, 800), null); // sinh(a / 2)^2 would overflow: the loop
  assert.equal(hyperbolicSums(1e6, 1, 0.5), null); // one period: x = [X, 0]
});

Deno.test("paper stock, N = 1,000: every kappa T from 300 to 800 (step 0.1) gives finite E and V equal to the summed trajectory", () => {
  // The closed-form sums must hold across the switch between their direct and decaying-exponential forms
  // (Y a = (2N - 1) kappa tau near 700, kappa T near 350), where X^2 sinh(Y a) overflows double precision while the
  // variance itself is ~1e9 $^2. Independent computation: the model's own trajectory summed term by term.
  const grid = { shares: 1e6, steps: 1_000, tau: 1 };
  const etaTilde = PAPER.eta - PAPER.gamma * grid.tau / 2;
  const lambdas: number[] = [];
  for (let i = 3_000; i <= 8_000; i++) {
    const a = i / 10 / grid.steps; // kappa tau
    lambdas.push(4 * etaTilde * Math.sinh(a / 2) ** 2 / (PAPER.sigma * grid.tau) ** 2);
  }
  const f = efficientFrontier(PAPER, { ...grid, lambdas });
  assert.equal(f.points.length, 5_001);
  const x = new Float64Array(grid.steps + 1);
  for (const [i, p] of f.points.entries()) {
    const model = new AlmgrenChriss({ ...PAPER, lambda: p.lambda! });
    fillOptimalHoldings(x, grid.shares, grid.steps, {
      kind: "hyperbolic",
      value: (3_000 + i) / 10 / grid.steps,
    });
    const at = `kappa T = ${(3_000 + i) / 10}`;
    assertClose(p.expectedCost, model.expectedCost(x, grid.tau), { rel: 1e-12 }, at);
    assertClose(p.variance, model.costVariance(x, grid.tau), { rel: 1e-12 }, at);
  }
});
