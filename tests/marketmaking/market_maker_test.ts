import assert from "node:assert/strict";
import { squareRootImpact } from "@lib/core/mod.ts";
import { runMarketMaker } from "@lib/marketmaking/market_maker.ts";
import { marketMakerStudy } from "@lib/marketmaking/market_maker_study.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

const LAW = { eta: 0.7, delta: 0.5, dailyVolatility: 0.0005, averageDailyVolume: 50_000 };

Deno.test("runMarketMaker: the four P&L parts sum to cash + inventory at the end mid", () => {
  // The total is cash_T + q_T m_T from the cash ledger; the parts are computed from the fills, the hedges and
  // the mid path separately, so a wrong sign or a missed fill breaks the identity.
  for (const policy of [{ kind: "avellaneda-stoikov" as const }, { kind: "symmetric" as const }]) {
    for (const seed of [1, 2, 3]) {
      const run = runMarketMaker({ seed, policy, sessionSeconds: 600, hedgeThreshold: 0.1, impactLaw: LAW });
      const { total, spreadCapture, adverseSelection, inventory, hedging } = run.pnl;
      assert.ok(run.fills > 20, `${run.policy} seed ${seed}: ${run.fills} fills`);
      assertClose(spreadCapture + adverseSelection + inventory + hedging, total, { abs: 1e-8 }, run.policy);
      // The end hedge leaves it flat, and the path's last P&L is the total.
      assert.equal(run.path.at(-1)!.inventory, 0);
      assertClose(run.path.at(-1)!.pnl, total, { abs: 1e-8 });
      assert.ok(run.maxAbsInventory <= run.inventoryLimit + 1e-12);
      assert.ok(run.hedges.length >= 1);
    }
  }
});

Deno.test("runMarketMaker: no fills, no P&L", () => {
  // Quotes 1,000 ticks away never trade.
  const run = runMarketMaker({ sessionSeconds: 60, policy: { kind: "symmetric", halfSpreadTicks: 1000 } });
  assert.equal(run.fills, 0);
  assert.deepEqual(run.pnl, { total: 0, spreadCapture: 0, adverseSelection: 0, inventory: 0, hedging: 0 });
  assert.equal(run.hedges.length, 0);
});

Deno.test("runMarketMaker: hedge records and the square-root prediction", () => {
  const run = runMarketMaker({ seed: 4, sessionSeconds: 900, hedgeThreshold: 0.15, impactLaw: LAW });
  assert.ok(run.hedges.length >= 2);
  for (const h of run.hedges) {
    // Predicted: Y sigma_d (Q / V_d)^delta, in bps.
    assertClose(h.predictedBps!, 0.7 * 0.0005 * Math.sqrt(h.size / 50_000) * 1e4, { rel: 1e-12 });
    assertClose(
      h.predictedBps!,
      squareRootImpact(LAW, LAW.dailyVolatility, h.size / LAW.averageDailyVolume) * 1e4,
      {
        rel: 1e-12,
      },
    );
    assertClose(h.costBps, (h.side * (h.averagePrice - h.midBefore) / h.midBefore) * 1e4, { abs: 1e-12 });
    assert.ok(h.costBps > 0, "a market order pays at least part of the spread");
  }
  // The hedging part is minus the hedges' cost in quote currency.
  const paid = run.hedges.reduce((s, h) => s + h.size * h.side * (h.averagePrice - h.midBefore), 0);
  assertClose(run.pnl.hedging, -paid, { abs: 1e-8 });
  assert.equal(runMarketMaker({ seed: 4, sessionSeconds: 60 }).hedgePredictedBps, null);
});

Deno.test("runMarketMaker: the same seed gives the same run, another seed another", () => {
  const a = runMarketMaker({ seed: 9, sessionSeconds: 300 });
  assert.deepEqual(runMarketMaker({ seed: 9, sessionSeconds: 300 }), a);
  assert.notDeepEqual(runMarketMaker({ seed: 10, sessionSeconds: 300 }).pnl, a.pnl);
  assert.equal(a.label, "simulated order book");
});

Deno.test("runMarketMaker: bad options are named", () => {
  assertThrowsWith(
    () => runMarketMaker({ requoteSeconds: 0 }),
    RangeError,
    /requoteSeconds must be finite and > 0/,
  );
  assertThrowsWith(
    () => runMarketMaker({ quoteSize: 0.1, inventoryLimit: 0.05 }),
    RangeError,
    /inventoryLimit must be >= quoteSize \(0\.1\): current value is 0\.05/,
  );
  assertThrowsWith(
    () => runMarketMaker({ policy: { kind: "greedy" } as never }),
    RangeError,
    /policy\.kind must be "avellaneda-stoikov" or "symmetric"/,
  );
  assertThrowsWith(
    () => runMarketMaker({ policy: { kind: "avellaneda-stoikov", gamma: -1 } }),
    RangeError,
    /policy\.gamma must be finite and > 0/,
  );
  assertThrowsWith(
    () => runMarketMaker({ warmupSeconds: 5 }),
    RangeError,
    /warmupSeconds must cover at least 10 re-quote intervals/,
  );
  assertThrowsWith(
    () => runMarketMaker({ impactLaw: { ...LAW, delta: 3 } }),
    RangeError,
    /delta/,
  );
});

Deno.test("marketMakerStudy: summary is the mean and sd of the runs", () => {
  const study = marketMakerStudy({ seeds: [1, 2, 3], sessionSeconds: 300 });
  assert.equal(study.runs.length, 6);
  assert.equal(study.paths.length, 2);
  const as = study.runs.slice(0, 3).map((r) => r.pnl.total);
  const mean = (as[0]! + as[1]! + as[2]!) / 3;
  const sd = Math.sqrt(as.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
  assertClose(study.summary[0]!.total.mean, mean, { abs: 1e-12 });
  assertClose(study.summary[0]!.total.sd, sd, { abs: 1e-12 });
  assert.match(study.summary[1]!.policy, /^symmetric/);
  assertThrowsWith(() => marketMakerStudy({ seeds: [] }), RangeError, /seeds must be a non-empty array/);
});
