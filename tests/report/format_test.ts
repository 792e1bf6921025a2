import assert from "node:assert/strict";
import { bps, fixed, grouped, table, utcMinute } from "@lib/mod.ts";
import { exponential, precision } from "@lib/report/mod.ts";

Deno.test("formatters print numbers as the notebooks did, and '-' for a missing value", () => {
  assert.equal(fixed(3)(1 / 3), "0.333");
  assert.equal(fixed(0, 100)(0.875), "88"); // (0.875 * 100).toFixed(0)
  assert.equal(bps(2)(0.00012345), "1.23"); // a fraction of a price shown in basis points
  assert.equal(bps()(undefined), "-");
  assert.equal(precision(4)(911226.986), "9.112e+5");
  assert.equal(exponential(6)(2.5e11), "2.500000e+11");
  assert.equal(grouped(-1234.5), "-1,234");
  assert.equal(utcMinute(Date.UTC(2025, 5, 30, 23, 59, 59)), "2025-06-30T23:59");
  assert.equal(fixed(1)(null), "-");
  assert.equal(fixed(1)(NaN), "NaN"); // NaN is shown, not hidden
});

Deno.test("a column's formatter receives the key's own type (no cast needed)", () => {
  const t = table([{ when: Date.UTC(2025, 0, 1), what: "open", cost: 0.001 }], {
    columns: [
      { key: "when", format: utcMinute },
      { key: "what", format: (v) => v.toUpperCase() },
      { key: "cost", label: "cost (bps)", format: bps(1) },
    ],
  });
  assert.deepEqual(t.rows, [["2025-01-01T00:00", "OPEN", "10.0"]]);
  assert.deepEqual(t.headers, ["when", "what", "cost (bps)"]);
});
