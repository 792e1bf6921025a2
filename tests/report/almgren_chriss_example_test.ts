import assert from "node:assert/strict";
import {
  AlmgrenChriss,
  almgrenChrissParameterTable,
  almgrenChrissRegimeTable,
  almgrenChrissRulesOfThumb,
  almgrenChrissTakeaways,
  efficientFrontier,
  evaluateSchedules,
  scheduleFrontierTable,
  tradeListTable,
  twapSchedule,
} from "@lib/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

// The paper's example (Almgren & Chriss 2000, Section 4): rules of thumb on a 50 $ stock, 1e6 shares, 5 days.
const params = almgrenChrissRulesOfThumb({
  price: 50,
  dailyVolatility: 0.019,
  spread: 0.125,
  averageDailyVolume: 5e6,
}, { lambda: 1e-6 });
const model = new AlmgrenChriss(params);
const programme = { shares: 1e6, steps: 5, tau: 1 };

Deno.test("almgrenChrissParameterTable: the paper's values, units and rules", () => {
  const t = almgrenChrissParameterTable(params, { tau: 1, caption: "c" });
  assert.deepEqual(t.rows.map((r) => r[0]), ["epsilon", "eta", "gamma", "sigma", "lambda", "etaTilde"]);
  assert.equal(t.rows[0]![1], "0.06250"); // 0.125 / 2
  assert.equal(t.rows[1]![3], "spread / (1 % of daily volume)");
});

Deno.test("almgrenChrissRegimeTable and tradeListTable: regimes and trades of the paper", () => {
  const t = almgrenChrissRegimeTable(model, [-2e-7, 0, 1e-6], programme);
  assert.deepEqual(t.rows.map((r) => r[1]), ["sin", "straight line", "sinh"]);
  assert.equal(t.rows[2]![2], "0.6071"); // kappa = acosh(1 + 1e-6 * 0.95^2 / (2 * 2.375e-6)), the paper's 0.6
  assert.equal(t.rows[1]![4], "200,000");
  const lists = tradeListTable([{ label: "TWAP", holdings: twapSchedule(1e6, 5) }], { period: "day" });
  assert.equal(lists.rows.length, 5);
  assert.equal(lists.rows[0]![1], "200,000");
});

Deno.test("scheduleFrontierTable and almgrenChrissTakeaways: TWAP on the frontier, gates read the numbers", () => {
  const frontier = efficientFrontier(model, {
    ...programme,
    marks: [{ label: "C", lambda: -2e-7 }, { label: "opt", lambda: 1e-6 }],
  });
  const schedules = [
    { name: "TWAP", holdings: twapSchedule(1e6, 5) },
    { name: "slow", holdings: [1e6, 1e6, 1e6, 1e6, 1e6, 0] }, // all on the last day: far above the frontier
  ];
  const rows = evaluateSchedules(model, { schedules, tau: 1, price: 50 });
  const t = scheduleFrontierTable(rows, schedules, frontier);
  assert.equal(t.rows[0]![5], "0");
  assert.notEqual(t.rows[1]![5], "0");
  const text = almgrenChrissTakeaways(model, frontier, { nearLinearLambda: 1e-7, rows });
  assert.match(text, /κ = 0\.6071/);
  assert.match(text, /almost free/); // 14.6 % less variance for 1.14 % more cost
  assert.match(text, /C \(λ = -2e-7 < 0\) is dominated/);
  assert.match(text, /On the frontier: TWAP; above it at no more risk: slow/);
  // A large step is not "almost free": lambda = 1e-5 costs far more than a tenth of its variance cut.
  assert.match(almgrenChrissTakeaways(model, frontier, { nearLinearLambda: 1e-5, rows }), /not cheap/);
  assertThrowsWith(
    () => almgrenChrissTakeaways(model.withLambda(2e-6), frontier, { nearLinearLambda: 1e-7, rows }),
    RangeError,
    /no mark|must have a mark/,
  );
});
