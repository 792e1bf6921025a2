import assert from "node:assert/strict";
import fc from "fast-check";
import { calibrateSquareRoot, SquareRootModel } from "@lib/mod.ts";
import { SeededRandom } from "@lib/core/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const base = { eta: 0.8, delta: 0.5, dailyVolatility: 0.03, averageDailyVolume: 100_000 };
const law = new SquareRootModel(base);

Deno.test("impact matches the closed form sigma * eta * sqrt(Q/V)", () => {
  // 1 % of daily volume: 0.03 * 0.8 * sqrt(0.01) = 0.0024 (24 bps), by hand.
  assertClose(law.impact(1_000), 0.0024, { rel: 1e-14 });
  assert.equal(law.impact(0), 0);
});

Deno.test("ten times the size moves the price sqrt(10) times as much", () => {
  for (const q of [1, 37.5, 1_000, 25_000]) {
    assertClose(law.impact(10 * q) / law.impact(q), Math.sqrt(10), { rel: 1e-12 }, `Q = ${q}`);
  }
  assertClose(law.impact(2_000) / law.impact(1_000) - 1, Math.SQRT2 - 1, { rel: 1e-12 }, "doubling: +41.4 %");
});

Deno.test("impact is odd in the size and cost is even and positive (property)", () => {
  fc.assert(
    fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (q) => {
      assert.equal(law.impact(-q), -law.impact(q));
      assert.ok(law.impact(q) > 0);
      assert.equal(law.cost(-q, 60_000), law.cost(q, 60_000));
    }),
  );
});

Deno.test("impact grows with size for any delta in (0, 2] (property)", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.05, max: 2, noNaN: true }),
      fc.double({ min: 1e-3, max: 1e5, noNaN: true }),
      fc.double({ min: 1.001, max: 100, noNaN: true }),
      (delta, q, factor) => {
        const m = new SquareRootModel({ ...base, delta });
        assert.ok(m.impact(q * factor) > m.impact(q));
      },
    ),
  );
});

Deno.test("cost is |impact| * mid * |Q| in quote currency", () => {
  // 1,000 BTC at 60,000 USDT: 0.0024 * 60,000 * 1,000 = 144,000 USDT.
  assertClose(law.cost(1_000, 60_000), 144_000, { rel: 1e-12 });
  assertClose(law.cost(-1_000, 60_000), 144_000, { rel: 1e-12 });
});

Deno.test("impacts() agrees with impact() element by element", () => {
  const sizes = [-5_000, -1, 0, 3, 12_345];
  const out = law.impacts(sizes);
  assert.ok(out instanceof Float64Array);
  sizes.forEach((q, i) => assert.equal(out[i], law.impact(q)));
});

Deno.test("the model serialises to its four parameters", () => {
  assert.deepEqual(JSON.parse(JSON.stringify(law)), base);
});

Deno.test("the model rejects parameters outside the law's domain", () => {
  assertThrowsWith(
    () => new SquareRootModel({ ...base, eta: 0 }),
    RangeError,
    /eta must be finite and > 0: current value is 0/,
  );
  assertThrowsWith(
    () => new SquareRootModel({ ...base, dailyVolatility: -0.1 }),
    RangeError,
    /dailyVolatility.*-0.1/,
  );
  assertThrowsWith(
    () => new SquareRootModel({ ...base, averageDailyVolume: NaN }),
    RangeError,
    /averageDailyVolume.*NaN/,
  );
  assertThrowsWith(() => new SquareRootModel({ ...base, delta: 0 }), RangeError, /delta must be in \(0, 2\]/);
  assertThrowsWith(() => new SquareRootModel({ ...base, delta: Infinity }), RangeError, /delta/);
  assertThrowsWith(() => law.impact(Infinity), RangeError, /orderSize.*Infinity/);
  assertThrowsWith(() => law.cost(1, 0), RangeError, /midPrice.*0/);
  assertThrowsWith(() => law.impacts([1, NaN]), RangeError, /orderSizes\[1\].*NaN/);
});

const sizesOf = (o: { size: number }[]) => o.map((r) => r.size);
const impactsOf = (o: { realizedImpact: number }[]) => o.map((r) => r.realizedImpact);

