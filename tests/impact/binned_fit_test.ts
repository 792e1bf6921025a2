import assert from "node:assert/strict";
import { fitBinnedCrossover, fitBinnedSquareRoot } from "@lib/impact/mod.ts";
import { SeededRandom } from "@lib/core/random.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const DAY = 86_400_000;

/** Seeded synthetic observations of y = eta x^delta + noise over `days` days (labelled synthetic). */
function synthetic(n: number, days: number, seed: number, eta = 0.8, delta = 0.5, noise = 0.05) {
  const rng = new SeededRandom(seed);
  const x = new Float64Array(n), y = new Float64Array(n), t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.exp(Math.log(1e-5) + rng.uniform() * Math.log(0.1 / 1e-5));
    y[i] = eta * x[i]! ** delta + noise * rng.normal();
    t[i] = Math.floor((i * days) / n) * DAY + 1000 * (i % 1000);
  }
  return { x, y, t };
}

Deno.test("fitBinnedSquareRoot equals a weighted least squares computed by hand (scipy) on three bins", () => {
  // Three bins of two observations: means 0.025, 0.0425, 0.09 at x = 1e-3, 4e-3, 16e-3; standard errors
  // |a - b| / 2 = 0.005, 0.0075, 0.02. Expected: scipy.optimize.curve_fit(Y x^d, sigma = se) and, the same,
  // the bounded minimum of the profile sum of squares: Y = 0.565175138, delta = 0.457878679.
  const x = [1e-3, 1e-3, 4e-3, 4e-3, 16e-3, 16e-3];
  const y = [0.02, 0.03, 0.05, 0.035, 0.07, 0.11];
  const fit = fitBinnedSquareRoot(x, y, { bins: 3, bootstrapSamples: 0 });
  assert.deepEqual(fit.bins.count, [2, 2, 2]);
  assertClose(fit.bins.standardError[1]!, 0.0075, { rel: 1e-12 });
  assertClose(fit.delta, 0.45787867941136534, { abs: 1e-11 });
  assertClose(fit.eta, 0.565175138123483, { rel: 1e-10 });
  assert.match(fit.weighting, /1 \/ se\^2/);
  assert.equal(fit.etaInterval, null);
});

Deno.test("fitBinnedSquareRoot recovers a known law (seeded synthetic data, 30 day blocks)", () => {
  const { x, y, t } = synthetic(30_000, 30, 1);
  const fit = fitBinnedSquareRoot(x, y, { timestamps: t, bootstrapSamples: 200 });
  assert.equal(fit.blocks, 30);
  assertClose(fit.delta, 0.5, { abs: 0.03 });
  assertClose(fit.eta, 0.8, { rel: 0.08 });
  assert.ok(fit.deltaInterval![0] < 0.5 && 0.5 < fit.deltaInterval![1], `${fit.deltaInterval}`);
  assert.ok(fit.reliable, fit.warnings.join("; "));
  assert.equal(fit.intervalNote, null);
  // Same seed, same numbers.
  assert.deepEqual(fitBinnedSquareRoot(x, y, { timestamps: t, bootstrapSamples: 200 }), fit);
});

Deno.test("fitBinnedSquareRoot keeps a bin whose mean is negative, and the fit changes if it is dropped", () => {
  // Five bins of 4 observations on y = sqrt(x), except the second bin's y are all -0.02.
  const x: number[] = [], y: number[] = [];
  [1e-4, 4e-4, 1e-3, 4e-3, 1e-2].forEach((q, k) => {
    for (let j = 0; j < 4; j++) {
      x.push(q * (1 + 0.01 * j));
      y.push(k === 1 ? -0.02 + 0.001 * j : Math.sqrt(q) * (1 + 0.05 * (j - 1.5)));
    }
  });
  const all = fitBinnedSquareRoot(x, y, { bins: 5, bootstrapSamples: 0 });
  assert.equal(all.bins.count.length, 5);
  assert.ok(all.bins.meanImpact[1]! < 0);
  const keep = (i: number) => i < 4 || i >= 8;
  const dropped = fitBinnedSquareRoot(x.filter((_, i) => keep(i)), y.filter((_, i) => keep(i)), {
    bins: 4,
    bootstrapSamples: 0,
  });
  // Without the negative bin the four others lie on sqrt(x) (up to symmetric noise): delta near 0.5.
  assertClose(dropped.delta, 0.5, { abs: 0.01 });
  // With it, the fit moves: the negative bin pulls the small-x end down, so delta rises.
  assert.ok(all.delta - dropped.delta > 0.05, `kept ${all.delta} vs dropped ${dropped.delta}`);
});

