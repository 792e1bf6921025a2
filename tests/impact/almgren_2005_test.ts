import assert from "node:assert/strict";
import fc from "fast-check";
import { Almgren2005Model, calibrateAlmgren2005, calibrateSquareRoot } from "@lib/mod.ts";
import { SeededRandom } from "@lib/core/mod.ts";
import { ALMGREN_2005_COEFFICIENTS } from "@lib/impact/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const paper = ALMGREN_2005_COEFFICIENTS;
const market = { dailyVolatility: 0.02, averageDailyVolume: 1e6 };

Deno.test("the three impacts match the closed forms computed by hand", () => {
  const m = new Almgren2005Model({ gamma: paper.gamma, eta: paper.eta, ...market, sharesOutstanding: 81e6 });
  // Theta / V = 81, (81)^(1/4) = 3; X/V = 0.05; over T = 0.25 days the rate is 0.2 of a day's volume.
  assertClose(m.turnoverFactor, 3, { rel: 1e-14 });
  const I = 0.314 * 0.02 * 0.05 * 3; // 9.42e-4 = 9.42 bps
  const K = 0.142 * 0.02 * Math.pow(0.2, 0.6); // 1.0278e-3 = 10.28 bps
  assertClose(m.permanentImpact(5e4), I, { rel: 1e-14 });
  assertClose(m.temporaryImpact(5e4, 0.25), K, { rel: 1e-14 });
  assertClose(m.realisedImpact(5e4, 0.25), I / 2 + K, { rel: 1e-14 });
  assertClose(m.completionImpact(-5e4, 0.25), -(I + K), { rel: 1e-14 });
  assertClose(m.cost(-5e4, 0.25, { midPrice: 40 }), (I / 2 + K) * 40 * 5e4, { rel: 1e-14 });
  assert.equal(m.temporaryImpact(0, 1), 0);
  // Without shares outstanding the factor is 1.
  assert.equal(new Almgren2005Model({ gamma: 0.3, eta: 0.1, ...market }).turnoverFactor, 1);
  assert.deepEqual(JSON.parse(JSON.stringify(m)), {
    gamma: 0.314,
    eta: 0.142,
    beta: 0.6,
    ...market,
    sharesOutstanding: 81e6,
  });
});

Deno.test("withPaperCoefficients uses 0.314, 0.142 and 0.6", () => {
  const m = Almgren2005Model.withPaperCoefficients({ ...market, sharesOutstanding: 16e6 });
  assert.deepEqual([m.gamma, m.eta, m.beta, m.sharesOutstanding], [0.314, 0.142, 0.6, 16e6]);
});

Deno.test("trading twice as fast raises temporary impact by 2^0.6, not sqrt(2)", () => {
  const m = new Almgren2005Model({ gamma: paper.gamma, eta: paper.eta, ...market });
  assertClose(m.temporaryImpact(1e4, 0.5) / m.temporaryImpact(1e4, 1), Math.pow(2, 0.6), { rel: 1e-12 });
  assertClose(m.permanentImpact(2e4) / m.permanentImpact(1e4), 2, { rel: 1e-12 }); // linear in size
});

Deno.test("property: impacts are odd in the size and grow with it; cost is even", () => {
  const m = new Almgren2005Model({ gamma: paper.gamma, eta: paper.eta, ...market, sharesOutstanding: 5e8 });
  fc.assert(
    fc.property(
      fc.double({ min: 1, max: 1e6, noNaN: true }),
      fc.double({ min: 1.001, max: 50, noNaN: true }),
      fc.double({ min: 0.01, max: 5, noNaN: true }),
      (x, factor, days) => {
        assert.equal(m.realisedImpact(-x, days), -m.realisedImpact(x, days));
        assert.ok(m.realisedImpact(x * factor, days) > m.realisedImpact(x, days));
        assert.ok(m.completionImpact(x, days) > m.realisedImpact(x, days));
        assert.equal(m.cost(-x, days, { midPrice: 10 }), m.cost(x, days, { midPrice: 10 }));
      },
    ),
  );
});

