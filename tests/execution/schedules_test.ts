import assert from "node:assert/strict";
import fc from "fast-check";
import { AlmgrenChriss, evaluateSchedules, povSchedule, twapSchedule, vwapSchedule } from "@lib/mod.ts";
import { tradeListFromHoldings } from "@lib/execution/mod.ts";
import { assertAllClose, assertClose, assertThrowsWith } from "../_assert.ts";

const PAPER = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 };

Deno.test("TWAP is the lambda = 0 trajectory", () => {
  const model = new AlmgrenChriss({ ...PAPER, lambda: 0 });
  assert.deepEqual(Array.from(twapSchedule(1e6, 5)), Array.from(model.trajectory(1e6, 5, 1)));
  assert.deepEqual(Array.from(twapSchedule(7, 1)), [7, 0]);
});

Deno.test("VWAP follows the profile's cumulative share; a flat profile is TWAP", () => {
  assertAllClose(vwapSchedule(1000, [0.1, 0.4, 0.3, 0.2]), [1000, 900, 500, 200, 0], { abs: 1e-9 });
  assertAllClose(vwapSchedule(1000, [3, 3, 3]), twapSchedule(1000, 3), { abs: 1e-9 });
  // zero-volume periods trade nothing
  const x = vwapSchedule(-600, [1, 0, 2]);
  assertAllClose(x, [-600, -400, -400, 0], { abs: 1e-9 });
});

Deno.test("POV: fast pace finishes early, slow pace catches up at the cap as late as possible", () => {
  const v = [1000, 2000, 1000, 1000];
  assertAllClose(povSchedule(300, v, { participationRate: 0.1 }), [300, 200, 0, 0, 0], { abs: 1e-12 });
  // 5 % of 5,000 = 250 < 700: catch up at 25 %, so the last periods trade 250 and 250
  const x = povSchedule(700, v, { participationRate: 0.05, maxParticipationRate: 0.25 });
  assertAllClose(x, [700, 650, 500, 250, 0], { abs: 1e-12 });
  const n = tradeListFromHoldings(x);
  n.forEach((q, j) => assert.ok(q <= 0.25 * v[j]! + 1e-9 && q >= 0.05 * v[j]! - 1e-9));
  // a purchase mirrors the sale
  assertAllClose(
    povSchedule(-700, v, { participationRate: 0.05, maxParticipationRate: 0.25 }),
    x.map((h) => -h),
    {
      abs: 1e-12,
    },
  );
});

Deno.test("POV rejects orders that cannot complete under the cap, and bad rates", () => {
  assertThrowsWith(
    () => povSchedule(2000, [1000, 1000], { participationRate: 0.5, maxParticipationRate: 0.9 }),
    RangeError,
    /participation of \|shares\| \/ sum\(marketVolumes\) = 1 to complete, above maxParticipationRate: current value is 0.9/,
  );
  assertThrowsWith(
    () => povSchedule(10, [1000], { participationRate: 0 }),
    RangeError,
    /participationRate must be in \(0, 1\]/,
  );
  assertThrowsWith(
    () => povSchedule(10, [1000], { participationRate: 0.2, maxParticipationRate: 0.1 }),
    RangeError,
    /maxParticipationRate must be >= participationRate/,
  );
  assertThrowsWith(
    () => povSchedule(10, [1000, -1], { participationRate: 0.2 }),
    RangeError,
    /marketVolumes\[1\] must be >= 0/,
  );
  assertThrowsWith(() => vwapSchedule(10, [0, 0]), RangeError, /positive total/);
  assertThrowsWith(() => vwapSchedule(10, []), TypeError, /empty/);
});

Deno.test("evaluateSchedules: one cost model for all, consistent with the model's methods", () => {
  const model = new AlmgrenChriss(PAPER);
  const optimal = model.trajectory(1e6, 5, 1);
  const rows = evaluateSchedules(model, {
    schedules: [
      { name: "optimal", holdings: optimal },
      { name: "TWAP", holdings: twapSchedule(1e6, 5) },
      { name: "VWAP", holdings: vwapSchedule(1e6, [0.3, 0.2, 0.15, 0.15, 0.2]) },
    ],
    tau: 1,
    price: 50,
  });
  assert.deepEqual(rows.map((r) => r.name), ["optimal", "TWAP", "VWAP"]);
  assertClose(rows[0]!.expectedCost, model.expectedCost(optimal, 1), { rel: 1e-15 });
  assertClose(rows[0]!.utility, model.utility(optimal, 1), { rel: 1e-15 });
  assertClose(rows[1]!.expectedCost, 662_500, { rel: 1e-14 });
  // bps of the 50 M$ notional
  assertClose(rows[1]!.expectedCostBps!, (662_500 / 50e6) * 1e4, { rel: 1e-14 });
  // the optimal trajectory minimises the utility; TWAP minimises the expected cost
  for (const r of rows) assert.ok(rows[0]!.utility <= r.utility);
  for (const r of rows) assert.ok(rows[1]!.expectedCost <= r.expectedCost);
  assert.deepEqual(JSON.parse(JSON.stringify(rows)), rows);
  assertThrowsWith(
    () => evaluateSchedules(model, { schedules: [{ name: "bad", holdings: [1, 0.5] }], tau: 1 }),
    RangeError,
    /bad.*schedules\[0\]\.holdings\[1\] must be 0/,
  );
});

