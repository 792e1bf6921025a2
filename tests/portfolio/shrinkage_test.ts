import assert from "node:assert/strict";
import { ledoitWolfCovariance } from "@lib/portfolio/mod.ts";
import { assertAllClose, assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("Ledoit-Wolf covariance equals scikit-learn's ledoit_wolf on a 7 x 4 sample", () => {
  // Expected numbers: sklearn.covariance.ledoit_wolf(X) (scikit-learn from Debian, run by hand).
  const X = [
    [0.03838, -0.05355, 0.00593, -0.01379],
    [0.00097, 0.00571, -0.03038, 0.00538],
    [-0.02617, 0.0576, -0.00435, -0.01592],
    [-0.00854, -0.01628, -0.02402, -0.01073],
    [0.01846, 0.00405, 0.02798, 0.00483],
    [0.00629, 0.03672, 0.01671, -0.0043],
    [-0.00274, 0.01173, 0.03962, -0.00448],
  ];
  const expected = [
    [0.00045305386351402594, -0.00020515799168471346, 5.625743723254004e-05, 1.2801045999658108e-05],
    [-0.00020515799168471346, 0.000772279418112114, 3.920014438704667e-05, 5.6996088072075585e-06],
    [5.625743723254004e-05, 3.920014438704667e-05, 0.0005473676816797165, 8.840934028393147e-06],
    [1.2801045999658108e-05, 5.6996088072075585e-06, 8.840934028393147e-06, 0.0003241341305716943],
  ];
  const r = ledoitWolfCovariance(X);
  assertClose(r.shrinkage, 0.567376975822303, { rel: 1e-12 });
  assertAllClose(r.covariance, expected.flat(), { rel: 1e-12 });
  assert.equal(r.assets, 4);
  assert.equal(r.observations, 7);
});

Deno.test("Ledoit-Wolf shrinkage is 0 for a sample whose covariance is already a scaled identity", () => {
  // x_t = +-e_i pattern: columns uncorrelated with equal variance, so S = m I and d^2 = 0.
  const X = [[1, 0], [-1, 0], [0, 1], [0, -1]];
  const r = ledoitWolfCovariance(X);
  assert.equal(r.shrinkage, 0);
  assertAllClose(r.covariance, [0.5, 0, 0, 0.5], { abs: 1e-16 });
});

Deno.test("ledoitWolfCovariance rejects ragged, short or non-finite input", () => {
  assertThrowsWith(() => ledoitWolfCovariance([[1, 2]]), RangeError, /at least 2 rows/);
  assertThrowsWith(() => ledoitWolfCovariance([[1, 2], [1]]), TypeError, /returns\[1\] must hold 2 returns/);
  assertThrowsWith(() => ledoitWolfCovariance([[1, 2], [1, NaN]]), RangeError, /returns\[1\]\[1\]/);
});
