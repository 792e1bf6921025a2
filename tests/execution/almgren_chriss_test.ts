import assert from "node:assert/strict";
import fc from "fast-check";
import { AlmgrenChriss } from "@lib/mod.ts";
import type { AlmgrenChrissParameters } from "@lib/execution/mod.ts";
import { assertAllClose, assertClose, assertThrowsWith } from "../_assert.ts";

/**
 * The numerical example of Almgren & Chriss (2000): X = 1e6 shares, S0 = 50 $/share, 30 % annual
 * volatility -> sigma = 0.019 * 50 = 0.95 $/share/day^(1/2), spread 1/8 $ -> epsilon = 1/16 $/share,
 * daily volume 5e6 shares -> eta = 2.5e-6 ($/share)/(share/day), gamma = 2.5e-7 $/share^2;
 * T = 5 days in N = 5 daily periods; lambda = 1e-6 /$ (the tangent point of the paper's Figure 1).
 */
const PAPER: AlmgrenChrissParameters = {
  gamma: 2.5e-7,
  eta: 2.5e-6,
  epsilon: 0.0625,
  sigma: 0.95,
  lambda: 1e-6,
};
const X = 1e6, N = 5, TAU = 1, T = N * TAU;
const REL = 1e-6; // the tolerance; the values below agree to ~1e-14

/**
 * Independent reference values: mpmath at 40 significant digits (acosh, acos, sinh, sin in arbitrary
 * precision; E and V by direct summation of the paper's sums), from
 * x_j = X sinh(kappa (T - t_j)) / sinh(kappa T) with kappa = acosh(1 + lambda sigma^2 tau^2 / (2 etaTilde)).
 */
const GOLDEN = {
  // lambda = 1e-6: etaTilde = 2.375e-6, cosh(kappa) = 1.19
  "1e-6": {
    rate: 0.60707616324706278778,
    halfLife: 1.647239770791376551,
    holdings: [
      1e6,
      541955.55437392229338,
      289854.21940993505824,
      147897.48782172314523,
      62141.801605766027407,
      0,
    ],
    trades: [
      458044.44562607770662,
      252101.33496398723514,
      141956.73158821191301,
      85755.686215957117822,
      62141.801605766027407,
    ],
    expectedCost: 911226.98630379355148,
    variance: 364128572058.14100175,
    utility: 1275355.5583619345532,
  },
  // lambda = 2e-6 (trajectory A of the paper's Figure 2)
  "2e-6": {
    rate: 0.84629713450125626926,
    holdings: [
      1e6,
      428598.84574701729285,
      182932.81426176772826,
      76295.721615461637149,
      27643.377396906390271,
      0,
    ],
    expectedCost: 1140715.1670497852926,
    variance: 201931287150.52431842,
  },
  // lambda = -2e-7 (trajectory C): cos(omega) = 0.962, the risk-seeking sine solution
  "-2e-7": {
    rate: 0.27656151438052698691,
    holdings: [
      1e6,
      910056.43690842642075,
      750948.58461181243353,
      534768.63988470070136,
      277946.27852635171588,
      0,
    ],
    expectedCost: 717958.10427315781589,
    variance: 1584210709653.3528259,
  },
};

Deno.test("paper example, lambda = 1e-6: kappa, half-life, holdings, trades, E, V, U match 40-digit values", () => {
  const model = new AlmgrenChriss(PAPER);
  const g = GOLDEN["1e-6"];
  assertClose(model.etaTilde(TAU), 2.375e-6, { rel: 1e-15 });
  assertClose(model.kappa(TAU), g.rate, { rel: REL });
  assertClose(model.halfLife(TAU), g.halfLife, { rel: REL });
  const x = model.trajectory(X, N, TAU);
  assert.equal(x.length, N + 1);
  assertAllClose(x, g.holdings, { rel: REL, abs: 1e-9 }, "holdings");
  assertAllClose(model.tradeList(X, N, TAU), g.trades, { rel: REL }, "trades");
  assertClose(model.expectedCost(x, TAU), g.expectedCost, { rel: REL });
  assertClose(model.costVariance(x, TAU), g.variance, { rel: REL });
  assertClose(model.utility(x, TAU), g.utility, { rel: REL });
});

