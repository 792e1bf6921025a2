import assert from "node:assert/strict";
import { BPS_PER_FRACTION, MS_PER_DAY, MS_PER_HOUR, toBps } from "@lib/core/mod.ts";

Deno.test("a basis point is 1e-4 of a price; days and hours in milliseconds", () => {
  assert.equal(BPS_PER_FRACTION, 1e4);
  assert.equal(toBps(0.0025), 25);
  assert.equal(toBps(-0.0001), -1);
  assert.equal(MS_PER_DAY, 24 * MS_PER_HOUR);
  assert.equal(MS_PER_HOUR, Date.UTC(2025, 0, 1, 1) - Date.UTC(2025, 0, 1, 0));
});
