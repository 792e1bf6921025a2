/**
 * Tables and takeaways of an Almgren & Chriss (2000) study, written from the model and its frontier: the
 * parameters with their units, the trajectory regimes for several risk aversions, the trade lists, the
 * schedules priced against the frontier, and the conclusions, each gated on the numbers it states.
 *
 * @module
 */
import type { AlmgrenChriss } from "../execution/almgren_chriss.ts";
import { type EfficientFrontier, frontierCostAtVariance } from "../execution/frontier.ts";
import type { AlmgrenChrissCalibration } from "../execution/parameters.ts";
import {
  type NamedSchedule,
  type ScheduleEvaluation,
  tradeListFromHoldings,
} from "../execution/schedules.ts";
import { type Table, table } from "./display.ts";
import { fixed, grouped, precision } from "./format.ts";

const RULES: Record<AlmgrenChrissCalibration["method"], Record<string, string>> = {
  "rules-of-thumb": {
    epsilon: "spread / 2 + fees",
    eta: "spread / (1 % of daily volume)",
    gamma: "spread / (10 % of daily volume)",
  },
  "square-root": {
    epsilon: "spread / 2 + fees",
    eta: "(1 - phi) of the law's cost at the order, x T / Q",
    gamma: "phi of the law's cost at the order, x 2 / Q",
  },
};

/**
 * The parameters of an Almgren-Chriss calibration with their units and how each was set, and
 * `etaTilde = eta - gamma tau / 2` (Almgren & Chriss 2000, Section 1.5).
 *
 * @param params a result of `almgrenChrissRulesOfThumb` or `almgrenChrissFromSquareRoot`.
 * @param options `tau` (period length, time units, > 0) and `caption`.
 * @returns a table: symbol, value (4 significant digits), unit, how it is set.
 *
 * @example
 * ```ts
 * import { almgrenChrissParameterTable, almgrenChrissRulesOfThumb } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const p = almgrenChrissRulesOfThumb({ price: 50, dailyVolatility: 0.019, spread: 0.125, averageDailyVolume: 5e6 });
 * const t = almgrenChrissParameterTable(p, { tau: 1 });
 * assert.equal(t.rows.length, 6);
 * assert.equal(t.rows[5]![1], "0.000002375"); // etaTilde = 2.5e-6 - 2.5e-7 / 2
 * ```
 */
export function almgrenChrissParameterTable(
  params: AlmgrenChrissCalibration,
  { tau, caption }: { tau: number; caption?: string },
): Table {
  const rule = RULES[params.method];
  const rows = (["epsilon", "eta", "gamma", "sigma", "lambda"] as const).map((symbol) => ({
    symbol,
    value: params[symbol],
    unit: params.units[symbol],
    rule: rule[symbol] ?? (symbol === "sigma" ? "daily volatility x price" : "chosen"),
  }));
  rows.push({
    symbol: "etaTilde" as never,
    value: params.eta - (params.gamma * tau) / 2,
    unit: params.units.eta,
    rule: "eta - gamma tau / 2",
  });
  return table(rows, {
    columns: [
      { key: "symbol" },
      { key: "value", format: precision(4) },
      { key: "unit" },
      { key: "rule", label: "how it is set" },
    ],
    ...(caption === undefined ? {} : { caption }),
  });
}

/**
 * For each risk aversion: the regime (sinh for `lambda > 0`, straight line at 0, sin for `lambda < 0`),
 * `kappa` or `omega`, the half-life `1/kappa` and the first period's trade (Almgren & Chriss 2000,
 * Sections 2.2-2.3).
 *
 * @param model the model (its `lambda` is replaced by each of `lambdas`).
 * @param lambdas risk aversions, 1/currency.
 * @param options the programme: `shares`, `steps`, `tau`; `unit` of time (default `"day"`).
 * @returns a table, one row per `lambda`.
 *
 * @example
 * ```ts
 * import { AlmgrenChriss, almgrenChrissRegimeTable } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const model = new AlmgrenChriss({ epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7, sigma: 0.95, lambda: 0 });
 * const t = almgrenChrissRegimeTable(model, [0, 1e-6], { shares: 1e6, steps: 5, tau: 1 });
 * assert.equal(t.rows[0]![1], "straight line");
 * ```
 */