Deno.test("paper example, trajectories A (lambda = 2e-6) and C (lambda = -2e-7)", () => {
  const a = new AlmgrenChriss({ ...PAPER, lambda: 2e-6 });
  assertClose(a.kappa(TAU), GOLDEN["2e-6"].rate, { rel: REL });
  const xa = a.trajectory(X, N, TAU);
  assertAllClose(xa, GOLDEN["2e-6"].holdings, { rel: REL, abs: 1e-9 }, "A");
  assertClose(a.expectedCost(xa, TAU), GOLDEN["2e-6"].expectedCost, { rel: REL });
  assertClose(a.costVariance(xa, TAU), GOLDEN["2e-6"].variance, { rel: REL });

  const c = new AlmgrenChriss({ ...PAPER, lambda: -2e-7 });
  assertClose(c.omega(TAU), GOLDEN["-2e-7"].rate, { rel: REL });
  const xc = c.trajectory(X, N, TAU);
  assertAllClose(xc, GOLDEN["-2e-7"].holdings, { rel: REL, abs: 1e-9 }, "C");
  assertClose(c.expectedCost(xc, TAU), GOLDEN["-2e-7"].expectedCost, { rel: REL });
  assertClose(c.costVariance(xc, TAU), GOLDEN["-2e-7"].variance, { rel: REL });
});

Deno.test("paper example: E and V agree with the paper's closed forms for the optimal strategy (Section 2.2)", () => {
  // E = gamma X^2/2 + epsilon X + etaTilde X^2 tanh(kappa tau/2) (tau sinh(2 kappa T) + 2 T sinh(kappa tau)) / (2 tau^2 sinh^2(kappa T))
  // V = sigma^2 X^2 / 2 * (tau sinh(kappa T) cosh(kappa (T - tau)) - T sinh(kappa tau)) / (sinh^2(kappa T) sinh(kappa tau))
  for (const lambda of [1e-7, 1e-6, 2e-6, 1e-5]) {
    const { gamma, eta, epsilon, sigma } = PAPER;
    const etaTilde = eta - (gamma * TAU) / 2;
    const kappa = Math.acosh(1 + (lambda * sigma ** 2 * TAU ** 2) / (2 * etaTilde)) / TAU;
    const sh = Math.sinh(kappa * T);
    const expected = (gamma * X ** 2) / 2 + epsilon * X +
      (etaTilde * X ** 2 * Math.tanh((kappa * TAU) / 2) *
          (TAU * Math.sinh(2 * kappa * T) + 2 * T * Math.sinh(kappa * TAU))) /
        (2 * TAU ** 2 * sh ** 2);
    const variance = ((sigma ** 2 * X ** 2) / 2) *
      ((TAU * sh * Math.cosh(kappa * (T - TAU)) - T * Math.sinh(kappa * TAU)) /
        (sh ** 2 * Math.sinh(kappa * TAU)));
    const model = new AlmgrenChriss({ ...PAPER, lambda });
    const x = model.trajectory(X, N, TAU);
    assertClose(model.kappa(TAU), kappa, { rel: 1e-12 }, `kappa at ${lambda}`);
    assertClose(model.expectedCost(x, TAU), expected, { rel: REL }, `E at ${lambda}`);
    assertClose(model.costVariance(x, TAU), variance, { rel: REL }, `V at ${lambda}`);
    // and the sinh form of the trajectory itself
    const direct = Array.from({ length: N + 1 }, (_, j) => (X * Math.sinh(kappa * (T - j * TAU))) / sh);
    assertAllClose(x, direct, { rel: 1e-12, abs: 1e-6 }, `x at ${lambda}`);
  }
});

