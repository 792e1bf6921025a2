import { assertThrowsWith } from "./_assert.ts";
import {
  impactFeatures,
  LinearImpactModel,
  povSchedule,
  SquareRootModel,
  twapSchedule,
  vwapSchedule,
} from "@lib/mod.ts";

// lib/_validate.ts is private; its behaviour is tested through public functions that use it.

Deno.test("a string number is refused as a TypeError that says it is a string", () => {
  const law = { eta: 1, delta: 0.5, dailyVolatility: 0.02, averageDailyVolume: 1e6 };
  assertThrowsWith(
    () => new SquareRootModel({ ...law, dailyVolatility: "0.02" as unknown as number }),
    TypeError,
    /^Cannot create SquareRootModel: dailyVolatility must be a number: current value is the string "0\.02"$/,
  );
  assertThrowsWith(
    () => vwapSchedule(100, [1, "2" as unknown as number]),
    TypeError,
    /^Cannot build VWAP schedule: volumeProfile\[1\] must be a number: current value is the string "2"$/,
  );
  assertThrowsWith(
    () => twapSchedule(100, "4" as unknown as number),
    TypeError,
    /steps must be a number: current value is the string "4"/,
  );
  assertThrowsWith(
    () => twapSchedule(100, null as unknown as number),
    TypeError,
    /steps must be a number: current value is null/,
  );
});

Deno.test("a missing number (undefined) still reads as out of range, naming it", () => {
  assertThrowsWith(() => twapSchedule(undefined as unknown as number, 4), RangeError, /shares .* undefined/);
});

Deno.test("local validators show a string's type too: matrices, records, rates", () => {
  assertThrowsWith(
    () => new LinearImpactModel().fit([[1, 2], ["3" as unknown as number, 4], [5, 7]], [1, 2, 3]),
    RangeError,
    /X\[1\]\[0\] must be a finite number: current value is the string "3"$/,
  );
  const record = {
    size: "5",
    arrivalPrice: 100,
    spread: 0.1,
    averageDailyVolume: 1e4,
    dailyVolatility: 0.02,
  };
  assertThrowsWith(
    () => impactFeatures([record as never]),
    RangeError,
    /records\[0\]\.size must be .*: current value is the string "5"$/,
  );
  assertThrowsWith(
    () => povSchedule(10, [100, 100], { participationRate: "0.1" as unknown as number }),
    RangeError,
    /participationRate must be in \(0, 1\]: current value is the string "0\.1"$/,
  );
});
