import assert from "node:assert/strict";
import { squareRootImpactPredictor } from "@lib/ml/mod.ts";
import { TradingCost } from "@lib/portfolio/mod.ts";
import { assertAllClose, assertClose, assertThrowsWith } from "../_assert.ts";

const PARAMS = {
  law: { eta: 0.8, delta: 0.5 },
  dailyVolatility: [0.02, 0.04, 0.03],
  averageDailyVolume: [1e9, 5e7, 2e8],
  halfSpread: [1e-4, 5e-4, 2e-4],
  fee: 5.5e-4,
};
const TRADES = [0.3, -0.05, 0];
const W = 2e7;

Deno.test("charge: impact sigma eta (|u| W / V)^delta |u| W + half spread + fee, by hand", () => {
  const cost = new TradingCost(PARAMS);
  const c = cost.charge(TRADES, { portfolioValue: W });
  // asset 0: 6e6 USDT = 0.6 % of V; asset 1: 1e6 = 2 % of V (hand-computed square roots)
  assertClose(c.impact[0]!, 0.02 * 0.8 * Math.sqrt(0.006) * 6e6, { rel: 1e-14 });
  assertClose(c.impact[1]!, 0.04 * 0.8 * Math.sqrt(0.02) * 1e6, { rel: 1e-14 });
  assert.equal(c.impact[2], 0);
  assertAllClose(c.spread, [600, 500, 0], { rel: 1e-14 });
  assertAllClose(c.fee, [3300, 550, 0], { rel: 1e-14 });
  assertAllClose(c.notional, [6e6, 1e6, 0], { rel: 1e-15 });
  assertClose(c.traded, 7e6, { rel: 1e-15 });
  // per-trade identity and total: total = sum_i impact_i + spread_i + fee_i
  let total = 0;
  for (let i = 0; i < 3; i++) total += c.impact[i]! + c.spread[i]! + c.fee[i]!;
  assertClose(c.total, total, { rel: 1e-15 });
});

Deno.test("one cost object: the optimiser's convex terms, value() and the backtest charge are the same number", () => {
  const cost = new TradingCost(PARAMS);
  const { linear, power, exponent } = cost.convexTerms(W);
  assert.equal(exponent, 1.5);
  let fromTerms = 0;
  TRADES.forEach((u, i) => (fromTerms += linear[i]! * Math.abs(u) + power[i]! * Math.abs(u) ** exponent));
  const charged = cost.charge(TRADES, { portfolioValue: W }).total / W;
  assertClose(cost.value(TRADES, W), fromTerms, { rel: 1e-14 });
  assertClose(charged, fromTerms, { rel: 1e-14 });
  // the law as an ImpactPredictor (lib/ml) charges the same, whatever the prices
  const viaPredictor = new TradingCost({ ...PARAMS, predictor: squareRootImpactPredictor(PARAMS.law) });
  const c = viaPredictor.charge(TRADES, { portfolioValue: W, prices: [60_000, 3_000, 150] });
  assertClose(c.total / W, fromTerms, { rel: 1e-13 });
  assert.equal(viaPredictor.impactLabel, "square-root law");
});

Deno.test("any ImpactPredictor is charged on the notional, with the trade passed as a metaorder", () => {
  const seen: unknown[] = [];
  const flat = {
    label: "flat 10 bps",
    predictImpact: (trades: ArrayLike<unknown>) => {
      for (let i = 0; i < trades.length; i++) seen.push(trades[i]);
      return new Float64Array(trades.length).fill(0.001);
    },
  };
  const cost = new TradingCost({ ...PARAMS, predictor: flat, durationDays: 0.5 });
  const c = cost.charge(TRADES, { portfolioValue: W, prices: [50_000, 2_000, 100] });
  assertAllClose(c.impact, [6000, 1000, 0], { rel: 1e-14 });
  assert.equal(seen.length, 2); // no record for the asset that does not trade
  assert.deepEqual(seen[1], {
    size: (-0.05 * W) / 2_000,
    arrivalPrice: 2_000,
    spread: 2 * 5e-4 * 2_000,
    averageDailyVolume: 5e7 / 2_000,
    dailyVolatility: 0.04,
    durationMinutes: 720,
  });
  assert.equal(cost.toJSON().predictor, "flat 10 bps");
  const broken = new TradingCost({
    ...PARAMS,
    predictor: { label: "x", predictImpact: () => new Float64Array(1) },
  });
  assertThrowsWith(
    () => broken.charge(TRADES, { portfolioValue: W }),
    TypeError,
    /one impact per trade \(2\)/,
  );
});

Deno.test("TradingCost rejects invalid parameters and trades", () => {
  assertThrowsWith(
    () => new TradingCost({ ...PARAMS, dailyVolatility: [0.02, 0, 0.03] }),
    RangeError,
    /dailyVolatility\[1\]/,
  );
  assertThrowsWith(
    () => new TradingCost({ ...PARAMS, averageDailyVolume: [1, 2] }),
    TypeError,
    /averageDailyVolume must hold one value per asset \(3, the length of dailyVolatility\): current length is 2/,
  );
  assertThrowsWith(() => new TradingCost({ ...PARAMS, law: { eta: 1, delta: 3 } }), RangeError, /law\.delta/);
  assertThrowsWith(() => new TradingCost({ ...PARAMS, fee: -1 }), RangeError, /fee/);
  const cost = new TradingCost(PARAMS);
  assertThrowsWith(
    () => cost.charge([1, 2], { portfolioValue: 1 }),
    TypeError,
    /trades must hold one value per asset/,
  );
  assertThrowsWith(() => cost.value(TRADES, 0), RangeError, /portfolioValue/);
  assertThrowsWith(
    () => cost.charge(TRADES, { portfolioValue: 1, prices: [1, -1, 1] }),
    RangeError,
    /prices\[1\]/,
  );
});