export function almgrenChrissRegimeTable(
  model: AlmgrenChriss,
  lambdas: readonly number[],
  { shares, steps, tau, unit = "day" }: { shares: number; steps: number; tau: number; unit?: string },
): Table {
  const rows = lambdas.map((lambda) => {
    const m = model.withLambda(lambda);
    return {
      lambda,
      regime: lambda > 0 ? "sinh" : lambda === 0 ? "straight line" : "sin",
      rate: lambda >= 0 ? m.kappa(tau) : m.omega(tau),
      halfLife: lambda > 0 ? m.halfLife(tau).toFixed(3) : lambda === 0 ? "infinite" : "none (oscillates)",
      first: m.tradeList(shares, steps, tau)[0]!,
    };
  });
  return table(rows, {
    columns: [
      { key: "lambda", label: "lambda (1/currency)" },
      { key: "regime" },
      { key: "rate", label: `kappa or omega (1/${unit})`, format: fixed(4) },
      { key: "halfLife", label: `half-life 1/kappa (${unit}s)` },
      { key: "first", label: `sold in ${unit} 1`, format: grouped },
    ],
  });
}

/**
 * Trades per period `n_j = x_{j-1} - x_j` of several holdings series, one column per series (rounded).
 *
 * @param series labelled holdings `x_0..x_N`, all of the same length.
 * @param options `period` name (default `"day"`) and `caption`.
 * @returns a table, one row per period.
 *
 * @example
 * ```ts
 * import { tradeListTable } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const t = tradeListTable([{ label: "TWAP", holdings: [10, 5, 0] }]);
 * assert.deepEqual(t.rows.map((r) => r[1]), ["5", "5"]);
 * ```
 */
export function tradeListTable(
  series: readonly { label: string; holdings: ArrayLike<number> }[],
  { period = "day", caption }: { period?: string; caption?: string } = {},
): Table {
  const lists = series.map((s) => tradeListFromHoldings(s.holdings));
  const rows = Array.from(lists[0] ?? [], (_, j) => ({
    [period]: j + 1,
    ...Object.fromEntries(series.map((s, i) => [s.label, Math.round(lists[i]![j]!)])),
  }));
  return table(rows, caption === undefined ? {} : { caption });
}

/**
 * Schedules priced by one model against its efficient frontier: the first trade, `E[x]`, `sqrt V[x]`,
 * `E` in bps, the excess of `E` over the frontier's cost at no more variance, and `E + lambda V`.
 *
 * @param rows `evaluateSchedules` rows (with `price`, for bps).
 * @param schedules the same schedules (for the first trade).
 * @param frontier the model's frontier.
 * @param options `caption`.
 * @returns a table.
 *
 * @example
 * ```ts
 * import { AlmgrenChriss, efficientFrontier, evaluateSchedules, scheduleFrontierTable, twapSchedule } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const model = new AlmgrenChriss({ epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7, sigma: 0.95, lambda: 1e-6 });
 * const schedules = [{ name: "TWAP", holdings: twapSchedule(1e6, 5) }];
 * const rows = evaluateSchedules(model, { schedules, tau: 1, price: 50 });
 * const t = scheduleFrontierTable(rows, schedules, efficientFrontier(model, { shares: 1e6, steps: 5, tau: 1 }));
 * assert.equal(t.rows[0]![5], "0"); // TWAP is the lambda = 0 optimum: on the frontier
 * ```
 */
export function scheduleFrontierTable(
  rows: readonly ScheduleEvaluation[],
  schedules: readonly NamedSchedule[],
  frontier: EfficientFrontier,
  { caption }: { caption?: string } = {},
): Table {
  return table(
    rows.map((r, i) => ({
      ...r,
      first: tradeListFromHoldings(schedules[i]!.holdings)[0]!,
      excess: Math.max(0, r.expectedCost - frontierCostAtVariance(frontier, r.variance)),
    })),
    {
      columns: [
        { key: "name", label: "schedule" },
        { key: "first", label: "first trade (shares)", format: grouped },
        { key: "expectedCost", label: "E[x]", format: grouped },
        { key: "standardDeviation", label: "sqrt V[x]", format: grouped },
        { key: "expectedCostBps", label: "E (bps)", format: fixed(1) },
        { key: "excess", label: "E above the frontier at no more risk", format: grouped },
        { key: "utility", label: "E + λV", format: grouped },
      ],
      ...(caption === undefined ? {} : { caption }),
    },
  );
}

