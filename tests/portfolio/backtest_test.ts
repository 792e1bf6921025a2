import assert from "node:assert/strict";
import {
  createImpactPredictor,
  DEFAULT_IMPACT_FEATURES,
  ImpactNetwork,
  squareRootImpactPredictor,
} from "@lib/ml/mod.ts";
import {
  almgren2005ImpactPredictor,
  backtestRebalancing,
  capacityCurve,
  crossingCapital,
  rebalancingStudy,
  syntheticUniverse,
  TradingCost,
} from "@lib/portfolio/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const UNIVERSE = syntheticUniverse({ assets: 10, days: 200, seed: 3 });
/** Larger, for the comparisons of Sharpe ratios (140 days of 10 assets leave them to noise). */
const STUDY_UNIVERSE = syntheticUniverse({ assets: 20, days: 560, seed: 3 });

Deno.test("accounting: gross - cost = net per asset and day, per day, and in total", () => {
  const r = backtestRebalancing(UNIVERSE, { capital: 5e7, perAsset: true });
  const n = 10, T = r.netReturns.length, W = 5e7;
  const ledger = r.ledger!;
  let grossTotal = 0, costTotal = 0, netTotal = 0, tradedTotal = 0;
  for (let k = 0; k < T; k++) {
    let gross = 0, cost = 0, traded = 0, impact = 0;
    for (let i = 0; i < n; i++) {
      const at = k * n + i;
      // per trade: cost = impact + spread + fee
      assertClose(ledger.cost[at]!, ledger.impact[at]! + ledger.spread[at]! + ledger.fee[at]!, { abs: 1e-9 });
      gross += ledger.grossPnl[at]!;
      cost += ledger.cost[at]!;
      traded += ledger.notional[at]!;
      impact += ledger.impact[at]!;
    }
    assertClose(gross / W, r.grossReturns[k]!, { abs: 1e-15 }, `day ${k} gross`);
    assertClose(cost / W, r.costs[k]!, { abs: 1e-15 }, `day ${k} cost`);
    assert.equal(r.netReturns[k], r.grossReturns[k]! - r.costs[k]!);
    assertClose(traded, r.traded[k]!, { rel: 1e-14, abs: 1e-9 });
    assertClose(impact, r.impactCost[k]!, { rel: 1e-14, abs: 1e-9 });
    grossTotal += gross;
    costTotal += cost;
    netTotal += r.netReturns[k]! * W;
    tradedTotal += traded;
  }
  assertClose(grossTotal - costTotal, netTotal, { abs: 1e-6 });
  assertClose(r.summary.costPerTurnover, costTotal / tradedTotal, { rel: 1e-12 });
  assertClose(r.summary.costPerYear, (costTotal / W / T) * 365, { rel: 1e-12 });
});

Deno.test("the simulator charges what the optimiser priced: same cost object, impact-aware strategy", () => {
  // Recompute day 0 by hand: the day's cost equals TradingCost.value of the first trade (weights start at 0).
  const r = backtestRebalancing(UNIVERSE, { capital: 1e8, perAsset: true });
  assert.ok(r.traded[0]! > 0);
  const cost = new TradingCost({
    law: { eta: 0.7, delta: 0.5 },
    dailyVolatility: UNIVERSE.dailyVolatility,
    averageDailyVolume: UNIVERSE.averageDailyVolume,
    halfSpread: UNIVERSE.halfSpread,
    fee: 0.00055,
  });
  const trades = Array.from({ length: 10 }, (_, i) => r.ledger!.notional[i]! / 1e8);
  // the ledger's notionals are |u|; the cost is symmetric in the sign of u
  assertClose(r.costs[0]!, cost.value(trades, 1e8), { rel: 1e-12 });
  // Charging through the law as an ImpactPredictor gives the same backtest to rounding.
  const viaPredictor = backtestRebalancing(UNIVERSE, {
    capital: 1e8,
    predictor: squareRootImpactPredictor({ eta: 0.7, delta: 0.5 }),
  });
  for (let k = 0; k < r.costs.length; k++) {
    assertClose(viaPredictor.costs[k]!, r.costs[k]!, { rel: 1e-12, abs: 1e-18 });
  }
});

Deno.test("a different predictor changes the charge, not the trades", () => {
  const flat = {
    label: "flat 20 bps",
    predictImpact: (t: ArrayLike<unknown>) => new Float64Array(t.length).fill(0.002),
  };
  const law = backtestRebalancing(UNIVERSE, { capital: 1e7, strategy: "cost-free", perAsset: true });
  const other = backtestRebalancing(UNIVERSE, {
    capital: 1e7,
    strategy: "cost-free",
    predictor: flat,
    perAsset: true,
  });
  assert.deepEqual(other.turnover, law.turnover);
  assert.deepEqual(other.grossReturns, law.grossReturns);
  for (let k = 0; k < other.traded.length; k++) {
    assertClose(other.impactCost[k]!, 0.002 * other.traded[k]!, { rel: 1e-12, abs: 1e-12 });
  }
  assert.equal(other.impactModel, "flat 20 bps");
  assert.equal(law.impactModel, "square-root law");
});

