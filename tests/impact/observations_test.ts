/**
 * The observation reading both impact calibrations share (lib/impact/_observations.ts): the check of
 * `{ sizes, impacts }`, the broadcast of one volatility or volume, and the order of the checks, which is
 * the order in which `calibrateSquareRoot` and `calibrateAlmgren2005` report a bad input.
 */
import assert from "node:assert/strict";
import { calibrateAlmgren2005, calibrateSquareRoot } from "@lib/mod.ts";
import { assertObservations, observationColumns } from "@lib/impact/_observations.ts";
import { assertThrowsWith } from "../_assert.ts";

const action = "fit";

Deno.test("assertObservations refuses a non-object with the calibrations' message", () => {
  for (const bad of [null, undefined, 3, "sizes"]) {
    assertThrowsWith(
      // deno-lint-ignore no-explicit-any
      () => assertObservations(action, bad as any),
      TypeError,
      new RegExp(`^Cannot fit: observations must be \\{ sizes, impacts \\}: current value is ${bad}$`),
    );
  }
  assertObservations(action, { sizes: [], impacts: [] }); // an object passes; its arrays are checked later
});

Deno.test("observationColumns broadcasts a scalar and copies per-observation arrays", () => {
  const columns = observationColumns(action, { sizes: [1, -2, 3], impacts: [0.1, -0.2, 0.3] }, 0.02, [
    5,
    6,
    7,
  ]);
  assert.deepEqual(columns, {
    sizes: new Float64Array([1, -2, 3]),
    impacts: new Float64Array([0.1, -0.2, 0.3]),
    sigmas: new Float64Array([0.02, 0.02, 0.02]),
    volumes: new Float64Array([5, 6, 7]),
  });
  const volumes = [5, 6, 7];
  const again = observationColumns(action, { sizes: [1, 2, 3], impacts: [1, 2, 3] }, 0.02, volumes);
  again.volumes[0] = 99;
  assert.equal(volumes[0], 5, "the caller's array is not written");
});

Deno.test("observationColumns checks sizes, impacts, their lengths, dailyVolatility, then volume", () => {
  const cases: [() => unknown, new (...args: never[]) => Error, RegExp][] = [
    [() => observationColumns(action, { sizes: [1, NaN], impacts: [NaN] }, -1, -1), RangeError, /sizes\[1\]/],
    [
      () => observationColumns(action, { sizes: [1, 2], impacts: [0, Infinity] }, -1, -1),
      RangeError,
      /impacts\[1\]/,
    ],
    [() => observationColumns(action, { sizes: [1, 2], impacts: [0] }, -1, -1), TypeError, /sizes.*impacts/],
    [
      () => observationColumns(action, { sizes: [1, 2], impacts: [0, 0] }, [0.1, 0], -1),
      RangeError,
      /dailyVolatility\[1\]/,
    ],
    [
      () => observationColumns(action, { sizes: [1, 2], impacts: [0, 0] }, 0.1, [1, 2, 3]),
      TypeError,
      /averageDailyVolume must be one number or one per observation \(2\): current length is 3/,
    ],
  ];
  for (const [fn, ErrorClass, pattern] of cases) assertThrowsWith(fn, ErrorClass, pattern);
});

Deno.test("both calibrations report bad observations with the same words", () => {
  const bad = [
    { sizes: [1, 2, 3], impacts: [0.1, 0.2] },
    { sizes: [1, 2, NaN], impacts: [0.1, 0.2, 0.3] },
  ];
  for (const observations of bad) {
    const message = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as Error).message.replace(/^Cannot [^:]*:/, "");
      }
      throw new Error("no error");
    };
    const market = { dailyVolatility: 0.02, averageDailyVolume: 1e6 };
    assert.equal(
      message(() => calibrateSquareRoot(observations, market)),
      message(() => calibrateAlmgren2005(observations, { ...market, durationDays: 1 })),
    );
  }
  // deno-lint-ignore no-explicit-any
  assertThrowsWith(() => calibrateAlmgren2005(null as any, null as any), TypeError, /observations must be/);
  // deno-lint-ignore no-explicit-any
  assertThrowsWith(() => calibrateSquareRoot(null as any, null as any), TypeError, /observations must be/);
});
