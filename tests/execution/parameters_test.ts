import assert from "node:assert/strict";
import {
  AlmgrenChriss,
  almgrenChrissRulesOfThumb,
  calibrateSquareRoot,
  lambdaForHalfLife,
  SquareRootModel,
} from "@lib/mod.ts";
import { almgrenChrissFromSquareRoot } from "@lib/execution/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("rules of thumb reproduce the paper's parameters from its stock", () => {
  // 50 $/share, 30 % annual volatility (0.3 / sqrt(250) = 0.019/day as the paper rounds), spread 1/8 $,
  // 5 million shares a day -> epsilon 1/16, eta 2.5e-6, gamma 2.5e-7, sigma 0.95
  const p = almgrenChrissRulesOfThumb({
    price: 50,
    dailyVolatility: 0.019,
    spread: 0.125,
    averageDailyVolume: 5e6,
  });
  assert.equal(p.epsilon, 0.0625);
  assertClose(p.eta, 2.5e-6, { rel: 1e-15 });
  assertClose(p.gamma, 2.5e-7, { rel: 1e-15 });
  assertClose(p.sigma, 0.95, { rel: 1e-15 });
  assert.equal(p.lambda, 0);
  assert.equal(p.method, "rules-of-thumb");
  assert.equal(p.reference, null);
  // fees add to epsilon; hours instead of days rescale eta and sigma
  const h = almgrenChrissRulesOfThumb(
    { price: 50, dailyVolatility: 0.019, spread: 0.125, averageDailyVolume: 5e6, feeRate: 1e-4 },
    { timeUnitDays: 1 / 24, lambda: 2e-6 },
  );
  assertClose(h.epsilon, 0.0625 + 0.005, { rel: 1e-15 });
  assertClose(h.eta, 2.5e-6 * 24, { rel: 1e-15 });
  assertClose(h.sigma, 0.95 / Math.sqrt(24), { rel: 1e-15 });
  assert.equal(h.gamma, p.gamma);
  assert.equal(h.lambda, 2e-6);
});

Deno.test("both conversions return one shape: same fields in the same order, epsilon, sigma and units", () => {
  // The shared result (calibrationResult in parameters.ts): epsilon = spread / 2 + fee * price and
  // sigma = dailyVolatility * price * sqrt(timeUnitDays) come from the market alone, whatever the method.
  const market = { price: 200, dailyVolatility: 0.03, spread: 0.04, averageDailyVolume: 1e6, feeRate: 5e-4 };
  const options = { timeUnitDays: 1 / 24, lambda: 3e-6 };
  const thumb = almgrenChrissRulesOfThumb(market, options);
  const law = almgrenChrissFromSquareRoot({ eta: 0.8, delta: 0.5 }, {
    market,
    orderSize: 1e4,
    durationDays: 1,
    ...options,
  });
  const fields = [
    "gamma",
    "eta",
    "epsilon",
    "sigma",
    "lambda",
    "method",
    "timeUnitDays",
    "units",
    "reference",
  ];
  assert.deepEqual(Object.keys(thumb), fields);
  assert.deepEqual(Object.keys(law), fields);
  for (const p of [thumb, law]) {
    assert.equal(p.epsilon, 0.04 / 2 + 5e-4 * 200); // 0.12 currency/share
    assert.equal(p.sigma, 0.03 * 200 * Math.sqrt(1 / 24)); // 1.2247... currency/share per sqrt(hour)
    assert.equal(p.lambda, 3e-6);
    assert.equal(p.timeUnitDays, 1 / 24);
    assert.equal(p.units.sigma, "(currency/share)/sqrt(time unit)");
  }
  assert.equal(thumb.units, law.units);
  assert.deepEqual([thumb.method, law.method], ["rules-of-thumb", "square-root"]);
  assert.equal(thumb.reference, null);
  assert.deepEqual(Object.keys(law.reference!), [
    "orderSize",
    "durationDays",
    "impactCostPerShare",
    "permanentFraction",
  ]);
});