Deno.test("noiseless data: calibration recovers eta and delta exactly", () => {
  const sizes = [10, -40, 90, 160, -250, 1_000];
  const impacts = sizes.map((q) => Math.sign(q) * 0.02 * 0.6 * Math.pow(Math.abs(q) / 5_000, 0.55));
  const fit = calibrateSquareRoot({ sizes, impacts }, { dailyVolatility: 0.02, averageDailyVolume: 5_000 });
  assertClose(fit.eta, 0.6, { rel: 1e-12 });
  assertClose(fit.delta, 0.55, { rel: 1e-12 });
  assertClose(fit.rSquared, 1, { abs: 1e-12 });
  assert.equal(fit.dropped, 0);
  assert.equal(fit.n, 6);
});

Deno.test("pointwise calibration recovers the truth within its interval on data with order-to-order noise", () => {
  // Multiplicative mean-one noise only (marketNoise 0): the log fit plus Duan's smearing is unbiased.
  const orders = simulateMetaorders(3_000, { seed: 11, marketNoise: 0, eta: 0.8, delta: 0.5 });
  const fit = calibrateSquareRoot(
    { sizes: sizesOf(orders), impacts: impactsOf(orders) },
    {
      dailyVolatility: orders.map((o) => o.dailyVolatility),
      averageDailyVolume: orders.map((o) => o.averageDailyVolume),
      seed: 5,
    },
  );
  assert.ok(fit.etaInterval![0] <= 0.8 && 0.8 <= fit.etaInterval![1], `eta interval ${fit.etaInterval}`);
  assert.ok(
    fit.deltaInterval![0] <= 0.5 && 0.5 <= fit.deltaInterval![1],
    `delta interval ${fit.deltaInterval}`,
  );
  assert.ok(fit.deltaInterval![1] - fit.deltaInterval![0] < 0.05, "the interval is informative");
  assert.equal(fit.dropped, 0);
});

Deno.test("binned calibration recovers the truth within its interval under realistic market noise", () => {
  const orders = simulateMetaorders(8_000, { seed: 21, marketNoise: 1, eta: 0.8, delta: 0.5 });
  const fit = calibrateSquareRoot(
    { sizes: sizesOf(orders), impacts: impactsOf(orders) },
    {
      dailyVolatility: orders.map((o) => o.dailyVolatility),
      averageDailyVolume: orders.map((o) => o.averageDailyVolume),
      method: "binned",
      seed: 5,
    },
  );
  assert.ok(fit.etaInterval![0] <= 0.8 && 0.8 <= fit.etaInterval![1], `eta interval ${fit.etaInterval}`);
  assert.ok(
    fit.deltaInterval![0] <= 0.5 && 0.5 <= fit.deltaInterval![1],
    `delta interval ${fit.deltaInterval}`,
  );
  assert.equal(fit.dropped, 0);
});

Deno.test("pointwise calibration drops impacts against the order's side and says how many", () => {
  const sizes = [100, 200, 400, -800, 1_600, 3_200];
  const impacts = [0.001, -0.0005, 0.002, 0.003, 0, 0.004]; // index 1 and 3 against side, 4 zero
  const fit = calibrateSquareRoot({ sizes, impacts }, { dailyVolatility: 0.02, averageDailyVolume: 10_000 });
  assert.equal(fit.dropped, 3);
  assert.equal(fit.n, 3);
});

Deno.test("binned calibration keeps a bin with a non-positive mean (method change: it used to drop it)", () => {
  // Three bins of two orders: the small-size bin has a negative mean impact. The log fit of old dropped that
  // bin and its 2 orders (droppedBins 1, dropped 2, n 4); the least-squares fit on bin means keeps all six.
  const sizes = [1, 2, 100, 200, 300, 400];
  const impacts = [-0.003, 0.001, 0.01, 0.014, 0.017, 0.02];
  const fit = calibrateSquareRoot({ sizes, impacts }, {
    dailyVolatility: 0.02,
    averageDailyVolume: 10_000,
    method: "binned",
    bins: 3,
    bootstrapSamples: 20,
  });
  assert.equal(fit.droppedBins, 0);
  assert.equal(fit.dropped, 0);
  assert.equal(fit.n, 6);
  assert.equal(fit.binned!.meanImpact.length, 3);
  assertClose(fit.binned!.meanImpact[0]!, -0.001 / 0.02, { rel: 1e-12 });
  // Every resample is either fitted (one draw each of eta and delta) or counted as failed.
  assert.equal(fit.failedResamples + fit.bootstrap.eta.length, 20);
  assert.equal(fit.bootstrap.delta.length, fit.bootstrap.eta.length);
});