/** Metaorders with sizes spanning 0.1 % to 20 % of daily volume and durations of 1 hour to 1 day. */
function orders(count: number, seed: number) {
  const rng = new SeededRandom(seed);
  const sizes = new Float64Array(count), durationDays = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const side = rng.uniform() < 0.5 ? -1 : 1;
    sizes[i] = side * 1e6 * Math.exp(Math.log(0.001) + rng.uniform() * Math.log(200));
    durationDays[i] = Math.exp(Math.log(1 / 24) + rng.uniform() * Math.log(24));
  }
  return { sizes, durationDays, rng };
}

Deno.test("calibration recovers gamma and eta exactly from noise-free data, for each target", () => {
  const truth = new Almgren2005Model({ gamma: 0.314, eta: 0.142, ...market, sharesOutstanding: 3e8 });
  const { sizes, durationDays } = orders(200, 1);
  for (const target of ["completion", "realised"] as const) {
    const impacts = sizes.map((x, i) =>
      target === "completion"
        ? truth.completionImpact(x, durationDays[i]!)
        : truth.realisedImpact(x, durationDays[i]!)
    );
    const fit = calibrateAlmgren2005({ sizes, impacts }, {
      ...market,
      durationDays,
      sharesOutstanding: 3e8,
      target,
    });
    assertClose(fit.gamma, 0.314, { rel: 1e-9 }, target);
    assertClose(fit.eta, 0.142, { rel: 1e-9 }, target);
    assertClose(fit.rSquared, 1, { abs: 1e-12 }, target);
    assert.equal(fit.constrained, false);
    assert.equal(fit.n, 200);
  }
  const permanent = sizes.map((x) => truth.permanentImpact(x));
  const fitI = calibrateAlmgren2005({ sizes, impacts: permanent }, {
    ...market,
    durationDays,
    sharesOutstanding: 3e8,
    target: "permanent",
  });
  assertClose(fitI.gamma, 0.314, { rel: 1e-12 });
  assert.equal(fitI.eta, 0);
});

Deno.test("beta: 'fit' recovers the exponent from noise-free data", () => {
  const truth = new Almgren2005Model({ gamma: 0.2, eta: 0.3, beta: 0.45, ...market });
  const { sizes, durationDays } = orders(300, 2);
  const impacts = sizes.map((x, i) => truth.completionImpact(x, durationDays[i]!));
  const fit = calibrateAlmgren2005({ sizes, impacts }, { ...market, durationDays, beta: "fit" });
  assert.ok(fit.betaFitted);
  assert.equal(fit.betaUnidentified, false);
  assertClose(fit.beta, 0.45, { abs: 1e-6 });
  assertClose(fit.gamma, 0.2, { rel: 1e-4 });
  assertClose(fit.eta, 0.3, { rel: 1e-4 });
});

Deno.test("with market noise every order is kept and the truth lies within 3 standard errors", () => {
  const truth = new Almgren2005Model({ gamma: 0.314, eta: 0.142, ...market });
  const { sizes, durationDays, rng } = orders(4000, 3);
  // Noise: the price's own move over the order, sigma * sqrt(T) * N(0, 1) (many orders move against their side).
  const impacts = sizes.map((x, i) =>
    truth.completionImpact(x, durationDays[i]!) + 0.02 * Math.sqrt(durationDays[i]!) * rng.normal()
  );
  const against = impacts.filter((v, i) => Math.sign(v) !== Math.sign(sizes[i]!)).length;
  assert.ok(against > 1000, `orders moving against their side: ${against}`);
  const fit = calibrateAlmgren2005({ sizes, impacts }, { ...market, durationDays });
  assert.equal(fit.n, 4000);
  assert.ok(
    Math.abs(fit.gamma - 0.314) < 3 * fit.gammaStandardError,
    `gamma ${fit.gamma} +- ${fit.gammaStandardError}`,
  );
  assert.ok(
    Math.abs(fit.eta - 0.142) < 3 * fit.etaStandardError,
    `eta ${fit.eta} +- ${fit.etaStandardError}`,
  );
  // The square-root law on the same observations keeps only orders moving with their side (pointwise).
  const sqrt = calibrateSquareRoot({ sizes, impacts }, { ...market, bootstrapSamples: 0 });
  assert.ok(sqrt.dropped >= against);
});

