import assert from "node:assert/strict";
import fc from "fast-check";
import { dieboldMarianoVerdict } from "@lib/mod.ts";
import { dieboldMariano } from "@lib/ml/mod.ts";
import { normalTwoSided, studentTTwoSided } from "../../lib/ml/_distributions.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

// Deterministic errors, rebuilt with the same formulas in numpy for the independent computation
// (/usr/bin/python3 with numpy 1.x and scipy.stats, run by hand; its script is quoted in the report).
const n = 80;
const t = Array.from({ length: n }, (_, i) => i);
const ea = t.map((i) => Math.sin(1.7 * i) + 0.5 * Math.cos(0.37 * i));
const eb = t.map((i, k) => 0.9 * ea[k]! + 0.3 * Math.cos(2.3 * i) + 0.2); // close to A
const ec = t.map((i, k) => 1.2 * ea[k]! + 0.4 * Math.sin(0.9 * i)); // clearly worse than A
const folds = t.map((i) => Math.floor(i / 20));

// [model, horizon, loss, hln, statistic, p-value, mean loss difference] from numpy/scipy.
const expected: [string, number, "squared" | "absolute", boolean, number, number, number][] = [
  ["B", 1, "squared", true, 0.7548554348563825, 0.4525802266680584, 0.03979833022126978],
  ["B", 1, "squared", false, 0.7596179769586171, 0.4474829703133496, 0.03979833022126978],
  ["B", 1, "absolute", true, 1.3473099697707573, 0.18173214987668315, 0.043842045286880314],
  ["B", 4, "squared", true, 0.7312844877499611, 0.46676899078695927, 0.03979833022126978],
  ["B", 4, "absolute", false, 1.6942302718606772, 0.0902215345938459, 0.043842045286880314],
  ["C", 1, "squared", true, -5.549798561574609, 3.693071515888373e-07, -0.36964829039540037],
  ["C", 1, "absolute", false, -6.126777643764663, 8.967665646217471e-10, -0.1816044168942826],
  ["C", 4, "squared", true, -9.078602230367315, 6.832206946827593e-14, -0.36964829039540037],
  ["C", 4, "squared", false, -9.494165907686957, 2.2198132572893327e-21, -0.36964829039540037],
  ["C", 4, "absolute", true, -8.264651378148054, 2.6569179239756244e-12, -0.1816044168942826],
];

Deno.test("matches an independent numpy/scipy computation, pooled over 4 folds", () => {
  for (const [name, horizon, loss, hln, stat, p, diff] of expected) {
    const r = dieboldMariano(ea, name === "B" ? eb : ec, {
      horizon,
      loss,
      correction: hln ? "hln" : "none",
      folds,
      unit: "bps",
    });
    const label = `${name} h=${horizon} ${loss} ${hln}`;
    assertClose(r.statistic, stat, { rel: 1e-9 }, label);
    assertClose(r.pValue, p, { rel: 1e-8 }, label);
    assertClose(r.meanLossDifference, diff, { rel: 1e-12 }, label);
    assert.equal(r.folds, 4);
    assert.equal(r.degreesOfFreedom, hln ? 79 : Infinity);
    assert.equal(r.lossUnit, loss === "squared" ? "bps^2" : "bps");
  }
  // Without folds, lags cross the fold boundaries: a different number (numpy: -7.853955458281316).
  assertClose(dieboldMariano(ea, ec, { horizon: 4 }).statistic, -7.853955458281316, { rel: 1e-9 });
});

Deno.test("hand-computed example: d = [-1, -3, 1, -5]", () => {
  // mean -2, deviations [1, -1, 3, -3], gamma_0 = 20 / 4 = 5, DM = -2 / sqrt(5 / 4) = -4 / sqrt(5)
  const a = [1, 1, 1, 1], b = [Math.SQRT2, 2, 0, Math.sqrt(6)];
  const raw = dieboldMariano(a, b, { correction: "none" });
  assertClose(raw.statistic, -4 / Math.sqrt(5), { rel: 1e-12 });
  assertClose(raw.varianceOfMean, 5 / 4, { rel: 1e-12 });
  assertClose(raw.meanLossA, 1, { rel: 1e-12 });
  assertClose(raw.meanLossB, 3, { rel: 1e-12 });
  const hln = dieboldMariano(a, b);
  assertClose(hln.statistic, (-4 / Math.sqrt(5)) * Math.sqrt(0.75), { rel: 1e-12 });
  assertClose(hln.pValue, 0.21910203741704776, { rel: 1e-9 }); // scipy: 2 * t.sf(1.5492, 3)
});