Deno.test("the units are consistent: the same schedule costs the same in days and in hours", () => {
  const market = { price: 60_000, dailyVolatility: 0.03, spread: 0.1, averageDailyVolume: 10_000 };
  const law = { eta: 0.8, delta: 0.5 };
  const days = almgrenChrissFromSquareRoot(law, { market, orderSize: 50, durationDays: 0.5, lambda: 1e-5 });
  const hours = almgrenChrissFromSquareRoot(law, {
    market,
    orderSize: 50,
    durationDays: 0.5,
    lambda: 1e-5,
    timeUnitDays: 1 / 24,
  });
  const inDays = new AlmgrenChriss(days), inHours = new AlmgrenChriss(hours);
  // 12 periods of one hour
  const xd = inDays.trajectory(50, 12, 1 / 24), xh = inHours.trajectory(50, 12, 1);
  for (let j = 0; j <= 12; j++) assertClose(xh[j]!, xd[j]!, { rel: 1e-12, abs: 1e-12 });
  assertClose(inHours.expectedCost(xh, 1), inDays.expectedCost(xd, 1 / 24), { rel: 1e-12 });
  assertClose(inHours.costVariance(xh, 1), inDays.costVariance(xd, 1 / 24), { rel: 1e-12 });
  assertClose(inHours.halfLife(1) / 24, inDays.halfLife(1 / 24), { rel: 1e-12 });
});

Deno.test("square-root conversion matches the law's cost at the reference order (continuous limit)", () => {
  const model = new SquareRootModel({ eta: 0.7, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1e6 });
  const market = { price: 100, dailyVolatility: 0.025, spread: 0.02, averageDailyVolume: 2e6 };
  const Q = 40_000, T = 0.25;
  const p = almgrenChrissFromSquareRoot(model, {
    market,
    orderSize: -Q,
    durationDays: T,
    permanentFraction: 0.3,
    paidFraction: 1,
  });
  // c = price * sigma_d * Y * sqrt(Q / V) with the market's volatility and volume, not the sample's
  const c = 100 * 0.025 * 0.7 * Math.sqrt(Q / 2e6);
  assertClose(p.reference!.impactCostPerShare, c, { rel: 1e-15 });
  assertClose(p.gamma, (2 * 0.3 * c) / Q, { rel: 1e-15 });
  assertClose(p.eta, (0.7 * c * T) / Q, { rel: 1e-15 });
  assert.equal(p.epsilon, 0.01);
  assertClose(p.sigma, 2.5, { rel: 1e-15 });
  // a fine linear schedule over T costs c Q + epsilon Q (up to the O(1/N) discreteness)
  const ac = new AlmgrenChriss(p);
  const N = 10_000;
  const cost = ac.expectedCost(ac.linearTrajectory(Q, N), T / N);
  assertClose(cost, c * Q + 0.01 * Q, { rel: 1e-3 });
  assertClose(
    ac.expectedCost(ac.linearTrajectory(Q, N), T / N) - 0.01 * Q,
    new SquareRootModel({
      ...model.toJSON(),
      dailyVolatility: 0.025,
      averageDailyVolume: 2e6,
    }).cost(Q, 100),
    { rel: 1e-3 },
  );
});

Deno.test("square-root conversion accepts a calibration result", () => {
  const sizes = [100, 400, 900, 1600, 2500];
  const impacts = sizes.map((q) => 0.02 * 0.6 * Math.sqrt(q / 10_000));
  const fit = calibrateSquareRoot({ sizes, impacts }, {
    dailyVolatility: 0.02,
    averageDailyVolume: 10_000,
    bootstrapSamples: 0,
  });
  const p = almgrenChrissFromSquareRoot(fit, {
    market: { price: 1, dailyVolatility: 0.02, spread: 0.001, averageDailyVolume: 10_000 },
    orderSize: 900,
    durationDays: 1,
  });
  // by default the order pays the average of a concave impact path, I / (1 + delta) = 2/3 of the peak
  assertClose(p.reference!.impactCostPerShare, (0.02 * 0.6 * 0.3) / 1.5, { rel: 1e-12 });
  assertClose(
    almgrenChrissFromSquareRoot(fit, {
      market: { price: 1, dailyVolatility: 0.02, spread: 0.001, averageDailyVolume: 10_000 },
      orderSize: 900,
      durationDays: 1,
      paidFraction: 1,
    }).reference!.impactCostPerShare,
    0.02 * 0.6 * 0.3,
    { rel: 1e-12 },
  );
  assert.deepEqual(JSON.parse(JSON.stringify(p)), p);
});

