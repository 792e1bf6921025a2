import assert from "node:assert/strict";
import { Matrix, solve } from "ml-matrix";
import { LinearImpactModel } from "@lib/mod.ts";
import { SeededRandom } from "@lib/core/mod.ts";
import { assertAllClose, assertClose, assertThrowsWith } from "../_assert.ts";

function design(n: number, scales: number[], seed: number): number[][] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, () => scales.map((s) => s * rng.normal() + s));
}

Deno.test("recovers exact coefficients and intercept from noiseless data", () => {
  const beta = [1.5, -2, 0.25, 3, -0.125];
  const X = design(40, [1, 1, 1, 1, 1], 1);
  const y = X.map((r) => 0.7 + r.reduce((s, v, j) => s + v * beta[j]!, 0));
  const model = new LinearImpactModel().fit(X, y);
  assertAllClose(model.coefficients, beta, { abs: 1e-12 });
  assertClose(model.intercept, 0.7, { abs: 1e-12 });
  assertClose(model.score(X, y), 1, { abs: 1e-14 });
});

Deno.test("QR stays exact on badly scaled columns (1e-6 to 1e6), where normal equations lose digits", () => {
  const beta = [2e6, -3, 4e-6];
  const X = design(30, [1e-6, 1, 1e6], 2);
  const y = X.map((r) => -1 + r.reduce((s, v, j) => s + v * beta[j]!, 0));
  const model = new LinearImpactModel().fit(X, y);
  assertAllClose(model.coefficients, beta, { rel: 1e-9 });
  assertClose(model.intercept, -1, { abs: 1e-8 });
});

Deno.test("ridge matches the closed form on centred data and never penalises the intercept", () => {
  const rng = new SeededRandom(3);
  const X = design(50, [1, 2, 0.5], 3);
  const y = X.map((r) => 10 + r[0]! - 2 * r[1]! + 0.5 * rng.normal());
  const ridge = 7;
  const model = new LinearImpactModel({ ridge }).fit(X, y);
  // Independent computation: (Xc'Xc + ridge I)^-1 Xc'yc, intercept = mean(y) - mean(x) . beta
  const means = [0, 1, 2].map((j) => X.reduce((s, r) => s + r[j]!, 0) / X.length);
  const yMean = y.reduce((a, b) => a + b, 0) / y.length;
  const Xc = new Matrix(X.map((r) => r.map((v, j) => v - means[j]!)));
  const yc = Matrix.columnVector(y.map((v) => v - yMean));
  const A = Xc.transpose().mmul(Xc).add(Matrix.eye(3).mul(ridge));
  const expected = solve(A, Xc.transpose().mmul(yc)).to1DArray();
  assertAllClose(model.coefficients, expected, { abs: 1e-10 });
  assertClose(model.intercept, yMean - means.reduce((s, m, j) => s + m * expected[j]!, 0), { abs: 1e-10 });
  // A huge penalty shrinks every slope to 0 but leaves the intercept at mean(y).
  const flat = new LinearImpactModel({ ridge: 1e12 }).fit(X, y);
  assert.ok(Array.from(flat.coefficients).every((b) => Math.abs(b) < 1e-6));
  assertClose(flat.intercept, yMean, { abs: 1e-4 });
});

Deno.test("serialisation round trip is exact", () => {
  const X = design(20, [1, 3], 4);
  const y = X.map((r) => Math.sin(r[0]!) + r[1]! / 7);
  const model = new LinearImpactModel({ ridge: 0.5 }).fit(X, y);
  const copy = LinearImpactModel.fromJSON(JSON.parse(JSON.stringify(model)));
  assert.deepEqual(copy.toJSON(), model.toJSON());
  assert.deepEqual(copy.predict(X), model.predict(X));
});