const volumes = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 80 })
  .filter((v) => v.reduce((a, b) => a + b, 0) > 1);

Deno.test("property: every schedule starts at X, ends at 0, never increases, and trades sum to X", () => {
  const check = (x: Float64Array, shares: number) => {
    assert.equal(x[0], shares);
    assert.equal(x[x.length - 1], 0);
    let total = 0;
    for (let j = 1; j < x.length; j++) {
      assert.ok(x[j]! <= x[j - 1]! + 1e-9 * shares, `increase at ${j}`);
      total += x[j - 1]! - x[j]!;
    }
    assertClose(total, shares, { rel: 1e-12 });
  };
  fc.assert(
    fc.property(
      volumes,
      fc.double({ min: 1e-3, max: 1, noNaN: true }),
      fc.double({ min: 1, max: 1e6, noNaN: true }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
      (v, p, shares, capExtra) => {
        check(vwapSchedule(shares, v), shares);
        check(twapSchedule(shares, v.length), shares);
        const total = v.reduce((a, b) => a + b, 0);
        const cap = Math.min(1, p + capExtra);
        fc.pre(shares <= cap * total);
        const x = povSchedule(shares, v, { participationRate: p, maxParticipationRate: cap });
        check(x, shares);
        tradeListFromHoldings(x).forEach((q, j) => assert.ok(q <= cap * v[j]! * (1 + 1e-9) + 1e-9));
      },
    ),
    { numRuns: 300, seed: 40000 },
  );
});

Deno.test("a volume profile whose total overflows is refused, not turned into NaN holdings", () => {
  assertThrowsWith(
    () => vwapSchedule(100, [1e308, 1e308, 1e308]),
    RangeError,
    /^Cannot build VWAP schedule: volumeProfile's total overflows double precision .*current total is Infinity$/,
  );
  // The same proportions at a sane scale work.
  assert.deepEqual(Array.from(vwapSchedule(90, [1, 1, 1])), [90, 60, 30, 0]);
});

Deno.test("evaluateSchedules names a null schedule and an overflowing cost or notional", () => {
  const paper = { gamma: 2.5e-7, eta: 2.5e-6, epsilon: 0.0625, sigma: 0.95, lambda: 1e-6 };
  assertThrowsWith(
    () => evaluateSchedules(paper, { schedules: [null as never], tau: 1 }),
    TypeError,
    /^Cannot evaluate schedules: schedules\[0\] must be an object \{ name, holdings \}: current value is null$/,
  );
  assertThrowsWith(
    () => evaluateSchedules(paper, { schedules: [{ name: 1 as never, holdings: [1, 0] }], tau: 1 }),
    TypeError,
    /schedules\[0\]\.name must be a string: current value is 1/,
  );
  assertThrowsWith(
    () =>
      evaluateSchedules(paper, { schedules: [{ name: "big", holdings: twapSchedule(1e200, 4) }], tau: 1 }),
    RangeError,
    /^Cannot evaluate schedules: the expected cost overflows double precision/,
  );
  // The holding that overflows is named, not the first one (fuzz test, seed 20251203).
  assertThrowsWith(
    () => evaluateSchedules(paper, { schedules: [{ name: "spike", holdings: [1e6, 1e300, 0] }], tau: 1 }),
    RangeError,
    /overflows double precision with schedules\[0\]\.holdings\[1\] = 1e\+300, gamma/,
  );
  assertThrowsWith(
    () => evaluateSchedules(paper, { schedules: [{ name: "open", holdings: [1e6, 5e5, 1] }], tau: 1 }),
    RangeError,
    /^Cannot evaluate schedules \(open\): schedules\[0\]\.holdings\[2\] must be 0/,
  );
  assertThrowsWith(
    () =>
      evaluateSchedules(paper, {
        schedules: [{ name: "TWAP", holdings: twapSchedule(1e6, 4) }],
        tau: 1,
        price: 1e305,
      }),
    RangeError,
    /arrival notional \|x_0\| price overflows double precision with schedules\[0\]\.holdings\[0\] = 1000000, price = 1e\+305/,
  );
});