Deno.test("linear (lambda = 0) and immediate strategies: the paper's closed forms", () => {
  const model = new AlmgrenChriss({ ...PAPER, lambda: 0 });
  const x = model.trajectory(X, N, TAU);
  assert.deepEqual(Array.from(x), [1e6, 8e5, 6e5, 4e5, 2e5, 0]); // exactly the straight line
  assert.deepEqual(Array.from(model.linearTrajectory(X, N)), Array.from(x));
  const { gamma, eta, epsilon, sigma } = PAPER;
  // E = epsilon X + gamma X^2 (1 - 1/N) / 2 + eta X^2 / T = 662,500 $; V = sigma^2 X^2 T (1-1/N)(1-1/2N)/3 = 1.083e12 $^2
  assertClose(
    model.expectedCost(x, TAU),
    epsilon * X + (gamma * X ** 2 * (1 - 1 / N)) / 2 + (eta * X ** 2) / T,
    {
      rel: 1e-14,
    },
  );
  assertClose(model.expectedCost(x, TAU), 662_500, { rel: 1e-14 });
  assertClose(model.costVariance(x, TAU), (sigma ** 2 * X ** 2 * T * (1 - 1 / N) * (1 - 1 / (2 * N))) / 3, {
    rel: 1e-14,
  });
  assertClose(model.costVariance(x, TAU), 1.083e12, { rel: 1e-14 });
  assert.equal(model.halfLife(TAU), Infinity);
  const now = model.immediateLiquidation(X, N);
  assert.deepEqual(Array.from(now), [1e6, 0, 0, 0, 0, 0]);
  assertClose(model.expectedCost(now, TAU), epsilon * X + (eta * X ** 2) / TAU, { rel: 1e-14 }); // 2,562,500 $
  assert.equal(model.costVariance(now, TAU), 0);
});

Deno.test("expected cost keeps the permanent-impact term gamma X^2 / 2", () => {
  const withGamma = new AlmgrenChriss(PAPER);
  const x = withGamma.linearTrajectory(X, N);
  // gamma enters twice: + gamma X^2 / 2 and through etaTilde = eta - gamma tau / 2.
  const noGamma = new AlmgrenChriss({ ...PAPER, gamma: 0 });
  const diff = withGamma.expectedCost(x, TAU) - noGamma.expectedCost(x, TAU);
  assertClose(diff, (PAPER.gamma * X * X) / 2 - (PAPER.gamma * TAU / 2 / TAU) * (X * X) / N, { rel: 1e-12 });
});

Deno.test("kappa is stable for tiny and huge cosh arguments", () => {
  // tiny: acosh(1 + q) would lose every digit; kappa -> kappaTilde = sqrt(lambda sigma^2 / etaTilde)
  const tiny = new AlmgrenChriss({ ...PAPER, lambda: 1e-30 });
  const etaTilde = tiny.etaTilde(TAU);
  assertClose(tiny.kappa(TAU), Math.sqrt((1e-30 * 0.95 ** 2) / etaTilde), { rel: 1e-14 });
  assert.equal(Math.acosh(1 + (1e-30 * 0.95 ** 2) / (2 * etaTilde)), 0); // the naive form fails
  // huge: kappa tau = acosh(1 + q) ~ ln(2q) without overflow, even when q itself overflows
  const huge = new AlmgrenChriss({ ...PAPER, lambda: 1e300, sigma: 1e100 });
  const k = huge.kappa(TAU);
  assert.ok(Number.isFinite(k) && k > 0);
  // ln(2q) with ln q = ln(1e300) + 2 ln(1e100) - ln(2 etaTilde)
  const lnQ = Math.log(1e300) + 2 * Math.log(1e100) - Math.log(2 * etaTilde);
  assertClose(k, Math.LN2 + lnQ, { rel: 1e-12 });
  // moderate: matches acosh directly
  const mid = new AlmgrenChriss({ ...PAPER, lambda: 1 });
  assertClose(mid.kappa(TAU), Math.acosh(1 + 0.95 ** 2 / (2 * etaTilde)), { rel: 1e-14 });
});

