/**
 * Named errors of the tape estimators on inputs the fuzz test (tests/fuzz_test.ts) found them mishandling:
 * each case below used to give a native error, NaN or Infinity.
 */
import assert from "node:assert/strict";
import {
  blockDailyScales,
  describeBlocks,
  metaorderImpactPath,
  metaorderSquareRootLaw,
  responseFunction,
  signExponent,
  syntheticMetaorders,
} from "@lib/mod.ts";
import { blockBootstrapCounts } from "@lib/core/mod.ts";
import {
  describeTape,
  lawParameters,
  propagatorResponse,
  signCorrelation,
  tapeBlocks,
} from "@lib/tape/mod.ts";
import { assertThrowsWith } from "../_assert.ts";
import { handTape, randomTape } from "./_tapes.ts";

const tape = randomTape(1200, 2, 3); // two UTC days of 600 trades

Deno.test("a lag beyond the longest block is refused, not measured as 0 / 0 = NaN", () => {
  // 600 trades per day: lag 600 has no pair of trades inside one day.
  assertThrowsWith(
    () => signCorrelation(tape, { maxLag: 600 }),
    RangeError,
    /^Cannot measure sign correlation: maxLag must be < the longest block's trade count \(600, UTC days\).*current value is 600$/,
  );
  assertThrowsWith(
    () => responseFunction(tape, { maxLag: 700 }),
    RangeError,
    /maxLag must be < the longest block/,
  );
  assert.equal(signCorrelation(tape, { maxLag: 599 }).correlation.every(Number.isFinite), true);
});

Deno.test("block specs are checked where they are read: describeBlocks, tapeBlocks and the estimators", () => {
  assertThrowsWith(
    () => describeBlocks(null as never),
    RangeError,
    /spec must be "day", \{ seconds \} or \{ count \}/,
  );
  assertThrowsWith(
    () => describeBlocks({ seconds: "60" } as never),
    TypeError,
    /spec\.seconds must be a number/,
  );
  assertThrowsWith(
    () => tapeBlocks(Float64Array.of(0, NaN), "day"),
    RangeError,
    /timestamps\[1\] must be a finite number: current value is NaN/,
  );
  assertThrowsWith(
    () => signCorrelation(tape, { maxLag: 10, blocks: 10n as never }),
    RangeError,
    /current value is the bigint 10n$/,
  );
});

Deno.test("metaorder records are checked: columns, lengths, indexes and signs", () => {
  const m = syntheticMetaorders(tape, { traders: 5, blocks: { count: 200 } });
  assertThrowsWith(
    () => metaorderSquareRootLaw({ ...m, block: m.block.slice(1) }, { bootstrapSamples: 0 }),
    TypeError,
    /block must have one value per metaorder/,
  );
  const badSign = m.sign.slice();
  badSign[0] = 0;
  assertThrowsWith(
    () => metaorderImpactPath({ ...m, sign: badSign }, tape, { bootstrapSamples: 0, minDurationTrades: 1 }),
    RangeError,
    /sign\[0\] must be \+1 or -1: current value is 0/,
  );
  assertThrowsWith(
    () => metaorderImpactPath(m, tape, { fractions: [0.5], bootstrapSamples: 0 }),
    RangeError,
    /fractions must include 1/,
  );
  assertThrowsWith(
    () =>
      lawParameters({ eta: 0.7, delta: 0.5 }, {
        dailyVolatility: new Float64Array(0),
        averageDailyVolume: m.averageDailyVolume,
      }),
    RangeError,
    /the mean dailyVolatility \(over 0 blocks\) must be/,
  );
});

Deno.test("the tape's symbol and source, sizes that overflow a day's volume, and huge bootstraps are refused", () => {
  assertThrowsWith(
    () => describeTape({ ...handTape([1, 2], [1, -1]), symbol: NaN as never }),
    TypeError,
    /tape\.symbol must be a string/,
  );
  const big = handTape([100, 101, 100], [1, 1, -1], { sizes: [1e308, 1e308, 1] });
  assertThrowsWith(
    () => blockDailyScales(big, Int32Array.of(0, 3), 60),
    RangeError,
    /block 0's daily volume \(from tape\.sizes\) overflows double precision/,
  );
  assertThrowsWith(
    () => blockBootstrapCounts(1e6, { bootstrapSamples: 1e6 }),
    RangeError,
    /samples \* blocks must be <= 100000000/,
  );
  assertThrowsWith(
    () => signExponent(signCorrelation(tape, { maxLag: 50 }), { bootstrapSamples: 1.5 }),
    RangeError,
    /^Cannot fit sign-correlation exponent: bootstrapSamples must be an integer/,
  );
  assertThrowsWith(
    () => propagatorResponse([1e308, 1e308], [1, 1], 3),
    RangeError,
    /R\(2\) overflows double precision/,
  );
});