Deno.test("lambdaForHalfLife inverts the half-life", () => {
  const paper = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 0 };
  for (const theta of [0.01, 0.5, 1.647239770791376551, 3, 100]) {
    const lambda = lambdaForHalfLife(paper, { halfLife: theta, tau: 1 });
    assertClose(new AlmgrenChriss({ ...paper, lambda }).halfLife(1), theta, { rel: 1e-10 });
  }
  // the paper's lambda = 1e-6 has half-life 1.6472 days
  assertClose(lambdaForHalfLife(paper, { halfLife: 1.647239770791376551, tau: 1 }), 1e-6, { rel: 1e-12 });
});

Deno.test("parameter helpers reject bad inputs, naming them", () => {
  const market = { price: 100, dailyVolatility: 0.02, spread: 0.01, averageDailyVolume: 1e6 };
  assertThrowsWith(
    () => almgrenChrissRulesOfThumb({ ...market, price: 0 }),
    RangeError,
    /market.price.*current value is 0/,
  );
  assertThrowsWith(
    () => almgrenChrissRulesOfThumb({ ...market, spread: 0 }),
    RangeError,
    /spread must be > 0/,
  );
  assertThrowsWith(() => almgrenChrissRulesOfThumb({ ...market, feeRate: -1 }), RangeError, /feeRate/);
  const law = { eta: 1, delta: 0.5 };
  assertThrowsWith(
    () => almgrenChrissFromSquareRoot(law, { market, orderSize: 0, durationDays: 1 }),
    RangeError,
    /orderSize/,
  );
  assertThrowsWith(
    () => almgrenChrissFromSquareRoot(law, { market, orderSize: 1, durationDays: 1, permanentFraction: 1 }),
    RangeError,
    /permanentFraction must be in \[0, 1\)/,
  );
  assertThrowsWith(
    () => almgrenChrissFromSquareRoot({ eta: 1, delta: 3 }, { market, orderSize: 1, durationDays: 1 }),
    RangeError,
    /delta/,
  );
  assertThrowsWith(
    () => lambdaForHalfLife({ gamma: 0, eta: 1, epsilon: 0, sigma: 0, lambda: 0 }, { halfLife: 1, tau: 1 }),
    RangeError,
    /sigma/,
  );
  assertThrowsWith(
    () =>
      lambdaForHalfLife({ gamma: 0, eta: 1, epsilon: 0, sigma: 1, lambda: 0 }, { halfLife: 1e-6, tau: 1 }),
    RangeError,
    /overflows/,
  );
});

Deno.test("almgrenChrissFromSquareRoot refuses matched coefficients that underflow to 0 or overflow", () => {
  const market = { price: 60_000, dailyVolatility: 0.03, spread: 0.1, averageDailyVolume: 10_000 };
  // (1e-300 / 1e4)^2 underflows: eta = gamma = 0 used to come back as a model with no impact at all.
  assertThrowsWith(
    () => almgrenChrissFromSquareRoot({ eta: 0.8, delta: 2 }, { market, orderSize: 1e-300, durationDays: 1 }),
    RangeError,
    /^Cannot convert square-root law to Almgren-Chriss parameters: the matched eta underflows to 0 .*current value is 0$/,
  );
  assertThrowsWith(
    () =>
      almgrenChrissFromSquareRoot({ eta: 0.8, delta: 0.5 }, {
        market: { ...market, price: 1e300 },
        orderSize: 1e-10,
        durationDays: 1e10,
      }),
    RangeError,
    /eta overflows double precision with orderSize = 1e-10/,
  );
  assertThrowsWith(
    () =>
      almgrenChrissFromSquareRoot({ eta: 0.8, delta: 0.5 }, {
        market,
        orderSize: 50,
        durationDays: 1,
        permanentFraction: "0.5" as unknown as number,
      }),
    TypeError,
    /permanentFraction must be a number: current value is the string "0\.5"/,
  );
  assertThrowsWith(
    () => almgrenChrissRulesOfThumb(market, null as never),
    TypeError,
    /options must be an object/,
  );
});