Deno.test("continuous limit: kappa -> sqrt(lambda sigma^2 / eta) as tau -> 0", () => {
  const model = new AlmgrenChriss(PAPER);
  const limit = Math.sqrt((PAPER.lambda * PAPER.sigma ** 2) / PAPER.eta);
  // relative gap O(gamma tau / (2 eta)) = 5e-8 at tau = 1e-6 day
  assertClose(model.kappa(1e-6), limit, { rel: 1e-7 });
  // on a finite grid kappa lies below kappaTilde = sqrt(lambda sigma^2 / etaTilde): acosh(1 + q^2/2) < q
  assert.ok(model.kappa(1) < Math.sqrt((PAPER.lambda * PAPER.sigma ** 2) / model.etaTilde(1)));
});

Deno.test("huge kappa T (N = 10,000, large lambda): finite, monotone, no NaN, immediate in the limit", () => {
  for (const lambda of [1e-3, 1, 1e6, 1e300]) {
    const model = new AlmgrenChriss({ ...PAPER, lambda });
    const x = model.trajectory(X, 10_000, 1 / 10_000);
    assert.equal(x.length, 10_001);
    assert.equal(x[0], X);
    assert.equal(x[10_000], 0);
    for (let j = 1; j < x.length; j++) {
      assert.ok(
        Number.isFinite(x[j]!) && x[j]! <= x[j - 1]! && x[j]! >= 0,
        `lambda ${lambda} j ${j}: ${x[j]}`,
      );
    }
    assert.ok(Number.isFinite(model.expectedCost(x, 1 / 10_000)));
  }
  // kappa tau = acosh(1 + 1e6 * 0.9025 * 1e-8 / (2 * etaTilde)) at tau = 1e-4: x_1 / X = exp(-kappa tau) to 1e-15
  const m = new AlmgrenChriss({ ...PAPER, lambda: 1e6 });
  const x = m.trajectory(X, 10_000, 1e-4);
  assertClose(x[1]!, X * Math.exp(-m.kappa(1e-4) * 1e-4), { rel: 1e-12 });
});

Deno.test("a tiny positive lambda gives the straight line to double precision", () => {
  const model = new AlmgrenChriss({ ...PAPER, lambda: 1e-300 });
  assertAllClose(model.trajectory(X, 7, 1), Array.from({ length: 8 }, (_, j) => (X * (7 - j)) / 7), {
    rel: 1e-15,
  });
});

Deno.test("negative lambda: domain limits throw RangeErrors that name the condition", () => {
  const etaTilde = 2.375e-6;
  // omega T < pi and, with epsilon > 0, omega (T - tau/2) <= pi/2
  const omegaFor = (lambda: number) => 2 * Math.asin(Math.sqrt((-lambda * 0.95 ** 2) / (4 * etaTilde)));
  // lambda where omega * 4.5 just exceeds pi / 2: cos(omega) = 1 + lambda sigma^2 / (2 etaTilde)
  const edge = ((Math.cos(Math.PI / 2 / 4.5) - 1) * 2 * etaTilde) / 0.95 ** 2;
  const inside = new AlmgrenChriss({ ...PAPER, lambda: edge * 0.99 });
  const x = inside.trajectory(X, N, TAU);
  for (let j = 1; j <= N; j++) assert.ok(x[j]! <= x[j - 1]!);
  assert.ok(omegaFor(edge * 0.99) * 4.5 < Math.PI / 2);
  assertThrowsWith(
    () => new AlmgrenChriss({ ...PAPER, lambda: edge * 1.01 }).trajectory(X, N, TAU),
    RangeError,
    /never\s+rise|monotone/,
  );
  // without the fixed cost the sine solution stays optimal up to omega T < pi
  const free = new AlmgrenChriss({ ...PAPER, epsilon: 0, lambda: edge * 1.5 });
  const xf = free.trajectory(X, N, TAU);
  assert.ok(xf[1]! > X); // holdings rise first: the risk-seeking trader waits
  const beyond = ((Math.cos(Math.PI / 5) - 1) * 2 * etaTilde) / 0.95 ** 2 * 1.001;
  assertThrowsWith(
    () => new AlmgrenChriss({ ...PAPER, epsilon: 0, lambda: beyond }).trajectory(X, N, TAU),
    RangeError,
    /omega \* T < pi/,
  );
  // cosh argument below -1: no kappa at all
  assertThrowsWith(() => new AlmgrenChriss({ ...PAPER, lambda: -1 }).omega(TAU), RangeError, /must be >= -1/);
  assertThrowsWith(
    () => new AlmgrenChriss({ ...PAPER, lambda: -1e-7 }).kappa(TAU),
    RangeError,
    /imaginary.*omega/,
  );
  assertThrowsWith(
    () => new AlmgrenChriss({ ...PAPER, lambda: -1e-7 }).halfLife(TAU),
    RangeError,
    /no decay/,
  );
  assertThrowsWith(() => new AlmgrenChriss(PAPER).omega(TAU), RangeError, /use kappa/);
  // one period: the only trajectory, whatever lambda
  assert.deepEqual(Array.from(new AlmgrenChriss({ ...PAPER, lambda: -1 }).trajectory(X, 1, TAU)), [X, 0]);
});

