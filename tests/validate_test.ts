import { assertThrowsWith } from "./_assert.ts";
import { SquareRootModel, twapSchedule, vwapSchedule } from "@lib/mod.ts";

// lib/_validate.ts is private; its behaviour is tested through public functions that use it.

Deno.test("a string number is refused as a TypeError that says it is a string", () => {
  const law = { eta: 1, delta: 0.5, volatility: 0.02, averageDailyVolume: 1e6 };
  assertThrowsWith(
    () => new SquareRootModel({ ...law, volatility: "0.02" as unknown as number }),
    TypeError,
    /^Cannot create SquareRootModel: volatility must be a number: current value is the string "0\.02"$/,
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
