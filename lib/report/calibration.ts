/**
 * The table of square-root law calibrations against the truth that generated the data.
 *
 * @module
 */
import type { SquareRootCalibration } from "../impact/square_root.ts";
import { type Table, table } from "./display.ts";

/** The law that generated simulated data, for the first row of {@linkcode calibrationTable}. */
export interface CalibrationTruth {
  /** True prefactor, dimensionless. */
  eta: number;
  /** True exponent. */
  delta: number;
  /** Metaorders simulated with it. */
  orders: number;
}

/**
 * One row per calibration (after the truth's, when given): method, `eta` and `delta` with their bootstrap
 * percentile intervals, the orders used and dropped, and the R² of the log-log fit, every number to 3
 * decimals. The interval headers give the fits' confidence level (that of the first fit).
 *
 * @param fits results of `calibrateSquareRoot`, e.g. pointwise and binned on the same orders.
 * @param options `truth` (the generating law and the number of orders) and `caption`.
 * @returns a `table(...)` displayable.
 * @throws {RangeError} if `fits` is empty.
 *
 * @example
 * ```ts
 * import { calibrateSquareRoot, calibrationTable } from "@lib/mod.ts";
 * import assert from "node:assert/strict";
 * const sizes = [100, 400, 900, 1600];
 * const impacts = sizes.map((q) => 0.02 * 0.7 * Math.sqrt(q / 10_000));
 * const fit = calibrateSquareRoot({ sizes, impacts }, { volatility: 0.02, averageDailyVolume: 10_000 });
 * const t = calibrationTable([fit], { truth: { eta: 0.7, delta: 0.5, orders: 4 } });
 * assert.deepEqual(t.rows.map((r) => r.slice(0, 2)), [["truth", "0.700"], ["pointwise", "0.700"]]);
 * ```
 */
export function calibrationTable(
  fits: readonly SquareRootCalibration[],
  { truth, caption }: { truth?: CalibrationTruth; caption?: string } = {},
): Table {
  if (fits.length === 0) {
    throw new RangeError("Cannot build the calibration table: fits must not be empty: current length is 0");
  }
  const f3 = (v: number) => v.toFixed(3);
  const interval = ([low, high]: [number, number]) => `[${f3(low)}, ${f3(high)}]`;
  const rows = [
    ...(truth
      ? [{
        fit: "truth",
        eta: f3(truth.eta),
        delta: f3(truth.delta),
        etaCi: "",
        deltaCi: "",
        n: truth.orders,
        dropped: 0,
        r2: "",
      }]
      : []),
    ...fits.map((f) => ({
      fit: f.method as string,
      eta: f3(f.eta),
      delta: f3(f.delta),
      etaCi: interval(f.etaInterval),
      deltaCi: interval(f.deltaInterval),
      n: f.n,
      dropped: f.dropped,
      r2: f3(f.rSquared),
    })),
  ];
  const level = `${fits[0]!.confidence * 100} % CI`;
  return table(rows, {
    columns: [
      { key: "fit" },
      { key: "eta", label: "eta" },
      { key: "etaCi", label: `eta ${level}` },
      { key: "delta", label: "delta" },
      { key: "deltaCi", label: `delta ${level}` },
      { key: "n", label: "orders used" },
      { key: "dropped", label: "orders dropped" },
      { key: "r2", label: "R^2 (log space)" },
    ],
    ...(caption === undefined ? {} : { caption }),
  });
}
