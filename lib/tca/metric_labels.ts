/**
 * The display names, units and scales of the TCA metrics, for tables, legends and axes.
 *
 * @module
 */
import { BPS_PER_FRACTION } from "../core/units.ts";

/**
 * Display unit of a metric: `"%"` (of daily volume) for participation, `"bps"` for every cost, impact
 * and markout.
 *
 * @param metric a metric column name.
 * @returns the unit.
 *
 * @example
 * ```ts
 * import { tcaMetricUnit } from "@lib/tca/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(tcaMetricUnit("participation"), "%");
 * assert.equal(tcaMetricUnit("markout5m"), "bps");
 * ```
 */
export function tcaMetricUnit(metric: string): "%" | "bps" {
  return metric === "participation" ? "%" : "bps";
}

/**
 * Multiplier from a metric's fraction to its display unit: 100 for `"%"` (participation), 10,000 for
 * `"bps"` (`BPS_PER_FRACTION`; every cost, impact and markout).
 *
 * @param metric a metric column name.
 * @returns the multiplier.
 *
 * @example
 * ```ts
 * import { tcaMetricScale } from "@lib/tca/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(tcaMetricScale("participation"), 100);
 * assert.equal(tcaMetricScale("implementationShortfall"), 10_000);
 * ```
 */
export function tcaMetricScale(metric: string): number {
  return tcaMetricUnit(metric) === "%" ? 100 : BPS_PER_FRACTION;
}

const METRIC_LABELS: Record<string, string> = {
  implementationShortfall: "shortfall",
  vwapSlippage: "VWAP slippage",
  spreadCost: "spread cost",
  participation: "participation",
  estimatedImpact: "estimated impact (law)",
  predictedImpact: "predicted impact",
  impactCost: "impact part (law)",
  timingCost: "timing part",
};

/**
 * Short readable name of a metric for tables and legends: `"shortfall"`, `"VWAP slippage"`,
 * `"estimated impact (law)"`, `"markout 5 min"`; unknown names are returned as they are.
 *
 * @param metric a metric column name.
 * @returns its label.
 *
 * @example
 * ```ts
 * import { tcaMetricLabel } from "@lib/tca/mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(tcaMetricLabel("implementationShortfall"), "shortfall");
 * assert.equal(tcaMetricLabel("markout60m"), "markout 60 min");
 * ```
 */
export function tcaMetricLabel(metric: string): string {
  const markout = /^markout(.+)m$/.exec(metric);
  return METRIC_LABELS[metric] ?? (markout ? `markout ${markout[1]} min` : metric);
}