Deno.test("bootstrap intervals are reproducible for a seed and bracket the estimate", () => {
  const orders = simulateMetaorders(500, { seed: 3 });
  const obs = { sizes: sizesOf(orders), impacts: impactsOf(orders) };
  const opts = { dailyVolatility: 0.03, averageDailyVolume: 100_000, method: "binned" as const, seed: 9 };
  const a = calibrateSquareRoot(obs, opts), b = calibrateSquareRoot(obs, opts);
  assert.deepEqual(a.etaInterval, b.etaInterval);
  assert.deepEqual(a.deltaInterval, b.deltaInterval);
  assert.ok(a.deltaInterval![0] < a.delta && a.delta < a.deltaInterval![1]);
  const c = calibrateSquareRoot(obs, { ...opts, seed: 10 });
  assert.notDeepEqual(a.deltaInterval, c.deltaInterval);
});

Deno.test("calibration results are plain JSON", () => {
  const fit = calibrateSquareRoot({ sizes: [1, 2, 4], impacts: [0.001, 0.0014, 0.002] }, {
    dailyVolatility: 0.01,
    averageDailyVolume: 100,
    bootstrapSamples: 10,
  });
  const round = JSON.parse(JSON.stringify(fit));
  assert.equal(round.eta, fit.eta);
  assert.deepEqual(round.model, fit.model!.toJSON());
});

Deno.test("calibration rejects every kind of bad input with a message naming it", () => {
  const ok = { dailyVolatility: 0.02, averageDailyVolume: 1_000 };
  const cal = (sizes: unknown, impacts: unknown, opts: object = ok) => () =>
    calibrateSquareRoot({ sizes, impacts } as never, opts as never);
  assertThrowsWith(
    cal([1, NaN, 3], [1, 2, 3]),
    RangeError,
    /sizes\[1\] must be a finite number: current value is NaN/,
  );
  assertThrowsWith(cal([1, 2, 3], [1, 2, Infinity]), RangeError, /impacts\[2\].*Infinity/);
  assertThrowsWith(cal([1, 2], [1, 2, 3]), TypeError, /same length.*2 and 3/);
  assertThrowsWith(cal([], []), RangeError, /empty/);
  assertThrowsWith(cal("abc", [1]), TypeError, /sizes must be an array/);
  assertThrowsWith(
    cal([1, 2], [0.1, 0.2], { ...ok, dailyVolatility: 0 }),
    RangeError,
    /dailyVolatility must be finite and > 0: current value is 0/,
  );
  assertThrowsWith(
    cal([1, 2], [0.1, 0.2], { ...ok, dailyVolatility: -1 }),
    RangeError,
    /dailyVolatility.*-1/,
  );
  assertThrowsWith(
    cal([1, 2], [0.1, 0.2], { ...ok, averageDailyVolume: -5 }),
    RangeError,
    /averageDailyVolume.*-5/,
  );
  assertThrowsWith(
    cal([1, 2], [0.1, 0.2], { ...ok, averageDailyVolume: [1, 0] }),
    RangeError,
    /averageDailyVolume\[1\].*0/,
  );
  assertThrowsWith(
    cal([1, 2], [0.1, 0.2], { ...ok, dailyVolatility: [1] }),
    TypeError,
    /one per observation/,
  );
  assertThrowsWith(cal([1, 2, 3], [0.1, -0.2, 0]), RangeError, /fewer than two usable points.*1 of 3/);
  assertThrowsWith(cal([5, 5, -5], [0.1, 0.2, -0.1]), RangeError, /all usable sizes are equal/);
  assertThrowsWith(cal([1, 2], [0.1, 0.2], { ...ok, confidence: 1 }), RangeError, /confidence/);
  assertThrowsWith(cal([1, 2], [0.1, 0.2], { ...ok, bootstrapSamples: -1 }), RangeError, /bootstrapSamples/);
  assertThrowsWith(cal([1, 2], [0.1, 0.2], { ...ok, method: "magic" }), RangeError, /method/);
  // A fitted delta outside (0, 2] no longer throws (method change): the fit is returned flagged unreliable.
  const falling = calibrateSquareRoot({ sizes: [1, 2], impacts: [0.2, 0.1] }, ok);
  assert.equal(falling.reliable, false);
  assert.match(falling.warnings.join("\n"), /fitted delta -1 is outside \(0, 2\]/);
});

