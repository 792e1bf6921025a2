import assert from "node:assert/strict";
import fc from "fast-check";
import {
  analyzeTrade,
  calibrateSquareRoot,
  type ImpactPredictor,
  toBps,
  tradeAnalysisBps,
  type TradeRecord,
} from "@lib/mod.ts";
import { simulateMetaorders } from "@lib/impact/mod.ts";
import { squareRootImpactPredictor } from "@lib/ml/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

/** The worked example: a buy of 50,000 at 100.10, arrival 100, VWAP 100.05. */
const BUY: TradeRecord = {
  size: 50_000,
  executionPrice: 100.1,
  arrivalPrice: 100,
  vwap: 100.05,
  spread: 0.02,
  averageDailyVolume: 1_000_000,
  dailyVolatility: 0.02,
};

/** Its sell-side twin: the mirror image around the arrival price (sell 50,000 at 99.90, VWAP 99.95). */
const SELL: TradeRecord = { ...BUY, size: -50_000, executionPrice: 99.9, vwap: 99.95 };

Deno.test("worked example (buy): 10 bps shortfall, 4.9975 bps VWAP slippage, 1 bp spread, 5 % participation", () => {
  const a = analyzeTrade(BUY);
  // Closed forms: (100.10 - 100) / 100 = 1e-3; (100.10 - 100.05) / 100.05 = 4.997501249...e-4;
  // 0.02 / (2 * 100) = 1e-4; 50,000 / 1,000,000 = 0.05. Tolerances cover decimal rounding of 100.1 etc.
  assert.equal(a.side, 1);
  assertClose(a.implementationShortfall, 0.001, { abs: 1e-15 });
  assertClose(a.vwapSlippage, 0.05 / 100.05, { abs: 1e-15 });
  assertClose(toBps(a.vwapSlippage), 4.9975, { abs: 5e-5 });
  assertClose(toBps(a.vwapSlippage), 4.997501249375312, { abs: 1e-10 });
  assertClose(a.spreadCost, 0.0001, { abs: 1e-18 });
  assert.equal(a.participation, 0.05);
  const bps = tradeAnalysisBps(a);
  assertClose(bps.implementationShortfallBps, 10, { abs: 1e-10 });
  assertClose(bps.vwapSlippageBps, 4.9975, { abs: 5e-5 });
  assertClose(bps.spreadCostBps, 1, { abs: 1e-12 });
  assertClose(bps.participationPct, 5, { abs: 1e-12 });
  assert.equal(a.estimatedImpact, undefined);
  assert.equal(a.predictedImpact, undefined);
  // Without a law the timing part holds impact and timing: 10 bps - 1 bp = 9 bps.
  assertClose(a.timingCost, 0.0009, { abs: 1e-15 });
});

Deno.test("worked example (sell twin): the same costs with the sign of the side", () => {
  const a = analyzeTrade(SELL);
  const b = analyzeTrade(BUY);
  assert.equal(a.side, -1);
  assertClose(a.implementationShortfall, 0.001, { abs: 1e-15 });
  // (99.95 - 99.90) / 99.95 = 5.0025...e-4: the mirrored VWAP is below arrival, so the ratio differs.
  assertClose(a.vwapSlippage, 0.05 / 99.95, { abs: 1e-15 });
  assertClose(a.spreadCost, 0.0001, { abs: 1e-18 });
  assert.equal(a.participation, 0.05);
  assertClose(a.timingCost, b.timingCost, { abs: 1e-15 });
  // A sell that gets a HIGHER price than arrival has a negative shortfall (a gain).
  assertClose(analyzeTrade({ ...SELL, executionPrice: 100.1 }).implementationShortfall, -0.001, {
    abs: 1e-15,
  });
});

Deno.test("estimated impact is volatility * eta * participation^delta, side-adjusted and positive", () => {
  const law = { eta: 0.7, delta: 0.5 };
  const buy = analyzeTrade(BUY, { impactLaw: law });
  const sell = analyzeTrade(SELL, { impactLaw: law });
  const expected = 0.02 * 0.7 * Math.sqrt(0.05); // 31.30495 bps
  assertClose(buy.estimatedImpact!, expected, { rel: 1e-15 });
  assertClose(sell.estimatedImpact!, expected, { rel: 1e-15 });
  // Default paid share 1 / (1 + delta) = 2/3, and the three parts add up to the shortfall.
  assertClose(buy.impactCost!, expected / 1.5, { rel: 1e-15 });
  assertClose(buy.spreadCost + buy.impactCost! + buy.timingCost, buy.implementationShortfall, { abs: 1e-18 });
  const full = analyzeTrade(BUY, { impactLaw: law, impactPaidFraction: 1 });
  assertClose(full.impactCost!, expected, { rel: 1e-15 });
  const bps = tradeAnalysisBps(buy);
  assertClose(bps.estimatedImpactBps!, expected * 1e4, { rel: 1e-15 });
  assertClose(bps.impactCostBps!, (expected / 1.5) * 1e4, { rel: 1e-15 });
});