Deno.test("invalid parameters and grids throw RangeErrors naming the condition and value", () => {
  assertThrowsWith(
    () => new AlmgrenChriss({ ...PAPER, eta: 0 }),
    RangeError,
    /eta must be finite and > 0: current value is 0/,
  );
  assertThrowsWith(
    () => new AlmgrenChriss({ ...PAPER, gamma: -1 }),
    RangeError,
    /gamma .* current value is -1/,
  );
  assertThrowsWith(() => new AlmgrenChriss({ ...PAPER, sigma: NaN }), RangeError, /sigma/);
  assertThrowsWith(() => new AlmgrenChriss({ ...PAPER, epsilon: -0.1 }), RangeError, /epsilon/);
  assertThrowsWith(() => new AlmgrenChriss({ ...PAPER, lambda: Infinity }), RangeError, /lambda/);
  const model = new AlmgrenChriss(PAPER);
  // gamma tau / 2 >= eta: tau >= 20 days
  assertThrowsWith(
    () => model.trajectory(X, 5, 21),
    RangeError,
    /etaTilde = eta - gamma \* tau \/ 2 must be > 0.*current value is -/,
  );
  assertThrowsWith(() => model.kappa(25), RangeError, /etaTilde.*current value is -/);
  assertThrowsWith(
    () => model.trajectory(X, 0, 1),
    RangeError,
    /steps must be an integer >= 1: current value is 0/,
  );
  assertThrowsWith(() => model.trajectory(X, 2.5, 1), RangeError, /steps/);
  assertThrowsWith(
    () => model.trajectory(X, 5, 0),
    RangeError,
    /tau must be finite and > 0: current value is 0/,
  );
  assertThrowsWith(() => model.trajectory(NaN, 5, 1), RangeError, /shares/);
  assertThrowsWith(() => model.expectedCost([X, 1], 1), RangeError, /trajectory\[1\] must be 0/);
  assertThrowsWith(() => model.expectedCost([X], 1), TypeError, /at least 2 values/);
  assertThrowsWith(() => model.costVariance([X, NaN, 0], 1), RangeError, /trajectory\[1\]/);
});

Deno.test("a purchase programme (X < 0) mirrors the sale", () => {
  const model = new AlmgrenChriss(PAPER);
  const sell = model.trajectory(X, N, TAU), buy = model.trajectory(-X, N, TAU);
  sell.forEach((v, j) => assert.ok(buy[j] === -v, `${j}`));
  assert.equal(model.expectedCost(buy, TAU), model.expectedCost(sell, TAU));
});

const arbitraryModel = fc.record({
  gamma: fc.double({ min: 0, max: 1e-6, noNaN: true }),
  eta: fc.double({ min: 1e-7, max: 1e-4, noNaN: true }),
  epsilon: fc.double({ min: 0, max: 1, noNaN: true }),
  sigma: fc.double({ min: 0, max: 5, noNaN: true }),
  lambda: fc.oneof(fc.constant(0), fc.double({ min: 1e-12, max: 1e-2, noNaN: true })),
});

