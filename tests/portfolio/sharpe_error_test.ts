import assert from "node:assert/strict";
import { sharpeStandardError } from "../../lib/portfolio/sharpe_error.ts";

Deno.test("sharpeStandardError: Lo (2002) annualised, by hand", () => {
  // Sharpe 0, four years of daily returns: sqrt(365 / 1460) = 0.5.
  assert.equal(sharpeStandardError(0, 1460), 0.5);
  // Sharpe 1.5 annualised on 252 days a year over 504 days: SR_p^2 = 2.25 / 252,
  // SE = sqrt(252 * (1 + 2.25 / 504) / 504) (hand formula from Lo 2002, eq. 8, annualised).
  const expected = Math.sqrt(252 * (1 + 2.25 / 504) / 504);
  assert.ok(Math.abs(sharpeStandardError(1.5, 504, 252) - expected) < 1e-15);
  // Symmetric in the sign of the Sharpe ratio, and larger for a larger ratio.
  assert.equal(sharpeStandardError(-2, 730), sharpeStandardError(2, 730));
  assert.ok(sharpeStandardError(3, 730) > sharpeStandardError(1, 730));
});

Deno.test("sharpeStandardError: bad inputs are named", () => {
  assert.throws(() => sharpeStandardError(NaN, 100), /sharpe must be a finite number/);
  assert.throws(() => sharpeStandardError(1, 1), /periods must be an integer >= 2/);
  assert.throws(() => sharpeStandardError(1, 100, 0), /periodsPerYear must be finite and > 0/);
});
