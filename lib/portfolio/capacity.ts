/**
 * The capacity curve: a strategy's net Sharpe ratio against the capital it trades, for the cost-free and
 * the impact-aware optimiser.
 *
 * @module
 */
import { assertObject, assertPositive, describeValue, toFiniteArray } from "../core/validate.ts";
import { type BacktestOptions, backtestRebalancing, type RebalanceStrategy } from "./backtest.ts";
import { type StudyRow, studyRow } from "./study.ts";
import type { AssetUniverse } from "./universe.ts";

/** One capital of the curve, one strategy. */
export interface CapacityPoint extends StudyRow {
  /** Capital, quote currency (USDT). */
  capital: number;
}

/** Where a strategy's net Sharpe ratio falls to half its value at the smallest capital. */
export interface HalfSharpeCapital {
  strategy: RebalanceStrategy;
  /** Net Sharpe at the smallest capital of the grid (the reference). */
  referenceSharpe: number;
  /**
   * Capital at which the net Sharpe first reaches half the reference, interpolated linearly in
   * `log10(capital)`; `null` when it stays above within the grid or the reference is not > 0.
   */
  capital: number | null;
  /** Why `capital` is null, when it is. */
  note?: string;
}

/** Result of {@linkcode capacityCurve}: plain JSON. */
export interface CapacityCurve {
  /** What the data is (says SYNTHETIC for generated data). */
  data: string;
  /** Impact model the simulator charged. */
  impactModel: string;
  /** One row per capital and strategy, capital ascending, cost-free first. */
  points: CapacityPoint[];
  /** Per strategy, the capital at which net Sharpe halves. */
  halfSharpe: HalfSharpeCapital[];
}

/** Options of {@linkcode capacityCurve}. */
export interface CapacityCurveOptions extends Omit<BacktestOptions, "capital" | "strategy"> {
  /** Capitals to test, quote currency, > 0, ascending. Default 1e4 to 1e9 every half decade (11 points). */
  capitals?: ArrayLike<number>;
}

/** The capital where `sharpe(capital)` first falls to `target`, log-linear between grid points. */
export function crossingCapital(
  capitals: ArrayLike<number>,
  sharpe: ArrayLike<number>,
  target: number,
): number | null {
  for (let i = 1; i < capitals.length; i++) {
    if (sharpe[i]! <= target) {
      const a = sharpe[i - 1]!, b = sharpe[i]!;
      const f = a === b ? 0 : (a - target) / (a - b);
      const la = Math.log10(capitals[i - 1]!), lb = Math.log10(capitals[i]!);
      return Math.pow(10, la + f * (lb - la));
    }
  }
  return null;
}

/**
 * The capacity curve: the same strategy backtested ({@linkcode backtestRebalancing}) over a grid of capital,
 * with the cost-free optimiser (naive: it trades the same weights at every capital and pays growing impact)
 * and the impact-aware one (its cost term grows like `W^delta`, so it trades less as capital grows). Net
 * Sharpe against capital, and the capital at which each strategy's net Sharpe halves from its value at the
 * smallest capital. The square-root law makes impact cost per unit traded grow like `W^delta`, which is
 * what bounds a strategy's capacity (Tóth et al. 2011; Bouchaud, Bonart, Donier & Gould 2018, "Trades,
 * Quotes and Prices", ch. 12 and 21).
 *
 * @param universe the data.
 * @param options the capitals and the backtest options.
 * @returns the points and the half-Sharpe capitals.
 * @throws {RangeError} for a capital not > 0 or not ascending.
 *
 * @example
 * ```ts
 * import { capacityCurve, syntheticUniverse } from "@lib/portfolio/mod.ts";
 * import assert from "node:assert/strict";
 * const curve = capacityCurve(syntheticUniverse({ assets: 4, days: 100 }), { capitals: [1e5, 1e9] });
 * assert.equal(curve.points.length, 4);
 * const naive = curve.points.filter((p) => p.strategy === "cost-free");
 * assert.ok(naive[1]!.netSharpe < naive[0]!.netSharpe); // a billion pays more impact than 100,000
 * ```
 */
export function capacityCurve(universe: AssetUniverse, options: CapacityCurveOptions = {}): CapacityCurve {
  const action = "compute capacity curve";
  assertObject(action, "options", options);
  const capitals = options.capitals === undefined
    ? Float64Array.from({ length: 11 }, (_, i) => Math.pow(10, 4 + i / 2))
    : toFiniteArray(action, "capitals", options.capitals);
  if (capitals.length === 0) {
    throw new RangeError(
      `Cannot ${action}: capitals must hold at least one capital: current value is ${
        describeValue(options.capitals)
      }`,
    );
  }
  capitals.forEach((c, i) => {
    assertPositive(action, `capitals[${i}]`, c);
    if (i > 0 && !(c > capitals[i - 1]!)) {
      throw new RangeError(
        `Cannot ${action}: capitals must be ascending: current value of capitals[${i}] is ${c}`,
      );
    }
  });
  const { capitals: _, ...backtest } = options;
  const points: CapacityPoint[] = [];
  let impactModel = "";
  const sharpe: Record<RebalanceStrategy, number[]> = { "cost-free": [], "impact-aware": [] };
  for (const capital of capitals) {
    for (const strategy of ["cost-free", "impact-aware"] as const) {
      const r = backtestRebalancing(universe, { ...backtest, capital, strategy });
      impactModel = r.impactModel;
      points.push({ capital, ...studyRow(r) });
      sharpe[strategy].push(r.summary.netSharpe);
    }
  }
  const halfSharpe = (["cost-free", "impact-aware"] as const).map((strategy): HalfSharpeCapital => {
    const s = sharpe[strategy];
    const referenceSharpe = s[0]!;
    if (!(referenceSharpe > 0)) {
      return {
        strategy,
        referenceSharpe,
        capital: null,
        note: "net Sharpe at the smallest capital is not > 0",
      };
    }
    const capital = crossingCapital(capitals, s, referenceSharpe / 2);
    return capital === null
      ? {
        strategy,
        referenceSharpe,
        capital,
        note: `net Sharpe stays above half within the grid (to ${capitals.at(-1)})`,
      }
      : { strategy, referenceSharpe, capital };
  });
  return { data: universe.description, impactModel, points, halfSharpe };
}