Deno.test("SquareRootModel and calibrateSquareRoot: null options, overflow and string numbers are named", () => {
  assertThrowsWith(
    () => new SquareRootModel(null as never),
    TypeError,
    /^Cannot create SquareRootModel: parameters must be an object .*current value is null$/,
  );
  const law = new SquareRootModel({ eta: 1, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1e-300 });
  assertThrowsWith(
    () => law.cost(1e300, 60_000),
    RangeError,
    /^Cannot compute impact: the impact overflows double precision with orderSize = 1e\+300/,
  );
  const fine = new SquareRootModel({ eta: 1, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1e6 });
  assertThrowsWith(
    () => fine.cost(1e200, 1e200),
    RangeError,
    /^Cannot compute impact cost: the cost \|I\(Q\)\| midPrice \|Q\| overflows double precision/,
  );
  assertThrowsWith(() => law.impacts([1, 1e300]), RangeError, /the impact of orderSizes\[1\] overflows/);

  const observations = { sizes: [100, 400, 900], impacts: [0.001, 0.002, 0.003] };
  assertThrowsWith(
    () => calibrateSquareRoot(observations, null as never),
    TypeError,
    /^Cannot calibrate square-root law: options must be an object .*current value is null$/,
  );
  assertThrowsWith(
    () =>
      calibrateSquareRoot(observations, {
        dailyVolatility: 0.02,
        averageDailyVolume: 1e4,
        confidence: "0.9" as never,
      }),
    TypeError,
    /confidence must be a number: current value is the string "0\.9"/,
  );
  // |Q| / V overflows: this used to end in "fewer than two bins with a positive mean impact" (or NaN fits).
  for (const method of ["pointwise", "binned"] as const) {
    assertThrowsWith(
      () =>
        calibrateSquareRoot({ sizes: [1e300, 2e300, 3e300], impacts: [0.001, 0.002, 0.003] }, {
          dailyVolatility: 0.02,
          averageDailyVolume: 1e-300,
          method,
          bootstrapSamples: 0,
        }),
      RangeError,
      /^Cannot calibrate square-root law: \|sizes\[0\]\| \/ averageDailyVolume overflows in double precision/,
    );
  }
  assertThrowsWith(
    () =>
      calibrateSquareRoot({ sizes: [1, 2, 3], impacts: [1e300, 2e300, 3e300] }, {
        dailyVolatility: 1e-300,
        averageDailyVolume: 10,
      }),
    RangeError,
    /impacts\[0\] \/ dailyVolatility overflows double precision/,
  );
});

Deno.test("pointwise bootstrap draws equal the direct fit of each expanded resample (the no-exp kernel)", () => {
  // Expected: for each resample, the counts SeededRandom(seed).resampleCounts draws (the library's i.i.d.
  // bootstrap), the OLS of ln(impact / sigma) on ln(q) over the expanded sample and Duan's smearing,
  // computed here directly with an exp per point. Two noise levels: small (the series path) and large.
  for (const noise of [0.3, 3]) {
    const rng = new SeededRandom(11);
    const n = 400, sizes: number[] = [], impacts: number[] = [];
    for (let i = 0; i < n; i++) {
      const q = Math.exp(Math.log(1e-4) + rng.uniform() * Math.log(1e3));
      sizes.push(q * 1e5);
      impacts.push(0.02 * 0.8 * Math.sqrt(q) * Math.exp(noise * rng.normal()));
    }
    const fit = calibrateSquareRoot({ sizes, impacts }, {
      dailyVolatility: 0.02,
      averageDailyVolume: 1e5,
      bootstrapSamples: 5,
      seed: 7,
    });
    const x = sizes.map((s) => Math.log(s / 1e5)), y = impacts.map((v) => Math.log(v / 0.02));
    const draws = new SeededRandom(7), counts = new Int32Array(n);
    for (let r = 0; r < 5; r++) {
      draws.resampleCounts(counts);
      let w = 0, mx = 0, my = 0;
      for (let j = 0; j < n; j++) {
        w += counts[j]!;
        mx += counts[j]! * x[j]!;
        my += counts[j]! * y[j]!;
      }
      mx /= w;
      my /= w;
      let sxx = 0, sxy = 0;
      for (let j = 0; j < n; j++) {
        sxx += counts[j]! * (x[j]! - mx) ** 2;
        sxy += counts[j]! * (x[j]! - mx) * (y[j]! - my);
      }
      const slope = sxy / sxx, intercept = my - slope * mx;
      let smear = 0;
      for (let j = 0; j < n; j++) smear += counts[j]! * Math.exp(y[j]! - intercept - slope * x[j]!);
      assertClose(fit.bootstrap.delta[r]!, slope, { rel: 1e-12 });
      assertClose(fit.bootstrap.eta[r]!, Math.exp(intercept) * smear / w, { rel: 1e-12 });
    }
  }
});
