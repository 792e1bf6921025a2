import assert from "node:assert/strict";
import { tradeMarkouts } from "@lib/marketmaking/markouts.ts";
import { signedVolumeImbalance } from "@lib/marketmaking/order_flow_imbalance.ts";
import { assertAllClose, assertThrowsWith } from "../_assert.ts";
import { handTape } from "./_tape.ts";

const bps = (x: number) => x * 1e4;

Deno.test("tradeMarkouts: effective half-spread, markouts and realized half-spreads by hand", () => {
  const m = tradeMarkouts(handTape(), { horizonsSeconds: [1], horizonsTrades: [1] });
  assert.deepEqual(m.horizons.map((h) => h.label), ["1 s", "1 trade"]);
  // Effective s (p - m) / m, row by row from the table in _tape.ts.
  assertAllClose(m.effectiveHalfSpreadBps, [
    bps(0.1 / 100),
    bps(0.2 / 100),
    bps(0.1 / 100.15),
    bps(0.1 / 100.2),
    bps(0.15 / 100.25),
  ], { abs: 1e-9 });
  // 1 s: rows 0-1 (t 0) look at row 3 (first t >= 1000, mid 100.20); row 2 (t 500) at row 3 (t 1500 >= 1500);
  // row 3 (t 1500) at row 4 (mid 100.25); row 4 has nothing after it.
  const oneSecond = [bps(0.2 / 100), bps(0.2 / 100), -bps(0.05 / 100.15), bps(0.05 / 100.2), NaN];
  // 1 trade event: rows 0-1 are one event; the next event is row 2 (mid 100.15).
  const oneTrade = [bps(0.15 / 100), bps(0.15 / 100), -bps(0.05 / 100.15), bps(0.05 / 100.2), NaN];
  for (const [h, expected] of [[0, oneSecond], [1, oneTrade]] as const) {
    for (let i = 0; i < 5; i++) {
      const a = m.markoutBps[h]![i]!, r = m.realizedHalfSpreadBps[h]![i]!;
      if (Number.isNaN(expected[i]!)) {
        assert.ok(Number.isNaN(a) && Number.isNaN(r), `horizon ${h} row ${i} is past the tape`);
        continue;
      }
      assertAllClose([a, r], [expected[i]!, m.effectiveHalfSpreadBps[i]! - expected[i]!], { abs: 1e-9 });
    }
  }
});

Deno.test("tradeMarkouts: trades before the first quote give NaN, not a number", () => {
  const tape = handTape();
  tape.quotes.mids[0] = NaN;
  const m = tradeMarkouts(tape, { horizonsSeconds: [1] });
  assert.ok(Number.isNaN(m.effectiveHalfSpreadBps[0]!) && Number.isNaN(m.markoutBps[0]![0]!));
  assert.ok(Number.isFinite(m.markoutBps[0]![1]!));
});

Deno.test("tradeMarkouts: bad inputs are named", () => {
  const { quotes: _quotes, ...bare } = handTape();
  assertThrowsWith(
    () => tradeMarkouts(bare),
    TypeError,
    /tape\.quotes must hold the quote before each trade/,
  );
  assertThrowsWith(
    () => tradeMarkouts(handTape(), { horizonsSeconds: [1, -2] }),
    RangeError,
    /horizonsSeconds\[1\] must be finite and > 0: current value is -2/,
  );
  assertThrowsWith(
    () => tradeMarkouts(handTape(), { horizonsTrades: [1.5] }),
    RangeError,
    /horizonsTrades\[0\] must be an integer >= 1/,
  );
  assertThrowsWith(
    () => tradeMarkouts(handTape(), { horizonsSeconds: [] }),
    RangeError,
    /at least one horizon/,
  );
  const tape = handTape();
  tape.quotes.mids[3] = -1;
  assertThrowsWith(() => tradeMarkouts(tape), RangeError, /tape\.quotes\.mids\[3\] must be > 0/);
});

Deno.test("signedVolumeImbalance: trailing window of earlier timestamps, by hand", () => {
  const imbalance = signedVolumeImbalance(handTape(), { windowTrades: 2 });
  // Rows 0-1 have no earlier trade; row 2 sees rows 0-1 (+1, +2); row 3 rows 1-2 (+2, -1.5);
  // row 4 rows 2-3 (-1.5, +3).
  assert.ok(Number.isNaN(imbalance[0]!) && Number.isNaN(imbalance[1]!));
  assertAllClose(imbalance.subarray(2), [3 / 3, 0.5 / 3.5, 1.5 / 4.5], { abs: 1e-12 });
  assertThrowsWith(
    () => signedVolumeImbalance(handTape(), { windowTrades: 0 }),
    RangeError,
    /windowTrades must be an integer >= 1: current value is 0/,
  );
});
