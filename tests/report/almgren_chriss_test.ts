import assert from "node:assert/strict";
import { AlmgrenChriss, almgrenChrissRulesOfThumb, almgrenChrissStrategyTable } from "@lib/mod.ts";

// The paper's example (Almgren & Chriss 2000, Sec. 4): 1e6 shares over 5 days, daily trades.
const params = almgrenChrissRulesOfThumb({
  price: 50,
  dailyVolatility: 0.019,
  spread: 0.125,
  averageDailyVolume: 5e6,
}, {
  lambda: 1e-6,
});
const model = new AlmgrenChriss(params);

Deno.test("strategies table: one row per strategy, priced by the model with each strategy's lambda", () => {
  const x = model.trajectory(1e6, 5, 1);
  const t = almgrenChrissStrategyTable(model, [
    { name: "immediate", lambda: Infinity, holdings: model.immediateLiquidation(1e6, 5) },
    { name: "tangent", lambda: 1e-6, holdings: x },
    { name: "linear", lambda: 0, holdings: model.withLambda(0).trajectory(1e6, 5, 1) },
    { name: "risk-seeking", lambda: -2e-7, holdings: model.withLambda(-2e-7).trajectory(1e6, 5, 1) },
  ], { tau: 1, caption: "example" });
  assert.equal(t.headers[4], "holdings x_0..x_5 (thousand shares)");
  const [immediate, tangent, linear, seeking] = t.rows as [string[], string[], string[], string[]];
  assert.deepEqual(immediate.slice(1, 4), ["infinity", "infinity", "-"]);
  assert.equal(tangent[1], "1.0e-6");
  assert.equal(tangent[2], model.kappa(1).toFixed(6));
  assert.equal(tangent[3], model.halfLife(1).toFixed(4));
  assert.equal(tangent[5], model.expectedCost(x, 1).toFixed(2));
  assert.equal(tangent[7], model.costVariance(x, 1).toExponential(6));
  assert.equal(linear[4], "1000 / 800 / 600 / 400 / 200 / 0");
  assert.equal(linear[3], "infinity");
  assert.equal(seeking[2], model.withLambda(-2e-7).omega(1).toFixed(6));
  assert.match(t.toString(), /^example\n/);
});
