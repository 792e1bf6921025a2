import assert from "node:assert/strict";
import { marketMakerConclusions } from "../../lib/report/marketmaking.ts";

const part = (mean: number, sd: number) => ({ mean, sd });
const base = {
  policy: "symmetric",
  seeds: 4,
  total: part(2, 1),
  spreadCapture: part(5, 1),
  adverseSelection: part(-2, 0.5),
  inventory: part(-0.5, 1),
  hedging: part(-0.5, 0.1),
  totalBps: part(0.01, 0),
  fills: part(100, 5),
  meanAbsInventory: part(0.1, 0),
  meanQuotedSpreadTicks: part(2, 0),
  hedgeCostBps: 0.03,
  hedgePredictedBps: 0.01,
  hedges: 12,
};

Deno.test("marketMakerConclusions: total P&L gated on 2 sd / sqrt(seeds)", () => {
  // sd 1 over 4 seeds: SE 0.5, two SE = 1. Total 2 > 1: above 0; total 0.8 < 1: not distinguishable.
  const label = "simulated order book";
  assert.match(
    marketMakerConclusions({ label, summary: [base] }),
    /more than two standard errors \(1\) above 0/,
  );
  assert.match(
    marketMakerConclusions({ label, summary: [{ ...base, total: part(0.8, 1) }] }),
    /not distinguishable from breaking even/,
  );
  assert.match(marketMakerConclusions({ label, summary: [{ ...base, total: part(-3, 1) }] }), /below 0/);
  assert.match(
    marketMakerConclusions({ label, summary: [{ ...base, seeds: 1 }] }),
    /one seed, so no standard error/,
  );
});

Deno.test("marketMakerConclusions: largest cost, hedges against the law, the label", () => {
  const label = "simulated order book";
  const text = marketMakerConclusions({ label, summary: [{ ...base, inventory: part(-3, 1) }] });
  assert.match(text, /^In the simulated order book \(a simulation, not a finding about markets\)/);
  assert.match(text, /its largest cost was inventory \(-3 USDT\)/);
  assert.match(text, /12 hedges cost 0\.03 bps, 3 times the law's 0\.01 bps/);
  assert.match(
    marketMakerConclusions({ label, summary: [{ ...base, hedgePredictedBps: null }] }),
    /no law given/,
  );
  assert.match(marketMakerConclusions({ label, summary: [{ ...base, hedges: 0 }] }), /never hedged/);
  assert.throws(() => marketMakerConclusions({ label, summary: null as never }), /summary must be an array/);
});
