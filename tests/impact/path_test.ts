import assert from "node:assert/strict";
import { impactPath, SquareRootModel } from "@lib/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const law = new SquareRootModel({ eta: 1, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1e6 });

Deno.test("the path rises as (t/T)^delta, peaks at I(Q) and relaxes towards 2/3 of the peak", () => {
  const path = impactPath(law, 40_000, { points: 401, horizon: 1000 });
  const peak = law.impact(40_000);
  const during = path.filter((p) => p.phase === "execution");
  assert.ok(during.length >= 2);
  for (const p of during) assertClose(p.impact, peak * Math.sqrt(p.time), { rel: 1e-12, abs: 1e-18 });
  assertClose(Math.max(...path.map((p) => p.impact)), peak, { rel: 1e-15 });
  const last = path.at(-1)!;
  // t = 1001 T: p + (1 - p) / 1001 with p = 2/3.
  assertClose(last.impact, peak * (2 / 3 + 1 / 3 / 1001), { rel: 1e-12 });
  assert.equal(last.phase, "relaxation");
});

Deno.test("sell paths mirror buy paths", () => {
  const buy = impactPath(law, 1_000), sell = impactPath(law, -1_000);
  buy.forEach((p, i) => assert.equal(sell[i]!.impact, -p.impact));
});

Deno.test("impactPath rejects bad options", () => {
  assertThrowsWith(() => impactPath(law, NaN), RangeError, /orderSize/);
  assertThrowsWith(() => impactPath(law, 1, { points: 1 }), RangeError, /points/);
  assertThrowsWith(() => impactPath(law, 1, { permanentFraction: 1.5 }), RangeError, /permanentFraction/);
});

Deno.test("impactPath validates the law and its options instead of returning NaN", () => {
  const law = { eta: 1, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1e6 };
  const cases: [unknown, unknown, RegExp, typeof TypeError | typeof RangeError][] = [
    [{ ...law, eta: NaN }, {}, /law\.eta must be finite and > 0: current value is NaN/, RangeError],
    [
      { ...law, dailyVolatility: -0.02 },
      {},
      /law\.dailyVolatility must be finite and > 0: current value is -0.02/,
      RangeError,
    ],
    [{ ...law, averageDailyVolume: 0 }, {}, /law\.averageDailyVolume must be finite and > 0/, RangeError],
    [{ ...law, delta: 3 }, {}, /law\.delta must be in \(0, 2\]: current value is 3/, RangeError],
    [
      { ...law, delta: "0.5" },
      {},
      /law\.delta must be a number: current value is the string "0\.5"/,
      TypeError,
    ],
    [null, {}, /law must be an object .*current value is null/, TypeError],
    [law, null, /options must be an object: current value is null/, TypeError],
    [law, { permanentFraction: "0.5" }, /permanentFraction must be a number/, TypeError],
    [{ ...law, averageDailyVolume: 1e-300 }, {}, /peak impact overflows double precision/, RangeError],
  ];
  for (const [l, options, pattern, ErrorClass] of cases) {
    assertThrowsWith(
      () => impactPath(l as typeof law, 1e10, options as never),
      ErrorClass,
      new RegExp("^Cannot compute impact path: .*" + pattern.source),
    );
  }
});
