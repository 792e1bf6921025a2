import assert from "node:assert/strict";
import fc from "fast-check";
import { regressionMetrics } from "@lib/ml/mod.ts";
import { coefficientOfDetermination, meanAbsoluteError, rootMeanSquaredError } from "@lib/ml/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("known values computed by hand", () => {
  // y = [1, 2, 3, 4], mean 2.5, SST = 5; residuals [0, -1, 1, 0]: SSE = 2, |r| sum = 2
  const m = regressionMetrics([1, 2, 3, 4], [1, 3, 2, 4]);
  assertClose(m.rSquared, 1 - 2 / 5, { abs: 1e-15 });
  assertClose(m.rmse, Math.sqrt(0.5), { abs: 1e-15 });
  assertClose(m.mae, 0.5, { abs: 1e-15 });
  assert.equal(m.n, 4);
  assert.equal(coefficientOfDetermination([1, 2, 3, 4], [1, 3, 2, 4]), m.rSquared);
  assert.equal(rootMeanSquaredError([1, 2, 3, 4], [1, 3, 2, 4]), m.rmse);
  assert.equal(meanAbsoluteError([1, 2, 3, 4], [1, 3, 2, 4]), m.mae);
});

Deno.test("predicting the mean scores R^2 = 0; a constant target scores 1 only when hit exactly", () => {
  assertClose(coefficientOfDetermination([1, 2, 3], [2, 2, 2]), 0, { abs: 1e-15 });
  assert.equal(coefficientOfDetermination([5, 5], [5, 5]), 1);
  assert.equal(coefficientOfDetermination([5, 5], [5, 6]), 0);
});

Deno.test("property: MAE <= RMSE, R^2 <= 1, and perfect predictions give R^2 = 1, errors 0", () => {
  const values = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 30 });
  fc.assert(
    fc.property(values, values, (a, b) => {
      const n = Math.min(a.length, b.length);
      const m = regressionMetrics(a.slice(0, n), b.slice(0, n));
      assert.ok(m.mae <= m.rmse * (1 + 1e-12) + 1e-12);
      assert.ok(m.rSquared <= 1);
      const perfect = regressionMetrics(a, a);
      assert.equal(perfect.rmse, 0);
      assert.equal(perfect.rSquared, 1);
    }),
  );
});

Deno.test("bad input gets clear errors", () => {
  assertThrowsWith(() => regressionMetrics([1, 2], [1]), TypeError, /same length/);
  assertThrowsWith(() => regressionMetrics([], []), RangeError, /yTrue is empty/);
  assertThrowsWith(
    () => regressionMetrics([1, NaN], [1, 2]),
    RangeError,
    /yTrue\[1\] must be a finite number/,
  );
});

Deno.test("regressionMetrics stays finite when squared errors overflow, and says when a metric cannot", () => {
  // Errors of 2e200: their squares overflow, yet RMSE = MAE = 2e200 and R^2 = 1 - 8e400 / 2e400 = -3.
  const m = regressionMetrics([1e200, -1e200], [-1e200, 1e200]);
  assertClose(m.rmse, 2e200, { rel: 1e-12 });
  assertClose(m.mae, 2e200, { rel: 1e-12 });
  assertClose(m.rSquared, -3, { rel: 1e-12 }); // sse = 8e400, sst = 2e400
  assertClose(rootMeanSquaredError([1e308, 1e308], [0, 0]), 1e308, { rel: 1e-12 });
  assertThrowsWith(
    () => regressionMetrics([1.5e308], [-1.5e308]),
    RangeError,
    /^Cannot compute regression metrics: the RMSE of yTrue and yPred exceeds double precision .*current value is Infinity$/,
  );
});