/**
 * Markdown takeaways of an Almgren-Chriss study, each number read from the model and its frontier:
 *
 * - the optimum at the model's `lambda` (`kappa`, half-life, `E`, `sqrt V`) against the linear strategy;
 * - how much variance a small step `nearLinearLambda` away from the linear strategy removes and at what
 *   cost, called "almost free" only when the cost rise (in %) is under a tenth of the variance cut (in %);
 * - each risk-seeking mark (`lambda < 0`) called "dominated" only when it has both more cost and more
 *   variance than the linear strategy;
 * - which schedules lie on the frontier (excess under 1e-9 of `E`) and the excess of the others.
 *
 * @param model the model at the chosen `lambda` (> 0).
 * @param frontier its frontier, with a mark at `model.lambda`.
 * @param options `nearLinearLambda` (> 0), the schedule `rows` (`evaluateSchedules`), and `currency` (default `"$"`).
 * @returns Markdown bullets.
 * @throws {RangeError} when the frontier has no mark at `model.lambda`.
 *
 * @example
 * ```ts
 * import { AlmgrenChriss, almgrenChrissTakeaways, efficientFrontier, evaluateSchedules, twapSchedule } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const model = new AlmgrenChriss({ epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7, sigma: 0.95, lambda: 1e-6 });
 * const frontier = efficientFrontier(model, { shares: 1e6, steps: 5, tau: 1, marks: [{ label: "C", lambda: -2e-7 }, { label: "opt", lambda: 1e-6 }] });
 * const rows = evaluateSchedules(model, { schedules: [{ name: "TWAP", holdings: twapSchedule(1e6, 5) }], tau: 1 });
 * const text = almgrenChrissTakeaways(model, frontier, { nearLinearLambda: 1e-7, rows });
 * assert.match(text, /almost free/);
 * assert.match(text, /C .*dominated/);
 * assert.match(text, /On the frontier: TWAP/);
 * ```
 */
export function almgrenChrissTakeaways(
  model: AlmgrenChriss,
  frontier: EfficientFrontier,
  { nearLinearLambda, rows, currency = "$" }: {
    nearLinearLambda: number;
    rows: readonly ScheduleEvaluation[];
    currency?: string;
  },
): string {
  const { shares, steps, tau, linear: lin } = frontier;
  const opt = frontier.marks.find((m) => m.lambda === model.lambda);
  if (!opt) {
    throw new RangeError(
      `Cannot write Almgren-Chriss takeaways: frontier must have a mark at lambda = ${model.lambda}: current marks are ${
        frontier.marks.map((m) => m.lambda).join(", ")
      }`,
    );
  }
  const near = model.withLambda(nearLinearLambda), x = near.trajectory(shares, steps, tau);
  const cut = 100 * (1 - near.costVariance(x, tau) / lin.variance);
  const rise = 100 * (near.expectedCost(x, tau) / lin.expectedCost - 1);
  const m = (v: number) => `${(v / 1e6).toFixed(4)} M${currency}`;
  const lines = [
    `- At λ = ${model.lambda.toExponential(0)}: κ = ${
      model.kappa(tau).toFixed(4)
    } per period, a half-life of ` +
    `${model.halfLife(tau).toFixed(2)} periods, E = ${m(opt.expectedCost)} and sqrt V = ${
      m(opt.standardDeviation)
    } ` +
    `(the linear strategy: ${m(lin.expectedCost)}, ${m(lin.standardDeviation)}).`,
    `- A step to λ = ${nearLinearLambda.toExponential(0)} cuts the variance by ${cut.toFixed(1)} % for ` +
    `${rise.toFixed(2)} % more expected cost: ${
      rise < cut / 10
        ? "near the linear strategy risk is almost free to remove"
        : "risk is not cheap to remove here"
    }.`,
  ];
  for (const mark of frontier.marks.filter((k) => k.lambda !== null && k.lambda < 0)) {
    const dominated = mark.expectedCost > lin.expectedCost && mark.variance > lin.variance;
    lines.push(
      `- ${mark.label} (λ = ${mark.lambda!.toExponential(0)} < 0) ${
        dominated
          ? "is dominated: more variance and more cost than the linear strategy"
          : "is not dominated by the linear strategy"
      }.`,
    );
  }
  const excess = rows.map((r) => ({
    name: r.name,
    e: r.expectedCost - frontierCostAtVariance(frontier, r.variance),
    r,
  }));
  const on = excess.filter((k) => k.e <= 1e-9 * k.r.expectedCost).map((k) => k.name);
  const off = excess.filter((k) => k.e > 1e-9 * k.r.expectedCost).map((k) =>
    `${k.name} +${Math.round(k.e).toLocaleString("en-US")} ${currency}`
  );
  lines.push(
    `- On the frontier: ${on.join(", ") || "none"}; above it at no more risk: ${off.join(", ") || "none"}.`,
  );
  return lines.join("\n");
}