Deno.test("a calibrateSquareRoot result is accepted as the impact law as is", () => {
  const orders = simulateMetaorders(400, { seed: 5, marketNoise: 0 });
  const fit = calibrateSquareRoot(
    { sizes: orders.map((o) => o.size), impacts: orders.map((o) => o.realizedImpact) },
    {
      dailyVolatility: orders.map((o) => o.dailyVolatility),
      averageDailyVolume: orders.map((o) => o.averageDailyVolume),
      bootstrapSamples: 0,
    },
  );
  const a = analyzeTrade(BUY, { impactLaw: fit });
  assertClose(a.estimatedImpact!, 0.02 * fit.eta * Math.pow(0.05, fit.delta), { rel: 1e-15 });
  // The fitted model object has eta and delta too.
  assertClose(analyzeTrade(BUY, { impactLaw: fit.model! }).estimatedImpact!, a.estimatedImpact!, {
    rel: 1e-15,
  });
});

Deno.test("a predictor is called with the trade itself and its answer is reported", () => {
  const seen: unknown[] = [];
  const predictor: Pick<ImpactPredictor<TradeRecord>, "predictImpact"> = {
    predictImpact(trades) {
      seen.push(trades[0]);
      return Float64Array.of(0.0025);
    },
  };
  const a = analyzeTrade(BUY, { predictor });
  assert.equal(a.predictedImpact, 0.0025);
  assert.equal(seen[0], BUY);
  // lib/ml's predictors fit structurally: the square-root law as a predictor equals estimatedImpact.
  const law = { eta: 0.9, delta: 0.4 };
  const b = analyzeTrade(SELL, { impactLaw: law, predictor: squareRootImpactPredictor(law) });
  assertClose(b.predictedImpact!, b.estimatedImpact!, { rel: 1e-15 });
  // A predictor answering NaN is refused, not passed on.
  const bad: Pick<ImpactPredictor<TradeRecord>, "predictImpact"> = {
    predictImpact: () => Float64Array.of(NaN),
  };
  assertThrowsWith(
    () => analyzeTrade(BUY, { predictor: bad }),
    RangeError,
    /predictedImpact .* current value is NaN/,
  );
  const notArray = { predictImpact: () => null as unknown as Float64Array };
  assertThrowsWith(() => analyzeTrade(BUY, { predictor: notArray }), TypeError, /predictImpact must return/);
});

Deno.test("every bad record throws a RangeError naming the field and the value", () => {
  const cases: [Partial<TradeRecord>, RegExp][] = [
    [{ size: 0 }, /size must be nonzero: current value is 0/],
    [{ size: NaN }, /size must be a finite number: current value is NaN/],
    [{ size: Infinity }, /size must be a finite number: current value is Infinity/],
    [{ executionPrice: 0 }, /executionPrice must be finite and > 0: current value is 0/],
    [{ executionPrice: -100.1 }, /executionPrice must be finite and > 0: current value is -100.1/],
    [{ executionPrice: NaN }, /executionPrice must be finite and > 0: current value is NaN/],
    [{ arrivalPrice: 0 }, /arrivalPrice must be finite and > 0: current value is 0/],
    [{ arrivalPrice: -1 }, /arrivalPrice must be finite and > 0: current value is -1/],
    [{ arrivalPrice: NaN }, /arrivalPrice must be finite and > 0: current value is NaN/],
    [{ vwap: 0 }, /vwap must be finite and > 0: current value is 0/],
    [{ vwap: NaN }, /vwap must be finite and > 0: current value is NaN/],
    [{ spread: -0.01 }, /spread must be finite and >= 0: current value is -0.01/],
    [{ spread: NaN }, /spread must be finite and >= 0: current value is NaN/],
    [{ averageDailyVolume: 0 }, /averageDailyVolume must be finite and > 0: current value is 0/],
    [{ averageDailyVolume: -5 }, /averageDailyVolume must be finite and > 0: current value is -5/],
    [{ averageDailyVolume: NaN }, /averageDailyVolume must be finite and > 0: current value is NaN/],
    [{ dailyVolatility: 0 }, /dailyVolatility must be finite and > 0: current value is 0/],
    [{ dailyVolatility: NaN }, /dailyVolatility must be finite and > 0: current value is NaN/],
    [{ timestamp: NaN }, /timestamp must be a finite number: current value is NaN/],
    [{ durationMinutes: -1 }, /durationMinutes must be finite and >= 0: current value is -1/],
  ];
  for (const [patch, pattern] of cases) {
    assertThrowsWith(() => analyzeTrade({ ...BUY, ...patch }), RangeError, pattern);
    assertThrowsWith(() => analyzeTrade({ ...BUY, ...patch }), RangeError, /^Cannot analyze trade: /);
  }
  // A missing required field reads as undefined and is named too.
  const { vwap: _, ...noVwap } = BUY;
  assertThrowsWith(
    () => analyzeTrade(noVwap as TradeRecord),
    RangeError,
    /vwap .* current value is undefined/,
  );
  assertThrowsWith(
    () => analyzeTrade(null as unknown as TradeRecord),
    TypeError,
    /trade must be a TradeRecord/,
  );
  // A zero spread is allowed (a locked book or a midpoint fill).
  assert.equal(analyzeTrade({ ...BUY, spread: 0 }).spreadCost, 0);
});