Deno.test("fitBinnedSquareRoot: fewer than 10 blocks give no interval, and say so", () => {
  const { x, y } = synthetic(2_000, 1, 2);
  const block = Int32Array.from(x, (_, i) => Math.floor(i / 250)); // 8 blocks of 250
  const fit = fitBinnedSquareRoot(x, y, { block, bootstrapSamples: 100 });
  assert.equal(fit.units, 8);
  assert.equal(fit.etaInterval, null);
  assert.equal(fit.deltaInterval, null);
  assert.equal(fit.intervalNote, "no interval (8 blocks)");
  assert.ok(fit.warnings.includes("no interval (8 blocks)"));
  assert.equal(fit.bootstrap.eta.length, 100); // the draws are there; only the interval is withheld
});

Deno.test("fitBinnedSquareRoot resamples a sliver block with its neighbour", () => {
  const { x, y } = synthetic(2_200, 1, 3);
  // Eleven blocks of 200, then a sliver of 2 observations taken from the last block's end.
  const block = Int32Array.from(x, (_, i) => (i >= 2_198 ? 11 : Math.floor(i / 200)));
  const fit = fitBinnedSquareRoot(x, y, { block, bootstrapSamples: 50 });
  assert.equal(fit.blocks, 12);
  assert.equal(fit.units, 11);
  assert.equal(fit.mergedSlivers, 1);
  assert.ok(fit.etaInterval !== null);
  const unmerged = fitBinnedSquareRoot(x, y, { block, bootstrapSamples: 50, mergeSlivers: false });
  assert.equal(unmerged.units, 12);
  assert.equal(unmerged.eta, fit.eta); // the point estimate does not depend on the resampling units
});

Deno.test("shuffled-sign null: the interval of Y includes 0, and the fit is flagged not reliable", () => {
  // The synthetic law's impacts with random signs: no relation between size and signed impact. A fit on
  // the logs of the positive bin means would find a 'law' in the half of the bins that came out positive.
  const { x, y, t } = synthetic(30_000, 30, 4);
  const rng = new SeededRandom(5);
  const shuffled = Float64Array.from(y, (v) => (rng.uniform() < 0.5 ? -v : v));
  const fit = fitBinnedSquareRoot(x, shuffled, { timestamps: t, bootstrapSamples: 300 });
  assert.equal(fit.reliable, false);
  const deltaUnreliable = fit.deltaInterval === null ||
    !(fit.deltaInterval![0] > 0 && fit.deltaInterval![1] <= 2);
  const etaCoversZero = fit.etaInterval !== null && fit.etaInterval![0] <= 0 && 0 <= fit.etaInterval![1];
  assert.ok(etaCoversZero || deltaUnreliable, `${fit.etaInterval} ${fit.deltaInterval}`);
  assert.ok(fit.bins.meanImpact.some((v) => v < 0), "some bin means are negative and kept");
});

