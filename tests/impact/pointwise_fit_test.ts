import { pointwiseFitter } from "../../lib/impact/_pointwise_fit.ts";
import { SeededRandom } from "@lib/core/mod.ts";
import { assertClose } from "../_assert.ts";
import assert from "node:assert/strict";

/** Direct weighted OLS of y on x and Duan's smearing, an exp per point: the expected values. */
function direct(x: number[], y: number[], w: number[]) {
  let n = 0, mx = 0, my = 0;
  for (let j = 0; j < x.length; j++) {
    n += w[j]!;
    mx += w[j]! * x[j]!;
    my += w[j]! * y[j]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0, sxy = 0;
  for (let j = 0; j < x.length; j++) {
    sxx += w[j]! * (x[j]! - mx) ** 2;
    sxy += w[j]! * (x[j]! - mx) * (y[j]! - my);
  }
  const b = sxy / sxx, a = my - b * mx;
  let smear = 0;
  for (let j = 0; j < x.length; j++) smear += w[j]! * Math.exp(y[j]! - a - b * x[j]!);
  return { delta: b, eta: Math.exp(a) * smear / n };
}

Deno.test("pointwise kernel: counts above 255 carried in the overflow list, series and exact paths", () => {
  const rng = new SeededRandom(2);
  for (const noise of [0.1, 2]) {
    const x = Array.from({ length: 300 }, () => -8 + 6 * rng.uniform());
    const y = x.map((v) => Math.log(0.7) + 0.5 * v + noise * rng.normal());
    const fitter = pointwiseFitter(Float64Array.from(x), Float64Array.from(y));
    const w = x.map(() => rng.int(3));
    w[5] = 300; // 300 = 44 + 256: byte 44, listed once
    w[7] = 600; // 600 = 88 + 2 * 256: byte 88, listed twice
    const counts = Uint8Array.from(w, (v) => v & 255);
    const f = fitter.resample(counts, [5, 7, 7]);
    const e = direct(x, y, w);
    assertClose(f.delta, e.delta, { rel: 1e-12 });
    assertClose(f.eta, e.eta, { rel: 1e-12 });
  }
  // The whole sample's fit is the direct fit with every weight 1.
  const x = [0, 1, 2, 3], y = [0.1, 0.4, 1.2, 1.3];
  const base = pointwiseFitter(Float64Array.from(x), Float64Array.from(y)).base;
  const e = direct(x, y, [1, 1, 1, 1]);
  assertClose(base.delta, e.delta, { rel: 1e-14 });
  assertClose(base.eta, e.eta, { rel: 1e-14 });
  assert.ok(base.rSquared > 0.9 && base.rSquared <= 1);
});

Deno.test("pointwise kernel: a block resample equals the direct fit with every point weighted by its block's draw", () => {
  const rng = new SeededRandom(4);
  const x = Array.from({ length: 400 }, () => -8 + 6 * rng.uniform());
  const y = x.map((v) => Math.log(0.7) + 0.5 * v + 0.3 * rng.normal());
  const fitter = pointwiseFitter(Float64Array.from(x), Float64Array.from(y));
  // 20 blocks take the per-block sums; 200 blocks (more than 4 n / 13) spread the weights over the points.
  for (const blocks of [20, 200]) {
    const blockOf = Int32Array.from(x, (_, j) => Math.floor((j * blocks) / x.length));
    const weights = Int32Array.from({ length: blocks }, () => rng.int(3));
    weights[1] = 300; // above a byte: the overflow list on the per-point path
    const f = fitter.blockResampler(blockOf, blocks)(weights);
    const e = direct(x, y, Array.from(blockOf, (b) => weights[b]!));
    assertClose(f.delta, e.delta, { rel: 1e-12 });
    assertClose(f.eta, e.eta, { rel: 1e-12 });
  }
});
