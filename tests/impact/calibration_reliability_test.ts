import assert from "node:assert/strict";
import { analyzeTrade, calibrateSquareRoot, SquareRootModel } from "@lib/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const SIGMA = 0.02, V = 10_000;
const DAY = 86_400_000;

Deno.test("binned least squares recovers eta and delta to 1e-9 from exact bin means, orders against their side kept", () => {
  // 10 bins of 4 equal sizes; inside a bin the impacts are the law +-e with e larger than the law, so half the
  // orders move against their side (a log fit would drop them) while each bin mean is the law exactly.
  const eta = 0.7, delta = 0.6;
  const sizes: number[] = [], impacts: number[] = [];
  for (let b = 0; b < 10; b++) {
    const q = 5 * 2 ** b, law = SIGMA * eta * (q / V) ** delta;
    for (const e of [-2, 2, -3, 3]) {
      sizes.push(q);
      impacts.push(law + e * law);
    }
  }
  const fit = calibrateSquareRoot({ sizes, impacts }, {
    dailyVolatility: SIGMA,
    averageDailyVolume: V,
    method: "binned",
    bins: 10,
    bootstrapSamples: 0,
  });
  assertClose(fit.eta, eta, { rel: 1e-9 });
  assertClose(fit.delta, delta, { abs: 1e-9 });
  assert.equal(fit.dropped, 0);
  assert.equal(fit.n, 40);
  assert.deepEqual(fit.binned!.count, Array(10).fill(4));
  assert.match(fit.binned!.weighting, /inverse variance/);
  assert.ok(fit.reliable);
});

Deno.test("binned least squares on negative bin means: keeps them and reaches the weighted optimum", () => {
  // Bin means that the law cannot fit exactly, the smallest ones negative (offsets below the law), with the
  // same spread in every bin: at the fitted (eta, delta) the weighted normal equations
  // sum_b w r m = 0 and sum_b w r eta m ln q = 0 hold (first-order optimality).
  const sizes: number[] = [], impacts: number[] = [];
  const offsets = [-0.8, -0.5, 0.3, -0.2, 0.4, -0.1, 0.2, 0.1];
  offsets.forEach((o, b) => {
    const q = 10 * 2 ** b, law = SIGMA * 0.8 * (q / V) ** 0.5;
    for (const e of [-1, 1.5, -0.5]) {
      sizes.push(q);
      impacts.push(law + o * SIGMA * 0.1 + e * SIGMA * 0.05);
    }
  });
  const fit = calibrateSquareRoot({ sizes, impacts }, {
    dailyVolatility: SIGMA,
    averageDailyVolume: V,
    method: "binned",
    bins: offsets.length,
    bootstrapSamples: 0,
  });
  const { participation, meanImpact, weight } = fit.binned!;
  assert.ok(meanImpact.filter((y) => y < 0).length >= 2, `negative bin means ${meanImpact}`);
  assert.equal(meanImpact.length, offsets.length);
  assert.equal(fit.n, sizes.length);
  let g1 = 0, g2 = 0, scale = 0;
  participation.forEach((q, b) => {
    const m = q ** fit.delta, r = meanImpact[b]! - fit.eta * m;
    g1 += weight[b]! * r * m;
    g2 += weight[b]! * r * fit.eta * m * Math.log(q);
    scale += weight[b]! * meanImpact[b]! ** 2;
  });
  assert.ok(Math.abs(g1) < 1e-10 * scale && Math.abs(g2) < 1e-9 * scale, `gradient ${g1}, ${g2}`);
  // Weights are inverse variances of the bin means, normalised to sum to the number of bins.
  const se = fit.binned!.standardError;
  assertClose(se[0]!, se[7]!, { rel: 1e-9 }); // equal spreads, so equal weights
  assertClose(weight[0]! / weight[1]!, (se[1]! / se[0]!) ** 2, { rel: 1e-12 });
  assert.ok(fit.delta > 0.5 && fit.delta < 2 && fit.eta > 0, `eta ${fit.eta}, delta ${fit.delta}`);
  assertClose(weight.reduce((a, b) => a + b, 0), offsets.length, { rel: 1e-12 });
});

