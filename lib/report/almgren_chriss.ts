/**
 * Tables of the Almgren & Chriss (2000) execution model.
 *
 * @module
 */
import type { AlmgrenChriss } from "../execution/almgren_chriss.ts";
import { type Table, table } from "./display.ts";
import { exponential, fixed } from "./format.ts";

/** A strategy of {@linkcode almgrenChrissStrategyTable}: a name, its risk aversion and its holdings. */
export interface NamedStrategy {
  /** Name shown in the table. */
  name: string;
  /** Risk aversion `lambda`, 1/$; `Infinity` for immediate liquidation. */
  lambda: number;
  /** Holdings `x_0 .. x_N`, shares. */
  holdings: ArrayLike<number>;
}

/**
 * The strategies table of Almgren & Chriss (2000, Sec. 4 and Fig. 1): for each strategy its risk aversion,
 * decay rate (`kappa`, or `omega` for the risk-seeking sine branch), half-life `1/kappa`, holdings in
 * thousands of shares, expected cost `E[x]`, its standard deviation `sqrt V[x]` and variance `V[x]`, all
 * priced by `model` with the strategy's own `lambda` (immediate liquidation by `model` itself).
 *
 * @param model the model (parameters of the paper's example, or any).
 * @param strategies the strategies, in table order.
 * @param options `tau`, the time step (days), and `caption`.
 * @returns a `table(...)` displayable: rates to 6 decimals, half-lives to 4, costs to 0.01 $, variance
 *   to 7 significant digits.
 *
 * @example
 * ```ts
 * import { AlmgrenChriss, almgrenChrissStrategyTable } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const model = new AlmgrenChriss({ epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7, sigma: 0.95, lambda: 0 });
 * const t = almgrenChrissStrategyTable(model, [
 *   { name: "linear", lambda: 0, holdings: model.trajectory(1e6, 5, 1) },
 * ], { tau: 1 });
 * assert.equal(t.rows[0]![3], "infinity"); // the linear strategy never halves its decay
 * ```
 */
export function almgrenChrissStrategyTable(
  model: AlmgrenChriss,
  strategies: readonly NamedStrategy[],
  { tau, caption }: { tau: number; caption?: string },
): Table {
  const rows = strategies.map(({ name, lambda, holdings }) => {
    const finite = Number.isFinite(lambda);
    const m = finite ? model.withLambda(lambda) : model;
    const x = Float64Array.from(holdings);
    return {
      name,
      lambda: finite ? lambda.toExponential(1) : "infinity",
      rate: !finite ? "infinity" : (lambda >= 0 ? m.kappa(tau) : m.omega(tau)).toFixed(6),
      halfLife: lambda > 0 && finite ? m.halfLife(tau).toFixed(4) : lambda === 0 ? "infinity" : "-",
      holdings: Array.from(x, (v) => Math.round(v / 1e3)).join(" / "),
      e: m.expectedCost(x, tau),
      sd: Math.sqrt(m.costVariance(x, tau)),
      v: m.costVariance(x, tau),
    };
  });
  return table(rows, {
    columns: [
      { key: "name", label: "strategy" },
      { key: "lambda", label: "lambda (1/$)" },
      { key: "rate", label: "kappa | omega (1/day)" },
      { key: "halfLife", label: "half-life (days)" },
      {
        key: "holdings",
        label: `holdings x_0..x_${Math.max(0, (strategies[0]?.holdings.length ?? 1) - 1)} (thousand shares)`,
      },
      { key: "e", label: "E[x] ($)", format: fixed(2) },
      { key: "sd", label: "sqrt V[x] ($)", format: fixed(2) },
      { key: "v", label: "V[x] ($^2)", format: exponential(6) },
    ],
    ...(caption === undefined ? {} : { caption }),
  });
}
