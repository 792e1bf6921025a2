import assert from "node:assert/strict";
import { capacityConclusions, rebalancingConclusions } from "../../lib/report/portfolio.ts";
import type { StudyRow } from "../../lib/portfolio/study.ts";

const row = {
  grossReturn: 0,
  netReturn: 0,
  impactShare: 0.5,
  leverage: 1,
  costPerTurnoverBps: 20,
  costPerYear: 0.1,
  turnover: 0.1,
};

function study(netFree: number, netAware: number, days: number, data = "SYNTHETIC universe (seed 1)") {
  const rows: [StudyRow, StudyRow] = [
    { ...row, strategy: "cost-free", grossSharpe: 1.5, netSharpe: netFree },
    { ...row, strategy: "impact-aware", grossSharpe: 1.2, netSharpe: netAware },
  ];
  return {
    data,
    capital: 1e8,
    days,
    rows,
    turnoverRatio: 0.4,
    costRatio: 0.25,
    netSharpeGain: netAware - netFree,
  };
}

Deno.test("rebalancingConclusions: the gain is called beyond noise only above 2 sqrt(2) standard errors", () => {
  // 1460 days: SE of a Sharpe near 1 is about 0.5 (Lo 2002), threshold 2 sqrt(2) * 0.5 = 1.4.
  assert.match(rebalancingConclusions(study(-1, 1, 1460)), /beyond sampling noise/);
  assert.match(rebalancingConclusions(study(0.5, 1, 1460)), /not distinguishable here/);
  // One year: SE near 1, threshold 2.8: the same gain of 2 is no longer beyond noise.
  assert.match(rebalancingConclusions(study(-1, 1, 365)), /not distinguishable here/);
});

Deno.test("rebalancingConclusions: says what the data is", () => {
  assert.match(rebalancingConclusions(study(0, 1, 730)), /^On this synthetic universe \(generated data/);
  assert.match(
    rebalancingConclusions(study(0, 1, 730, "Bybit daily candles")),
    /^On this sample of recorded candles/,
  );
  assert.throws(
    () => rebalancingConclusions({ ...study(0, 1, 730), days: 1 }),
    /days must be an integer >= 2/,
  );
});

const curveRow = {
  grossSharpe: 1,
  grossReturn: 0,
  netReturn: 0,
  costPerYear: 0,
  turnover: 0,
  costPerTurnoverBps: 0,
  impactShare: 0,
  leverage: 1,
};
function curve(free: number[], aware: number[]) {
  const capitals = [1e4, 1e6, 1e8];
  return {
    data: "SYNTHETIC universe",
    points: capitals.flatMap((capital, i) => [
      { ...curveRow, capital, strategy: "cost-free" as const, netSharpe: free[i]! },
      { ...curveRow, capital, strategy: "impact-aware" as const, netSharpe: aware[i]! },
    ]),
  };
}

Deno.test("capacityConclusions: halving capital and its one-standard-error band, by hand", () => {
  // 1460 days, reference 3: SE = sqrt((365 + 4.5) / 1460) = 0.503. Half 1.5 is crossed between 1e6 (2) and
  // 1e8 (-1) at log10 C = 6 + 2 (0.5 / 3) = 6.33 (2.2e6); half + SE (2.003) just before 1e6 at
  // 4 + 2 (0.997 / 1) = 5.99 (9.9e5); half - SE (0.997) at 6 + 2 (1.003 / 3) = 6.67 (4.7e6).
  const text = capacityConclusions(curve([3, 2, -1], [3, 2.9, 2.8]), { days: 1460 });
  assert.match(text, /cost-free optimiser's net Sharpe ratio halves \(from 3\) at about 2\.2e6 USDT/);
  assert.match(text, /between 9\.9e5 USDT and 4\.7e6 USDT/);
  assert.match(
    text,
    /impact-aware optimiser's net Sharpe ratio stays above half its reference \(3\) up to 1\.0e8/,
  );
  assert.doesNotMatch(text, /cannot be told from noise/);
});

Deno.test("capacityConclusions: a reference within two standard errors of 0 is flagged as noise", () => {
  // 365 days: SE about 1; reference 0.5 < 2 SE.
  const text = capacityConclusions(curve([0.5, 0.2, -1], [-0.1, -0.2, -0.3]), { days: 365 });
  assert.match(text, /cost-free optimiser's net Sharpe ratio halves \(from 0\.5\)/);
  assert.match(text, /between the grid's start \(1\.0e4 USDT\)/); // half + SE is above the reference
  assert.match(text, /cannot be told from noise on this sample/);
  assert.match(text, /impact-aware optimiser's net Sharpe ratio at 1\.0e4 USDT \(-0\.1\) is not above 0/);
  assert.throws(
    () => capacityConclusions(curve([1, 1, 1], [1, 1, 1]), { days: 0 }),
    /days must be an integer >= 2/,
  );
});