Deno.test("property: holdings start at X, end at 0, never increase for lambda >= 0; trades sum to X", () => {
  fc.assert(
    fc.property(
      arbitraryModel,
      fc.double({ min: 1, max: 1e8, noNaN: true }),
      fc.integer({ min: 1, max: 400 }),
      fc.double({ min: 1e-3, max: 1, noNaN: true }),
      (params, shares, steps, tau) => {
        fc.pre(params.eta - (params.gamma * tau) / 2 > 0);
        const model = new AlmgrenChriss(params);
        const x = model.trajectory(shares, steps, tau);
        assert.equal(x[0], shares);
        assert.equal(x[steps], 0);
        for (let j = 1; j <= steps; j++) assert.ok(x[j]! <= x[j - 1]! && x[j]! >= 0);
        const n = model.tradeList(shares, steps, tau);
        let total = 0;
        for (const v of n) total += v;
        assertClose(total, shares, { rel: 1e-12 });
      },
    ),
    { numRuns: 300, seed: 20000 },
  );
});

Deno.test("property: the lambda = 0 expected cost equals the linear-strategy closed form", () => {
  fc.assert(
    fc.property(
      arbitraryModel,
      fc.double({ min: 1, max: 1e8, noNaN: true }),
      fc.integer({ min: 1, max: 400 }),
      fc.double({ min: 1e-3, max: 1, noNaN: true }),
      (params, shares, steps, tau) => {
        fc.pre(params.eta - (params.gamma * tau) / 2 > 0);
        const model = new AlmgrenChriss({ ...params, lambda: 0 });
        const T = steps * tau;
        const closed = params.epsilon * shares + (params.gamma * shares ** 2 * (1 - 1 / steps)) / 2 +
          (params.eta * shares ** 2) / T;
        assertClose(model.expectedCost(model.trajectory(shares, steps, tau), tau), closed, { rel: 1e-9 });
        const variance = (params.sigma ** 2 * shares ** 2 * T * (1 - 1 / steps) * (1 - 1 / (2 * steps))) / 3;
        assertClose(model.costVariance(model.trajectory(shares, steps, tau), tau), variance, {
          rel: 1e-9,
          abs: 1e-300,
        });
      },
    ),
    { numRuns: 300, seed: 20001 },
  );
});

Deno.test("property: the optimal trajectory beats random perturbations of it in E + lambda V", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1e-8, max: 1e-5, noNaN: true }),
      fc.integer({ min: 2, max: 30 }),
      fc.integer({ min: 1, max: 29 }),
      fc.double({ min: 1e-4, max: 0.01, noNaN: true }),
      fc.boolean(),
      (lambda, steps, at, size, up) => {
        fc.pre(at < steps);
        const bump = up ? size : -size;
        const model = new AlmgrenChriss({ ...PAPER, lambda });
        const x = model.trajectory(X, steps, TAU);
        const y = Float64Array.from(x);
        y[at] = y[at]! + bump * X;
        // keep y monotone so the epsilon term is unchanged and the comparison is about the smooth part
        fc.pre(y.every((v, j) => j === 0 || v <= y[j - 1]!));
        assert.ok(model.utility(y, TAU) > model.utility(x, TAU));
      },
    ),
    { numRuns: 300, seed: 20002 },
  );
});

Deno.test("expected cost, variance and utility refuse to overflow to Infinity", () => {
  const ac = new AlmgrenChriss({ gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 });
  const huge = [1e200, 5e199, 0];
  assertThrowsWith(
    () => ac.expectedCost(huge, 1),
    RangeError,
    /^Cannot compute expected cost: the expected cost overflows double precision with trajectory\[0\] = 1e\+200, gamma = 2\.5e-7.*current value is Infinity$/,
  );
  assertThrowsWith(() => ac.costVariance(huge, 1), RangeError, /^Cannot compute cost variance: .*overflows/);
  assertThrowsWith(() => ac.utility(huge, 1), RangeError, /^Cannot compute utility: .*overflows/);
  // lambda * V alone can overflow while E and V are finite.
  const greedy = new AlmgrenChriss({ gamma: 0, eta: 1, epsilon: 0, sigma: 1, lambda: 1e300 });
  assertThrowsWith(
    () => greedy.utility([1e10, 5e9, 0], 1),
    RangeError,
    /the utility E \+ lambda V overflows/,
  );
});
