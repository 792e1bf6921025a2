import assert from "node:assert/strict";
import fc from "fast-check";
import pl from "nodejs-polars";
import {
  assertImpactLaw,
  type ImpactArithmetic,
  isImpactExponent,
  squareRootImpact,
  squareRootImpactIn,
} from "@lib/core/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("the kernel is sigma * eta * q^delta (closed forms at delta = 1/2 and 1)", () => {
  // sigma sqrt(q): 0.02 * 0.8 * sqrt(0.04) = 0.0032
  assertClose(squareRootImpact({ eta: 0.8, delta: 0.5 }, 0.02, 0.04), 0.0032, { rel: 1e-15 });
  assertClose(squareRootImpact({ eta: 2, delta: 1 }, 0.03, 0.1), 0.006, { rel: 1e-15 });
  assert.equal(squareRootImpact({ eta: 1, delta: 0.5 }, 0.02, 0), 0);
});

Deno.test("property: impact grows with participation and is linear in volatility", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.01, max: 2, noNaN: true }),
      fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
      fc.double({ min: 1.01, max: 10, noNaN: true }),
      (delta, q, k) => {
        const law = { eta: 0.7, delta };
        assert.ok(squareRootImpact(law, 0.02, q * k) > squareRootImpact(law, 0.02, q));
        assertClose(squareRootImpact(law, 0.02 * k, q), k * squareRootImpact(law, 0.02, q), { rel: 1e-12 });
      },
    ),
  );
});

Deno.test("over polars expressions the formula gives the numbers of the scalar kernel", () => {
  const exprs: ImpactArithmetic<pl.Expr> = {
    scale: (v, k) => v.mul(k),
    multiply: (a, b) => a.mul(b),
    power: (b, e) => b.pow(e),
  };
  const kernel = squareRootImpactIn(exprs);
  const law = { eta: 0.8, delta: 0.5 };
  const q = [1e-5, 1e-3, 0.01, 0.2], sigma = [0.02, 0.03, 0.01, 0.05];
  const frame = pl.DataFrame({ q, sigma }).select(kernel(law, pl.col("sigma"), pl.col("q")).alias("impact"));
  const fromPolars = frame.getColumn("impact").toArray() as number[];
  fromPolars.forEach((v, i) => assertClose(v, squareRootImpact(law, sigma[i]!, q[i]!), { rel: 1e-15 }));
});

Deno.test("one domain for delta, (0, 2], and messages that name the argument", () => {
  assert.ok(isImpactExponent(2) && isImpactExponent(1e-9));
  assert.ok(!isImpactExponent(0) && !isImpactExponent(2.0001) && !isImpactExponent(NaN));
  assertImpactLaw("test", { eta: 1, delta: 2 });
  assertThrowsWith(
    () => assertImpactLaw("fit", { eta: 0, delta: 0.5 }),
    RangeError,
    /^Cannot fit: eta must be finite and > 0: current value is 0$/,
  );
  assertThrowsWith(
    () => assertImpactLaw("fit", { eta: 1, delta: -1 }, "impactLaw"),
    RangeError,
    /^Cannot fit: impactLaw\.delta must be in \(0, 2\]: current value is -1$/,
  );
  assertThrowsWith(
    () => assertImpactLaw("fit", null as unknown as { eta: number; delta: number }, "law"),
    TypeError,
    /law must be an object \{ eta, delta \}/,
  );
});