Deno.test("fitBinnedSquareRoot returns an unreliable result instead of throwing when every bin mean is <= 0", () => {
  const x = [1e-4, 2e-4, 1e-3, 2e-3, 1e-2, 2e-2];
  const fit = fitBinnedSquareRoot(x, x.map((q) => -Math.sqrt(q)), { bins: 3, bootstrapSamples: 20 });
  assert.equal(fit.reliable, false);
  assert.match(fit.warnings[0]!, /every bin mean is <= 0/);
  const flat = fitBinnedSquareRoot([1e-3, 1e-3, 1e-3, 1e-3], [0.1, 0.2, 0.1, 0.2], {
    bins: 2,
    bootstrapSamples: 0,
  });
  assert.equal(flat.reliable, false);
  assert.match(flat.warnings.join(";"), /fewer than two non-empty bins|same mean participation/);
});

Deno.test("fitBinnedSquareRoot: log bins, minimum bin count, and argument checks", () => {
  const { x, y } = synthetic(5_000, 1, 6);
  const fit = fitBinnedSquareRoot(x, y, { binning: "log", bins: 30, minBinCount: 100, bootstrapSamples: 0 });
  assert.ok(fit.bins.count.every((c) => c >= 100), `${fit.bins.count}`);
  assert.ok(fit.bins.count.length <= 30);
  assertClose(fit.delta, 0.5, { abs: 0.06 });
  assertThrowsWith(() => fitBinnedSquareRoot([1, 0], [1, 1]), RangeError, /x\[1\] must be > 0/);
  assertThrowsWith(() => fitBinnedSquareRoot([1, 2], [1]), TypeError, /same length|length/);
  assertThrowsWith(
    () => fitBinnedSquareRoot([1, 2], [1, 2], { bins: 1 }),
    RangeError,
    /bins must be an integer >= 2/,
  );
  assertThrowsWith(
    () => fitBinnedSquareRoot([1, 2], [1, 2], { binning: "linear" as never }),
    RangeError,
    /binning must be "quantile" or "log"/,
  );
});

Deno.test("fitBinnedCrossover recovers the crossover of seeded synthetic data, with an interval", () => {
  // y = 2 x / sqrt(1 + x / 1e-3) + noise: linear below x_c = 1e-3, square root above (synthetic).
  const rng = new SeededRandom(7);
  const n = 20_000, x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.exp(Math.log(1e-5) + rng.uniform() * Math.log(0.1 / 1e-5));
    y[i] = (2 * x[i]!) / Math.sqrt(1 + x[i]! / 1e-3) + 0.002 * rng.normal();
  }
  const block = Int32Array.from(x, (_, i) => Math.floor(i / 1_000));
  const fit = fitBinnedCrossover(x, y, { block, bootstrapSamples: 200 });
  assert.equal(fit.form, "crossover");
  assertClose(fit.crossover!, 1e-3, { rel: 0.3 });
  assert.ok(fit.crossoverInterval![0] < 1e-3 && 1e-3 < fit.crossoverInterval![1], `${fit.crossoverInterval}`);
  assert.equal(fit.deltaInterval, null);
  assert.ok(fit.reliable, fit.warnings.join("; "));
  assertThrowsWith(() => fitBinnedCrossover(x, y, { delta: 3 }), RangeError, /delta must be in \(0, 2\]/);
});

Deno.test("fitBinnedCrossover names the one regime when the data show no crossover", () => {
  // Synthetic: y = x^0.5 throughout (no linear regime) and y = 3 x throughout (no square-root regime).
  const x = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2].flatMap((q) => [q, q * 1.01]);
  const root = fitBinnedCrossover(x, x.map((q) => Math.sqrt(q)), { bins: 7, bootstrapSamples: 0 });
  assert.equal(root.reliable, false);
  assert.ok(root.warnings.some((w) => /no linear regime inside the data/.test(w)), root.warnings.join("; "));
  const linear = fitBinnedCrossover(x, x.map((q) => 3 * q), { bins: 7, bootstrapSamples: 0 });
  assert.equal(linear.reliable, false);
  assert.ok(linear.warnings.some((w) => /bins are linear throughout/.test(w)), linear.warnings.join("; "));
});