Deno.test("impact law options out of their domain throw RangeError", () => {
  assertThrowsWith(
    () => analyzeTrade(BUY, { impactLaw: { eta: 0, delta: 0.5 } }),
    RangeError,
    /impactLaw.eta/,
  );
  assertThrowsWith(
    () => analyzeTrade(BUY, { impactLaw: { eta: 1, delta: 0 } }),
    RangeError,
    /impactLaw.delta/,
  );
  assertThrowsWith(() => analyzeTrade(BUY, { impactLaw: { eta: 1, delta: 2.5 } }), RangeError, /\(0, 2\]/);
  assertThrowsWith(
    () => analyzeTrade(BUY, { impactLaw: { eta: 1, delta: 0.5 }, impactPaidFraction: 1.5 }),
    RangeError,
    /impactPaidFraction must be in \[0, 1\]: current value is 1.5/,
  );
});

const tradeArbitrary = fc.record({
  size: fc.double({ min: 1, max: 1e6, noNaN: true }),
  executionPrice: fc.double({ min: 1, max: 1e5, noNaN: true }),
  arrivalPrice: fc.double({ min: 1, max: 1e5, noNaN: true }),
  vwap: fc.double({ min: 1, max: 1e5, noNaN: true }),
  spread: fc.double({ min: 0, max: 10, noNaN: true }),
  averageDailyVolume: fc.double({ min: 1, max: 1e9, noNaN: true }),
  dailyVolatility: fc.double({ min: 1e-4, max: 0.5, noNaN: true }),
});

Deno.test("property: the spread, impact and timing parts add up to the shortfall", () => {
  fc.assert(
    fc.property(tradeArbitrary, fc.boolean(), (trade, sell) => {
      const t = sell ? { ...trade, size: -trade.size } : trade;
      const a = analyzeTrade(t, { impactLaw: { eta: 0.8, delta: 0.5 } });
      const sum = a.spreadCost + a.impactCost! + a.timingCost;
      assertClose(sum, a.implementationShortfall, { abs: 1e-12, rel: 1e-12 });
      assert.ok(a.estimatedImpact! > 0 && a.spreadCost >= 0 && a.participation > 0);
    }),
    { seed: 11, numRuns: 300 },
  );
});

Deno.test("property: mirroring a buy around arrival gives a sell with the same shortfall", () => {
  fc.assert(
    fc.property(tradeArbitrary, (trade) => {
      const mirrored = {
        ...trade,
        size: -trade.size,
        executionPrice: 2 * trade.arrivalPrice - trade.executionPrice,
      };
      fc.pre(mirrored.executionPrice > 0);
      const a = analyzeTrade(trade), b = analyzeTrade(mirrored);
      assertClose(b.implementationShortfall, a.implementationShortfall, { abs: 1e-12, rel: 1e-9 });
      assert.equal(b.participation, a.participation);
    }),
    { seed: 12, numRuns: 300 },
  );
});

Deno.test("property: estimated impact grows with size", () => {
  fc.assert(
    fc.property(tradeArbitrary, fc.double({ min: 1.01, max: 100, noNaN: true }), (trade, factor) => {
      const law = { impactLaw: { eta: 0.8, delta: 0.6 } };
      const small = analyzeTrade(trade, law),
        large = analyzeTrade({ ...trade, size: trade.size * factor }, law);
      assert.ok(large.estimatedImpact! > small.estimatedImpact!);
    }),
    { seed: 13, numRuns: 200 },
  );
});

Deno.test("analyzeTrade: null options, extreme prices and timestamps beyond a valid date are named", () => {
  assertThrowsWith(
    () => analyzeTrade(BUY, null as never),
    TypeError,
    /^Cannot analyze trade: options must be an object: current value is null$/,
  );
  assertThrowsWith(
    () => analyzeTrade({ ...BUY, executionPrice: 1e300, arrivalPrice: 1e-300 }),
    RangeError,
    /^Cannot analyze trade: implementationShortfall overflows double precision with .*executionPrice = 1e\+300, arrivalPrice = 1e-300.*current value is Infinity$/,
  );
  assertThrowsWith(
    () => analyzeTrade({ ...BUY, size: 1e300, averageDailyVolume: 1e-300 }),
    RangeError,
    /participation overflows double precision with size = 1e\+300/,
  );
  assertThrowsWith(
    () => analyzeTrade({ ...BUY, dailyVolatility: 1e300 }, { impactLaw: { eta: 1e300, delta: 0.5 } }),
    RangeError,
    /estimatedImpact overflows double precision/,
  );
  assertThrowsWith(
    () => analyzeTrade({ ...BUY, timestamp: 1e300 }),
    RangeError,
    /^Cannot analyze trade: timestamp must be a UTC time in ms within \+-8\.64e15 .*current value is 1e\+300$/,
  );
  assertThrowsWith(
    () => analyzeTrade({ ...BUY, spread: "0.02" as never }),
    TypeError,
    /spread must be a number: current value is the string "0\.02"/,
  );
});
