import assert from "node:assert/strict";
import { bookDepthProfile, DEFAULT_BOOK_PARAMETERS } from "@lib/book/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("bookDepthProfile: far from the best the depth is alpha / delta orders a tick (Santa Fe)", () => {
  // Sign memory off, a wide limit window: far levels are filled at alpha / delta = 3 / 0.25 = 12 orders of
  // 0.05 BTC = 0.6 BTC per tick (Smith et al. 2003; lib/book/README.md).
  const p = bookDepthProfile({
    seed: 3,
    parameters: { signMemory: null, limitWindowTicks: 40 },
    samples: 400,
    levels: 30,
  });
  const far = (d: Float64Array) => d.slice(20, 30).reduce((a, b) => a + b, 0) / 10;
  const expected = (DEFAULT_BOOK_PARAMETERS.limitRate / DEFAULT_BOOK_PARAMETERS.cancelRate) *
    DEFAULT_BOOK_PARAMETERS.orderSize;
  assertClose(far(p.bidDepth), expected, { rel: 0.15 });
  assertClose(far(p.askDepth), expected, { rel: 0.15 });
  assert.ok(p.bidDepth[0]! < far(p.bidDepth)); // thinner at the best, where market orders eat the queue
  assert.ok(p.spreadTicks.every((s) => Number.isInteger(s) && s >= 1));
  assert.deepEqual(
    bookDepthProfile({ seed: 3, samples: 20 }).spreadTicks,
    bookDepthProfile({ seed: 3, samples: 20 }).spreadTicks,
  );
});

Deno.test("bookDepthProfile: rejects bad options", () => {
  assertThrowsWith(() => bookDepthProfile({ samples: 0 }), RangeError, /samples/);
  assertThrowsWith(() => bookDepthProfile({ stepSeconds: -1 }), RangeError, /stepSeconds/);
});