Deno.test("beta: an exponent the data cannot identify is flagged as unidentified", () => {
  // Every order trades at the same rate (T proportional to X): the temporary term is a constant times eta
  // whatever beta is, so the least-squares profile is flat.
  const sizes = [1e3, 2e3, 5e3, 1e4, 3e4, -6e4];
  const durationDays = sizes.map((x) => Math.abs(x) / 1e5);
  const impacts = sizes.map((x) =>
    0.02 * 0.5 * (x / 1e6) + Math.sign(x) * 0.02 * 1e-3 * Math.log(Math.abs(x))
  );
  const fit = calibrateAlmgren2005({ sizes, impacts }, { ...market, durationDays, beta: "fit" });
  assert.ok(fit.betaUnidentified, `beta ${fit.beta}`);
});

Deno.test("coefficients and HC1 robust standard errors match an independent numpy computation", () => {
  // numpy: lstsq on [x, r^0.6], then inv(X'X) X' diag(e^2) X inv(X'X) * n / (n - 2) (run by hand).
  const sizes = [1e3, -2e3, 5e3, 8e3, -1.2e4, 2e4, 3.5e4, -5e4];
  const durationDays = [0.05, 0.1, 0.2, 0.1, 0.5, 0.3, 1, 0.8];
  const impacts = sizes.map((q, i) => {
    const x = Math.abs(q) / 1e6;
    return Math.sign(q) * 0.02 * (0.3 * x + 0.15 * Math.pow(x / durationDays[i]!, 0.6)) +
      0.001 * Math.sin(1.3 * i);
  });
  const fit = calibrateAlmgren2005({ sizes, impacts }, { ...market, durationDays });
  assertClose(fit.gamma, 1.064863833498352, { rel: 1e-9 });
  assertClose(fit.eta, 0.06419721945667088, { rel: 1e-9 });
  assertClose(fit.gammaStandardError, 0.9219145771159429, { rel: 1e-9 });
  assertClose(fit.etaStandardError, 0.11179382410148078, { rel: 1e-9 });
});

Deno.test("a coefficient that would be negative is held at 0 and the fit says so", () => {
  // Pure linear impact in size, no rate effect, durations all 1: eta would come out <= 0.
  const sizes = [1e3, 2e3, 5e3, 1e4, 3e4, -6e4];
  const impacts = sizes.map((x) =>
    0.02 * 0.5 * (x / 1e6) - Math.sign(x) * 0.02 * 0.01 * Math.pow(Math.abs(x) / 1e6, 0.6)
  );
  const fit = calibrateAlmgren2005({ sizes, impacts }, { ...market, durationDays: 1 });
  assert.ok(fit.constrained);
  assert.equal(fit.eta, 0);
  assert.ok(fit.gamma > 0);
  assert.ok(Number.isNaN(fit.etaStandardError));
});

Deno.test("bad input gets clear errors", () => {
  const ok = { ...market, durationDays: 1 };
  assertThrowsWith(
    () => calibrateAlmgren2005({ sizes: [1, 2, 3], impacts: [1, 2] }, ok),
    TypeError,
    /same length/,
  );
  assertThrowsWith(
    () => calibrateAlmgren2005({ sizes: [1, 0, 3], impacts: [1, 2, 3] }, ok),
    RangeError,
    /at least 3/,
  );
  assertThrowsWith(
    () =>
      calibrateAlmgren2005({ sizes: [1, 2, 3], impacts: [1, 2, 3] }, { ...market, durationDays: [1, 0, 1] }),
    RangeError,
    /durationDays\[1\] must be finite and > 0/,
  );
  assertThrowsWith(
    () => calibrateAlmgren2005({ sizes: [1, 2, 3], impacts: [1, 2, 3] }, { ...ok, beta: 3 }),
    RangeError,
    /beta must be in/,
  );
  assertThrowsWith(
    () => new Almgren2005Model({ gamma: -1, eta: 0.1, ...market }),
    RangeError,
    /gamma must be/,
  );
  assertThrowsWith(
    () => new Almgren2005Model({ gamma: 0.3, eta: 0.1, ...market }).temporaryImpact(1, 0),
    RangeError,
    /durationDays must be finite and > 0/,
  );
});