Deno.test("a fitted delta outside (0, 2] is reported and flagged, and downstream code refuses the fit", () => {
  const sizes = [10, 20, 40, 80, 160, 320];
  const impacts = sizes.map((q) => SIGMA * 0.5 * (q / V) ** -0.3); // impact falling with size
  for (const method of ["pointwise", "binned"] as const) {
    const fit = calibrateSquareRoot({ sizes, impacts }, {
      dailyVolatility: SIGMA,
      averageDailyVolume: V,
      method,
      bins: 3,
      bootstrapSamples: 50,
    });
    assert.ok(fit.delta < 0, `${method} delta ${fit.delta}`);
    assert.equal(fit.reliable, false);
    assert.match(fit.warnings[0]!, /fitted delta -0\.3\d* is outside \(0, 2\]/);
    assert.equal(fit.model, null);
    assertThrowsWith(
      () => new SquareRootModel({ ...fit, dailyVolatility: SIGMA, averageDailyVolume: V }),
      RangeError,
      /Cannot create SquareRootModel: law is a calibration flagged unreliable \(the fitted delta/,
    );
    const buy = {
      size: 50,
      executionPrice: 100.1,
      arrivalPrice: 100,
      vwap: 100.05,
      spread: 0.02,
      averageDailyVolume: 1_000,
      dailyVolatility: SIGMA,
    };
    assertThrowsWith(
      () => analyzeTrade(buy, { impactLaw: fit }),
      RangeError,
      /impactLaw is a calibration flagged unreliable/,
    );
  }
});

Deno.test("intervals stay inside the law's domain whenever a fit is flagged reliable", () => {
  // Small, very noisy samples: some fits have intervals reaching delta <= 0 and must say so.
  let reliable = 0, unreliable = 0;
  for (let seed = 1; seed <= 24; seed++) {
    const orders = simulateMetaorders(60, { seed, marketNoise: 3 });
    for (const method of ["pointwise", "binned"] as const) {
      const fit = calibrateSquareRoot(
        { sizes: orders.map((o) => o.size), impacts: orders.map((o) => o.realizedImpact) },
        {
          dailyVolatility: orders.map((o) => o.dailyVolatility),
          averageDailyVolume: orders.map((o) => o.averageDailyVolume),
          method,
          bins: 5,
          bootstrapSamples: 100,
          seed,
        },
      );
      if (fit.reliable) {
        reliable++;
        assert.ok(fit.deltaInterval![0] > 0 && fit.deltaInterval![1] <= 2, `delta ${fit.deltaInterval}`);
        assert.ok(fit.etaInterval![0] > 0, `eta ${fit.etaInterval}`);
        assert.ok(fit.model instanceof SquareRootModel);
      } else {
        unreliable++;
        assert.ok(fit.warnings.length > 0 && fit.model === null);
      }
    }
  }
  assert.ok(reliable > 0 && unreliable > 0, `reliable ${reliable}, unreliable ${unreliable}`);
});

/** Three days with the same sizes; each day's impacts follow the law with its own eta, delta 1/2 on all. */
function threeDays() {
  const sizes: number[] = [], impacts: number[] = [], timestamps: number[] = [];
  [0.5, 1, 2].forEach((eta, d) => {
    [10, 30, 100, 300, 1_000].forEach((q, k) => {
      sizes.push(q);
      impacts.push(SIGMA * eta * (q / V) ** 0.5);
      timestamps.push(d * DAY + k * 3_600_000);
    });
  });
  return { sizes, impacts, timestamps };
}

Deno.test("block bootstrap resamples whole days: every resample of whole days has delta exactly 1/2", () => {
  // With the same sizes on every day, any combination of whole days keeps sizes and day effects orthogonal,
  // so the pointwise slope is exactly 1/2; a resample that split a day would not be.
  const { sizes, impacts, timestamps } = threeDays();
  const base = { dailyVolatility: SIGMA, averageDailyVolume: V, bootstrapSamples: 200, seed: 3 };
  for (const block of [undefined, "day", { count: 5 }, { seconds: 86_400 }] as const) {
    const fit = calibrateSquareRoot({ sizes, impacts }, {
      ...base,
      timestamps,
      ...(block ? { blocks: block } : {}),
    });
    assert.equal(fit.resampling.unit, "block");
    assert.equal(fit.resampling.units, 3);
    assert.deepEqual(fit.resampling.blocks, block ?? "day");
    assert.equal(fit.bootstrap.delta.length, 200);
    for (const d of fit.bootstrap.delta) assertClose(d, 0.5, { abs: 1e-9 });
    assert.ok(new Set(fit.bootstrap.eta.map((e) => e.toFixed(9))).size > 3, "eta varies with the days drawn");
    // Three blocks are too few for an interval: the draws are kept, the interval is withheld.
    assert.equal(fit.deltaInterval, null);
    assert.equal(fit.intervalNote, "no interval (3 blocks)");
  }
  // The i.i.d. bootstrap splits days, so its slopes vary.
  const iid = calibrateSquareRoot({ sizes, impacts }, base);
  assert.equal(iid.resampling.unit, "observation");
  assert.match(iid.resampling.description, /i\.i\.d\. bootstrap over 15 observations/);
  assert.ok(iid.bootstrap.delta.some((d) => Math.abs(d - 0.5) > 1e-3));
  assertThrowsWith(
    () => calibrateSquareRoot({ sizes, impacts }, { ...base, blocks: "day" }),
    TypeError,
    /blocks needs timestamps/,
  );
  assertThrowsWith(
    () => calibrateSquareRoot({ sizes, impacts }, { ...base, timestamps: timestamps.slice(1) }),
    TypeError,
    /timestamps/,
  );
  assertThrowsWith(
    () => calibrateSquareRoot({ sizes, impacts }, { ...base, timestamps, blocks: { count: 0 } }),
    RangeError,
    /blocks\.count must be an integer >= 1/,
  );
});