Deno.test("a constant column gets coefficient 0 (minimum norm); the others are still exact", () => {
  // 0.01 repeated: its mean is not exactly 0.01 in floating point, so the centred column is rounding noise.
  const X = design(30, [1, 1], 6).map((r) => [r[0]!, 0.01, r[1]!]);
  const y = X.map((r) => 2 + 3 * r[0]! - r[2]!);
  const model = new LinearImpactModel().fit(X, y);
  assert.equal(model.coefficients[1], 0);
  assertClose(model.coefficients[0]!, 3, { abs: 1e-12 });
  assertClose(model.coefficients[2]!, -1, { abs: 1e-12 });
  assertClose(model.intercept, 2, { abs: 1e-12 });
  // Every column constant: the model is the mean of y.
  const flat = new LinearImpactModel().fit([[1], [1], [1]], [1, 2, 6]);
  assert.deepEqual(Array.from(flat.coefficients), [0]);
  assertClose(flat.intercept, 3, { abs: 1e-15 });
});

Deno.test("collinear columns without ridge get an error that suggests a ridge; with ridge they fit", () => {
  const X = design(10, [1, 1], 5).map((r) => [r[0]!, r[1]!, r[0]! + 2 * r[1]!]);
  const y = X.map((r) => r[0]!);
  assertThrowsWith(() => new LinearImpactModel().fit(X, y), RangeError, /collinear \(column 2 is .*ridge/);
  assert.ok(Number.isFinite(new LinearImpactModel({ ridge: 1e-3 }).fit(X, y).intercept));
});

Deno.test("bad input gets clear errors", () => {
  const m = new LinearImpactModel();
  assertThrowsWith(() => m.fit([], []), RangeError, /X is empty/);
  assertThrowsWith(() => m.fit([[1, 2], [3]], [1, 2]), TypeError, /X\[1\] must have 2 columns/);
  assertThrowsWith(
    () => m.fit([[1], [NaN], [3]], [1, 2, 3]),
    RangeError,
    /X\[1\]\[0\] must be a finite number/,
  );
  assertThrowsWith(
    () => m.fit([[1], [2], [3]], [1, 2]),
    TypeError,
    /same length: current lengths are 3 and 2/,
  );
  assertThrowsWith(() => m.fit([[1], [2]], [1, NaN]), RangeError, /y\[1\] must be a finite number/);
  assertThrowsWith(
    () => m.fit([[1, 2], [3, 5]], [1, 2]),
    RangeError,
    /at least 3 rows for 2 non-constant columns/,
  );
  assertThrowsWith(() => m.predict([[1]]), Error, /not fitted/);
  assertThrowsWith(() => new LinearImpactModel({ ridge: -1 }), RangeError, /ridge must be finite and >= 0/);
  const fitted = new LinearImpactModel().fit([[0], [1], [2]], [0, 1, 2]);
  assertThrowsWith(
    () => fitted.predict([[1, 2]]),
    TypeError,
    /X\[0\] must have 1 columns: current length is 2/,
  );
});

Deno.test("an overflowing column is named as an overflow, not as collinearity", () => {
  const y = [1, 2, 3, 4];
  // Centred squares of 1e200 overflow: the column's norm is Infinity, every scaled entry 0, so QR used to
  // report "the columns of X are collinear".
  assertThrowsWith(
    () => new LinearImpactModel().fit([[1, 1e200], [2, -1e200], [3, 2e200], [5, -3e200]], y),
    RangeError,
    /^Cannot fit linear model: column 1 of X overflows double precision .*current centred norm is Infinity$/,
  );
  assertThrowsWith(
    () => new LinearImpactModel().fit([[1e308], [1e308], [1e308], [-1]], y),
    RangeError,
    /column 0 of X overflows double precision .*current mean is Infinity/,
  );
  assertThrowsWith(
    () => new LinearImpactModel().fit([[1], [2], [3], [4]], [1e308, 1e308, 1e308, 1]),
    RangeError,
    /the mean of y overflows double precision/,
  );
  for (
    const fit of [() => new LinearImpactModel().fit([[1, 1e200], [2, -1e200], [3, 2e200], [5, -3e200]], y)]
  ) {
    assert.throws(fit, (e: unknown) => !/collinear/.test((e as Error).message));
  }
});
