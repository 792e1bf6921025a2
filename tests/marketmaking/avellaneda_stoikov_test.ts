import { avellanedaStoikovQuotes } from "@lib/marketmaking/avellaneda_stoikov.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

Deno.test("avellanedaStoikovQuotes: eq. 29-30 by hand", () => {
  // s = 60,000, q = -0.3, gamma = 0.02, sigma = 0.1, T - t = 600, k = 10:
  // gamma sigma^2 (T - t) = 0.02 * 0.01 * 600 = 0.12; r = 60,000 + 0.3 * 0.12 = 60,000.036;
  // spread = 0.12 + 100 ln(1.002) = 0.12 + 0.19980026626731...
  const q = avellanedaStoikovQuotes({
    mid: 60_000,
    inventory: -0.3,
    gamma: 0.02,
    sigma: 0.1,
    timeLeftSeconds: 600,
    k: 10,
  });
  assertClose(q.reservationPrice, 60_000.036, { abs: 1e-9 });
  assertClose(q.spread, 0.12 + 0.1998002662673056, { abs: 1e-12 });
  assertClose(q.bid, 60_000.036 - q.spread / 2, { abs: 1e-9 });
  assertClose(q.ask, 60_000.036 + q.spread / 2, { abs: 1e-9 });
  // At the horizon only the intensity term is left, and the inventory no longer skews.
  const end = avellanedaStoikovQuotes({
    mid: 100,
    inventory: 5,
    gamma: 0.02,
    sigma: 0.1,
    timeLeftSeconds: 0,
    k: 10,
  });
  assertClose(end.reservationPrice, 100, { abs: 1e-12 });
});

Deno.test("avellanedaStoikovQuotes: bad inputs are named", () => {
  const ok = { mid: 100, inventory: 0, gamma: 0.1, sigma: 1, timeLeftSeconds: 1, k: 1 };
  assertThrowsWith(
    () => avellanedaStoikovQuotes({ ...ok, gamma: 0 }),
    RangeError,
    /gamma must be finite and > 0/,
  );
  assertThrowsWith(() => avellanedaStoikovQuotes({ ...ok, k: -1 }), RangeError, /k must be finite and > 0/);
  assertThrowsWith(
    () => avellanedaStoikovQuotes({ ...ok, timeLeftSeconds: -1 }),
    RangeError,
    /timeLeftSeconds must be finite and >= 0/,
  );
  assertThrowsWith(
    () => avellanedaStoikovQuotes({ ...ok, inventory: NaN }),
    RangeError,
    /inventory must be a finite/,
  );
});