Deno.test("rebalancing study: the impact-aware optimiser trades less, pays less and nets more at 1e8 USDT (synthetic)", () => {
  const study = rebalancingStudy(STUDY_UNIVERSE, { capital: 1e8 });
  assert.match(study.data, /^SYNTHETIC/);
  const [free, aware] = study.rows;
  assert.equal(free.strategy, "cost-free");
  assert.ok(study.turnoverRatio < 0.5, `turnover ratio ${study.turnoverRatio}`);
  assert.ok(study.costRatio < 0.5, `cost ratio ${study.costRatio}`);
  assert.ok(aware.netSharpe > free.netSharpe);
  assertClose(study.turnoverRatio, aware.turnover / free.turnover, { rel: 1e-15 });
  assert.equal(study.series.length, 2 * study.days);
  const lastFree = study.series[study.days - 1]!;
  assertClose(lastFree.cumulativeNet, lastFree.cumulativeGross - free.costPerYear * study.days / 365, {
    abs: 1e-12,
  });
  assert.deepEqual(JSON.parse(JSON.stringify(study)), study); // plain JSON
});

Deno.test("capacity curve: the naive net Sharpe falls with capital, the impact-aware one holds up longer (synthetic)", () => {
  const curve = capacityCurve(STUDY_UNIVERSE, { capitals: [1e4, 1e6, 1e8, 1e9] });
  assert.equal(curve.points.length, 8);
  const naive = curve.points.filter((p) => p.strategy === "cost-free").map((p) => p.netSharpe);
  const aware = curve.points.filter((p) => p.strategy === "impact-aware").map((p) => p.netSharpe);
  for (let i = 1; i < 4; i++) assert.ok(naive[i]! < naive[i - 1]!, `naive ${naive}`);
  assert.ok(aware[3]! > naive[3]!);
  const [hNaive, hAware] = curve.halfSharpe;
  assert.equal(hNaive!.strategy, "cost-free");
  assert.equal(hNaive!.referenceSharpe, naive[0]);
  if (hNaive!.capital !== null && hAware!.capital !== null) assert.ok(hAware!.capital > hNaive!.capital);
  assert.match(curve.data, /^SYNTHETIC/);
});

Deno.test("crossingCapital interpolates in log capital", () => {
  // Sharpe 2 at 1e4, 0.5 at 1e6: half of 2 (= 1) is reached 2/3 of the way in log10, at 10^(4 + 4/3).
  assertClose(crossingCapital([1e4, 1e6], [2, 0.5], 1)!, Math.pow(10, 4 + 4 / 3), { rel: 1e-12 });
  assert.equal(crossingCapital([1e4, 1e6], [2, 1.5], 1), null);
});

Deno.test("backtestRebalancing and capacityCurve reject invalid options", () => {
  assertThrowsWith(() => backtestRebalancing(UNIVERSE, { capital: 0 }), RangeError, /capital/);
  assertThrowsWith(
    () => backtestRebalancing(UNIVERSE, { strategy: "x" as never }),
    RangeError,
    /strategy must be/,
  );
  assertThrowsWith(
    () => backtestRebalancing(UNIVERSE, { firstDay: 200 }),
    RangeError,
    /firstDay must be < universe\.days/,
  );
  assertThrowsWith(
    () => backtestRebalancing(UNIVERSE, { covarianceWindow: 1 }),
    RangeError,
    /covarianceWindow/,
  );
  assertThrowsWith(
    () => capacityCurve(UNIVERSE, { capitals: [1e6, 1e5] }),
    RangeError,
    /capitals must be ascending/,
  );
  assertThrowsWith(() => capacityCurve(UNIVERSE, { capitals: [] }), RangeError, /at least one capital/);
});

Deno.test("the backtest charges the Almgren et al. 2005 model and a (seeded, untrained) network through the same hook", () => {
  const almgren = backtestRebalancing(UNIVERSE, {
    capital: 1e8,
    predictor: almgren2005ImpactPredictor(),
    perAsset: true,
  });
  assert.equal(almgren.impactModel, "Almgren et al. 2005");
  assert.ok(almgren.impactCost.some((x) => x > 0));
  // Almgren's impact of each trade, recomputed from the ledger's notional (one-day execution, q = notional / V)
  const n = 10, k = 3;
  for (let i = 0; i < n; i++) {
    const q = almgren.ledger!.notional[k * n + i]! / UNIVERSE.averageDailyVolume[i]!;
    const impact = UNIVERSE.dailyVolatility[i]! * (0.314 * q + 0.142 * Math.pow(q, 0.6));
    assertClose(almgren.ledger!.impact[k * n + i]!, impact * almgren.ledger!.notional[k * n + i]!, {
      rel: 1e-12,
      abs: 1e-12,
    });
  }
  const net = new ImpactNetwork({ inputs: DEFAULT_IMPACT_FEATURES.length, hidden: [4], seed: 1 });
  const network = backtestRebalancing(UNIVERSE, {
    capital: 1e8,
    predictor: createImpactPredictor(net, { label: "network (untrained)" }),
  });
  assert.equal(network.impactModel, "network (untrained)");
  assert.ok(network.costs.every(Number.isFinite));
  // the trades do not depend on the charged model
  assert.deepEqual(network.turnover, almgren.turnover);
});