Deno.test("the p-value functions match scipy.stats", () => {
  // scipy: 2 * t.sf(x, df) and 2 * norm.sf(x)
  const cases: [number, number, number, number][] = [
    [0.5, 0.638298871640929, 0.618934873730197, 0.6170750774519738],
    [1.96, 0.1072879525052941, 0.05472417352292447, 0.04999579029644087],
    [3.3, 0.021475500299997976, 0.0016433069479587048, 0.0009668482847675549],
    [7.5, 0.00066625324896618, 3.845732002806598e-10, 6.381783345821769e-14],
  ];
  for (const [x, t5, t59, z] of cases) {
    assertClose(studentTTwoSided(x, 5), t5, { rel: 1e-10 });
    assertClose(studentTTwoSided(-x, 59), t59, { rel: 1e-10 });
    assertClose(normalTwoSided(x), z, { rel: 1e-10 });
  }
});

Deno.test("a negative truncated long-run variance falls back to Bartlett weights and says so", () => {
  // Alternating differentials have gamma_1 < 0 large enough to make gamma_0 + 2 gamma_1 <= 0.
  const a = [2, 0, 2, 0, 2, 0, 2, 0.5], b = [0, 2, 0, 2, 0, 2, 0, 2];
  const r = dieboldMariano(a, b, { horizon: 2 });
  assert.equal(r.kernel, "bartlett");
  assert.ok(Number.isFinite(r.statistic) && r.pValue >= 0 && r.pValue <= 1);
});

Deno.test("property: swapping the models flips the sign; identical models are rejected", () => {
  const errors = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 5, maxLength: 40 });
  fc.assert(
    fc.property(errors, errors, (x, y) => {
      const m = Math.min(x.length, y.length);
      const a = x.slice(0, m), b = y.slice(0, m);
      let r1, r2;
      try {
        r1 = dieboldMariano(a, b, { horizon: 2 });
        r2 = dieboldMariano(b, a, { horizon: 2 });
      } catch (e) {
        assert.ok(e instanceof RangeError); // no variation in the differential
        return;
      }
      assertClose(r1.statistic, -r2.statistic, { abs: 1e-9, rel: 1e-9 });
      assertClose(r1.pValue, r2.pValue, { abs: 1e-12, rel: 1e-9 });
    }),
  );
  assertThrowsWith(() => dieboldMariano([1, 2, 3], [1, 2, 3]), RangeError, /must vary/);
});

Deno.test("verdicts: significant names the winner, otherwise no significant difference", () => {
  const ns = dieboldMarianoVerdict(dieboldMariano(ea, eb, { folds, unit: "bps" }), {
    nameA: "law",
    nameB: "network",
  });
  assert.match(ns, /^No significant difference at 5 % between law and network: mean squared error/);
  assert.match(ns, /bps\^2/);
  const s = dieboldMarianoVerdict(dieboldMariano(ea, ec, { folds, unit: "bps" }), {
    nameA: "law",
    nameB: "network",
  });
  assert.match(s, /^law is more accurate than network at 5 %/);
  assert.match(s, /difference 0\.37 bps\^2/);
  // At 1e-9 the same result is no longer significant.
  assert.match(
    dieboldMarianoVerdict(dieboldMariano(ea, ec, { folds }), { level: 1e-9 }),
    /^No significant difference at 1e-7 %/,
  );
});

Deno.test("bad input gets clear errors", () => {
  assertThrowsWith(() => dieboldMariano([1, 2, 3], [1, 2]), TypeError, /same length/);
  assertThrowsWith(() => dieboldMariano([1, 2], [1, 3]), RangeError, /at least 3/);
  assertThrowsWith(() => dieboldMariano([1, NaN, 3], [1, 2, 3]), RangeError, /errorsA\[1\]/);
  assertThrowsWith(() => dieboldMariano([1, 2, 3], [3, 2, 1], { horizon: 3 }), RangeError, /horizon/);
  assertThrowsWith(() => dieboldMariano([1, 2, 3], [3, 2, 1], { horizon: 0 }), RangeError, /horizon/);
  assertThrowsWith(() => dieboldMariano([1, 2, 3], [3, 2, 1], { folds: [0, 1] }), TypeError, /folds/);
  assertThrowsWith(
    // deno-lint-ignore no-explicit-any
    () => dieboldMariano([1, 2, 3], [3, 2, 1], { loss: "huber" as any }),
    RangeError,
    /loss must be/,
  );
  assertThrowsWith(() => dieboldMarianoVerdict(dieboldMariano(ea, eb), { level: 5 }), RangeError, /level/);
});
