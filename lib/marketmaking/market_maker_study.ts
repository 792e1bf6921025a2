/**
 * The market maker over several seeds of the simulated book: one row per policy and seed, and the mean and
 * standard deviation across seeds of each P&L part, for a notebook table. Everything here is from the
 * simulated order book and says nothing about markets.
 *
 * @module
 */
import { SIMULATED_BOOK_LABEL } from "../book/mod.ts";
import { assertInteger, assertObject } from "../core/validate.ts";
import {
  type AvellanedaStoikovPolicy,
  type MarketMakerOptions,
  type MarketMakerRun,
  runMarketMaker,
  type SymmetricPolicy,
} from "./market_maker.ts";

/** Options of {@linkcode marketMakerStudy}: those of {@linkcode runMarketMaker} (less seed and policy) and these. */
export interface MarketMakerStudyOptions extends Omit<MarketMakerOptions, "seed" | "policy"> {
  /** Seeds, integers. Default `[1, 2, 3, 4, 5]`. */
  seeds?: readonly number[];
  /** Policies compared. Default Avellaneda-Stoikov and symmetric, each with its defaults. */
  policies?: readonly (AvellanedaStoikovPolicy | SymmetricPolicy)[];
}

/** Mean and sample standard deviation across seeds (sd NaN for one seed). */
export interface AcrossSeeds {
  mean: number;
  sd: number;
}

/** One policy's summary across seeds. */
export interface MarketMakerSummary {
  policy: string;
  seeds: number;
  /** P&L parts, quote currency. */
  total: AcrossSeeds;
  spreadCapture: AcrossSeeds;
  adverseSelection: AcrossSeeds;
  inventory: AcrossSeeds;
  hedging: AcrossSeeds;
  /** Total P&L per unit of maker volume, bps of the mid. */
  totalBps: AcrossSeeds;
  fills: AcrossSeeds;
  meanAbsInventory: AcrossSeeds;
  meanQuotedSpreadTicks: AcrossSeeds;
  /** Hedge cost and the square-root law's prediction, size-weighted over every hedge of every seed, bps. */
  hedgeCostBps: number;
  hedgePredictedBps: number | null;
  hedges: number;
}

/** Result of {@linkcode marketMakerStudy}: plain JSON. */
export interface MarketMakerStudy {
  /** `"simulated order book"`. */
  label: string;
  /** One row per policy and seed (paths dropped; see `runMarketMaker` for a path). */
  runs: (Omit<MarketMakerRun, "path" | "hedges"> & { hedgeCount: number })[];
  /** One row per policy. */
  summary: MarketMakerSummary[];
  /** The first seed's path per policy, for plots. */
  paths: { policy: string; path: MarketMakerRun["path"] }[];
}

/**
 * Runs {@linkcode runMarketMaker} for each policy and seed and summarises across seeds.
 *
 * @param options seeds, policies and the run options.
 * @returns runs, summary and a path per policy.
 * @throws {TypeError} / {RangeError} for a bad option (see {@linkcode runMarketMaker}).
 *
 * @example
 * ```ts
 * import { marketMakerStudy } from "@lib/marketmaking/market_maker_study.ts";
 * import assert from "node:assert/strict";
 * const study = marketMakerStudy({ seeds: [1, 2], sessionSeconds: 120 });
 * assert.equal(study.runs.length, 4);
 * assert.equal(study.summary[0]!.seeds, 2);
 * ```
 */
export function marketMakerStudy(options: MarketMakerStudyOptions = {}): MarketMakerStudy {
  const action = "study market maker";
  assertObject(action, "options", options);
  const {
    seeds = [1, 2, 3, 4, 5],
    policies = [{ kind: "avellaneda-stoikov" }, { kind: "symmetric" }],
    ...runOptions
  } = options;
  if (!Array.isArray(seeds) || seeds.length === 0) {
    throw new RangeError(`Cannot ${action}: seeds must be a non-empty array: current value is ${seeds}`);
  }
  seeds.forEach((s, i) => assertInteger(action, `seeds[${i}]`, s, -(2 ** 52)));
  if (!Array.isArray(policies) || policies.length === 0) {
    throw new RangeError(
      `Cannot ${action}: policies must be a non-empty array: current value is ${policies}`,
    );
  }
  const runs: MarketMakerStudy["runs"] = [];
  const summary: MarketMakerSummary[] = [];
  const paths: MarketMakerStudy["paths"] = [];
  for (const policy of policies) {
    const group: MarketMakerRun[] = seeds.map((seed) => runMarketMaker({ ...runOptions, seed, policy }));
    for (const { path: _path, hedges, ...row } of group) runs.push({ ...row, hedgeCount: hedges.length });
    paths.push({ policy: group[0]!.policy, path: group[0]!.path });
    const across = (f: (r: MarketMakerRun) => number): AcrossSeeds => {
      const xs = group.map(f), n = xs.length;
      const mean = xs.reduce((a, b) => a + b, 0) / n;
      const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : NaN;
      return { mean, sd };
    };
    let size = 0, cost = 0, predicted = 0, count = 0;
    for (const r of group) {
      for (const h of r.hedges) {
        size += h.size;
        cost += h.size * h.costBps;
        predicted += h.size * (h.predictedBps ?? 0);
        count++;
      }
    }
    summary.push({
      policy: group[0]!.policy.replace(/, sigma [^,]*/, ""),
      seeds: group.length,
      total: across((r) => r.pnl.total),
      spreadCapture: across((r) => r.pnl.spreadCapture),
      adverseSelection: across((r) => r.pnl.adverseSelection),
      inventory: across((r) => r.pnl.inventory),
      hedging: across((r) => r.pnl.hedging),
      totalBps: across((r) => r.pnlBps.total),
      fills: across((r) => r.fills),
      meanAbsInventory: across((r) => r.meanAbsInventory),
      meanQuotedSpreadTicks: across((r) => r.meanQuotedSpreadTicks),
      hedgeCostBps: size > 0 ? cost / size : NaN,
      hedgePredictedBps: runOptions.impactLaw === undefined || size === 0 ? null : predicted / size,
      hedges: count,
    });
  }
  return { label: SIMULATED_BOOK_LABEL, runs, summary, paths };
}
