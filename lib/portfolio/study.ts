/**
 * The rebalancing study: the impact-aware optimiser against the cost-free one on the same data, both
 * charged by the same cost object.
 *
 * @module
 */
import { assertObject } from "../core/validate.ts";
import {
  type BacktestOptions,
  backtestRebalancing,
  type BacktestResult,
  type RebalanceStrategy,
} from "./backtest.ts";
import type { AssetUniverse } from "./universe.ts";

/** One strategy's line of the study table (annualised where it says so). */
export interface StudyRow {
  strategy: RebalanceStrategy;
  /** Annualised Sharpe ratio before costs. */
  grossSharpe: number;
  /** Annualised Sharpe ratio after costs. */
  netSharpe: number;
  /** Annualised mean return before costs, fraction of capital. */
  grossReturn: number;
  /** Annualised mean return after costs. */
  netReturn: number;
  /** Annualised cost, fraction of capital. */
  costPerYear: number;
  /** Mean daily one-way turnover, fraction of capital. */
  turnover: number;
  /** Cost per unit of notional traded, bps. */
  costPerTurnoverBps: number;
  /** Share of the cost that is impact. */
  impactShare: number;
  /** Mean gross leverage. */
  leverage: number;
}

/** One day of one strategy, for figures. */
export interface StudyDay {
  strategy: RebalanceStrategy;
  /** Days since the first traded day. */
  day: number;
  /** Start of the day, UTC ms. */
  time: number;
  /** One-way turnover that day, fraction of capital. */
  turnover: number;
  /** Cumulative gross return (sum of daily returns), fraction of capital. */
  cumulativeGross: number;
  /** Cumulative net return. */
  cumulativeNet: number;
}

/** Result of {@linkcode rebalancingStudy}: plain JSON. */
export interface RebalancingStudy {
  /** What the data is (says SYNTHETIC for generated data). */
  data: string;
  /** Impact model the simulator charged. */
  impactModel: string;
  /** Capital, quote currency. */
  capital: number;
  /** Days traded. */
  days: number;
  /** The cost-free optimiser, then the impact-aware one. */
  rows: [StudyRow, StudyRow];
  /** Impact-aware turnover / cost-free turnover (below 1: smoother rebalancing). */
  turnoverRatio: number;
  /** Impact-aware cost / cost-free cost. */
  costRatio: number;
  /** Impact-aware net Sharpe minus cost-free net Sharpe. */
  netSharpeGain: number;
  /** Daily turnover and cumulative returns of both strategies. */
  series: StudyDay[];
}

/** A study row from a backtest. */
export function studyRow(result: BacktestResult): StudyRow {
  const s = result.summary;
  return {
    strategy: result.strategy,
    grossSharpe: s.grossSharpe,
    netSharpe: s.netSharpe,
    grossReturn: s.grossReturn,
    netReturn: s.netReturn,
    costPerYear: s.costPerYear,
    turnover: s.turnover,
    costPerTurnoverBps: s.costPerTurnover * 1e4,
    impactShare: s.impactShare,
    leverage: s.leverage,
  };
}

/**
 * Runs {@linkcode backtestRebalancing} twice on the same universe and options, with the cost-free optimiser
 * and with the impact-aware one (the same `TradingCost` charges both), and tabulates turnover, cost and
 * Sharpe ratios: the "smoother rebalancing" of an optimiser that sees its own impact (Boyd et al. 2017,
 * Section 5; Gârleanu & Pedersen 2013, "Dynamic trading with predictable returns and transaction costs",
 * J. Finance 68(6), trade partially toward the aim portfolio).
 *
 * @param universe the data.
 * @param options backtest options (capital, law, fee, signal...); `strategy` is ignored.
 * @returns the table, the ratios and the daily series.
 *
 * @example
 * ```ts
 * import { rebalancingStudy, syntheticUniverse } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const study = rebalancingStudy(syntheticUniverse({ assets: 5, days: 120 }), { capital: 1e7 });
 * assert.equal(study.rows[0].strategy, "cost-free");
 * assert.ok(study.turnoverRatio < 1);
 * ```
 */
export function rebalancingStudy(universe: AssetUniverse, options: BacktestOptions = {}): RebalancingStudy {
  assertObject("run rebalancing study", "options", options);
  const free = backtestRebalancing(universe, { ...options, strategy: "cost-free" });
  const aware = backtestRebalancing(universe, { ...options, strategy: "impact-aware" });
  const series: StudyDay[] = [];
  for (const r of [free, aware]) {
    let gross = 0, net = 0;
    for (let k = 0; k < r.netReturns.length; k++) {
      gross += r.grossReturns[k]!;
      net += r.netReturns[k]!;
      series.push({
        strategy: r.strategy,
        day: k,
        time: universe.dayStart[r.firstDay + k]!,
        turnover: r.turnover[k]!,
        cumulativeGross: gross,
        cumulativeNet: net,
      });
    }
  }
  const rows: [StudyRow, StudyRow] = [studyRow(free), studyRow(aware)];
  return {
    data: universe.description,
    impactModel: free.impactModel,
    capital: free.capital,
    days: free.summary.days,
    rows,
    turnoverRatio: rows[1].turnover / rows[0].turnover,
    costRatio: rows[1].costPerYear / rows[0].costPerYear,
    netSharpeGain: rows[1].netSharpe - rows[0].netSharpe,
    series,
  };
}
